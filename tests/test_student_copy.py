"""A student's own copy of the lessons: ``open``, ``reset`` and ``student-branch``.

What a student sees: a folder of lessons with nothing of the teacher's (no guide, no speaker
notes, no rubric), JupyterLab rooted there so its file browser cannot climb to the teacher's
folder, a checkout that stays clean however much a lesson is run and saved, a reset that
keeps the old version, and one line for every mistake.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from s400_lesson import __main__ as cli
from s400_lesson.teacher import classroom, student_copy
from s400_lesson.teacher.project import COPY_FOLDER

REPO = Path(__file__).resolve().parent.parent
LESSONS = REPO / "notebooks"
LESSON_NAMES = sorted(p.name for p in LESSONS.glob("*.ipynb"))
TEACHER_WORDS = ("Teacher note", "teacher_guide", "rubric")


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), "-c", "user.email=t@school.example", "-c", "user.name=T",
         *args],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A fresh checkout of the lessons, the teacher's folder and .gitignore, all committed."""
    root = tmp_path / "s400-lesson"
    root.mkdir()
    shutil.copytree(LESSONS, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_*"))
    shutil.copytree(REPO / "teacher", root / "teacher")
    shutil.copy(REPO / ".gitignore", root / ".gitignore")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "lessons")
    return root


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "s400_lesson", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def cells(path: Path) -> list[nbformat.NotebookNode]:
    return nbformat.read(path, as_version=4).cells


def teachers_cells(nb_cells: list[nbformat.NotebookNode]) -> list[str]:
    """Cells a student must not get: speaker notes, teacher-tagged or rubric cells."""
    found = []
    for cell in nb_cells:
        tags = set(cell.metadata.get("tags", []))
        notes = (cell.metadata.get("slideshow") or {}).get("slide_type") == "notes"
        if notes or tags & student_copy.TEACHER_TAGS or "Teacher note" in cell.source:
            found.append(cell.source[:60])
    return found


# --- what the copy holds --------------------------------------------------------------------


def test_the_copy_holds_the_lessons_and_nothing_of_the_teachers(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    report = student_copy.make_copy(LESSONS, folder)
    shown = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
    assert shown == sorted([*LESSON_NAMES, "rise.css"]), shown
    assert sorted(report.added) == shown
    for name in LESSON_NAMES:
        given, original = cells(folder / name), cells(LESSONS / name)
        assert teachers_cells(given) == [], f"{name}: {teachers_cells(given)}"
        assert not any(c.get("outputs") for c in given), f"{name} carries outputs"
        # Every other cell is there, in order, unchanged.
        kept = [c.source for c in original if not teachers_cells([c])]
        assert [c.source for c in given] == kept, name
        text = (folder / name).read_text(encoding="utf-8")
        assert not [w for w in TEACHER_WORDS if w in text], name


def test_speaker_notes_and_teacher_cells_are_left_out(tmp_path: Path) -> None:
    """Whatever a lesson author adds for the teacher stays out, outputs and widget state too."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    nb = new_notebook(
        cells=[
            new_markdown_cell("# A lesson"),
            new_markdown_cell("*Teacher note:* ask why.", metadata={"tags": ["teacher-note"]}),
            new_markdown_cell("Say this aloud.", metadata={"slideshow": {"slide_type": "notes"}}),
            new_markdown_cell("Level 3: ...", metadata={"tags": ["rubric"]}),
            new_code_cell(
                "1 + 1",
                execution_count=3,
                outputs=[new_output("execute_result", {"text/plain": "2"}, execution_count=3)],
            ),
        ],
        metadata={"widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}}},
    )
    lessons = tmp_path / "notebooks"
    lessons.mkdir()
    nbformat.write(nb, lessons / "01_a.ipynb")
    student_copy.make_copy(lessons, tmp_path / "copy")
    given = nbformat.read(tmp_path / "copy" / "01_a.ipynb", as_version=4)
    assert [c.source for c in given.cells] == ["# A lesson", "1 + 1"]
    assert given.cells[1].outputs == [] and given.cells[1].execution_count is None
    assert "widgets" not in given.metadata


def test_a_later_open_keeps_the_students_work_and_brings_what_is_new(tmp_path: Path) -> None:
    lessons = Path(shutil.copytree(LESSONS, tmp_path / "notebooks"))
    folder = tmp_path / "copy"
    student_copy.make_copy(lessons, folder)
    mine, untouched = folder / "02_positions.ipynb", folder / "03_f35_plan.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells[-1].source += "\nMy own note."
    nbformat.write(nb, mine)
    # The teacher updates two lessons and adds one.
    for name in ("02_positions.ipynb", "03_f35_plan.ipynb"):
        nb = nbformat.read(lessons / name, as_version=4)
        nb.cells[0].source += "\nUpdated."
        nbformat.write(nb, lessons / name)
    shutil.copy(lessons / "01_timeline.ipynb", lessons / "07_extra.ipynb")

    report = student_copy.make_copy(lessons, folder)
    assert report.added == ["07_extra.ipynb"]
    assert report.updated == ["03_f35_plan.ipynb"]
    assert report.newer == ["02_positions.ipynb"]
    assert "My own note." in mine.read_text(encoding="utf-8")
    assert "Updated." in untouched.read_text(encoding="utf-8")
    # A third run changes nothing and still names the held-back lesson.
    again = student_copy.make_copy(lessons, folder)
    assert (again.added, again.updated, again.newer) == ([], [], ["02_positions.ipynb"])


# --- the commands, as a student runs them --------------------------------------------------


def test_open_copy_only_makes_my_lessons_git_ignores_it(checkout: Path) -> None:
    done = run_cli("open", "--copy-only", cwd=checkout / "notebooks")  # from any folder inside
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert f"your lessons: {checkout / COPY_FOLDER}" in done.stdout
    assert (checkout / COPY_FOLDER / "00_start_here.ipynb").is_file()
    assert git(checkout, "status", "--porcelain") == ""


def test_reset_keeps_a_backup_and_puts_a_fresh_lesson(checkout: Path) -> None:
    assert run_cli("open", "--copy-only", cwd=checkout).returncode == 0
    lesson = checkout / COPY_FOLDER / "02_positions.ipynb"
    fresh = lesson.read_bytes()
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("# ", "# My work: ", 1))
    mine = lesson.read_bytes()

    first = run_cli("reset", "02_positions", cwd=checkout)
    # At once, named as tab completion gives it: a second backup, the first kept.
    second = run_cli("reset", "my_lessons/02_positions.ipynb", cwd=checkout)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert lesson.read_bytes() == fresh
    backups = sorted((checkout / COPY_FOLDER / student_copy.BACKUPS).iterdir())
    assert [b.read_bytes() for b in backups] == [mine, fresh], [b.name for b in backups]
    assert f"your earlier version is kept as {backups[0]}" in first.stdout
    assert git(checkout, "status", "--porcelain") == ""


def test_backup_names_carry_the_date_and_time(tmp_path: Path) -> None:
    folder = tmp_path / "copy"
    student_copy.make_copy(LESSONS, folder)
    when = datetime(2026, 3, 9, 10, 5, 7)
    _, backup = student_copy.reset_lesson(LESSONS, folder, "02_positions", now=when)
    assert backup is not None and backup.name == "02_positions 2026-03-09 100507.ipynb"
    _, again = student_copy.reset_lesson(LESSONS, folder, "02_positions", now=when)
    assert again is not None and again.name == "02_positions 2026-03-09 100507 (2).ipynb"


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["open", "nope", "--copy-only"], "s400-lesson open: no notebook nope"),
        (["reset", "nope"], "s400-lesson reset: no notebook nope"),
        (["open", "--copy-only", "--into", "/proc/no-such/copy"], "s400-lesson open: cannot write"),
        (["reset", "02_positions", "--into", "/proc/no-such/copy"], "s400-lesson reset: cannot"),
    ],
)
def test_bad_input_gets_one_line(checkout: Path, args: list[str], start: str) -> None:
    done = run_cli(*args, cwd=checkout)
    assert done.returncode == 2 and done.stdout == "", done.stdout
    assert done.stderr.startswith(start) and done.stderr.count("\n") == 1, done.stderr
    assert not (checkout / COPY_FOLDER).exists() or args[0] == "reset"


def test_as_root_open_says_what_to_add_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(cli, "_is_root", lambda: True)
    monkeypatch.setattr(os, "execv", lambda *a: pytest.fail("JupyterLab was started"))
    assert cli.main(["open", "--into", str(tmp_path / "copy")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, err
    assert err.startswith("s400-lesson open: you are root") and "add --allow-root" in err


def test_as_root_with_allow_root_jupyter_gets_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(cli, "_is_root", lambda: True)
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    assert cli.main(["open", "02_positions", "--allow-root", "--into", str(tmp_path / "c")]) == 0
    (command,) = started
    assert "--allow-root" in command
    assert f"--ServerApp.root_dir={tmp_path / 'c'}" in command
    assert str(tmp_path / "c" / "02_positions.ipynb") in command


# --- JupyterLab on the copy, and a whole lesson run in it ---------------------------------


def _lab_env(home: Path, token: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):  # fmt: skip
        (home / var).mkdir(parents=True)
        env[var] = str(home / var)
    env["JUPYTER_TOKEN"] = token
    return env


def _api(port: int, token: str, path: str, method: str = "GET", body: object = None) -> object:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def _wait_for_lab(proc: subprocess.Popen[bytes], port: int, token: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
        with contextlib.suppress(OSError, ValueError, urllib.error.URLError):
            if "started" in _api(port, token, "status"):
                return
        time.sleep(0.5)
    pytest.fail(f"JupyterLab did not answer:\n{log.read_text(errors='replace')[-3000:]}")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_open_serves_the_copy_alone_and_a_lesson_run_leaves_the_checkout_clean(
    checkout: Path, tmp_path: Path
) -> None:
    """The README's open command, run as a student does: JupyterLab's root is the copy (the
    teacher's folder is out of reach), and running and saving a lesson there leaves
    ``git status`` empty and the tracked lessons byte for byte as they were."""
    tracked = {p: p.read_bytes() for p in (checkout / "notebooks").iterdir()}
    port, token, log = _free_port(), "s400-test-token", tmp_path / "lab.log"
    args = ["open", "02_positions", "--no-browser", f"--port={port}"]
    args += ["--allow-root"] if os.geteuid() == 0 else []
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "s400_lesson", *args],
            cwd=checkout, env=_lab_env(tmp_path / "home", token),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        _wait_for_lab(proc, port, token, log)
        listing = _api(port, token, "contents/")
        assert sorted(c["name"] for c in listing["content"]) == [*LESSON_NAMES, "rise.css"]
        for outside in ("..%2Fteacher", "..%2Fteacher%2Fteacher_guide.md", "..%2Fnotebooks"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                _api(port, token, f"contents/{outside}")
            assert refused.value.code == 404, outside
        # A whole lesson run, saved into the copy as JupyterLab's autosave does.
        copy = checkout / COPY_FOLDER
        nb = nbformat.read(copy / "02_positions.ipynb", as_version=4)
        NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(copy)}}).execute()
        assert any(c.get("outputs") for c in nb.cells)
        model = {"type": "notebook", "format": "json", "content": json.loads(nbformat.writes(nb))}
        _api(port, token, "contents/02_positions.ipynb", "PUT", model)
        _api(port, token, "contents/02_positions.ipynb/checkpoints", "POST")
        assert (copy / ".ipynb_checkpoints").is_dir()
        saved = nbformat.read(copy / "02_positions.ipynb", as_version=4)
        assert any(c.get("outputs") for c in saved.cells), "the run was not saved in the copy"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert git(checkout, "status", "--porcelain") == ""
    assert {p: p.read_bytes() for p in (checkout / "notebooks").iterdir()} == tracked


# --- the student branch the hub link gives -------------------------------------------------


def test_student_branch_holds_the_students_lessons_only(checkout: Path) -> None:
    head = git(checkout, "rev-parse", "HEAD")
    done = run_cli("student-branch", cwd=checkout)
    assert done.returncode == 0, done.stderr
    assert f"{len(LESSON_NAMES)} lessons committed" in done.stdout
    assert f"git push origin {classroom.BRANCH}" in done.stdout
    paths = git(checkout, "ls-tree", "-r", "--name-only", classroom.BRANCH).splitlines()
    expected = ["README.md", "notebooks/rise.css", *(f"notebooks/{n}" for n in LESSON_NAMES)]
    assert sorted(paths) == sorted(expected)
    for name in LESSON_NAMES:
        text = git(checkout, "show", f"{classroom.BRANCH}:notebooks/{name}")
        assert teachers_cells(nbformat.reads(text, as_version=4).cells) == [], name
    readme = git(checkout, "show", f"{classroom.BRANCH}:README.md")
    assert "afresh" in readme and "teacher's link again" in readme
    # Nothing the teacher works on moved: branch, HEAD, index and working tree.
    assert git(checkout, "rev-parse", "HEAD") == head
    assert git(checkout, "branch", "--show-current") == "main"
    assert git(checkout, "status", "--porcelain") == ""


def test_student_branch_grows_by_one_commit_per_change(checkout: Path) -> None:
    assert run_cli("student-branch", cwd=checkout).returncode == 0
    first = git(checkout, "rev-parse", classroom.BRANCH)
    same = run_cli("student-branch", cwd=checkout)
    assert "already up to date" in same.stdout
    assert git(checkout, "rev-parse", classroom.BRANCH) == first
    lesson = checkout / "notebooks" / "03_f35_plan.ipynb"
    nb = nbformat.read(lesson, as_version=4)
    nb.cells[0].source += "\nUpdated."
    nbformat.write(nb, lesson)
    git(checkout, "commit", "-qam", "update lesson 03")
    assert run_cli("student-branch", cwd=checkout).returncode == 0
    # The new commit sits on the old one, so a student's next click merges cleanly.
    assert git(checkout, "rev-parse", f"{classroom.BRANCH}^") == first
    assert "Updated." in git(checkout, "show", f"{classroom.BRANCH}:notebooks/03_f35_plan.ipynb")


def test_a_students_clone_merges_the_next_update_and_keeps_their_work(
    checkout: Path, tmp_path: Path
) -> None:
    """What nbgitpuller does on each click (clone the branch, then commit the student's changes
    and merge the teacher's with -Xours): the student's edit stays and the update arrives in the
    same lesson, because each build is one commit on the last. (nbgitpuller 1.3.0 itself, run by
    hand, also did this and brought back a lesson the student had renamed away.)"""
    assert run_cli("student-branch", cwd=checkout).returncode == 0
    clone = tmp_path / "student" / "s400-lesson"
    git(tmp_path, "clone", "-q", "--branch", classroom.BRANCH, str(checkout), str(clone))
    mine = clone / "notebooks" / "02_positions.ipynb"
    nb = nbformat.read(mine, as_version=4)
    nb.cells[-1].source += "\nMY WORK"
    nbformat.write(nb, mine)
    for name in ("02_positions.ipynb", "04_sanctions.ipynb"):
        lesson = checkout / "notebooks" / name
        nb = nbformat.read(lesson, as_version=4)
        nb.cells[0].source += "\nTEACHER UPDATE"
        nbformat.write(nb, lesson)
    git(checkout, "commit", "-qam", "update two lessons")
    assert run_cli("student-branch", cwd=checkout).returncode == 0

    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "student's work")
    git(clone, "fetch", "-q", "origin")
    git(clone, "merge", "-q", "-Xours", "--no-edit", f"origin/{classroom.BRANCH}")
    text = mine.read_text(encoding="utf-8")
    assert "MY WORK" in text and "TEACHER UPDATE" in text
    assert "TEACHER UPDATE" in (clone / "notebooks" / "04_sanctions.ipynb").read_text()


def test_student_branch_uses_the_committed_lessons(checkout: Path) -> None:
    (checkout / "notebooks" / "02_positions.ipynb").write_text("half-edited, unsaved")
    assert run_cli("student-branch", cwd=checkout).returncode == 0
    text = git(checkout, "show", f"{classroom.BRANCH}:notebooks/02_positions.ipynb")
    assert "half-edited" not in text and nbformat.reads(text, as_version=4).cells


@pytest.mark.parametrize("setup", ["checked out", "other files"])
def test_student_branch_will_not_take_a_branch_someone_works_on(checkout: Path, setup: str) -> None:
    branch = "main" if setup == "checked out" else "mine"
    if setup == "other files":
        git(checkout, "branch", branch)
    before = git(checkout, "rev-parse", branch)
    done = run_cli("student-branch", "--branch", branch, cwd=checkout)
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr.startswith("s400-lesson student-branch: branch") and "--branch" in done.stderr
    )
    assert done.stderr.count("\n") == 1
    assert git(checkout, "rev-parse", branch) == before


def test_student_branch_outside_a_checkout_is_one_line(tmp_path: Path) -> None:
    shutil.copytree(LESSONS, tmp_path / "notebooks")
    done = run_cli("student-branch", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_link_needs_the_student_branch_or_says_how_to_make_it(checkout: Path) -> None:
    git(checkout, "remote", "add", "origin", "https://git.school.example/t/s400-lesson.git")
    hub = "https://hub.school.example"
    missing = run_cli("link", "--hub", hub, cwd=checkout)
    assert missing.returncode == 2 and missing.stdout == ""
    assert "student-branch" in missing.stderr and missing.stderr.count("\n") == 1
    assert run_cli("student-branch", cwd=checkout).returncode == 0
    done = run_cli("link", "--hub", hub, cwd=checkout)
    assert done.returncode == 0, done.stderr
    assert f"branch={classroom.BRANCH}" in done.stdout


# --- JupyterLab's own prompts, off -----------------------------------------------------------

QUIET = REPO / "jupyter-config" / "lab" / "settings" / "overrides.d" / "s400-lesson-quiet.json"


def test_no_jupyter_news_prompt_and_no_update_check() -> None:
    """JupyterLab asks "notified about official Jupyter news?" while fetchNews is "none"."""
    schema_file = (
        Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/apputils-extension"
        / "notification.json"
    )  # fmt: skip
    schema = json.loads(schema_file.read_text())["properties"]
    settings = json.loads(QUIET.read_text())["@jupyterlab/apputils-extension:notification"]
    assert set(settings) <= set(schema)
    assert settings["fetchNews"] == "false"
    assert "false" in {choice["const"] for choice in schema["fetchNews"]["oneOf"]}
    assert settings["checkForUpdates"] is False


def test_every_lab_settings_file_is_installed_by_the_wheel() -> None:
    import tomllib

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    shared = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    for path in (REPO / "jupyter-config" / "lab" / "settings" / "overrides.d").glob("*.json"):
        source = str(path.relative_to(REPO))
        assert shared.get(source) == f"share/jupyter/{path.relative_to(REPO / 'jupyter-config')}"


# --- the documented commands exist as written ------------------------------------------------

DOCS = [REPO / "README.md", REPO / "classroom" / "README.md", REPO / "teacher" / "teacher_guide.md"]


def documented_commands() -> list[tuple[str, list[str]]]:
    """(file, argv) for every `python -m s400_lesson ...` the READMEs and the guide show."""
    import re
    import shlex

    found = []
    for doc in DOCS:
        for match in re.finditer(r"python -m s400_lesson ([^`\n&]*)", doc.read_text()):
            argv = shlex.split(match[1].split("#")[0])
            if argv != ["--help"]:
                found.append((str(doc.relative_to(REPO)), argv))
    return found


def test_the_readme_opens_the_students_copy() -> None:
    start = (REPO / "README.md").read_text().split("**Install and open the lessons**")[1]
    command = start.split("```bash")[1].split("```")[0]
    assert "-m s400_lesson open" in command and "notebooks/" not in command


@pytest.mark.parametrize(("doc", "argv"), documented_commands())
def test_every_documented_command_parses(doc: str, argv: list[str]) -> None:
    argv = [a for a in argv if a not in ("...", "[--slides]")]
    try:
        args = cli.build_parser().parse_args(argv)
    except SystemExit:
        pytest.fail(f"{doc}: python -m s400_lesson {' '.join(argv)} is not a valid command")
    assert args.command in cli.COMMANDS

"""A student's own copy of the lessons: what a student needs and nothing of the teacher's.

Students should not work in ``notebooks/`` of the checkout: running a lesson autosaves its
outputs into tracked files (``git status`` shows them modified, the next ``git pull``
conflicts), and a file browser opened there leads up to the teacher's material. Instead:

- ``python -m s400_lesson open`` makes ``my_lessons/`` at the project root on first use
  (git ignores it), copies each lesson into it as a student's version (speaker notes and
  teacher-tagged cells removed, no outputs), and starts JupyterLab with that folder as its
  root, so the file browser cannot leave it. Later runs add new lessons, bring in a newer
  version of a lesson the student has not touched, and keep every lesson the student changed.
- ``python -m s400_lesson reset LESSON`` moves the student's lesson to ``my_lessons/backups/``
  and puts a fresh copy in its place.
- ``python -m s400_lesson student-branch`` commits the same student's versions to a git
  branch of their own (``student-lessons``), which the nbgitpuller link gives a class on a hub.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import nbformat

from s400_lesson.teacher.classroom import BRANCH as STUDENT_BRANCH
from s400_lesson.teacher.project import COPY_FOLDER, find_notebooks

__all__ = [
    "BACKUPS",
    "COPY_FOLDER",
    "STUDENT_BRANCH",
    "CopyError",
    "CopyReport",
    "build_student_branch",
    "lab_command",
    "make_copy",
    "reset_lesson",
    "student_files",
    "student_notebook",
]

BACKUPS = "backups"  # inside the copy, so a student finds an earlier version themselves
MANIFEST = ".s400-lessons.json"  # what was copied, to tell a student's edit from an update
# Besides the lessons, the one file a student's folder needs: the live slides' styling,
# which jupyterlab-rise reads from the notebook's own folder.
EXTRA_FILES = ("rise.css",)
# Cells for the teacher's eyes: speaker notes (tag or slide type) and rubric cells.
TEACHER_TAGS = frozenset({"teacher-note", "teacher", "rubric"})


class CopyError(ValueError):
    """Something that stops the copy; the message is one line for the student or teacher."""


def _is_teachers(cell: nbformat.NotebookNode) -> bool:
    metadata = cell.get("metadata", {})
    slideshow = metadata.get("slideshow") or {}
    return bool(TEACHER_TAGS.intersection(metadata.get("tags", []))) or (
        isinstance(slideshow, dict) and slideshow.get("slide_type") == "notes"
    )


def student_notebook(path: Path) -> bytes:
    """The student's version of a lesson: no teacher's cells, no outputs, no widget state."""
    nb = nbformat.read(path, as_version=4)
    nb.cells = [cell for cell in nb.cells if not _is_teachers(cell)]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.metadata.pop("widgets", None)
    return (nbformat.writes(nb) + "\n").encode()  # as nbformat.write stores it


def student_files(notebooks: Path) -> dict[str, bytes]:
    """File name -> content of everything a student's folder holds, from the lessons folder."""
    files = {path.name: student_notebook(path) for path in find_notebooks(notebooks)}
    if not files:
        raise CopyError(f"no lessons in {notebooks}")
    for name in EXTRA_FILES:
        if (notebooks / name).is_file():
            files[name] = (notebooks / name).read_bytes()
    return files


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class CopyReport:
    """What make_copy did, file by file."""

    folder: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # a newer version the student had not edited
    # a newer version, held back because the student changed theirs
    newer: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def _save_manifest(folder: Path, recorded: dict[str, str]) -> None:
    _write(folder / MANIFEST, (json.dumps(recorded, indent=1, sort_keys=True) + "\n").encode())


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file, so an interrupted copy never leaves half a lesson."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def make_copy(notebooks: Path, folder: Path) -> CopyReport:
    """Create or bring up to date the student's copy in ``folder``; never lose a student's edit."""
    files = student_files(notebooks)
    report = CopyReport(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        recorded = _read_manifest(folder)
        for name, data in files.items():
            target, fresh = folder / name, _digest(data)
            if not target.exists():
                _write(target, data)
                report.added.append(name)
            elif recorded.get(name) == fresh:
                report.kept.append(name)
                continue
            elif recorded.get(name) == _digest(target.read_bytes()):
                _write(target, data)  # the student never changed it: nothing is lost
                report.updated.append(name)
            else:
                report.newer.append(name)
                continue
            recorded[name] = fresh
        _save_manifest(folder, recorded)
    except OSError as exc:
        raise CopyError(_os_message(exc, folder)) from None
    return report


def _os_message(exc: OSError, folder: Path) -> str:
    where = exc.filename or folder
    return f"cannot write {where} ({exc.strerror or exc}); choose another folder with --into"


def reset_lesson(
    notebooks: Path, folder: Path, name: str, now: datetime | None = None
) -> tuple[Path, Path | None]:
    """Put a fresh copy of lesson ``name`` in ``folder``, first moving the student's version to
    ``folder/backups/``. Returns the fresh lesson and the backup (None if there was none)."""
    (source,) = find_notebooks(notebooks, [name])
    data = student_notebook(source)
    target = folder / source.name
    backup = _backup_name(folder / BACKUPS, source.stem, now or datetime.now())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.exists():
            backup.parent.mkdir(exist_ok=True)
            os.replace(target, backup)
        else:
            backup = None
        _write(target, data)
        recorded = _read_manifest(folder)
        recorded[source.name] = _digest(data)
        _save_manifest(folder, recorded)
    except OSError as exc:
        raise CopyError(_os_message(exc, folder)) from None
    return target, backup


def _backup_name(folder: Path, stem: str, now: datetime) -> Path:
    """backups/<lesson> <date> <time>.ipynb, numbered if that name is taken (two resets in a
    second must not overwrite the first backup)."""
    base = f"{stem} {now:%Y-%m-%d %H%M%S}"
    candidates = (folder / f"{base}{f' ({n})' if n > 1 else ''}.ipynb" for n in range(1, 10**6))
    return next(path for path in candidates if not path.exists())


def lab_command(
    folder: Path,
    lesson: str,
    *,
    allow_root: bool = False,
    no_browser: bool = False,
    port: int | None = None,
) -> list[str]:
    """The ``jupyter lab`` command that serves ``folder`` alone and opens ``lesson`` in it."""
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--ServerApp.root_dir={folder}",
        str(folder / lesson),
    ]
    if allow_root:
        cmd.append("--allow-root")
    if no_browser:
        cmd.append("--no-browser")
    if port is not None:
        cmd.append(f"--port={port}")
    return cmd


# --- the student branch, for nbgitpuller ---------------------------------------------------

STUDENT_README = Path(__file__).parent / "templates" / "student_readme.md"
# A commit needs an author; a teacher's machine without git's user.name set still gets one.
_FALLBACK_AUTHOR = {
    "GIT_AUTHOR_NAME": "s400-lesson",
    "GIT_AUTHOR_EMAIL": "s400-lesson@localhost",
    "GIT_COMMITTER_NAME": "s400-lesson",
    "GIT_COMMITTER_EMAIL": "s400-lesson@localhost",
}


def _git(root: Path, *args: str, data: bytes | None = None, env: dict | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=data,
            capture_output=True,
            env=env,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise CopyError(f"git could not run ({exc})") from None
    if done.returncode != 0:
        message = " ".join(done.stderr.decode(errors="replace").split())
        raise CopyError(f"git {args[0]} failed: {message or done.returncode}")
    return done.stdout.decode().strip()


def _git_bytes(root: Path, spec: str) -> bytes:
    done = subprocess.run(
        ["git", "-C", str(root), "show", spec], capture_output=True, timeout=60, check=False
    )
    if done.returncode != 0:
        raise CopyError(f"git show {spec} failed")
    return done.stdout


def _branch_tip(root: Path, branch: str) -> str | None:
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
    except CopyError:
        return None


def _check_branch_is_ours(root: Path, branch: str, tip: str | None) -> None:
    """Refuse a branch someone works on: one checked out, or one holding other files."""
    worktrees = _git(root, "worktree", "list", "--porcelain").splitlines()
    if f"branch refs/heads/{branch}" in worktrees:
        raise CopyError(f"branch {branch} is checked out; choose another name with --branch")
    if tip is None:
        return
    paths = _git(root, "ls-tree", "-r", "--name-only", tip).splitlines()
    if any(path != "README.md" and not path.startswith("notebooks/") for path in paths):
        raise CopyError(
            f"branch {branch} already holds files other than lessons; "
            "choose another name with --branch"
        )


def _committed_lessons(root: Path, into: Path) -> None:
    """The lessons as committed at HEAD, not whatever is unsaved in the working tree."""
    for line in _git(root, "ls-tree", "--name-only", "HEAD", "notebooks/").splitlines():
        name = line.removeprefix("notebooks/")
        if name.endswith(".ipynb") or name in EXTRA_FILES:
            (into / name).write_bytes(_git_bytes(root, f"HEAD:{line}"))


def build_student_branch(root: Path, branch: str = STUDENT_BRANCH) -> tuple[str, list[str], bool]:
    """Commit the students' versions of the committed lessons to ``branch``.

    Returns the commit, the paths it holds and whether it is new. The working tree, the index
    and the branch checked out are untouched: the tree is built in a temporary index and
    committed on top of the branch's last commit, so a student's next nbgitpuller click is a
    plain merge that keeps their edits.
    """
    head = _git(root, "rev-parse", "--verify", "HEAD^{commit}")
    parent = _branch_tip(root, branch)
    _check_branch_is_ours(root, branch, parent)
    with tempfile.TemporaryDirectory(prefix="s400-student-") as tmp:
        committed = Path(tmp) / "notebooks"
        committed.mkdir()
        _committed_lessons(root, committed)
        if not any(committed.glob("*.ipynb")):
            raise CopyError("no lessons are committed in notebooks/; commit them first")
        files = {f"notebooks/{name}": data for name, data in student_files(committed).items()}
        files["README.md"] = STUDENT_README.read_bytes()
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(tmp) / "index")}
        for path, data in files.items():
            sha = _git(root, "hash-object", "-w", "--stdin", data=data)
            _git(root, "update-index", "--add", "--cacheinfo", f"100644,{sha},{path}", env=env)
        tree = _git(root, "write-tree", env=env)
    if parent and _git(root, "rev-parse", f"{parent}^{{tree}}") == tree:
        return parent, sorted(files), False  # nothing changed: no empty commit
    env = None
    if subprocess.run(
        ["git", "-C", str(root), "config", "user.email"], capture_output=True, check=False
    ).returncode:
        env = {**os.environ, **_FALLBACK_AUTHOR}
    message = f"The lessons for students, from {head[:12]}, without the teacher's material"
    commit = _git(
        root, "commit-tree", tree, "-m", message, *(["-p", parent] if parent else []), env=env
    )
    _git(root, "update-ref", f"refs/heads/{branch}", commit, *([parent] if parent else []))
    return commit, sorted(files), True

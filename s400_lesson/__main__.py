"""Command line of the lesson package: ``python -m s400_lesson COMMAND`` or ``s400-lesson COMMAND``.

Commands live in ``COMMANDS``: each entry adds its sub-parser and sets ``run``,
a function that takes the parsed arguments and returns the exit status.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from s400_lesson.teacher.student_copy import CopyReport


def _add_folders(parser: argparse.ArgumentParser, what: str, default_out: str) -> None:
    """--notebooks and --out, shared by the commands that read the lessons and write files."""
    parser.add_argument(
        "--notebooks", type=Path, help="folder of the notebooks (default: ROOT/notebooks)"
    )
    parser.add_argument("--out", type=Path, help=f"folder for {what} (default: ROOT/{default_out})")


def _add_slides(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "slides",
        help="build every lesson notebook into an offline reveal.js deck",
        description=(
            "Execute each notebook in a fresh kernel (in memory: nothing is written next to "
            "the notebooks) and write OUT/<notebook>.slides.html with code hidden, plus "
            "OUT/reveal.js/, which the decks load by relative path. Defaults are relative to "
            "the project root: the nearest of the current folder and its parents that has a "
            "notebooks/ folder, else the checkout this package is installed from."
        ),
    )
    _add_folders(parser, "the decks", "build/slides")
    parser.add_argument(
        "--pdf",
        action="store_true",
        help="also print each deck beside it: OUT/<lesson>.pdf (one slide a page) and "
        "OUT/<lesson>.notes.pdf (each slide with its speaker notes), with a Chromium or "
        "Chrome found on this machine",
    )
    parser.add_argument(
        "--paper",
        choices=["A4", "letter"],
        default="A4",
        help="with --pdf, the paper of the teacher's copy, landscape (default: A4)",
    )
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help="only these notebooks (file name, .ipynb optional)"
    )
    parser.set_defaults(run=_run_slides)


def _run_slides(args: argparse.Namespace) -> int:
    # Imported here so that other commands do not pay for nbconvert's import.
    from s400_lesson.teacher import slides

    root = slides.project_root()
    folder = args.notebooks or root / "notebooks"
    out = args.out or root / "build" / "slides"
    try:
        notebooks = slides.find_notebooks(folder, args.names)
    except (FileNotFoundError, ValueError) as exc:
        print(f"s400-lesson slides: {exc}", file=sys.stderr)
        return 2
    if not notebooks:
        print(f"no notebooks in {folder}: nothing to build")
        return 0
    print(f"reveal.js {slides.reveal_version()} from {slides.reveal_source_dir()}")
    failures = sum(not _build_one(notebook, out) for notebook in notebooks)
    print(f"{len(notebooks) - failures} of {_counted(len(notebooks), 'deck')} built in {out}")
    if getattr(args, "pdf", False):
        failures += _print_slides(notebooks, out, args.paper)
    return 1 if failures else 0


def _print_slides(notebooks: list[Path], out: Path, paper: str = "A4") -> int:
    """--pdf: print the decks just built, the teacher's copy with each exercise's answer
    from the guide's table; the number that failed."""
    import nbformat

    from s400_lesson.teacher import answer_key, slide_pdfs, slides

    guide = slides.project_root() / answer_key.GUIDE
    try:
        key = answer_key.read_answer_key(guide)
    except (OSError, ValueError) as exc:
        print(f"the teacher's copy will carry no answers: {exc}", file=sys.stderr)
        key = {}
    answers = {
        notebook.stem: answer_key.answer_notes(nbformat.read(notebook, as_version=4), key)
        for notebook in notebooks
        if key
    }
    decks = [out / f"{notebook.stem}.slides.html" for notebook in notebooks]
    decks = [deck for deck in decks if deck.is_file()]
    return slide_pdfs.print_decks(decks, paper=paper, extra_notes=answers)


def _build_one(notebook: Path, out: Path) -> bool:
    from s400_lesson.teacher import slides

    start = time.perf_counter()
    try:
        deck = slides.build_deck(notebook, out)
    except slides.SlideBuildError as exc:
        print(f"FAILED {notebook.name}: {exc}", file=sys.stderr)
        return False
    print(f"built {deck} ({time.perf_counter() - start:.1f} s)")
    return True


def _add_handouts(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "handouts",
        help="write printable PDFs: worksheets, statement cards, vocabulary, assessment",
        description=(
            "Write OUT/worksheet_<lesson>.pdf for each lesson notebook, "
            "OUT/statement_cards.pdf, OUT/vocabulary.pdf and, when the notebooks hold them, "
            "the end-of-unit assessment and its rubric for the teacher. Offline: nothing is "
            "fetched and nothing outside OUT is written. Defaults are relative to the project "
            "root, as for the slides."
        ),
    )
    parser.add_argument(
        "--paper", choices=["A4", "letter"], default="A4", help="paper size (default: A4)"
    )
    _add_folders(parser, "the PDFs", "build/handouts")
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="worksheets for only these notebooks (file name, .ipynb optional); "
        "the cards, the vocabulary and the assessment are always built",
    )
    parser.set_defaults(run=_run_handouts)


def _run_handouts(args: argparse.Namespace) -> int:
    from s400_lesson.drawing.world_map import MapDataError
    from s400_lesson.teacher import handouts, slides

    root = slides.project_root()
    out = args.out or root / "build" / "handouts"
    start = time.perf_counter()
    try:
        folder = args.notebooks or root / "notebooks"
        chosen = slides.find_notebooks(folder, args.names) if args.names else None
        # Every notebook, so that the assessment is found whichever worksheets are asked for.
        notebooks = slides.find_notebooks(folder)
        built = handouts.build_handouts(out, args.paper, notebooks, worksheets=chosen)
    except (OSError, ValueError, MapDataError) as exc:
        # OSError: OUT cannot be written; ValueError: an unknown name, a broken notebook or
        # broken data (LessonDataError); MapDataError: the map's shapes are not installed.
        print(f"s400-lesson handouts: {_one_line(exc)}", file=sys.stderr)
        return 2
    for path, pages in built.pages.items():
        print(f"wrote {path} ({_counted(pages, 'page')})")
    for note in built.notes:
        print(note)
    took = time.perf_counter() - start
    print(f"{_counted(len(built.pages), 'PDF')} on {args.paper} in {out} ({took:.1f} s)")
    return 0


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"cannot write {exc.filename}: {exc.strerror or exc}"
    return " ".join(str(exc).split()) or type(exc).__name__


def _add_link(subparsers: argparse._SubParsersAction) -> None:
    from s400_lesson.teacher import classroom  # small, standard library only

    parser = subparsers.add_parser(
        "link",
        help="print the one-click link that gives students the lessons on a JupyterHub",
        description=(
            "Print an nbgitpuller link: a student who opens it logs in to the hub, gets a copy "
            "of the lessons (later clicks bring the teacher's changes and keep the student's "
            "edits) and lands on notebooks/00_start_here.ipynb in JupyterLab. The link gives "
            f"the branch {classroom.BRANCH}, the lessons without the teacher's material "
            "(make it with the student-branch command and push it). The hub needs "
            "nbgitpuller installed (see classroom/README.md)."
        ),
    )
    parser.add_argument(
        "--hub", required=True, metavar="URL", help="the hub's address, e.g. https://hub.school.org"
    )
    parser.add_argument(
        "--repo",
        metavar="URL",
        help="http(s) address of the git repository students get (default: the address this "
        "checkout was cloned from, an SSH address given in its https form)",
    )
    parser.add_argument(
        "--branch",
        help=f"branch (default: {classroom.BRANCH}, which this checkout must have unless "
        "--repo names another repository)",
    )
    parser.set_defaults(run=_run_link)


def _project_root() -> Path:
    """The project root (see teacher.project), imported only when a command needs it."""
    from s400_lesson.teacher.project import project_root

    return project_root()


def _fail(command: str, message: str) -> int:
    """One line on stderr, exit status 2: how every command reports bad input."""
    print(f"s400-lesson {command}: {' '.join(message.split())}", file=sys.stderr)
    return 2


def _link_repository(args: argparse.Namespace, root: Path) -> str | None:
    """--repo, else the checkout's remote in a form a hub can clone; None after saying why."""
    from s400_lesson.teacher import classroom

    if args.repo:
        return args.repo
    remote = classroom.checkout_remote(root)
    if remote is None:
        _fail(
            "link",
            "give --repo URL, the http(s) address of the git repository your "
            "students should get (this checkout has no remote address to take it from)",
        )
        return None
    repo = classroom.web_address(remote)
    if repo is None:
        _fail(
            "link",
            f"give --repo URL: this checkout's remote, {remote}, is not an address "
            "a hub can clone (it needs http:// or https://)",
        )
    elif repo != remote:
        print(
            f"s400-lesson link: using {repo}, the https address of this checkout's remote {remote}",
            file=sys.stderr,
        )
    return repo


def _run_link(args: argparse.Namespace) -> int:
    from s400_lesson.teacher import classroom

    root = _project_root()
    repo = _link_repository(args, root)
    if repo is None:
        return 2
    branch = args.branch or classroom.BRANCH
    try:
        link = classroom.gitpuller_link(args.hub, repo, branch)
    except classroom.LinkError as exc:
        return _fail("link", str(exc))
    if args.branch is None and args.repo is None and not classroom.has_branch(root, branch):
        return _fail(
            "link",
            f"this checkout has no branch {branch} (the lessons without the "
            "teacher's material): run `python -m s400_lesson student-branch`, push it "
            f"with `git push origin {branch}`, then make the link again",
        )
    print(link)
    return 0


def _add_student_branch(subparsers: argparse._SubParsersAction) -> None:
    from s400_lesson.teacher import classroom

    parser = subparsers.add_parser(
        "student-branch",
        help="commit the lessons without the teacher's material to a branch for the hub link",
        description=(
            "Commit the students' versions of the lessons committed at HEAD (no speaker notes, "
            "no teacher-tagged cells, no outputs, no teacher/ folder) to a branch of their own, "
            "on top of its last commit. Nothing else changes: not the working tree, not the "
            "branch checked out. Push the branch, then give students the link command's link."
        ),
    )
    parser.add_argument(
        "--branch", default=classroom.BRANCH, help="branch to make (default: %(default)s)"
    )
    parser.set_defaults(run=_run_student_branch)


def _run_student_branch(args: argparse.Namespace) -> int:
    from s400_lesson.teacher import student_copy

    try:
        commit, paths, new = student_copy.build_student_branch(_project_root(), args.branch)
    except student_copy.CopyError as exc:
        return _fail("student-branch", str(exc))
    lessons = sum(path.endswith(".ipynb") for path in paths)
    state = "committed" if new else "already up to date at"
    print(f"branch {args.branch}: {_counted(lessons, 'lesson')} {state} {commit[:12]}")
    print(f"push it for the hub link: git push origin {args.branch}")
    return 0


def _counted(n: int, noun: str) -> str:
    from s400_lesson.data.plural import counted

    return counted(n, noun)


def _add_open(subparsers: argparse._SubParsersAction) -> None:
    from s400_lesson.teacher.project import COPY_FOLDER

    parser = subparsers.add_parser(
        "open",
        help="open your own copy of the lessons in JupyterLab (made on first use, then kept)",
        description=(
            f"Copy the lessons into {COPY_FOLDER}/ at the project root (git "
            "ignores it) on first use, then open one in JupyterLab with that folder as its "
            "root. Your work stays there: later runs add new lessons and bring in a newer "
            "version only of a lesson you have not changed. Start a lesson afresh with reset."
        ),
    )
    parser.add_argument(
        "lesson",
        nargs="?",
        default="00_start_here",
        metavar="LESSON",
        help="lesson to open (file name, .ipynb optional; default: %(default)s)",
    )
    _add_copy_folder(parser)
    parser.add_argument(
        "--allow-root",
        action="store_true",
        help="let JupyterLab run as root (a container, an admin shell); off by default",
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    parser.add_argument("--port", type=int, help="port for JupyterLab (default: Jupyter's)")
    parser.add_argument(
        "--copy-only", action="store_true", help="make or update the copy, do not start JupyterLab"
    )
    parser.set_defaults(run=_run_open)


def _add_copy_folder(parser: argparse.ArgumentParser) -> None:
    from s400_lesson.teacher.project import COPY_FOLDER

    parser.add_argument(
        "--into",
        type=Path,
        metavar="FOLDER",
        help=f"folder of your copy (default: ROOT/{COPY_FOLDER})",
    )


def _copy_folders(args: argparse.Namespace) -> tuple[Path, Path]:
    """The checkout's lessons folder and the student's copy."""
    from s400_lesson.teacher.project import COPY_FOLDER

    root = _project_root()
    return root / "notebooks", (args.into or root / COPY_FOLDER).absolute()


def _run_open(args: argparse.Namespace) -> int:
    from s400_lesson.teacher import student_copy

    notebooks, folder = _copy_folders(args)
    if not args.copy_only and _is_root() and not args.allow_root:
        return _fail(
            "open",
            "you are root here, and JupyterLab will not run as root unless "
            "asked, since the lessons' code would then run with every right on this "
            "machine; in a container or on a machine of your own, add --allow-root",
        )
    try:
        (lesson,) = _find_lessons(notebooks, [Path(args.lesson).name])
        report = student_copy.make_copy(notebooks, folder)
    except (OSError, ValueError) as exc:
        return _fail("open", str(exc))
    _print_copy_report(report)
    if args.copy_only:
        return 0
    command = student_copy.lab_command(
        folder,
        lesson.name,
        allow_root=args.allow_root,
        no_browser=args.no_browser,
        port=args.port,
    )
    sys.stdout.flush()
    if os.name != "posix":
        return subprocess.call(command)
    os.execv(command[0], command)  # JupyterLab takes over this process, and its Ctrl+C
    return 0  # reached only where execv is replaced (the tests)


def _find_lessons(notebooks: Path, names: Sequence[str]) -> list[Path]:
    from s400_lesson.teacher.project import find_notebooks

    return find_notebooks(notebooks, names)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _print_copy_report(report: CopyReport) -> None:
    def lessons(names: list[str]) -> str:
        return ", ".join(Path(name).stem for name in names if name.endswith(".ipynb"))

    if lessons(report.added):
        print(f"new in your copy: {lessons(report.added)}")
    if lessons(report.updated):
        print(f"brought up to date (you had not changed them): {lessons(report.updated)}")
    for name in report.newer:
        print(
            f"{Path(name).stem}: the teacher has a newer version; yours has your work in it, so "
            f"it stays. To take the new one: python -m s400_lesson reset {Path(name).stem}"
        )
    print(f"your lessons: {report.folder}")


def _add_reset(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reset",
        help="start a lesson afresh in your copy, keeping your old version in backups/",
        description=(
            "Move the lesson in your copy to its backups/ folder (named with the date and time) "
            "and put a fresh copy in its place. Close the lesson's tab in JupyterLab first, or "
            "JupyterLab may save your old version over the fresh one."
        ),
    )
    parser.add_argument("lesson", metavar="LESSON", help="lesson to reset, e.g. 02_positions")
    _add_copy_folder(parser)
    parser.set_defaults(run=_run_reset)


def _run_reset(args: argparse.Namespace) -> int:
    from s400_lesson.teacher import student_copy

    notebooks, folder = _copy_folders(args)
    try:
        fresh, backup = student_copy.reset_lesson(notebooks, folder, Path(args.lesson).name)
    except (OSError, ValueError) as exc:
        return _fail("reset", str(exc))
    if backup is not None:
        print(f"your earlier version is kept as {backup}")
    print(f"fresh lesson: {fresh}")
    return 0


def _add_class_summary(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "class-summary",
        help="summarise what a class did, from the notebooks the students saved",
        description=(
            "Read every .ipynb under the folders given (saved JSON only: nothing is run, no "
            "student's code is imported, nothing is written into their folders) and write "
            "OUT/class_summary.html and OUT/class_summary.csv: per exercise, per writing task and "
            "per student. With one folder, each file or folder in it is one student's (a folder "
            "of hand-ins, or /home on a hub); with several (/home/jupyter-*/), each folder is one "
            "student's. Files that cannot be counted get one line each."
        ),
    )
    parser.add_argument("folders", nargs="+", type=Path, metavar="FOLDER")
    parser.add_argument(
        "--out",
        type=Path,
        help="folder for the page and the CSV (default: ROOT/build/class-summary)",
    )
    parser.add_argument(
        "--anonymous", action="store_true", help="number the students instead of naming them"
    )
    parser.set_defaults(run=_run_class_summary)


def _run_class_summary(args: argparse.Namespace) -> int:
    from s400_lesson.teacher import class_summary, class_summary_page

    start = time.perf_counter()
    out = (args.out or _project_root() / "build" / "class-summary").resolve()
    for folder in args.folders:
        if folder.exists() and out.is_relative_to(folder.resolve()):
            print(
                f"s400-lesson class-summary: {out} is inside {folder}, a folder of students' "
                "work; give --out a folder outside it",
                file=sys.stderr,
            )
            return 2
    checkout = Path(class_summary.__file__).resolve().parents[2]
    summary = class_summary.summarise(args.folders, anonymous=args.anonymous, skip=[checkout])
    for note in summary.notes:
        print(summary.line(note))
    if not summary.counted:
        print(
            "s400-lesson class-summary: no notebooks of this unit found: nothing written",
            file=sys.stderr,
        )
        return 1
    try:
        page, table = class_summary_page.write_summary(summary, out, args.folders)
    except OSError as exc:
        print(f"s400-lesson class-summary: {_one_line(exc)}", file=sys.stderr)
        return 2
    notebooks, students = summary.counted, len(summary.students)
    print(
        f"wrote {page} and {table}: {notebooks} notebook{'s' * (notebooks != 1)} of {students} "
        f"student{'s' * (students != 1)} ({time.perf_counter() - start:.1f} s)"
    )
    return 0


COMMANDS: dict[str, Callable[[argparse._SubParsersAction], None]] = {
    "slides": _add_slides,
    "handouts": _add_handouts,
    "link": _add_link,
    "student-branch": _add_student_branch,
    "open": _add_open,
    "reset": _add_reset,
    "class-summary": _add_class_summary,
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-parser per entry of ``COMMANDS``."""
    parser = argparse.ArgumentParser(
        prog="s400-lesson", description="Tools for the S-400 and F-35 lessons."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add_command in COMMANDS.values():
        add_command(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

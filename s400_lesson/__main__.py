"""Command line of the lesson package: ``python -m s400_lesson COMMAND`` or ``s400-lesson COMMAND``.

Commands live in ``COMMANDS``: each entry adds its sub-parser and sets ``run``,
a function that takes the parsed arguments and returns the exit status.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path


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
    print(f"{len(notebooks) - failures} of {len(notebooks)} decks built in {out}")
    return 1 if failures else 0


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
        print(f"wrote {path} ({pages} page{'s' * (pages != 1)})")
    for note in built.notes:
        print(note)
    print(f"{len(built.pages)} PDFs on {args.paper} in {out} ({time.perf_counter() - start:.1f} s)")
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
            "edits) and lands on notebooks/00_start_here.ipynb in JupyterLab. The hub needs "
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
        "checkout was cloned from, if it has one)",
    )
    parser.add_argument("--branch", default=classroom.BRANCH, help="branch (default: %(default)s)")
    parser.set_defaults(run=_run_link)


def _project_root() -> Path:
    """The project root (see teacher.project), imported only when a command needs it."""
    from s400_lesson.teacher.project import project_root

    return project_root()


def _run_link(args: argparse.Namespace) -> int:
    from s400_lesson.teacher import classroom

    repo = args.repo or classroom.checkout_remote(_project_root())
    if repo is None:
        print(
            "s400-lesson link: give --repo URL, the http(s) address of the git repository your "
            "students should get (this checkout has no remote address to take it from)",
            file=sys.stderr,
        )
        return 2
    try:
        print(classroom.gitpuller_link(args.hub, repo, args.branch))
    except classroom.LinkError as exc:
        print(f"s400-lesson link: {exc}", file=sys.stderr)
        return 2
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

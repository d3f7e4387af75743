"""Printable handouts as PDFs, built offline from the notebooks and the lesson data.

``build_handouts(out)`` writes to ``out``:

* ``worksheet_<lesson>.pdf`` for each lesson notebook: its questions, its exercises with
  ruled space to write, and the charts and tables they need (``needs.py``);
* ``statement_cards.pdf``: every statement on a card to cut out;
* ``vocabulary.pdf``: the glossary;
* ``role_cards.pdf``: lesson 07's role play, with a card per party and a sheet per option;
* ``assessment.pdf`` and ``assessment_rubric_teacher.pdf``, when the notebooks hold an
  end-of-unit assessment and a rubric.

Nothing is fetched from the network and nothing is written outside ``out``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...data import load_all
from .assessment import build_assessment, build_rubric
from .cards import build_cards
from .pdf import PAPER, save
from .role_cards import build_role_cards
from .sources import Lesson, read_lesson
from .vocabulary import build_vocabulary
from .worksheet import build_worksheet

__all__ = ["PAPER", "Built", "build_handouts", "read_lessons"]

CARDS = "statement_cards.pdf"
VOCABULARY = "vocabulary.pdf"
ROLE_CARDS = "role_cards.pdf"
ASSESSMENT = "assessment.pdf"
RUBRIC = "assessment_rubric_teacher.pdf"


@dataclass
class Built:
    """What a build wrote (path and page count, in order) and what it skipped, and why."""

    pages: dict[Path, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def worksheet_name(lesson: Lesson) -> str:
    return f"worksheet_{lesson.name}.pdf"


def read_lessons(notebooks: Sequence[Path]) -> list[Lesson]:
    return [read_lesson(Path(path)) for path in notebooks]


def build_handouts(
    out: Path,
    paper: str = "A4",
    notebooks: Sequence[Path] | None = None,
    data_folder: Path | None = None,
    worksheets: Sequence[Path] | None = None,
) -> Built:
    """Write every handout to ``out`` on ``paper`` ("A4" or "letter").

    ``notebooks`` (default: every lesson of the project) supply the assessment and, unless
    ``worksheets`` names only some of them, get a worksheet each. The cards and the
    vocabulary come from the data (``data_folder``, default: the package's own).

    Raises ValueError for an unknown paper, a broken notebook or broken data (the loader's
    ``LessonDataError``), and OSError when ``out`` cannot be written.
    """
    if paper not in PAPER:
        raise ValueError(f"paper must be one of {', '.join(PAPER)}, not {paper!r}")
    if notebooks is None:
        from ..project import find_notebooks, project_root

        notebooks = find_notebooks(project_root() / "notebooks")
    lessons = read_lessons(notebooks)
    data = load_all(data_folder)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    built = Built()

    def write(doc, name: str) -> None:
        path = save(doc, out / name)
        built.pages[path] = doc.pages_count

    chosen = None if worksheets is None else {Path(p).resolve() for p in worksheets}
    for lesson in lessons:
        if chosen is None or lesson.path.resolve() in chosen:
            write(build_worksheet(lesson, data, paper), worksheet_name(lesson))
    write(build_cards(data["statements"], paper), CARDS)
    write(build_vocabulary(data["glossary"], paper), VOCABULARY)
    write(build_role_cards(data, paper), ROLE_CARDS)
    for name, build, what in [
        (ASSESSMENT, build_assessment, "an end-of-unit assessment (tag 'assessment' or heading"
         " '## End-of-unit assessment')"),
        (RUBRIC, build_rubric, "an end-of-unit assessment to give a rubric for"),
    ]:  # fmt: skip
        doc = build(lessons, paper)
        if doc is None:
            built.notes.append(f"skipped {name}: no notebook has {what}")
        else:
            write(doc, name)
    return built

"""The answer key: the teacher guide's table of answers, and the slides that set each exercise.

The guide's table ("## Answers to every exercise", header ``| Exercise | Answer | Where | Why |``)
is the one place the answers are written for a teacher; a test runs each through its check.
The teacher's printed script (``slides --pdf``) shows, beneath each exercise's slide, that
exercise's row; the decks themselves carry the speaker notes but not the answers.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

__all__ = ["GUIDE", "Answer", "answer_notes", "exercise_slides", "read_answer_key"]

GUIDE = Path("teacher") / "teacher_guide.md"  # from the project root
HEADER = ["Exercise", "Answer", "Where", "Why"]
# A check cell: check("<exercise id>", answer)
_CHECK = re.compile(r"""\bcheck\(\s*["'](\w+)["']""")
_HIDDEN = {"skip", "notes"}  # slide types that show no slide of their own


@dataclass(frozen=True)
class Answer:
    """One row of the guide's table: the answer as typed, its lesson, and why it is right."""

    answer: str
    lesson: str
    why: str


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def read_answer_key(guide: Path) -> dict[str, Answer]:
    """Every row of the guide's answers table, by exercise id.

    Raises ValueError when the table is missing or gives an exercise twice.
    """
    answers: dict[str, Answer] = {}
    in_table = False
    for line in Path(guide).read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("|"):
            in_table = False
            continue
        cells = [cell.strip("`").strip() for cell in _cells(line)]
        if cells[: len(HEADER)] == HEADER:
            in_table = True
        elif in_table and not set(cells[0]) <= set("-: "):
            if cells[0] in answers:
                raise ValueError(f"{guide}: the answers table gives {cells[0]} twice")
            answers[cells[0]] = Answer(*(_cells(line)[1:4]))
    if not answers:
        raise ValueError(f"{guide}: no answers table (a header row '| Exercise | Answer |')")
    return answers


def exercise_slides(nb: NotebookNode) -> dict[str, list[str]]:
    """The exercises each slide sets: the id of the slide's cell -> the exercise ids whose
    check cells (hidden from the deck) follow it."""
    slides: dict[str, list[str]] = {}
    shown = None
    for cell in nb.cells:
        if cell.metadata.get("slideshow", {}).get("slide_type", "-") not in _HIDDEN:
            shown = cell.get("id")
        if cell.cell_type == "code" and shown is not None:
            for exercise in _CHECK.findall(cell.source):
                slides.setdefault(shown, []).append(exercise)
    return slides


def answer_notes(nb: NotebookNode, key: dict[str, Answer]) -> dict[str, list[str]]:
    """For the teacher's script: the id of each exercise's slide cell -> a note (HTML) per
    exercise with its answer and why; an exercise the key lacks says where to look."""
    notes: dict[str, list[str]] = {}
    for cell_id, exercises in exercise_slides(nb).items():
        for exercise in exercises:
            row = key.get(exercise)
            said = f"<strong>Answer</strong> ({_code(exercise)}): "
            if row is None:
                said += f"not in the guide's table; {_code(f'solution({exercise!r})')} shows it."
            else:
                said += f"{_code(row.answer)}. Why: {_markdown_code(row.why)}."
            notes.setdefault(cell_id, []).append(f'<p class="s400-answer">{said}</p>')
    return notes


def _code(text: str) -> str:
    return f"<code>{html.escape(text)}</code>"


def _markdown_code(text: str) -> str:
    """The table's text as HTML, its `code` spans kept as code."""
    parts = re.split(r"`([^`]*)`", text.strip().rstrip("."))
    return "".join(_code(p) if i % 2 else html.escape(p) for i, p in enumerate(parts))

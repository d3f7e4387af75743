"""What the handouts print, read from the lesson notebooks (never executed, never copied by hand).

From each notebook: its title cell (the heading, then time, questions and objectives), the
headings of its sections (``## ...``), every exercise (a markdown cell whose first heading
is ``### Exercise``, ``### Task``, ``### Judgement`` or ``### Assessment``), the end-of-unit
assessment (cells tagged ``assessment``, or the cells under a ``## End-of-unit assessment``
heading) and its rubric (cells tagged ``rubric``). Teacher notes and rubric cells never reach
a student's page. When the notebooks change, the handouts follow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

EXERCISE = re.compile(r"^###\s+(Exercise|Task|Judgement|Assessment)\b", re.IGNORECASE)
ASSESSMENT_START = re.compile(r"^##\s+End-of-unit assessment\b", re.IGNORECASE)
SECTION = re.compile(r"^##\s+(?!#)(.+?)\s*$")
# A section of questions for students to answer in writing (lesson 02 has one).
QUESTIONS = re.compile(r"^##\s+(Guided questions)\b", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
STUDENT_HIDDEN = {"teacher-note", "rubric", "remove-cell", "solution"}
# Sections every lesson ends with: they summarise or open talk, not a student's work sheet.
CLOSING_SECTIONS = {"key points", "discussion"}


class NotebookError(ValueError):
    """A notebook cannot be read, or has no title cell to head its worksheet."""


@dataclass(frozen=True)
class Block:
    """A heading and the markdown under it: an exercise, a question, a rubric part."""

    heading: str
    body: str
    kind: str = ""  # Exercise, Task, Judgement, Assessment or "" (not a question)

    @property
    def is_question(self) -> bool:
        return bool(self.kind)


@dataclass
class Lesson:
    """The parts of one notebook that its worksheet, assessment and rubric print."""

    path: Path
    title: str
    intro: str
    sections: list[str] = field(default_factory=list)
    exercises: list[Block] = field(default_factory=list)
    assessment: list[Block] = field(default_factory=list)
    rubric: list[Block] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def number(self) -> str:
        """The lesson's number, the digits its file name starts with ("01"), or its name."""
        match = re.match(r"\d+", self.path.stem)
        return match.group() if match else self.path.stem


def read_lesson(path: Path) -> Lesson:
    """Read ``path`` (a notebook) into the parts the handouts print."""
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # nbformat raises JSON, validation and OS errors alike
        raise NotebookError(f"cannot read {path.name}: {exc}") from exc
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    if not cells or not cells[0].source.lstrip().startswith("# "):
        raise NotebookError(f"{path.name} does not start with a '# ' title cell")
    first, *rest = cells
    title, _, intro = first.source.strip().partition("\n")
    lesson = Lesson(path, title.lstrip("# ").strip(), intro.strip())
    in_assessment = False
    for cell in rest:
        tags = set(cell.get("metadata", {}).get("tags", []))
        text = cell.source.strip()
        first_line = text.partition("\n")[0]
        if "rubric" in tags:
            lesson.rubric.extend(split_blocks(text))
            continue
        if tags & STUDENT_HIDDEN:
            continue
        if ASSESSMENT_START.match(first_line):
            in_assessment = True
        elif SECTION.match(first_line):
            in_assessment = False
        if in_assessment or "assessment" in tags:
            lesson.assessment.extend(split_blocks(text))
        elif QUESTIONS.match(first_line):
            lesson.sections.append(SECTION.match(first_line).group(1))
            heading, _, body = text.partition("\n")
            lesson.exercises.append(Block(heading.lstrip("#").strip(), body.strip(), "Questions"))
        elif match := SECTION.match(first_line):
            if match.group(1).strip().lower() not in CLOSING_SECTIONS:
                lesson.sections.append(match.group(1))
        elif EXERCISE.match(first_line):
            lesson.exercises.append(exercise_block(text))
    return lesson


def split_blocks(text: str) -> list[Block]:
    """Markdown cut at its headings: one block per heading, with the text under it.

    Exercise-like headings (``### Exercise``, ``### Task``...) make question blocks, each
    printed with room to write. Text before any heading makes a block without a heading.
    """
    blocks: list[Block] = []
    heading, kind, body = "", "", []
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            if heading or "".join(body).strip():
                blocks.append(Block(heading, "\n".join(body).strip(), kind))
            heading, body = match.group(2), []
            found = EXERCISE.match(line)
            kind = found.group(1).capitalize() if found else ""
        else:
            body.append(line)
    if heading or "".join(body).strip():
        blocks.append(Block(heading, "\n".join(body).strip(), kind))
    return blocks


def exercise_block(text: str) -> Block:
    """An exercise cell as one block: its first heading, and all the rest (further "### "
    headings included) as its text."""
    heading, _, body = text.strip().partition("\n")
    found = EXERCISE.match(heading)
    return Block(heading.lstrip("#").strip(), body.strip(), found.group(1).capitalize())

"""What the handouts print, read from the lesson notebooks (never executed, never copied by hand).

From each notebook: its title cell (the heading, then time, questions and objectives), the
headings of its sections (``## ...``), every exercise, the structured controversy (a section
whose heading names one), the end-of-unit assessment (cells tagged ``assessment``, or the
cells under a ``## End-of-unit assessment`` heading) and its rubric (cells tagged
``rubric``). Teacher notes and rubric cells never reach a student's page. When the notebooks
change, the handouts follow.

An exercise is found by what it does, whatever its heading says: a code cell that calls
``check("id", ...)`` or ``review("id", ...)`` makes the markdown cell above it (the nearest
one with a heading) an exercise with that id. A markdown cell headed ``### Exercise``,
``### Task``, ``### Activity``, ``### Judgement`` or ``### Assessment`` is one too, with or
without a checked answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

EXERCISE = re.compile(r"^###\s+(Exercise|Task|Activity|Judgement|Assessment)\b", re.IGNORECASE)
# The answer cell of an exercise or writing task names it: check("id", ...), review("id", ...).
ANSWER_CALL = re.compile(r"""\b(check|review)\(\s*["']([\w-]+)["']""")
CONTROVERSY = re.compile(r"^##\s+.*\bcontroversy\b", re.IGNORECASE)
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
    kind: str = ""  # Exercise, Task, Activity, Judgement, Assessment or "" (not a question)
    exercise_id: str = ""  # the id its answer cell checks or reviews, if it has one

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
    controversy: Block | None = None  # the section that runs a structured controversy
    # The text of each section's first cell, under its heading: what a question may print.
    section_bodies: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.stem

    def section_text(self, heading_start: str) -> str:
        """The text under the first section whose heading starts with ``heading_start``.

        Raises KeyError when no section does, naming the heading looked for.
        """
        for heading, body in self.section_bodies.items():
            if heading.startswith(heading_start):
                return body
        raise KeyError(f"{self.path.name} has no section headed {heading_start!r}")

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
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    if not markdown or not markdown[0].source.lstrip().startswith("# "):
        raise NotebookError(f"{path.name} does not start with a '# ' title cell")
    title, _, intro = markdown[0].source.strip().partition("\n")
    lesson = Lesson(path, title.lstrip("# ").strip(), intro.strip())
    _Reader(lesson).read(nb.cells[nb.cells.index(markdown[0]) + 1 :])
    return lesson


class _Reader:
    """Walks a notebook's cells once, sorting each into the lesson's parts."""

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson
        self.in_assessment = False
        self.candidate: tuple[int, str] | None = None  # the last headed cell: (index, text)
        self.exercise_at: dict[int, int] = {}  # cell index -> its place in lesson.exercises

    def read(self, cells: list) -> None:
        for index, cell in enumerate(cells):
            tags = set(cell.get("metadata", {}).get("tags", []))
            text = cell.source.strip()
            if cell.cell_type == "code":
                if not tags & STUDENT_HIDDEN:
                    self.answer_cell(text)
            elif "rubric" in tags:
                self.lesson.rubric.extend(split_blocks(text))
            elif not tags & STUDENT_HIDDEN:
                self.markdown(index, text, tags)

    def markdown(self, index: int, text: str, tags: set[str]) -> None:
        lesson, first_line = self.lesson, text.partition("\n")[0]
        if ASSESSMENT_START.match(first_line):
            self.in_assessment = True
        elif SECTION.match(first_line):
            self.in_assessment = False
        if HEADING.match(first_line):
            self.candidate = (index, text)
        if self.in_assessment or "assessment" in tags:
            lesson.assessment.extend(split_blocks(text))
            self.candidate = None  # its answer cell belongs to the assessment, not the worksheet
        elif QUESTIONS.match(first_line):
            lesson.sections.append(SECTION.match(first_line).group(1))
            heading, _, body = text.partition("\n")
            lesson.exercises.append(Block(heading.lstrip("#").strip(), body.strip(), "Questions"))
        elif match := SECTION.match(first_line):
            if match.group(1).strip().lower() not in CLOSING_SECTIONS:
                lesson.sections.append(match.group(1))
                lesson.section_bodies[match.group(1)] = text.partition("\n")[2].strip()
            if CONTROVERSY.match(first_line) and _runs_rounds(text, lesson.controversy):
                heading, _, body = text.partition("\n")
                lesson.controversy = Block(heading.lstrip("#").strip(), body.strip())
        elif EXERCISE.match(first_line):
            self.exercise_at[index] = len(lesson.exercises)
            lesson.exercises.append(exercise_block(text))

    def answer_cell(self, source: str) -> None:
        """A code cell: if it checks or reviews an answer, the headed cell above is its question."""
        found = ANSWER_CALL.search(source)
        if not found or self.candidate is None:
            return
        index, text = self.candidate
        kind = "Exercise" if found.group(1) == "check" else "Task"
        if index in self.exercise_at:  # already an exercise by its heading: add the id
            block = self.lesson.exercises[self.exercise_at[index]]
            if not block.exercise_id:
                block = Block(block.heading, block.body, block.kind, found.group(2))
                self.lesson.exercises[self.exercise_at[index]] = block
            return
        heading, _, body = text.partition("\n")
        self.exercise_at[index] = len(self.lesson.exercises)
        self.lesson.exercises.append(
            Block(heading.lstrip("#").strip(), body.strip(), kind, found.group(2))
        )


def _runs_rounds(text: str, found: Block | None) -> bool:
    """Whether a section on a controversy should be the one its sheets print: the first one,
    or a later one that lists numbered rounds when the first did not."""
    numbered = re.compile(r"^\s*\d+\.\s", re.MULTILINE)
    return found is None or (bool(numbered.search(text)) and not numbered.search(found.body))


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

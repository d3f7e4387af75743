"""The end-of-unit assessment for students, and its rubric for the teacher (two PDFs)."""

from __future__ import annotations

from ...exercises.assessment import ASSESSMENT_PROMPT, RUBRIC, Level
from . import pdf
from .sources import Block, Lesson
from .worksheet import question


def build_assessment(lessons: list[Lesson], paper: str = "A4") -> pdf.Handout | None:
    """Every lesson's assessment cells, questions with room to write; None if there are none."""
    blocks = [b for lesson in lessons for b in lesson.assessment]
    if not blocks:
        return None
    doc = pdf.Handout("End-of-unit assessment", paper)
    doc.add_page()
    pdf.title(doc, "End-of-unit assessment", "Answer on these pages")
    pdf.name_line(doc)
    _blocks(doc, blocks)
    return doc


def build_rubric(lessons: list[Lesson], paper: str = "A4") -> pdf.Handout | None:
    """The rubric for the teacher: the package's levels with their sample answers, then any
    notebook cells tagged "rubric"; None when the assessment is not in any lesson."""
    if not any(lesson.assessment for lesson in lessons):
        return None
    doc = pdf.Handout("Assessment rubric (for the teacher)", paper)
    doc.add_page()
    pdf.title(doc, "Assessment rubric", "For the teacher: not to hand out before the assessment")
    pdf.markdown(doc, f"**The question.** {ASSESSMENT_PROMPT}")
    for level in RUBRIC:
        pdf.keep_together(doc, lambda p, lv=level: _level(p, lv))
    _blocks(doc, [b for lesson in lessons for b in lesson.rubric])
    return doc


def _level(doc: pdf.Handout, level: Level) -> None:
    pdf.heading(doc, f"Level {level.score}: {level.name}", 13)
    pdf.markdown(doc, level.descriptor)
    pdf.markdown(doc, f"*Sample answer at this level:* {level.sample}")


def _blocks(doc: pdf.Handout, blocks: list[Block]) -> None:
    for block in blocks:
        if block.is_question:
            question(doc, block)
        else:
            pdf.keep_together(doc, lambda p, b=block: _text(p, b))


def _text(doc: pdf.Handout, block: Block) -> None:
    if block.heading:
        pdf.heading(doc, block.heading, 13)
    if block.body:
        pdf.markdown(doc, block.body)

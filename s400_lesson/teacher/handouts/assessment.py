"""The end-of-unit assessment for students, and its rubric for the teacher (two PDFs).

The students' paper carries the question, the notebook's instructions, the level names and
descriptors they may see (``criteria()``, never the sample answers), ruled lines for the
answer and the checklist to read it against. The samples go only into the teacher's PDF.
"""

from __future__ import annotations

import pandas as pd

from ...exercises.assessment import ASSESSMENT_PROMPT, RUBRIC, Level, criteria
from ...exercises.writing_tasks import TASKS
from . import pdf
from .sources import Block, Lesson
from .worksheet import question

ANSWER_LINES = 22  # about 250 words in handwriting, the most the task asks for
LEVELS_LEAD = "Your teacher will mark it with these levels"


def build_assessment(lessons: list[Lesson], paper: str = "A4") -> pdf.Handout | None:
    """Every lesson's assessment cells, questions with room to write; None if there are none."""
    blocks = [b for lesson in lessons for b in lesson.assessment]
    if not blocks:
        return None
    doc = pdf.Handout("End-of-unit assessment", paper)
    doc.add_page()
    pdf.title(doc, "End-of-unit assessment", "Answer on these pages")
    pdf.name_line(doc)
    # The notebook's own lead into its levels table is said once, above the table.
    blocks = [_without_lead(b) for b in blocks]
    if pdf.normalised(ASSESSMENT_PROMPT) not in pdf.normalised(" ".join(b.body for b in blocks)):
        pdf.markdown(doc, f"**The question.** {ASSESSMENT_PROMPT}")
    _blocks(doc, blocks)
    levels = pd.DataFrame(criteria(), columns=["Level", "What an answer at this level does"])
    pdf.table(doc, levels, f"{LEVELS_LEAD}:")
    if not any(b.is_question for b in blocks):
        pdf.keep_together(doc, lambda p: pdf.heading(p, "Your answer", 13))
        pdf.ruled_lines(doc, ANSWER_LINES)
    task = TASKS.get("assessment")
    if task is not None:
        items = [criterion.text for criterion in task.checklist]
        pdf.keep_together(doc, lambda p: pdf.checklist(p, "Before you hand it in:", items))
    return doc


def _without_lead(block: Block) -> Block:
    lines = [ln for ln in block.body.splitlines() if LEVELS_LEAD.lower() not in ln.lower()]
    return Block(block.heading, "\n".join(lines).strip(), block.kind, block.exercise_id)


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

"""A student's worksheet for one lesson: its questions, its exercises with room to write,
and the charts and tables the exercises need."""

from __future__ import annotations

import io
import re

from fpdf import FPDF

from ...drawing.style import Chart
from . import pdf
from .needs import Data, Note, Table, items_for
from .sources import Block, Lesson

# Ruled lines under each kind of question: short answers, or a paragraph of judgement.
LINES = {"Exercise": 5, "Task": 6, "Questions": 4, "Judgement": 10, "Assessment": 10}
PRINT_DPI = 200
_NUMBERED = re.compile(r"^\s*(\d+\.|[-*])\s+", re.MULTILINE)


def build_worksheet(lesson: Lesson, data: Data, paper: str = "A4") -> pdf.Handout:
    """The worksheet of ``lesson`` as an unsaved PDF document."""
    doc = pdf.Handout(f"Worksheet {lesson.title}", paper)
    doc.add_page()
    pdf.title(doc, lesson.title, "Student worksheet")
    pdf.name_line(doc)
    pdf.markdown(doc, lesson.intro)
    if lesson.sections:
        outline = "\n".join(f"{i}. {s}" for i, s in enumerate(lesson.sections, 1))
        pdf.keep_together(doc, lambda p: _outline(p, outline))
    if lesson.exercises:
        doc.ln(2)
        for number, block in enumerate(lesson.exercises):
            question(doc, block, first=number == 0, group="Exercises")
    items = items_for(lesson.number, data)
    charts = [item for item in items if isinstance(item, Chart)]
    others = [item for item in items if not isinstance(item, Chart)]
    for chart in charts:  # each on a landscape page of its own
        pdf.chart_page(doc, print_png(chart), PRINT_DPI, chart.alt)
    if others:
        doc.add_page(orientation="P")
        for number, item in enumerate(others):
            _item(doc, item, lead="For reference: tables" if number == 0 else "")
    return doc


def print_png(chart: Chart) -> bytes:
    """The chart as a PNG sharp enough to print (the screen's 100 dpi looks soft on paper)."""
    buffer = io.BytesIO()
    chart.figure.savefig(buffer, format="png", dpi=PRINT_DPI, metadata={"Software": None})
    return buffer.getvalue()


def question(doc: FPDF, block: Block, first: bool = False, group: str = "") -> None:
    """A question, its text and its room to write, on one page unless it needs more."""
    lines = answer_lines(block)

    def draw(p: FPDF) -> None:
        if first and group:
            pdf.heading(p, group, 14)
        pdf.heading(p, block.heading, 12)
        if block.body:
            pdf.markdown(p, block.body)
        pdf.ruled_lines(p, lines)

    pdf.keep_together(doc, draw)


def answer_lines(block: Block) -> int:
    """Lines to write on: by the kind of question, times its numbered parts if it has any."""
    base = LINES.get(block.kind, 5)
    parts = len(_NUMBERED.findall(block.body)) if block.kind == "Questions" else 1
    return base * max(parts, 1)


def _outline(doc: FPDF, outline: str) -> None:
    pdf.heading(doc, "The lesson, section by section", 13)
    pdf.markdown(doc, outline)


def _item(doc: pdf.Handout, item: Table | Note, lead: str = "") -> None:
    if lead and isinstance(item, Note):
        pdf.heading(doc, lead, 14)
    if isinstance(item, Table):
        pdf.table(doc, item.frame, item.title, lead=lead)
    else:
        pdf.markdown(doc, f"*{item.text}*")

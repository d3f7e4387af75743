"""Statement cards: every statement on a card to cut out, for sorting without a computer.

Each card carries the statement's id, the speaker (and role), country, form and date as the
data gives them, and the statement's words. The codes students are asked to work out (such
as its stance or kind of claim) are deliberately not printed.
"""

from __future__ import annotations

import math

import pandas as pd
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from ...data.quoting import quoted
from ...drawing.tables import label
from . import pdf

COLUMNS, ROWS = 2, 4
PER_PAGE = COLUMNS * ROWS
MARGIN = 10  # mm around the grid: inside every printer's printable area
PAD = 4  # mm inside each card
CARD_FIELDS = ["statement_id", "speaker", "role", "country", "form", "date_label", "text"]


def page_count(statements: pd.DataFrame) -> int:
    return max(math.ceil(len(statements) / PER_PAGE), 1)


def build_cards(statements: pd.DataFrame, paper: str = "A4") -> pdf.Handout:
    """Cards for every row of ``statements``, eight to a page, with dashed cut lines."""
    missing = {"statement_id", "text"} - set(statements.columns)
    if missing:
        raise ValueError(f"the statements have no column {', '.join(sorted(missing))}")
    doc = pdf.Handout("Statement cards", paper)
    doc.set_auto_page_break(False)
    width = (doc.w - 2 * MARGIN) / COLUMNS
    height = (doc.h - 2 * MARGIN - 6) / ROWS
    rows = statements.reset_index(drop=True)
    for start in range(0, max(len(rows), 1), PER_PAGE):
        doc.add_page()
        on_page = rows.iloc[start : start + PER_PAGE]
        _cut_lines(doc, width, height, math.ceil(len(on_page) / COLUMNS))
        for i, (_, row) in enumerate(on_page.iterrows()):
            x = MARGIN + (i % COLUMNS) * width
            y = MARGIN + (i // COLUMNS) * height
            _card(doc, row, x, y, width, height)
    return doc


def _cut_lines(doc: FPDF, width: float, height: float, rows: int) -> None:
    """Dashed lines around the ``rows`` rows of cards in use (the last page may have fewer)."""
    doc.set_draw_color(120)
    doc.set_line_width(0.3)
    with doc.local_context():
        doc.set_dash_pattern(dash=2.5, gap=1.5)
        for c in range(COLUMNS + 1):
            x = MARGIN + c * width
            doc.line(x, MARGIN, x, MARGIN + rows * height)
        for r in range(rows + 1):
            y = MARGIN + r * height
            doc.line(MARGIN, y, MARGIN + COLUMNS * width, y)
    doc.set_font(pdf.SANS, size=9)
    doc.set_text_color(*pdf.GREY)
    doc.text(MARGIN, MARGIN - 2.5, "✂  Cut along the dashed lines.")
    doc.set_text_color(0)


def _value(row: pd.Series, column: str) -> str:
    """The field as text, or "" when the data has no such column or no value."""
    if column not in row.index or pd.isna(row[column]):
        return ""
    return str(row[column]).strip()


def _card(doc: FPDF, row: pd.Series, x: float, y: float, width: float, height: float) -> None:
    inner = width - 2 * PAD
    who = _value(row, "speaker")
    details = [_value(row, "role"), _value(row, "country")]
    facts = [label(_value(row, "form")) if _value(row, "form") else "", _value(row, "date_label")]
    doc.set_font(pdf.SANS, "B", 10)
    doc.set_xy(x + width - PAD - 20, y + PAD)
    doc.cell(20, 5, _value(row, "statement_id"), align="R")
    doc.set_xy(x + PAD, y + PAD)
    doc.multi_cell(
        inner - 22, 5, who or "Unnamed speaker", align="L", new_x=XPos.LEFT, new_y=YPos.NEXT
    )
    doc.set_font(pdf.SANS, "", pdf.SMALLEST_PT)
    doc.set_text_color(*pdf.GREY)
    doc.multi_cell(
        inner, 4, " · ".join(filter(None, details)), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT
    )
    doc.multi_cell(
        inner, 4, " · ".join(filter(None, facts)), align="L", new_x=XPos.LEFT, new_y=YPos.NEXT
    )
    doc.set_text_color(0)
    top = doc.get_y() + 1.5
    room = y + height - PAD - top
    text = _value(row, "text")
    if "quote" in _value(row, "form"):  # the speaker's own words, marked as such
        text = quoted(text)
    size = _fitting_size(doc, text, inner, room)
    doc.set_xy(x + PAD, top)
    doc.set_font(pdf.SANS, "", size)
    doc.multi_cell(inner, size * 0.45, text, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)


def _fitting_size(doc: FPDF, text: str, width: float, room: float) -> float:
    """The largest font size, from 11 pt down to 9 pt, at which ``text`` fits the card."""
    size = 11.0
    while size > pdf.SMALLEST_PT:
        doc.set_font(pdf.SANS, "", size)
        needed = doc.multi_cell(
            width, size * 0.45, text, align="L", dry_run=True, output=MethodReturnValue.HEIGHT
        )
        if needed <= room:
            return size
        size -= 0.5
    return size

"""Lesson 06's record cards on paper, whole: the claim, the article's words, the record, what
it says, the verdict and its reason, and how to find the record with internet.

The same cards as the notebook shows (``drawing.record_cards``), in the same words; the verdict
is a symbol and a word, so it reads the same from a black-and-white printer.
"""

from __future__ import annotations

import pandas as pd
from fpdf import FPDF

from ...data.quoting import quoted
from ...drawing.record_cards import KINDS, VERDICTS, claim_noun, record_cards
from . import pdf

# The checks name the table a claim comes from; on paper, the word a student knows it by.
PAD = 3  # mm inside a card's border


def card_lines(fields: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """A card's heading and its (label, text) lines, in the order they print."""
    symbol, verdict, _ = VERDICTS.get(fields["verdict"], ("·", fields["verdict"], ""))
    table = claim_noun(fields["claim_table"])
    kind = KINDS.get(fields["record_kind"], fields["record_kind"].replace("_", " "))
    date = pdf.reader_date(fields["record_date"])
    lines = [
        (f"The article's claim ({table} {fields['claim_id']})", fields["claim"]),
        ("The article's words", quoted(fields["evidence"])),
        ("The record", f"{fields['record_issuer']}: {fields['record_title']} ({date}, {kind})"),
        ("The record says", fields["record_says"]),
    ]
    if fields["record_phrase"]:
        lines.append(("In its words", quoted(fields["record_phrase"])))
    lines += [
        ("Verdict", f"{symbol} {verdict}"),
        ("Why this verdict", fields["verdict_reason"]),
        ("To find it yourself", f"{fields['how_to_find']} Address: {fields['record_address']}"),
    ]
    return f"{fields['check_id']}   {symbol} {verdict}", lines


def print_cards(doc: pdf.Handout, checks: pd.DataFrame, lead: str = "") -> int:
    """Every row of ``checks`` as a bordered card, each kept on one page; returns how many."""
    cards = record_cards(checks)
    if cards.problem is not None:
        raise ValueError(f"the record cards cannot be printed: {cards.problem}")
    for number, card in enumerate(cards.cards):
        heading, lines = card_lines(card.fields)
        first = lead if number == 0 else ""
        pdf.keep_together(doc, lambda p, h=heading, ls=lines, f=first: _card(p, h, ls, f))
        doc.ln(3)
    return len(cards.cards)


def _card(doc: FPDF, heading: str, lines: list[tuple[str, str]], lead: str) -> None:
    if lead:
        pdf.heading(doc, lead, 14)
    top, page = doc.get_y(), doc.page
    left = doc.l_margin
    doc.set_left_margin(left + PAD)
    doc.set_right_margin(doc.r_margin + PAD)
    doc.set_xy(left + PAD, top + PAD)
    doc.set_font(pdf.SANS, "B", 11.5)
    doc.multi_cell(0, 6, heading, align="L")
    doc.ln(1)
    for label, text in lines:
        doc.set_font(pdf.SANS, "B", 10)
        doc.write(5, f"{label}: ")
        doc.set_font(pdf.SANS, "", 10)
        doc.write(5, text)
        doc.ln(6)
    doc.set_left_margin(left)
    doc.set_right_margin(doc.r_margin - PAD)
    bottom = doc.get_y() + PAD - 1
    if doc.page == page:  # a card longer than a page has no frame to close
        doc.set_draw_color(*pdf.GREY)
        doc.set_line_width(0.4)
        doc.rect(left, top, doc.epw, bottom - top)
        doc.set_draw_color(0)
    doc.set_y(bottom)
    doc.set_font(pdf.SANS, size=pdf.BODY_PT)

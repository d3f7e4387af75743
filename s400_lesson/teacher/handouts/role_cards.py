"""Lesson 07's role play on paper: the norms, a card per party, a sheet per option, the debrief.

Everything comes from ``exercises/role_play.py`` (the content) and the lesson data (the words
the cards quote by id), so a card reworded there prints reworded here. Each card and option
sheet has a page of its own, to hand to a group; what became of each option is on the last
page, for after the panel, so the sheets do not answer the debrief in advance.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from fpdf.enums import XPos, YPos

from ...exercises.role_play import (
    OPTIONS,
    OUTSIDE_WORDS,
    PANEL_TASKS,
    ROLE_CARDS,
    SET_IN,
    RoleCardView,
    Words,
    words_of,
)
from . import pdf

NORMS = (
    "You speak for a party, not for yourself; the lesson does not say which option is right.",
    "State each party's case so that its own supporters would accept it.",
    "Question ideas, never people or nations; nobody speaks for a country because of where they "
    "or their family come from.",
    "Cite your evidence by id, and say \u201ctoo early to tell\u201d when the record is thin.",
    "Anyone may pass, or ask to change group.",
)


def build_role_cards(data: Mapping[str, pd.DataFrame], paper: str = "A4") -> pdf.Handout:
    """The role play's handout: how it works, six role cards, four option sheets, a debrief."""
    doc = pdf.Handout("Lesson 07 role play", paper)
    doc.add_page()
    pdf.title(doc, "The options role play", "Lesson 07 · What should each government do?")
    _points(doc, "How we discuss it", NORMS)
    _points(doc, "The panel", PANEL_TASKS)
    _points(doc, "The parties", [f"{c.party}: {c.who}" for c in ROLE_CARDS])
    for card in ROLE_CARDS:
        doc.add_page()
        pdf.title(doc, f"Role card: {card.party}", f"{SET_IN} · read it with your group")
        for heading, text in RoleCardView(card).lines(data):
            _points(doc, heading, text.splitlines())
    for option in OPTIONS:
        doc.add_page()
        pdf.title(
            doc,
            f"Option {option.option_id}: {option.title}",
            f"{SET_IN} · as its supporters put it",
        )
        _points(doc, "What it means", [option.means])
        _points(doc, "Who supports it", [option.supporters])
        _points(doc, "In their words", [words_of(w, data) for w in option.words])
        _points(doc, "Risks and trade-offs", [option.risks])
    doc.add_page()
    pdf.title(
        doc, "After the panel: what became of anything like each option", "Up to January 2026"
    )
    for option in OPTIONS:
        events = ", ".join(option.events)
        _points(doc, f"{option.option_id}: {option.title}", [f"{option.what_happened} ({events})"])
    _sources(doc)
    return doc


def _points(doc: pdf.Handout, heading: str, lines) -> None:
    """A heading and its lines, each a paragraph with a dash, kept together on a page."""
    lines = [line for line in lines if line.strip()]

    def draw(p) -> None:
        pdf.heading(p, heading, size=12)
        p.set_font(pdf.SANS, size=pdf.BODY_PT)
        for line in lines:
            p.multi_cell(0, 5.5, f"\u2013 {line}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            p.ln(0.8)

    pdf.keep_together(doc, draw)


def _sources(doc: pdf.Handout) -> None:
    """Where the quotations from outside the lesson data come from (ids Q..)."""
    doc.add_page()
    pdf.title(doc, "Sources of the quotations marked Q", "Who published each, when, and where")
    doc.set_font(pdf.SANS, size=9)
    for ref, words in OUTSIDE_WORDS.items():
        doc.multi_cell(
            0, 4.5, source_line(ref, words), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        doc.ln(1)


def source_line(ref: str, w: Words) -> str:
    """One quotation's record: issuer, title, date, address and owner, as a reader cites it."""
    title = f"\u201c{w.title}\u201d"
    if w.title_from_address:
        title += " (title as its address gives it)"
    date = pdf.reader_date(w.date)
    return f"{ref}: {w.issuer}, {title}, {date}, {w.address} (owner: {w.owner})"

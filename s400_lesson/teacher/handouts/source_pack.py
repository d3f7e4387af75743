"""The source pack: the article's words as the lesson data holds them, and the record cards.

Part 1 prints the article in its own order, section by section with its headings and its two
photo captions and credits, one numbered passage a paragraph, so a student can cite "passage
12" or a row's id (printed under each passage, with a key on the first page to what each
id's letter stands for). Only words that some data row holds are
printed; the rest show as " … ". The order comes from ``source_pack.json``, which
``tests/source_pack_outline.py`` makes from the article (the package does not ship it).
Words the data holds that the stored outline does not yet place are printed after the
article, so every excerpt reaches the page even before the outline is remade.

Part 2 prints every record card of lesson 06, whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ...data.quoting import quoted
from ...drawing.record_cards import CLAIM_NOUNS
from . import pdf
from .record_cards import print_cards

OUTLINE = Path(__file__).with_name("source_pack.json")
NUMBER_MM = 13  # the column of passage numbers
ABOUT = (
    "The words of the news article these lessons are about, in the article's order, quoted "
    "here for you to read and cite. Only the parts the lessons use are printed; a gap in the "
    "article is shown as … . Who wrote it, and when, are for you to work out from its words "
    "(lesson 06). Cite a passage by its number (such as *passage 12*) or by an id printed "
    "under it (such as S14)."
)
# What each letter of a printed id stands for, and where a student meets it on paper. Ids
# with any other letter (the article outline's own A.. ids) are not printed: a student on
# paper never meets them, and the passage number does their work.
ID_KINDS = {
    "S": "a statement (the statement cards)",
    "E": "an event (lesson 01's timeline)",
    "T": "a group of Turkey's F-35s (lesson 03)",
    "M": "a step one government took (lesson 04)",
    "C": "a record card (part 2 of this pack)",
    "P": "an expectation about the future (lesson 07)",
}
TABLE_WORDS = {**CLAIM_NOUNS, "source_checks": "check", "actors": "actor"}
UNPLACED = "More of the article's words (their place in it is not marked)"


def load_outline(path: Path = OUTLINE) -> list[dict]:
    """The stored sections of the article, each with its passages."""
    return json.loads(path.read_text(encoding="utf-8"))


def data_words(data: dict[str, pd.DataFrame]) -> Iterator[tuple[str, str]]:
    """(words, where from) for every excerpt the data holds: each row's evidence, and for a
    direct quote its text."""
    for table, frame in data.items():
        if "evidence" not in frame.columns:
            continue
        for _, row in frame.iterrows():
            key = str(row.iloc[0]).replace("_", " ")
            where = f"{TABLE_WORDS.get(table, table.replace('_', ' '))} {key}"
            yield str(row["evidence"]), where
            if table == "statements" and row.get("form") == "direct_quote":
                yield str(row["text"]), where


def unplaced(data: dict[str, pd.DataFrame], sections: list[dict]) -> list[tuple[str, str]]:
    """The excerpts no stored passage holds (after the data gained or changed a row)."""
    words = [s["heading"] for s in sections] + [_words(p) for s in sections for p in s["passages"]]
    printed = pdf.normalised(" ".join(words))
    seen, missing = set(), []
    for words, where in data_words(data):
        if pdf.normalised(words) not in printed and words not in seen:
            seen.add(words)
            missing.append((words, where))
    return missing


def _words(passage: dict) -> str:
    if passage.get("kind") == "photo":
        return f"{passage['caption']} {passage['credit']}"
    return passage.get("text", "")


def build_source_pack(data: dict[str, pd.DataFrame], paper: str = "A4") -> pdf.Handout:
    """The source pack as an unsaved PDF document."""
    sections = load_outline()
    doc = pdf.Handout("Source pack", paper)
    doc.add_page()
    pdf.title(doc, "Source pack", "The article's words, and the records they were checked against")
    pdf.markdown(doc, ABOUT)
    pdf.markdown(doc, id_key(sections))
    number = 0
    for section in sections:
        title = section["heading"] or "The opening (the article gives it no heading)"
        if not section["passages"]:
            pdf.heading(doc, title, 13)
        for i, passage in enumerate(section["passages"]):
            number += 1
            head = title if i == 0 else ""  # a heading stays with its first passage
            pdf.keep_together(doc, lambda p, pa=passage, n=number, h=head: _passage(p, pa, n, h))
    extra = unplaced(data, sections)
    if extra:
        pdf.heading(doc, UNPLACED, 13)
        for words, where in extra:
            pdf.keep_together(doc, lambda p, w=words, r=where: _loose(p, w, r))
    if "source_checks" in data and not data["source_checks"].empty:
        doc.add_page()
        print_cards(doc, data["source_checks"], lead="The record cards (lesson 06)")
    return doc


def printed_ids(ids: list[str]) -> list[str]:
    """The ids a passage prints: those whose letter ``ID_KINDS`` explains."""
    return [i for i in ids if i[:1] in ID_KINDS]


def id_key(sections: list[dict]) -> str:
    """One line saying what the letters of the printed ids stand for (only those in use)."""
    used = {i[:1] for s in sections for p in s["passages"] for i in printed_ids(p.get("ids", []))}
    kinds = "; ".join(f"**{k}**: {v}" for k, v in ID_KINDS.items() if k in used)
    return f"The ids under a passage say where else its words come up. {kinds}."


def _passage(doc: FPDF, passage: dict, number: int, heading: str = "") -> None:
    if heading:
        pdf.heading(doc, heading, 13)
    top = doc.get_y()
    doc.set_font(pdf.SANS, "B", 10)
    doc.set_text_color(*pdf.GREY)
    doc.text(doc.l_margin, top + 4.2, str(number))
    doc.set_text_color(0)
    doc.set_x(doc.l_margin + NUMBER_MM)
    width = doc.epw - NUMBER_MM
    if passage.get("kind") == "photo":
        doc.set_font(pdf.SANS, "I", pdf.BODY_PT)
        text = f"Photo: {passage['caption']}. Credit: {passage['credit']}"
        doc.multi_cell(width, 5.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        doc.set_font(pdf.SANS, "", pdf.BODY_PT)
        doc.multi_cell(width, 5.5, passage["text"], align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        ids = printed_ids(passage.get("ids", []))
        if ids:
            doc.set_x(doc.l_margin + NUMBER_MM)
            doc.set_font(pdf.SANS, "", pdf.SMALLEST_PT)
            doc.set_text_color(*pdf.GREY)
            rows = "Ids: " + ", ".join(ids)
            doc.multi_cell(width, 4.5, rows, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            doc.set_text_color(0)
    doc.ln(2)
    doc.set_font(pdf.SANS, size=pdf.BODY_PT)


def _loose(doc: FPDF, words: str, where: str) -> None:
    doc.set_font(pdf.SANS, "", pdf.BODY_PT)
    doc.multi_cell(
        0, 5.5, f"{quoted(words)} ({where})", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    doc.ln(1)

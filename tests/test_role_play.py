"""Lesson 07's role play: every card and option cites words that exist, quotes them exactly,
names its record, stays neutral, and prints, one page per card and option sheet."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from pypdf import PdfReader
from textmatch import normalise

from s400_lesson.data.quoting import quoted_words
from s400_lesson.exercises.checklist import LOADED_WORDS
from s400_lesson.exercises.role_play import (
    OPTIONS,
    OUTSIDE_WORDS,
    ROLE_CARDS,
    card,
    cards_table,
    options_table,
    words_of,
)
from s400_lesson.teacher.handouts.role_cards import build_role_cards

PARTIES = {
    "Turkish government",
    "US administration",
    "US Congress",
    "NATO",
    "Russian government",
    "The defence industries",
}
ID = re.compile(r"\b[SCEN]\d{2}\b|\bQ\d{2}\b")


def all_text() -> list[str]:
    texts = []
    for o in OPTIONS:
        texts += [o.title, o.means, o.supporters, o.risks, o.what_happened]
    for c in ROLE_CARDS:
        texts += [c.party, c.who, c.wants, c.worries, c.may_offer, *c.panel_asks]
    return texts


def test_the_six_parties_have_cards() -> None:
    assert {c.party for c in ROLE_CARDS} == PARTIES
    assert len(cards_table()) == len(PARTIES) and 3 <= len(options_table()) <= 4


def test_every_cited_id_resolves(datasets: dict[str, pd.DataFrame]) -> None:
    cited = {w for o in OPTIONS for w in (*o.words, *o.events)}
    cited |= {w for c in ROLE_CARDS for w in c.words}
    cited |= {i for text in all_text() for i in ID.findall(text)}
    for ref in sorted(cited):
        assert words_of(ref, datasets), ref  # raises KeyError for a row that does not exist


def test_words_in_quotation_marks_are_the_speakers(datasets: dict[str, pd.DataFrame]) -> None:
    statements = datasets["statements"].set_index("statement_id")
    for ref in {w for c in ROLE_CARDS for w in c.words} | {w for o in OPTIONS for w in o.words}:
        shown = words_of(ref, datasets)
        if ref.startswith("S") and statements.loc[ref, "form"] == "direct_quote":
            # Printed as a quotation: the article's words, less a comma of its running sentence.
            assert normalise(quoted_words(statements.loc[ref, "text"])) in normalise(shown)


def test_every_outside_quotation_names_its_record() -> None:
    for ref, quote in OUTSIDE_WORDS.items():
        assert re.fullmatch(r"Q\d{2}", ref)
        assert quote.address.startswith("https://") and re.fullmatch(
            r"\d{4}-\d{2}(-\d{2})?", quote.date
        )
        assert all([quote.speaker, quote.words, quote.issuer, quote.title, quote.owner]), ref


def test_every_option_rests_on_its_supporters_words_and_the_record() -> None:
    for option in OPTIONS:
        assert option.words, option.option_id
        assert all(e.startswith("N") for e in option.events) and option.events


def test_own_words_are_neutral() -> None:
    text = " ".join(all_text()).casefold()
    used = [w for w in LOADED_WORDS if re.search(rf"\b{w}s?\b", text)]
    assert not used, used
    # The lesson never says which option is right.
    assert not re.search(r"\b(the best|the right option|should choose)\b", text)


def test_unknown_card_is_one_clear_error() -> None:
    with pytest.raises(KeyError, match="the cards are"):
        card("greece")


def test_cards_print_one_page_each_and_keep_the_debrief_apart(
    datasets: dict[str, pd.DataFrame], tmp_path
) -> None:
    path = tmp_path / "role_cards.pdf"
    build_role_cards(datasets, "A4").output(str(path))
    pages = [normalise(p.extract_text() or "") for p in PdfReader(path).pages]
    for c in ROLE_CARDS:
        (page,) = [p for p in pages if normalise(f"Role card: {c.party}") in p]
        assert normalise("The panel will ask") in page
    for o in OPTIONS:
        sheet = [p for p in pages if normalise(f"Option {o.option_id}:") in p]
        assert sheet and normalise(o.what_happened[:40]) not in sheet[0]
    assert any(normalise("After the panel") in p for p in pages)
    assert all(ref in " ".join(pages) for ref in OUTSIDE_WORDS)


def test_parallel_parties_are_named_alike() -> None:
    """Two governments, one form: 'Turkish government' beside 'Russian government', never a
    possessive for one and an adjective for the other, on the cards and the option sheets."""
    governments = [c.party for c in ROLE_CARDS if c.party.endswith("government")]
    assert sorted(governments) == ["Russian government", "Turkish government"]
    for text in all_text():
        assert not re.search(r"\b(Turkey|Russia)'s government\b", text), text

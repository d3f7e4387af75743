"""The printed group-work sheets read right to a class without computers.

The structured controversy names its two sides as lesson 02 does, labels each hand-in sheet
with its task and uses every page it takes; a printed quotation ends without the comma of
the article's running sentence; the role play's cards hold only what was known at its
moment; no page speaks of how the package was made; and the source pack explains every id
it prints.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader
from textmatch import normalise

from s400_lesson.data.quoting import quoted
from s400_lesson.exercises.role_play import (
    OPTIONS,
    OUTSIDE_WORDS,
    ROLE_CARDS,
    SET_IN,
    SET_IN_ENDS,
    words_of,
)
from s400_lesson.teacher.handouts.cards import build_cards
from s400_lesson.teacher.handouts.controversy import build_controversy
from s400_lesson.teacher.handouts.role_cards import build_role_cards
from s400_lesson.teacher.handouts.source_pack import ID_KINDS, build_source_pack
from s400_lesson.teacher.handouts.sources import read_lesson
from s400_lesson.teacher.handouts.worksheet import build_worksheet

REPO = Path(__file__).resolve().parent.parent
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
DATA = REPO / "lesson_data"
# Words about how the lessons were made, which no student should read.
MAKING_WORDS = (
    "record read",
    "records read",
    "stored copy",
    "title read from",
    "[tag page]",
    "not established",
    "records searched",
)


@pytest.fixture(scope="module")
def printed(datasets: dict[str, pd.DataFrame], tmp_path_factory) -> dict[str, Path]:
    """The group sheets and cards, and worksheet 06, built once on A4."""
    out = tmp_path_factory.mktemp("group-sheets")
    lessons = [read_lesson(p) for p in LESSONS]
    sixth = next(lesson for lesson in lessons if lesson.number == "06")
    docs = {
        "controversy": build_controversy(lessons, datasets["statements"]),
        "cards": build_cards(datasets["statements"]),
        "role_cards": build_role_cards(datasets),
        "source_pack": build_source_pack(datasets),
        "worksheet_06": build_worksheet(sixth, datasets),
    }
    paths = {}
    for name, doc in docs.items():
        paths[name] = out / f"{name}.pdf"
        doc.output(str(paths[name]))
    return paths


def pages(path: Path) -> list[str]:
    """Each page's text as printed (case kept), in single spaces."""
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(path).pages]


def lowest_mark(path: Path, page: int) -> float:
    """How far down ``page`` (0-based) its text or ruled lines reach, as a share of its height.

    The footer is left out: it prints on every page, however empty.
    """
    sheet = PdfReader(path).pages[page]
    height = float(sheet.mediabox.height)
    ys: list[float] = []

    def visit(text, _cm, tm, _font, _size) -> None:
        if text.strip() and "page" not in text:
            ys.append(float(tm[5]))

    sheet.extract_text(visitor_text=visit)
    data = sheet.get_contents().get_data()
    ys += [float(y) for y in re.findall(rb"[\d.]+ ([\d.]+) m [\d.]+ [\d.]+ l S", data)]
    return 1 - min(ys) / height


# --- 1. the structured controversy ---------------------------------------------------------


def test_sides_are_named_as_lesson_02_names_them(printed: dict[str, Path]) -> None:
    text = " ".join(pages(printed["controversy"]))
    for wrong in ("turkey's side", "the us side", "The Us side", "(the US side)"):
        assert wrong not in text, wrong
    assert "You speak for Turkey's side" in text and "You speak for the US side" in text
    assert "written by Turkey's side" in text and "written by the US side" in text
    second = read_lesson(REPO / "notebooks" / "02_positions.ipynb").controversy.body
    assert "Turkey's side" in second and "the US side" in second


def test_each_hand_in_sheet_carries_its_task_number(printed: dict[str, Path]) -> None:
    lesson = read_lesson(REPO / "notebooks" / "02_positions.ipynb")
    tasks = [e for e in lesson.exercises if e.heading.startswith("Task")]
    assert len(tasks) == 2
    sheets = pages(printed["controversy"])
    for task in tasks:
        number = task.heading.split(":")[0]  # "Task 1"
        own = [p for p in sheets if "Hand-in sheet" in p and f"{number}:" in p]
        assert len(own) == 2, (number, len(own))  # both sides of the sheet say which task
        assert normalise(task.body.split(":")[0]) in normalise(own[0])


def test_every_hand_in_page_is_used_to_its_foot(printed: dict[str, Path]) -> None:
    sheets = pages(printed["controversy"])
    hand_in = [i for i, p in enumerate(sheets) if "Hand-in sheet" in p]
    assert len(hand_in) == 4
    for i in hand_in:
        assert lowest_mark(printed["controversy"], i) > 0.75, f"page {i + 1} mostly empty"
    # The second side of a sheet holds the case itself, the checklist and the signatures.
    for i in hand_in[1::2]:
        assert "in our words" in sheets[i] and "Before you hand it in" in sheets[i]
        assert "Accepted as fair by" in sheets[i]


# --- 2. quotations -------------------------------------------------------------------------


def test_a_quotation_drops_only_a_trailing_comma() -> None:
    assert quoted("a US and NATO ally,") == "\u201ca US and NATO ally\u201d"
    assert quoted("not made overnight") == "\u201cnot made overnight\u201d"
    for end in ".?!":
        assert quoted(f"same with the United States{end}").endswith(f"{end}\u201d")


def test_the_data_keeps_the_articles_comma(datasets: dict[str, pd.DataFrame]) -> None:
    texts = datasets["statements"].set_index("statement_id")["text"]
    assert texts["S14"].endswith("ally,") and texts["S15"].endswith("S-400,")


@pytest.mark.parametrize("name", ["controversy", "cards", "role_cards"])
def test_no_printed_quotation_ends_with_a_comma(printed: dict[str, Path], name: str) -> None:
    text = " ".join(pages(printed[name]))
    assert ",\u201d" not in text  # no closing quotation mark straight after a comma
    assert "to buy the S-400\u201d" in text and "a US and NATO ally\u201d" in text


def test_role_play_and_screen_cards_quote_the_same_way() -> None:
    assert words_of("S14").startswith("\u201cTurkey is") and "ally\u201d (" in words_of("S14")
    from s400_lesson.drawing.record_cards import COLUMNS, Card

    fields = dict.fromkeys(COLUMNS, "")
    card = Card({**fields, "evidence": "a NATO ally,", "record_phrase": "ally,"})
    assert "ally,&rdquo;" not in card.html() and 'ally,"' not in card.text()
    assert "ally&rdquo;" in card.html() and 'ally"' in card.text()


# --- 3. the role play's moment -------------------------------------------------------------


def cited_before_the_panel() -> set[str]:
    """Every id the role cards and option sheets cite (not what became of each option)."""
    ids = {w for c in ROLE_CARDS for w in c.words} | {w for o in OPTIONS for w in o.words}
    texts = [t for c in ROLE_CARDS for t in (c.who, c.wants, c.worries, c.may_offer)]
    texts += [t for o in OPTIONS for t in (o.means, o.supporters, o.risks)]
    return ids | {i for t in texts for i in re.findall(r"\b[SCENQ]\d{2}\b", t)}


def test_cards_cite_only_what_was_known_at_the_role_plays_moment(
    datasets: dict[str, pd.DataFrame],
) -> None:
    ends = pd.Timestamp(SET_IN_ENDS)
    for ref in sorted(cited_before_the_panel()):
        assert not ref.startswith("N"), f"{ref} is a later event"
        if ref.startswith("Q"):
            assert pd.Timestamp(OUTSIDE_WORDS[ref].date) <= ends, ref
        if ref.startswith("S"):
            date = datasets["statements"].set_index("statement_id").loc[ref, "date"]
            assert pd.isna(date) or pd.Timestamp(date) <= ends, ref
        if ref.startswith("C"):
            date = datasets["source_checks"].set_index("check_id").loc[ref, "record_date"]
            assert pd.Timestamp(date) <= ends, ref


def test_card_and_option_pages_state_the_moment_and_nothing_later(
    printed: dict[str, Path],
) -> None:
    sheets = pages(printed["role_cards"])
    before = [p for p in sheets if p.startswith(("Role card:", "Option O"))]
    assert len(before) == len(ROLE_CARDS) + len(OPTIONS)
    for page in before:
        assert SET_IN in page, page[:60]
        assert not re.search(
            r"\b20(2[2-9])\b|\b(June|July|August|September|October|November|December) 2021\b", page
        ), page[:60]


def test_every_outside_quotation_is_cited_before_the_panel() -> None:
    # The sources page lists OUTSIDE_WORDS: none of them should be left over from a card.
    cited = {r for r in cited_before_the_panel() if r.startswith("Q")}
    assert cited == set(OUTSIDE_WORDS)


# --- 4. nothing about how the package was made ---------------------------------------------


@pytest.mark.parametrize(
    "name", ["controversy", "cards", "role_cards", "source_pack", "worksheet_06"]
)
def test_no_page_speaks_of_how_the_lessons_were_made(printed: dict[str, Path], name: str) -> None:
    text = " ".join(pages(printed[name])).casefold()
    used = [w for w in MAKING_WORDS if w.casefold() in text]
    assert not used, used


def test_no_record_cell_speaks_of_how_the_lessons_were_made(
    datasets: dict[str, pd.DataFrame],
) -> None:
    for name, frame in datasets.items():
        for column in ("record_title", "record_owner"):
            if column not in frame.columns:
                continue
            cells = frame[column].dropna().astype(str).str.casefold()
            used = [w for w in MAKING_WORDS if cells.str.contains(w.casefold(), regex=False).any()]
            assert not used, (name, column, used)
    for ref, words in OUTSIDE_WORDS.items():
        said = f"{words.title} {words.owner}".casefold()
        assert not [w for w in MAKING_WORDS if w.casefold() in said], ref


# --- 5. the ids in the source pack ---------------------------------------------------------


def test_the_source_pack_explains_every_id_it_prints(printed: dict[str, Path]) -> None:
    sheets = pages(printed["source_pack"])
    printed_ids = set(re.findall(r"\b([A-Z])\d{1,2}\b", " ".join(sheets[1:])))
    letters = {i for i in printed_ids if i in "ACEMPST"}
    assert letters <= set(ID_KINDS), letters - set(ID_KINDS)
    assert "A" not in letters  # the outline's own ids: a paper student never meets them
    for letter in letters:
        assert normalise(f"{letter}: {ID_KINDS[letter]}") in normalise(sheets[0]), letter
    assert "lesson data" not in sheets[0]

"""The second reviewer's pass over the printed A4 handouts.

Each test reads what a class without computers holds: a table cell never ends with the
comma of the article's running sentence, paper tables print reader headers and leave room
to write a guess, the exercises' words match what the sheets print, the controversy's sheets
come in the order of its rounds, and a worksheet's outline gives away no answer it asks for.
"""

from __future__ import annotations

import re

import pytest
from test_handouts import LESSONS, text_of

from s400_lesson.data import load_all
from s400_lesson.data.quoting import cell_words
from s400_lesson.drawing.tables import show_table
from s400_lesson.teacher.handouts import pdf
from s400_lesson.teacher.handouts.needs import NEEDS, Table, items_for
from s400_lesson.teacher.handouts.paper_forms import FORMS
from s400_lesson.teacher.handouts.sources import read_lesson
from s400_lesson.teacher.handouts.worksheet import build_worksheet

_BUILT: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def data():
    return load_all()


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory, data):
    """``sheet("07")``: the pages of that lesson's worksheet, as text, built once."""
    folder = tmp_path_factory.mktemp("worksheets")

    def pages(number: str) -> list[str]:
        if number not in _BUILT:
            path = folder / f"{number}.pdf"
            build_worksheet(read_lesson(lesson_path(number)), data).output(str(path))
            _BUILT[number] = text_of(path)
        return _BUILT[number]

    return pages


def lesson_path(number: str):
    return next(p for p in LESSONS if p.stem.startswith(number))


# --- 1. a table cell never ends with a comma ------------------------------------------------


def _ends_with_comma(text: str) -> bool:
    return text.rstrip().rstrip("\u201d\"'\u2019").rstrip().endswith(",")


def test_the_data_keeps_the_articles_comma_after_a_cut_quotation(data) -> None:
    quotes = data["statements"].query("form == 'direct_quote'")["text"]
    assert quotes.str.endswith(",").sum() >= 2  # "... NATO ally," and "... the S-400,"


def test_cell_words_drops_a_trailing_comma_also_inside_a_closing_quotation_mark() -> None:
    assert cell_words("as a US and NATO ally,") == "as a US and NATO ally"
    assert cell_words("\u201cto buy the S-400,\u201d") == "\u201cto buy the S-400\u201d"
    assert cell_words("Ankara, Moscow") == "Ankara, Moscow"
    assert cell_words("It ended.") == "It ended."


def test_a_printed_table_value_never_ends_with_a_comma(data) -> None:
    frame = FORMS["source_unclear"].table(data).frame  # Kirby's statements, worksheet 05
    cells = [pdf.reader_value(v) for v in frame.to_numpy().ravel()]
    assert any("NATO ally" in c for c in cells)
    assert not [c for c in cells if _ends_with_comma(c)]
    assert pdf.reader_value("buy the S-400,") == "buy the S-400"


def test_worksheet_05_prints_kirbys_quotes_without_the_articles_comma(sheet) -> None:
    # text_of gives one style of quotation mark and no space beside it. The article's
    # passage keeps its comma where its sentence runs on ('ally," Kirby said'); the
    # statement's cell, the quotation alone, ends without it.
    text = " ".join(sheet("05"))
    assert 'NATO ally"' in text
    assert 'S-400"' in text
    for cut in re.finditer(r'(ally|S-400),"(.?)', text):
        assert cut.group(2).isalpha(), cut.group(0)


def test_a_slide_table_cell_never_ends_with_a_comma(data) -> None:
    statements = data["statements"]
    usa = statements[statements["country"] == "United States"]
    shown = show_table(
        usa.query("form == 'direct_quote'"), {"speaker": "Speaker", "text": "Words (direct quotes)"}
    )
    words = list(shown.frame["Words (direct quotes)"])
    assert any(w.endswith("NATO ally") for w in words)
    assert not [w for w in words if _ends_with_comma(w)]
    assert "ally," not in shown._repr_html_()


# --- 2. paper tables print reader headers, and room to write a guess ------------------------


def all_paper_tables(data) -> list:
    """Every table a worksheet prints: each lesson's reference tables and its forms' tables."""
    found = [i for n in NEEDS for i in items_for(n, data) if isinstance(i, Table)]
    return found + [f.table(data) for f in FORMS.values() if f.table]


def test_no_paper_table_prints_a_column_name_as_its_header(data) -> None:
    for table in all_paper_tables(data):
        for column in table.frame.columns:
            shown = pdf.column_header(column)
            assert "_" not in shown and not re.search(r"\b(id|label)$", shown), (table.title, shown)
            assert shown[:1].isupper(), (table.title, shown)


def test_a_column_still_named_as_in_the_data_prints_under_a_readers_header() -> None:
    assert pdf.column_header("event_id") == "Event"
    assert pdf.column_header("date_label") == "Date"
    assert pdf.column_header("main_event_id") == "Main event"
    assert pdf.column_header("Country of the speaker") == "Country of the speaker"


def test_worksheet_07_tables_print_reader_headers(sheet) -> None:
    text = " ".join(sheet("07"))
    for raw in ["event id", "date label", "prediction id", "main event id"]:
        assert raw not in text, raw
    assert "Main event" in text


def test_worksheet_07_leaves_a_column_wide_enough_to_write_a_guess_in(data) -> None:
    table = next(t for t in items_for("07", data) if t.title.startswith("The seven expectations"))
    assert list(table.frame.columns)[-1] == "Your guess"
    assert not table.frame["Your guess"].str.strip().any()  # blank, for the student
    doc = pdf.Handout("test")
    doc.add_page()
    header = [pdf.column_header(c) for c in table.frame.columns]
    rows = [[pdf.reader_value(v) for v in row] for row in table.frame.itertuples(index=False)]
    widths = pdf._column_widths(doc, [header, *rows], 10)
    assert widths[-1] >= 35  # mm: room for "too early or not checkable" by hand
    form = FORMS["predictions_happened"].text
    assert "Your guess" in form


# --- 3. worksheet 06 names what the source pack prints under a passage ----------------------


def test_the_last_word_exercise_names_the_ids_the_source_pack_prints(sheet) -> None:
    from s400_lesson.teacher.handouts.source_pack import load_outline, printed_ids

    text = FORMS["clue_last_word"].text
    assert "rows beside" not in text
    assert "*Ids:*" in text  # the label the source pack prints under a passage
    last = [p for s in load_outline() for p in s["passages"] if p.get("kind") == "text"][-1]
    assert any(i.startswith("S") for i in printed_ids(last["ids"]))
    assert "ids printed under it" in " ".join(sheet("06"))


# --- 4. worksheet 00 prints the cross-tabulation its exercise reads -------------------------


def test_worksheet_00_prints_the_cross_tabulation_of_actors_by_kind_and_country(data) -> None:
    form = FORMS["start_us_spokespeople"]
    frame = form.table(data).frame
    assert list(frame.columns) == [
        "Kind of actor", "Turkey", "United States", "Russia", "Pakistan", "China"
    ]  # fmt: skip
    actors = data["actors"]
    assert len(frame) == actors["kind"].nunique()  # one row a kind, not one an actor
    row = frame.set_index("Kind of actor").loc["spokesperson"]
    us = actors.query("country == 'United States' and kind == 'spokesperson'")
    assert int(row["United States"]) == len(us)
    assert "cross-tabulation" in form.text


# --- 5. the controversy's sheets come in the order of its rounds ----------------------------


def test_controversy_prints_task_1_before_task_2_each_after_its_role_card(data, tmp_path) -> None:
    from s400_lesson.teacher.handouts.controversy import build_controversy

    lessons = [read_lesson(path) for path in LESSONS]
    path = tmp_path / "controversy.pdf"
    build_controversy(lessons, data["statements"]).output(str(path))
    firsts = [page.split(" Hand-in sheet")[0][:7] for page in text_of(path)]
    tasks = [i for i, first in enumerate(firsts) if first.startswith("Task")]
    assert [firsts[i] for i in tasks] == ["Task 1:", "Task 1:", "Task 2:", "Task 2:"]
    cards = [i for i, page in enumerate(text_of(path)) if page.startswith("Role card")]
    assert len(cards) == 2
    assert cards[0] < tasks[0] < cards[1] < tasks[2]  # each side's card, then its sheet


# --- 6. a worksheet's outline gives away no outcome the students guess ----------------------

VERDICT_HEADINGS = [
    "The S-400s and the sanctions stayed",
    "have moved on",
    "later restricted RT",
]


def test_worksheet_07_outline_states_no_outcome_before_the_guessing(sheet) -> None:
    first = sheet("07")[0]
    outline = first[first.index("section by section") : first.index("Exercises")]
    assert "Guess first" in outline
    for verdict in VERDICT_HEADINGS:
        assert verdict not in outline, verdict
    assert "What became of the S-400s, the sanctions and Turkey's fighter plans" in outline
    # The notebook keeps its heading.
    assert any(VERDICT_HEADINGS[0] in s for s in read_lesson(lesson_path("07")).sections)


def test_after_a_guess_the_outline_prints_only_neutral_words(monkeypatch) -> None:
    from s400_lesson.teacher.handouts import worksheet

    monkeypatch.setattr(worksheet, "OUTLINE_AFTER_GUESS", {"The sanctions stayed": "Sanctions"})
    sections = ["The deal", "Guess first: what happened?", "The sanctions stayed", "A new claim"]
    assert worksheet.outline_headings(sections) == [
        "The deal",
        "Guess first: what happened?",
        "Sanctions",
    ]  # a heading after the guess with no neutral words is left off
    assert worksheet.outline_headings(["The deal", "The sanctions stayed"]) == [
        "The deal",
        "The sanctions stayed",
    ]  # no guess: every heading as it is


def test_every_neutral_outline_wording_is_for_a_heading_a_lesson_has() -> None:
    from s400_lesson.teacher.handouts.paper_forms import OUTLINE_AFTER_GUESS

    headings = {h for path in LESSONS for h in read_lesson(path).sections}
    assert not set(OUTLINE_AFTER_GUESS) - headings

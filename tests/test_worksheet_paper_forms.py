"""The printed worksheets as a class without computers uses them.

Each worksheet is built straight from its notebook and the shipped data, then read back with
the helpers of test_handouts.py: a task prints what it needs, no answer is printed before the
activity that asks for it, a table repeats only by reference, and nothing on the page speaks
of the computer, of tables the student does not hold, or of how the package was made.
"""

from __future__ import annotations

import re

import pytest
from test_handouts import LESSONS, text_of

from s400_lesson.data import load_all
from s400_lesson.teacher.handouts.sources import read_lesson
from s400_lesson.teacher.handouts.worksheet import build_worksheet, paper_intro

_BUILT: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory):
    """``sheet("07")``: the pages of that lesson's worksheet, as text, built once."""
    data = load_all()
    folder = tmp_path_factory.mktemp("worksheets")

    def pages(number: str) -> list[str]:
        if number not in _BUILT:
            notebook = next(p for p in LESSONS if p.stem.startswith(number))
            path = folder / f"{number}.pdf"
            build_worksheet(read_lesson(notebook), data).output(str(path))
            _BUILT[number] = text_of(path)
        return _BUILT[number]

    return pages


def page_with(pages: list[str], words: str) -> int:
    """The index of the first page that has ``words``."""
    return next(i for i, page in enumerate(pages) if words in page)


# --- worksheet 00 ---------------------------------------------------------------------------


def summary_sentences() -> list[str]:
    """The numbered sentences of lesson 00's summary section, as the notebook words them."""
    lesson = read_lesson(next(p for p in LESSONS if p.stem.startswith("00")))
    body = lesson.section_text("The dispute is about one purchase")
    return [s for s in re.findall(r"^\s*\d+\.\s+(.+)$", body, re.MULTILINE)]


def test_summary_task_prints_the_five_sentences_it_asks_about(sheet) -> None:
    pages = sheet("00")
    task = pages[page_with(pages, "Task 1")]
    sentences = summary_sentences()
    assert len(sentences) == 5
    for sentence in sentences:
        assert " ".join(sentence.split()[:8]) in task, sentence
    assert "on the slides" not in " ".join(pages)


def test_start_here_leaves_the_computer_only_teaching_to_one_line(sheet) -> None:
    text = " ".join(sheet("00"))
    for computer in [
        "Shift+Enter",
        "run a cell",
        "JupyterLab runs a lesson",
        "Widgets let you",
        "Exercises check your answer",
        "geocoder",
    ]:
        assert computer not in text, computer
    assert "Prerequisites: none." in text


def test_paper_intro_drops_a_computer_sentence_but_keeps_the_rest_of_its_line() -> None:
    intro = "**Prerequisites:** none. You only need to know how to run a cell (Shift+Enter)."
    assert paper_intro(intro).startswith("**Prerequisites:** none.")
    assert "cell" not in paper_intro(intro)


def test_the_map_source_line_names_its_data_not_the_package_that_ships_it() -> None:
    from s400_lesson.drawing.world_map import world_map

    figure = world_map().figure
    source = [t.get_text() for t in figure.texts if "Natural Earth" in t.get_text()]
    assert source and "package" not in source[0] and "geocoder" not in source[0]


def test_chart_source_lines_name_the_data_not_a_folder() -> None:
    from s400_lesson.drawing.static_charts import timeline_chart

    figure = timeline_chart(load_all()["events"]).figure
    source = " ".join(t.get_text() for t in figure.texts if t.get_text().startswith("Source:"))
    assert "lesson_data/" not in source and "the lessons' data" in source


@pytest.mark.parametrize(("number", "country"), [("00", "Russia"), ("02", "Turkey")])
def test_counting_cards_names_the_field_the_card_prints(sheet, number: str, country: str) -> None:
    text = " ".join(sheet(number))
    assert f"cards that say {country}" not in text
    assert "speaker's country" in text


@pytest.mark.parametrize("number", ["02", "05"])
def test_the_united_states_has_its_article(sheet, number: str) -> None:
    text = " ".join(sheet(number))
    assert "from United States" not in text
    assert "from the United States" in text


# --- worksheet 01 ---------------------------------------------------------------------------


def test_timeline_gap_words_e01_as_the_data_does(sheet) -> None:
    text = " ".join(sheet("01"))
    assert "F-35 production (E01)" not in text
    assert "joining the F-35 programme" in text


def test_timeline_spans_names_every_mark_it_counts(sheet) -> None:
    pages = sheet("01")
    exercise = pages[page_with(pages, "how many events are spans")]
    assert "hollow marker with a bar" not in exercise
    assert "circled" in exercise and "no day" in exercise


# --- worksheet 03 ---------------------------------------------------------------------------


def test_aircraft_table_heading_does_not_claim_every_group_was_built_for_turkey(sheet) -> None:
    text = " ".join(sheet("03"))
    assert "The aircraft built for Turkey" not in text


# --- worksheet 05 ---------------------------------------------------------------------------


def test_unclear_attribution_is_not_given_away_nor_cites_tables_the_student_lacks(sheet) -> None:
    pages = sheet("05")
    text = " ".join(pages)
    for leak in ["Attribution unclear", "outside statements", "check C10", "month. The article"]:
        assert leak not in text, leak
    exercise = pages[page_with(pages, "find the unclear attribution")]
    assert "which plays into Russia's hands" in exercise  # the words to judge, as printed


def test_motive_count_points_to_the_codings_table_by_number(sheet) -> None:
    pages = sheet("05")
    exercise = pages[page_with(pages, "count the motive claims")]
    number = re.search(r"Use Table (\d+), at the end of this worksheet", exercise).group(1)
    assert f"Table {number}: How each statement is coded" in " ".join(pages)


def test_neutral_summary_prompt_and_checklist_agree(sheet) -> None:
    pages = sheet("05")
    task = pages[page_with(pages, "Task 2: a neutral summary")]
    assert "Has 4 to 6 sentences" in task
    assert "four to six sentences" in task and "in five sentences" not in task


def test_coding_task_names_a_rule_the_student_has(sheet) -> None:
    text = " ".join(sheet("05"))
    assert "codebook" not in text
    assert "motive claim is never" in text


# --- worksheet 07 ---------------------------------------------------------------------------


def test_no_verdict_is_printed_before_the_guesses(sheet) -> None:
    pages = sheet("07")
    guess = page_with(pages, "guess a verdict for each first")
    verdicts = page_with(pages, "The verdicts, to read after your guesses")
    assert guess <= verdicts
    for page in pages[:guess]:
        assert "too early or not checkable" not in page


def test_the_later_events_table_is_printed_once_and_referred_to(sheet) -> None:
    text = " ".join(sheet("07"))
    assert text.count("The US formally ends Turkey's F-35 partnership") == 1
    assert text.count("Kalın becomes head of Turkey's intelligence service") == 1
    assert re.search(r"Use Table \d", text)
    assert "record is in the notebook" not in text


def test_a_table_referred_to_is_numbered_where_it_prints(sheet) -> None:
    text = " ".join(sheet("07"))
    numbers = set(re.findall(r"Use Table (\d+)", text))
    assert numbers
    for number in numbers:
        assert re.search(rf"Table {number}: ", text), number


# --- worksheet 04 ---------------------------------------------------------------------------


def test_the_steps_print_once_beside_the_one_view_only_an_exercise_needs(sheet) -> None:
    text = " ".join(sheet("04"))
    # Exercise 1's table (who took each step, and what kind of actor) and the reference table.
    assert text.count("Turkey takes delivery of the S-400") == 2
    assert text.count("Faruk Yiğit") == 1

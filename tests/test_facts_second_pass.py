"""Facts and framing, second pass (issue #20): what a fact-checker found, kept where users see it.

Each test reads what a student or teacher sees (the data, a notebook's text, the guide, a model
answer, a chart's alt text and legend) and fails on the content before the second pass. The
``BREAKS`` at the end corrupt a scratch copy of the data to show the data checks can fail too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from matplotlib.text import Text
from test_facts import set_cell

from s400_lesson import load_all, load_f35_delivery_plan
from s400_lesson.drawing.style import POSITION_STYLE
from s400_lesson.exercises.assessment import RUBRIC
from s400_lesson.exercises.writing_tasks import TASKS

REPO = Path(__file__).resolve().parent.parent
GUIDE = REPO / "teacher" / "teacher_guide.md"
CODEBOOK = REPO / "lesson_data" / "README.md"
OUTSIDE = ("source_checks", "outside_statements", "air_defence_history")


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (markdown wraps lines)."""
    return re.sub(r"\s+", " ", text)


def guide() -> str:
    return flat(GUIDE.read_text(encoding="utf-8"))


def lesson(stem: str) -> str:
    """A lesson's markdown, as a student reads it."""
    nb = nbformat.read(REPO / "notebooks" / f"{stem}.ipynb", as_version=4)
    return flat(" ".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def answers() -> dict[str, str]:
    """Every model answer and assessment sample a teacher or student is shown."""
    shown = {f"task {k}": t.model or "" for k, t in TASKS.items()}
    shown |= {f"sample {level.name}": level.sample for level in RUBRIC}
    return shown


def row(frame: pd.DataFrame, value: str) -> pd.Series:
    (found,) = [r for _, r in frame.iterrows() if r.iloc[0] == value]
    return found


# --- the F-35 plan: planned is not ordered --------------------------------------------------


def test_the_plan_keeps_planned_apart_from_ordered(datasets: dict[str, pd.DataFrame]) -> None:
    plan = datasets["f35_delivery_plan"]
    assert plan["planned_deliveries"].sum() == 100
    assert "ordered_by_then" in plan, "the plan table says nothing of what was ordered"
    assert plan["ordered_by_then"].max() == 30
    assert (plan["ordered_by_then"] <= plan["planned_cumulative"].max()).all()
    notes = " ".join(plan["note"].dropna())
    assert "ordered 30" in notes and "TRT World" in notes


def test_the_plan_chart_draws_the_orders_against_the_plan() -> None:
    from s400_lesson.drawing.static_charts import plan_chart

    chart = plan_chart(load_f35_delivery_plan())
    labels = [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    assert any(label.startswith("Ordered") for label in labels), labels
    assert "30 aircraft Turkey had ordered" in chart.alt
    shown = " ".join(t.get_text() for t in chart.figure.findobj(Text))
    assert "planned deliveries forgone" in shown


def test_lesson_03_and_the_guide_do_not_call_the_plan_a_contract() -> None:
    text = lesson("03_f35_plan")
    assert "contract promised" not in text
    assert "30 had been ordered" in text and "plan is not an order" in text
    assert "of which Turkey had ordered 30" in guide()


# --- parts, 2002, ATAK ------------------------------------------------------------------------


def test_the_glossary_says_parts_went_on_after_the_exclusion(
    datasets: dict[str, pd.DataFrame],
) -> None:
    f35 = row(datasets["glossary"], "f35")
    assert "until its exclusion" not in f35["definition"]
    assert "2022" in f35["definition"] and "TRT World" in f35["source_note"]


def test_e01_is_the_development_phase_and_2007_is_dated(datasets: dict[str, pd.DataFrame]) -> None:
    e01 = row(datasets["events"], "E01")
    assert "development" in e01["title"] and "production" not in e01["title"]
    assert "25 January 2007" in e01["note"]
    assert "joining F-35 production" not in lesson("01_timeline")


def test_m08_is_coded_from_the_record(datasets: dict[str, pd.DataFrame]) -> None:
    m08 = row(datasets["measures"], "M08")
    assert (m08["kind"], m08["status"], m08["source"]) == (
        "export_licences_not_issued",
        "pending",
        "external",
    )
    assert "licences" in m08["title"] and "blocked" not in m08["title"]
    assert "restrictive measures" in m08["note"] and "Defense News" in m08["source_note"]
    assert "ATAK block" not in guide() + lesson("04_sanctions")


# --- quotations: the article's wording, and the English on record ----------------------------


def test_each_original_wording_is_linked_both_ways(datasets: dict[str, pd.DataFrame]) -> None:
    outside = datasets["outside_statements"]
    originals = outside[outside["purpose"] == "original_words"]
    assert set(originals["article_statement_id"]) >= {"S03", "S04", "S14", "S15"}
    statements = datasets["statements"].set_index("statement_id")
    for _, original in originals.iterrows():
        quoted = statements.loc[original["article_statement_id"]]
        assert flat(original["text"]) != flat(quoted["text"])
        assert original["outside_id"] in quoted["note"], (original["outside_id"], quoted.name)


def test_kalins_english_is_shown_beside_the_articles_wording(
    datasets: dict[str, pd.DataFrame],
) -> None:
    s04 = datasets["statements"].set_index("statement_id").loc["S04", "note"]
    assert (
        "We can have these S-400s that will not be integrated into the NATO defense system" in s04
    )
    assert "article's wording" in s04


@pytest.mark.parametrize(
    ("articles_words", "english_on_record"),
    [
        ("has the right to have", "We can have these S-400s"),
        ("runs counter", "inconsistent with Turkey's commitments"),
    ],
)
def test_answers_that_quote_a_translated_line_give_the_english(
    articles_words: str, english_on_record: str
) -> None:
    missing = [
        name
        for name, text in answers().items()
        if articles_words in text and english_on_record not in text
    ]
    assert not missing, f"quote {articles_words!r} without the record's English: {missing}"


def test_kirbys_own_words_are_given_for_s16(datasets: dict[str, pd.DataFrame]) -> None:
    s16 = datasets["statements"].set_index("statement_id").loc["S16", "note"]
    assert "revenue, access and influence" in s16
    assert "a reader cannot tell" not in lesson("05_reading_the_source")


# --- the analysts and the outlets --------------------------------------------------------------


def test_sidorovs_post_is_on_record(datasets: dict[str, pd.DataFrame]) -> None:
    sidorov = row(datasets["actors"], "sidorov")
    assert "Dean" in sidorov["source_note"] and "msu.ru" in sidorov["source_note"]
    shown = lesson("06_checking_the_source") + guide() + TASKS["lateral_reading"].model
    for old in ("no record describing", "no independent way to weigh", "no record found."):
        assert old not in shown, old
    assert "dean" in TASKS["lateral_reading"].model


def test_rt_and_rossiya_segodnya_share_an_editor() -> None:
    for text in (lesson("06_checking_the_source"), guide()):
        assert "no direct link with RT" not in text
        assert "Simonyan" in text


def test_every_record_names_its_owner(datasets: dict[str, pd.DataFrame]) -> None:
    for name in OUTSIDE:
        owners = datasets[name]["record_owner"]
        assert owners.notna().all() and (owners.str.len() > 5).all(), name
    owners = " ".join(datasets["source_checks"]["record_owner"])
    # Turkish state media and a pro-government group are named as plainly as RT.
    assert "TRT" in owners and "state-controlled" in owners and "Kalyon" in owners
    assert "record_owner" in lesson("06_checking_the_source")


def test_the_codebook_lists_every_record(datasets: dict[str, pd.DataFrame]) -> None:
    codebook = CODEBOOK.read_text(encoding="utf-8")
    missing = [
        address
        for name in OUTSIDE
        for address in datasets[name]["record_address"]
        if address not in codebook
    ]
    assert not missing, missing
    assert "| `record_owner` |" in codebook


# --- each side's case, NATO's voice, where the story starts ------------------------------------


def test_each_government_and_nato_speak_in_their_own_records(
    datasets: dict[str, pd.DataFrame],
) -> None:
    outside = datasets["outside_statements"]
    reasons = outside[outside["purpose"] == "stated_reason"]
    assert set(reasons["side"]) == {"Turkey", "United States"}
    us = reasons[reasons["side"] == "United States"]["date_iso"].str[:7]
    assert {"2019-07", "2020-12"} <= set(us), "the US reasons at the removal and the sanctions"
    assert "NATO" in set(outside.loc[outside["purpose"] == "nato_view", "side"])
    assert (outside["source"] == "external").all()
    kalin = outside[outside["article_statement_id"] == "S04"]["note"].iloc[0]
    assert "do not give Kalın's reason" in kalin


def test_the_us_reasons_for_the_sanctions_are_shown(datasets: dict[str, pd.DataFrame]) -> None:
    card = row(datasets["source_checks"], "C17")
    assert card["claim_id"] == "M01" and "substantial funds" in card["record_phrase"]
    text = lesson("04_sanctions")
    assert "substantial funds to Russia's defense sector" in text and "C17" in text


def test_the_story_starts_before_the_purchase(datasets: dict[str, pd.DataFrame]) -> None:
    history = datasets["air_defence_history"]
    assert history["date"].min() < pd.Timestamp("2017-01-01")
    assert (history["source"] == "external").all() and history["record_address"].notna().all()
    assert "The dispute began when" not in lesson("00_start_here")
    assert "air_defence_history.csv" in lesson("01_timeline")
    assert "come first in time" not in guide()


def test_position_labels_are_parallel() -> None:
    keep = POSITION_STYLE["turkey_should_keep"][2]
    give_up = POSITION_STYLE["turkey_should_give_up"][2]
    assert keep.split()[:3] == give_up.split()[:3], (keep, give_up)
    # the codes a student reads in pandas are parallel too
    assert {k for k in POSITION_STYLE if k.startswith("turkey_")} == {
        "turkey_should_keep",
        "turkey_should_give_up",
    }
    for text in (lesson("02_positions"), guide(), flat(CODEBOOK.read_text(encoding="utf-8"))):
        assert "may keep the S-400" not in text


# --- the guide's sentences -----------------------------------------------------------------------


def test_the_guide_says_what_the_records_and_figures_say() -> None:
    text = guide()
    assert "7 April 2021" not in text and "took effect on 14 December 2020" in text
    assert "most of the quoted words" not in text and "49.6 %" in text
    assert '"Russia is a side in the dispute"' not in text


def test_summary_reword_works_from_sentence_2_as_it_stands() -> None:
    model = TASKS["summary_reword"].model
    sentence_2 = lesson("00_start_here").split("2. ", 1)[1].split(" 3. ", 1)[0]
    assert "objects" not in sentence_2 and "'objects'" not in model
    assert "The two governments disagree" in model


def test_enemy_is_called_the_translations_word() -> None:
    assert "the English translation's word" in lesson("06_checking_the_source")


# --- each data check can fail ---------------------------------------------------------------------

Check = Callable[[dict[str, pd.DataFrame]], None]
BREAKS: dict[str, tuple[Check, tuple[str, str, str, str]]] = {
    "the orders as large as the plan": (
        test_the_plan_keeps_planned_apart_from_ordered,
        ("f35_delivery_plan.csv", "2027", "ordered_by_then", "100"),
    ),
    "E01 as production again": (
        test_e01_is_the_development_phase_and_2007_is_dated,
        ("events.csv", "E01", "title", "Turkish companies join F-35 production"),
    ),
    "M08 in Kalın's words": (
        test_m08_is_coded_from_the_record,
        ("measures.csv", "M08", "status", "taken"),
    ),
    "a quote unlinked from its English": (
        test_each_original_wording_is_linked_both_ways,
        ("statements.csv", "S14", "note", "Kirby at a news conference."),
    ),
    "a record without its owner": (
        test_every_record_names_its_owner,
        ("outside_statements.csv", "O07", "record_owner", "n/a"),
    ),
    "Kalın's missing reason not said": (
        test_each_government_and_nato_speak_in_their_own_records,
        ("outside_statements.csv", "O12", "note", "Excerpts of the interview."),
    ),
}


@pytest.mark.parametrize(("fact", "cell"), BREAKS.values(), ids=BREAKS.keys())
def test_each_second_pass_check_can_fail(
    fact: Check, cell: tuple[str, ...], data_copy: Path
) -> None:
    set_cell(data_copy, *cell)
    with pytest.raises(AssertionError):
        fact(load_all(data_copy))

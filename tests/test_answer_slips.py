"""What a student sees from check(): every defensible answer accepted, each predictable slip
named before the hint, each tolerance held at its edge, and each answer computed here again
from the CSV files, apart from the package's own code."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from test_practice import RIGHT as PRACTICE_RIGHT

from s400_lesson import load_source_checks, load_statements
from s400_lesson.exercises import answer_checks
from s400_lesson.exercises.answer_checks import COMPLEMENT, PROPORTION, Feedback, check, solution
from s400_lesson.exercises.exercise_table import EXERCISES

DATA = Path(__file__).resolve().parent.parent / "lesson_data"


def rows(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def share(part: float, whole: float) -> float:
    return round(100 * part / whole, 1)


def quoted_words(country: str | None = None) -> int:
    return sum(
        len(r["text"].split())
        for r in rows("statements")
        if r["form"] == "direct_quote" and country in (None, r["country"])
    )


def independent_answers() -> dict[str, object]:
    """Every exercise's answer, worked out from the raw CSV rows with no package code."""
    events = {r["event_id"]: r for r in rows("events")}
    statements = rows("statements")
    measures = rows("measures")
    checks = rows("source_checks")
    plan = rows("f35_delivery_plan")
    aircraft = rows("f35_turkish_aircraft")
    planned = sum(int(r["planned_deliveries"]) for r in plan)
    turkish_to_usaf = sum(
        int(r["aircraft"])
        for r in aircraft
        if r["built_for"] == "turkey" and r["buyer_id"] == "us_air_force"
    )
    kinds = {r["statement_id"]: r["claim_kind"] for r in statements}
    return {
        "timeline_gap": int(events["E02"]["date"][:4]) - int(events["E01"]["date"][:4]),
        "timeline_article_dated": sorted(
            i for i, r in events.items() if r["date_basis"] == "article"
        ),
        "positions_turkey_count": sum(r["country"] == "Turkey" for r in statements),
        "positions_us_speakers": len(
            {r["speaker"] for r in statements if r["country"] == "United States"}
        ),
        "plan_forgone_2021": sum(
            int(r["planned_deliveries"]) for r in plan if int(r["year"]) >= 2021
        ),
        "plan_share_turkish": share(turkish_to_usaf, planned),
        "sanctions_targets": sum(r["measure_id"] == "M01" for r in rows("sanction_targets")),
        "sanctions_undated": sorted(r["measure_id"] for r in measures if not r["date"]),
        "steps_turkey_taken": sum(
            r["acting_country"] == "Turkey" and r["status"] == "taken" for r in measures
        ),
        "source_sort": {i: kinds[i] for i in sorted(["S17", "S25", "S24", "S20"])},
        "source_unclear": next(
            r["statement_id"] for r in statements if r["note"].startswith("Attribution unclear")
        ),
        "source_russia_share": share(
            sum(r["country"] == "Russia" for r in statements), len(statements)
        ),
        "source_quoted_words_russia": share(quoted_words("Russia"), quoted_words()),
        "source_motive_claims": sum(r["attributes_motive"] == "yes" for r in statements),
        "checks_confirmed": sum(r["verdict"] == "confirmed" for r in checks),
        "checks_not_confirmed": sorted(
            r["check_id"] for r in checks if r["verdict"] != "confirmed"
        ),
        "checks_contradicted_claim": next(
            r["claim_id"] for r in checks if r["verdict"] == "contradicted"
        ),
        **later_answers(statements, measures, events),
    }


def later_answers(
    statements: list[dict[str, str]], measures: list[dict[str, str]], events: dict
) -> dict[str, object]:
    """The exercises of lessons 00, 01, 02, 04, 06 (new practice) and 07, from the raw rows."""
    actors = {r["actor_id"]: r for r in rows("actors")}
    outline = rows("article_outline")
    later = rows("later_events")
    predictions = rows("predictions")
    country_of = {r["statement_id"]: r["country"] for r in statements}
    speaker_of = {r["statement_id"]: r["speaker"] for r in statements}
    caption = next(i for i, r in enumerate(outline) if r["evidence"] == "SAM S-400")
    last_passage = [r for r in outline if r["kind"] == "passage"][-1]["statement_ids"].split()
    text = " ".join(r["evidence"] for r in outline)
    return {
        # the map: the named countries in NATO in 2021, and the two with a Black Sea coast
        "start_nato_members": ["Turkey", "United States"],
        "start_black_sea": ["Russia", "Turkey"],
        "start_us_spokespeople": sum(
            a["country"] == "United States" and a["kind"] == "spokesperson" for a in actors.values()
        ),
        "start_explorer_russia": sum(r["country"] == "Russia" for r in statements),
        "timeline_spans": sum(r["date_precision"] != "day" for r in events.values()),
        "positions_quote_or_report": {
            r["statement_id"]: r["form"]
            for r in statements
            if r["statement_id"] in ("S04", "S12", "S14", "S21")
        },
        "steps_by_legislators": sum(
            actors[m["actor_id"]]["kind"] == "legislature" for m in measures
        ),
        "sanctions_bill_law": next(
            m["measure_id"]
            for m in measures
            if m["kind"] == "legislation" and m["status"] == "taken"
        ),
        "clue_photo_credit": outline[caption + 1]["evidence"].lstrip("©").split("/")[0].strip(),
        "clue_interview": sorted(
            set(re.findall(r"in an interview with ([A-Z]\w*(?: [A-Z]\w*)*)", text))
        ),
        "clue_last_word": " ".join(sorted({speaker_of[i] for i in last_passage})),
        "next_s400_events": sum(r["category"] == "s400_systems" for r in later),
        "next_rt_measures": sorted(
            r["event_id"] for r in later if r["category"] == "measures_on_rt"
        ),
        "next_kalin_post": next(r["event_id"] for r in later if r["bears_on_id"] == "kalin"),
        "predictions_happened": sum(r["verdict"] == "happened" for r in predictions),
        "predictions_from_russia": sorted(
            p["prediction_id"] for p in predictions if country_of.get(p["statement_id"]) == "Russia"
        ),
    }


def test_every_answer_matches_an_independent_computation():
    expected = independent_answers()
    assert sorted(expected) == sorted(EXERCISES)
    for exercise_id, value in expected.items():
        assert solution(exercise_id) == value, exercise_id
        assert check(exercise_id, value).correct, exercise_id


def test_the_answers_a_teacher_reads_in_the_guide_are_these():
    """Pinned values: a change in the data shows up here as well as in the guide's table."""
    assert independent_answers() == {
        "timeline_gap": 15,
        "timeline_article_dated": ["E01", "E02", "E03", "E07"],
        "positions_turkey_count": 12,
        "positions_us_speakers": 4,
        "plan_forgone_2021": 70,
        "plan_share_turkish": 8.0,
        "sanctions_targets": 5,
        "sanctions_undated": ["M08", "M10", "M11"],
        "steps_turkey_taken": 2,
        "source_sort": {"S17": "fact", "S20": "demand", "S24": "prediction", "S25": "opinion"},
        "source_unclear": "S16",
        "source_russia_share": 38.2,
        "source_quoted_words_russia": 49.6,
        "source_motive_claims": 8,
        "checks_confirmed": 12,
        "checks_not_confirmed": ["C02", "C08", "C10", "C11", "C15"],
        "checks_contradicted_claim": "T2",
        **PRACTICE_RIGHT,  # lessons 00-06's practice, pinned in test_practice.py
        "next_s400_events": 5,
        "next_rt_measures": ["N06", "N07", "N21", "N22"],
        "next_kalin_post": "N15",
        "predictions_happened": 3,
        "predictions_from_russia": ["P04", "P05", "P06"],
    }


# ---- What a student sees ----------------------------------------------------------------


def test_a_right_answer_shows_a_green_tick_and_no_hint():
    feedback = check("timeline_gap", 15)
    assert feedback.correct and bool(feedback)
    assert feedback.message == "Well done."
    assert repr(feedback) == "Correct: Well done."
    assert feedback._repr_html_() == (
        '<div class="s400-feedback" style="border-left:4px solid #006d2c;padding:4px 8px">'
        "<b>✔ Correct.</b> Well done.</div>"
    )


def test_a_wrong_answer_shows_not_yet_with_its_hint():
    feedback = check("timeline_gap", 3)
    hint = EXERCISES["timeline_gap"].hint
    assert not feedback.correct and not bool(feedback)
    assert feedback.message == f"Hint: {hint}"
    assert repr(feedback) == f"Not yet: Hint: {hint}"
    assert feedback._repr_html_() == (
        '<div class="s400-feedback" style="border-left:4px solid #a63603;padding:4px 8px">'
        f"<b>✘ Not yet.</b> Hint: {hint}</div>"
    )
    assert "✔" not in feedback._repr_html_()


def test_the_empty_answer_cell_is_named_as_the_lesson_writes_it():
    for empty in (..., None, "", "   "):
        feedback = check("timeline_gap", empty)
        assert not feedback.correct
        assert feedback.message == "Replace ... with your answer, then run the cell again."


def test_an_unknown_exercise_suggests_the_nearest_name():
    assert check("timeline_gapp", 15).message == (
        "There is no exercise called 'timeline_gapp'; check the name in the cell above. "
        "Did you mean 'timeline_gap'?"
    )
    cut = check("x" * 300, 1).message
    assert (
        f"'{'x' * answer_checks.MAX_TEXT}'" in cut and "x" * (answer_checks.MAX_TEXT + 1) not in cut
    )


# ---- Tolerances, at their edges -----------------------------------------------------------


def away_from_complement(right: float) -> int:
    """The direction that moves a share away from 100 minus it (down below 50, up above)."""
    return -1 if right < 50 else 1


@pytest.mark.parametrize(
    "exercise_id", sorted(i for i in EXERCISES if EXERCISES[i].kind == "number")
)
def test_each_tolerance_holds_just_inside_and_fails_just_outside(exercise_id):
    right, tolerance = float(solution(exercise_id)), EXERCISES[exercise_id].tolerance
    step = away_from_complement(right)
    if tolerance:
        assert check(exercise_id, right + step * (tolerance - 0.01)).correct
        assert check(exercise_id, right + step * tolerance).correct
        assert not check(exercise_id, right + step * (tolerance + 0.01)).correct
    else:
        assert not check(exercise_id, right + 0.01).correct
    for off_by_one in (right - 1, right + 1):
        assert not check(exercise_id, off_by_one).correct, off_by_one


def test_shares_are_accepted_to_one_decimal_or_rounded_to_a_whole_number():
    assert check("source_russia_share", 38.2).correct
    assert check("source_russia_share", 38).correct
    assert check("source_russia_share", 38.7).correct
    assert not check("source_russia_share", 38.71).correct
    assert not check("source_russia_share", 37.69).correct
    assert check("plan_share_turkish", 8).correct


@pytest.mark.parametrize("exercise_id", sorted(i for i in EXERCISES if EXERCISES[i].percent))
def test_the_other_share_is_never_accepted_and_is_named(exercise_id):
    right = float(solution(exercise_id))
    feedback = check(exercise_id, round(100 - right, 1))
    assert not feedback.correct
    assert feedback.message.startswith(COMPLEMENT + " Hint: ")


def test_the_quoted_words_share_and_its_complement_are_told_apart():
    """The defect of issue 25: 50.4 is the other countries' share, and was once accepted."""
    assert solution("source_quoted_words_russia") == 49.6
    assert not check("source_quoted_words_russia", 50.4).correct
    assert "other share" in check("source_quoted_words_russia", 50.4).message
    assert not check("source_quoted_words_russia", 50.0).correct  # as near one as the other
    assert check("source_quoted_words_russia", 49.99).correct
    assert check("source_quoted_words_russia", 49.1).correct
    assert not check("source_quoted_words_russia", 49.09).correct


@pytest.mark.parametrize("exercise_id", sorted(i for i in EXERCISES if EXERCISES[i].percent))
def test_a_proportion_where_a_percentage_is_asked_is_named(exercise_id):
    right = float(solution(exercise_id))
    feedback = check(exercise_id, right / 100)
    assert not feedback.correct
    assert feedback.message.startswith(PROPORTION + " Hint: ")


def test_only_share_exercises_take_a_percent_sign():
    assert check("source_russia_share", "38.2%").correct
    assert check("source_russia_share", "38.2 %").correct
    assert check("source_russia_share", "38.2 percent").correct
    assert check("plan_share_turkish", "8 per cent").correct
    message = check("timeline_gap", "15%").message
    assert message.startswith("Write the number alone, without '%': answer = 15. Hint:")


# ---- Other answers the lesson supports ----------------------------------------------------


def test_counting_each_senator_gives_seven_people_and_is_accepted():
    """Lesson 02 speaks of "four senators": they share one row, so 4 and 7 are both right."""
    us = load_statements().query("country == 'United States'")
    assert set(us["speaker"]) == {"John Kirby", "Ned Price", "Antony Blinken", "US senators"}
    four = check("positions_us_speakers", 4)
    assert four.correct and four.message == "Well done."
    seven = check("positions_us_speakers", 7)
    assert seven.correct
    assert seven.message.startswith("Well done. You counted the four senators as four people.")
    assert "Both readings are right" in seven.message
    assert not check("positions_us_speakers", 6).correct
    assert not check("positions_us_speakers", 8).correct


def test_the_events_the_article_gives_a_year_for_are_a_second_reading():
    short = ["E01", "E02", "E03", "E07"]
    long = ["E01", "E02", "E03", "E04", "E07", "E08"]
    assert check("timeline_article_dated", short).message == "Well done."
    feedback = check("timeline_article_dated", long)
    assert feedback.correct
    assert "Both readings are right" in feedback.message and "in December 2020" in feedback.message
    assert not check("timeline_article_dated", [*long, "E11"]).correct
    assert not check("timeline_article_dated", long[:-1]).correct


def test_s17_may_be_sorted_as_an_opinion():
    sorted_right = {"S17": "fact", "S25": "opinion", "S24": "prediction", "S20": "demand"}
    assert check("source_sort", sorted_right).message == "Well done."
    assert check("source_sort", {**sorted_right, "S17": "opinion"}).correct
    assert not check("source_sort", {**sorted_right, "S25": "fact"}).correct
    assert not check("source_sort", {**sorted_right, "S24": "opinion"}).correct


# ---- Slips, each named before the hint ----------------------------------------------------

SLIPS = [
    ("timeline_gap", 16, "That counts both end years"),
    ("positions_turkey_count", 6, "That counts only the direct quotes"),
    ("positions_us_speakers", 9, "That counts the US statements (rows)"),
    ("plan_forgone_2021", 60, "That leaves out 2021 itself"),
    ("plan_forgone_2021", 7, "That counts the years"),
    ("plan_share_turkish", 14.0, "That counts every jet the contract gave the US Air Force"),
    ("steps_turkey_taken", 5, "That counts all of Turkey's steps"),
    ("steps_turkey_taken", 6, "That counts the steps taken by both countries"),
    ("source_russia_share", 49.6, "That is Russia's share of the quoted words"),
    ("source_russia_share", 42.1, "That counts the direct quotes only"),
    ("source_russia_share", 13, "That is the number of Russian statements"),
    ("source_quoted_words_russia", 38.2, "That is Russia's share of the statements by rows"),
    ("source_quoted_words_russia", 42.1, "That counts the direct quotes, not their words"),
    ("source_motive_claims", 26, "That counts the statements that do not claim a motive"),
    ("checks_confirmed", 15, "That counts the partly confirmed checks too"),
    ("checks_confirmed", 5, "That counts the checks that were not confirmed"),
    ("checks_not_confirmed", ["M01", "T2", "S14", "E11", "S29"], "Those are claim ids"),
    ("checks_not_confirmed", ["C08", "C11"], "Partly confirmed is not confirmed either"),
    ("checks_contradicted_claim", "C08", "That is the check's own id (check_id)"),
    (
        "sanctions_undated",
        ["M01", "M05", "M06", "M07", "M09", "M12", "M13", "M14"],
        "Those are the steps that have a date",
    ),
]


@pytest.mark.parametrize(("exercise_id", "answer", "said"), SLIPS, ids=lambda v: str(v)[:24])
def test_a_predictable_slip_is_named_before_the_hint(exercise_id, answer, said):
    feedback = check(exercise_id, answer)
    assert not feedback.correct
    assert feedback.message.startswith(said), feedback.message
    assert feedback.message.endswith(f"Hint: {EXERCISES[exercise_id].hint}")


def test_the_slips_computed_from_the_data_are_the_ones_listed():
    """The slips above are computed in the table; these are their values, worked out again."""
    quotes = [r for r in rows("statements") if r["form"] == "direct_quote"]
    assert share(sum(r["country"] == "Russia" for r in quotes), len(quotes)) == 42.1
    assert quoted_words("Russia") != 42  # a word count is not mistaken for a share
    checks = load_source_checks()
    assert sorted(checks.query("verdict != 'confirmed'")["claim_id"]) == sorted(
        ["M01", "T2", "S14", "E11", "S29"]
    )


WHOLE_TABLE = [
    ("timeline_gap", "That is a whole table (15 rows); the question asks for one number"),
    ("checks_not_confirmed", 'take its check_id column, such as table["check_id"].tolist()'),
    ("checks_contradicted_claim", "the question asks for one claim_id, in quotes"),
]


@pytest.mark.parametrize(("exercise_id", "said"), WHOLE_TABLE)
def test_a_whole_table_is_named_as_a_table(exercise_id, said):
    from s400_lesson import load_events

    feedback = check(exercise_id, load_events())
    assert not feedback.correct
    assert said in feedback.message and "Hint:" in feedback.message
    assert "of your" not in feedback.message  # its column names are never counted as ids


@pytest.mark.parametrize(
    ("exercise_id", "answer", "said"),
    [
        ("timeline_gap", [15], "That is a list with one item, 15; answer with the value itself"),
        ("timeline_gap", pd.Series([15]), "That is a column with one row, 15;"),
        ("checks_contradicted_claim", ["T2"], "That is a list with one item, 'T2';"),
        ("checks_contradicted_claim", pd.Series(["T2"]), "That is a column with one row, 'T2';"),
        (
            "source_unclear",
            ["S16", "S15"],
            "That is a list of 2 values; the question asks for one statement_id",
        ),
        (
            "timeline_gap",
            pd.Series([15, 2]),
            "That is a column of 2 values; the question asks for one number",
        ),
    ],
    ids=str,
)
def test_a_list_or_column_for_one_answer_is_named(exercise_id, answer, said):
    feedback = check(exercise_id, answer)
    assert not feedback.correct
    assert feedback.message.startswith(said), feedback.message


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ("15 years", "Write the number alone, without 'years': answer = 15."),
        ("15years", "Write the number alone, without 'years': answer = 15."),
        ("about 15", "'about 15' is not a number."),
    ],
)
def test_a_number_with_its_unit_is_named(answer, said):
    feedback = check("timeline_gap", answer)
    assert not feedback.correct
    assert feedback.message.startswith(said)


def test_numbers_written_with_separators():
    assert check("timeline_gap", "15").correct
    assert check("timeline_gap", "+15").correct
    assert check("timeline_gap", "15.0").correct
    assert check("timeline_gap", "1.5e1").correct
    assert not check("timeline_gap", "1,015").correct  # a thousands comma is read, not dropped
    assert check("source_russia_share", "38,2").message.startswith(
        "Write the decimal point as a full stop: 38.2, not 38,2."
    )
    assert not check("source_russia_share", "38,2").correct


def test_an_id_without_its_zero_is_named():
    feedback = check("timeline_article_dated", ["E1", "E02", "E03", "E07"])
    assert not feedback.correct
    assert feedback.message.startswith("Ids have two digits: write E01, not E1.")
    single = check("source_unclear", "S6")
    assert single.message.startswith("Ids have two digits: write S06, not S6.")
    assert "two digits" not in check("checks_contradicted_claim", "T3").message  # T ids have one


def test_ids_in_either_case_with_stray_punctuation_are_read():
    assert check("checks_contradicted_claim", "t2").correct
    assert check("checks_contradicted_claim", " T2. ").correct
    assert check("checks_contradicted_claim", '"T2"').correct
    assert check("sanctions_undated", "M08, M10, M11").correct
    assert check("sanctions_undated", "m08 m10;m11").correct
    assert check("sanctions_undated", ("M11", "M10", "M08")).correct
    assert check("sanctions_undated", pd.Series(["M08", "M10", "M11"])).correct


def test_the_count_of_right_ids_says_is_or_are():
    one = check("sanctions_undated", ["M08"]).message
    assert one.startswith("1 of your 1 is right, and the full answer has 3.")
    two = check("sanctions_undated", ["M08", "M01"]).message
    assert two.startswith("1 of your 2 are right, and the full answer has 3.")


def test_categories_with_capitals_plurals_or_punctuation_are_read_and_named():
    answer = {"s17": "Facts", "S25": "opinion.", "s24 ": "PREDICTION", "S20": "demands!"}
    feedback = check("source_sort", answer)
    assert feedback.correct
    assert feedback.message == (
        "Well done. Read 'Facts' as 'fact', 'opinion.' as 'opinion', 'demands!' as 'demand': "
        "write each kind as one of fact, opinion, prediction, demand."
    )


def test_a_wrong_dictionary_says_what_is_missing_extra_or_unknown():
    right = {"S17": "fact", "S25": "opinion", "S24": "prediction", "S20": "demand"}
    missing = check("source_sort", {k: v for k, v in right.items() if k != "S20"})
    assert missing.message.startswith(
        "Your dictionary leaves out S20. 3 of 4 statements are sorted right. Hint:"
    )
    extra = check("source_sort", {**right, "S99": "fact"})
    assert not extra.correct
    assert extra.message.startswith(
        "S99 is not among the statements to sort (S17, S25, S24, S20). 4 of 4 statements"
    )
    unknown = check("source_sort", {**right, "S25": "fiction"})
    assert unknown.message.startswith(
        "'fiction' is not one of the kinds: fact, opinion, prediction, demand. 3 of 4"
    )
    not_text = check("source_sort", {**right, "S25": 3})
    assert not_text.message.startswith("3 is not one of the kinds")


def test_feedback_stays_an_object_with_html_and_text():
    feedback = check("checks_contradicted_claim", "C08")
    assert isinstance(feedback, Feedback)
    assert feedback._repr_html_().startswith('<div class="s400-feedback"')
    assert repr(feedback).startswith("Not yet: That is the check's own id")


# ---- The exact words of each message, and its limits ------------------------------------------

RIGHT_SORT = {"S17": "fact", "S25": "opinion", "S24": "prediction", "S20": "demand"}
SORT_HINT = EXERCISES["source_sort"].hint


def test_an_unknown_name_with_spaces_or_none_close():
    assert check("source sort", {}).message.endswith("Did you mean 'source_sort'?")
    none_close = check("zzzz", 1)
    assert none_close.correct is False
    assert none_close.message == (
        "There is no exercise called 'zzzz'; check the name in the cell above."
    )


def test_the_messages_for_other_shapes_of_answer():
    assert check("source_sort", ["S17"]).message == (
        'Answer with a dictionary, such as {"S17": "fact", ...}. Hint: ' + SORT_HINT
    )
    assert check("checks_contradicted_claim", 5).message.startswith(
        'Answer with text in quotes, such as "fact". Hint:'
    )
    assert check("sanctions_undated", 5).message.startswith(
        'Answer with a list of ids, such as ["E01", "E02"]. Hint:'
    )
    assert check("sanctions_undated", [5]).message.startswith(
        'Every id should be text in quotes, such as "E01". Hint:'
    )
    assert check("timeline_gap", True).message.startswith(
        "Answer with a number, not True or False. Hint:"
    )
    assert check("timeline_gap", object()).message.startswith(
        "Answer with a number, such as 12 or 12.5. Hint:"
    )
    assert check("timeline_gap", float("inf")).message.startswith("That number is not finite.")


def test_long_answers_are_cut_in_what_is_said_back():
    long = "a" * 60
    assert f"{long[:40]!r} is not a number." in check("timeline_gap", long).message
    assert f"{long[:41]!r}" not in check("timeline_gap", long).message
    unit = "y" * 30
    said = check("timeline_gap", f"15 {unit}").message
    assert f"without {unit[:20]!r}: answer = 15." in said


def test_a_thousands_comma_is_dropped_before_the_number_is_read():
    timeline = EXERCISES["timeline_gap"]
    assert answer_checks._number_text("1,015", timeline) == "1015"
    assert answer_checks._number_text("1,015,000", timeline) == "1015000"
    assert check("timeline_gap", "1,015").message.startswith("Hint:")


def test_an_id_with_one_digit_where_ids_have_one_is_just_wrong():
    assert check("checks_contradicted_claim", "T3").message == (
        f"Hint: {EXERCISES['checks_contradicted_claim'].hint}"
    )
    lower = check("timeline_article_dated", ["e1", "E02", "E03", "E07"]).message
    assert lower.startswith("Ids have two digits: write E01, not E1.")


def test_several_unknown_or_respelled_kinds_are_listed_up_to_four():
    many = {
        "S17": "Facts",
        "S25": "Opinions",
        "S24": "Predictions",
        "S20": "Demands",
        "S98": "Facts",
        "S99": "Facts",
    }
    said = check("source_sort", many).message
    assert said.split(": write")[0].count(" as ") == 4
    unknowns = {"S17": "x1", "S25": "x2", "S24": "x3", "S20": "x4", "S99": "x5"}
    said = check("source_sort", unknowns).message
    assert said.startswith(
        "'x1', 'x2', 'x3', 'x4' are not of the kinds: fact, opinion, prediction, demand. "
    )
    long = check("source_sort", {**RIGHT_SORT, "S25": "z" * 60}).message
    assert repr("z" * 60)[:40] + " is not one of the kinds" in long
    respelled = check("source_sort", {**RIGHT_SORT, "S25": "Opinions" + "!" * 50}).message
    assert f"Read {('Opinions' + '!' * 50)[:40]!r} as 'opinion'" in respelled


def test_several_extra_or_missing_statements_are_listed():
    extra = {**RIGHT_SORT, **{f"S9{i}": "fact" for i in range(7)}}
    said = check("source_sort", extra).message
    assert said.startswith(
        "S90, S91, S92, S93, S94 are not among the statements to sort (S17, S25, S24, S20). "
    )
    two_missing = check("source_sort", {"S17": "fact", "S25": "opinion"}).message
    assert two_missing.startswith("Your dictionary leaves out S24, S20. 2 of 4 statements")


def test_a_kind_that_only_ends_like_one_is_not_read_as_it():
    said = check("source_sort", {**RIGHT_SORT, "S17": "factz"}).message
    assert said.startswith("'factz' is not one of the kinds")


def test_answers_are_compared_without_case_spacing_or_stray_marks():
    assert answer_checks._norm("  Fact_ Opinion - x. ") == "fact opinion x"
    assert answer_checks._norm('"T2".') == "t2"


def test_slips_are_named_within_the_tolerance_and_not_beyond():
    quoted_words_share = 49.6  # a slip of source_russia_share, whose tolerance is 0.5
    said = "That is Russia's share of the quoted words"
    assert check("source_russia_share", quoted_words_share + 0.5).message.startswith(said)
    assert check("source_russia_share", quoted_words_share - 0.5).message.startswith(said)
    assert check("source_russia_share", quoted_words_share + 0.51).message.startswith("Hint:")
    assert check("timeline_gap", 16.01).message.startswith("Hint:")  # tolerance 0 for counts


def test_a_proportion_and_the_other_share_are_named_within_the_tolerance_only():
    assert check("source_russia_share", 0.387).message.startswith(PROPORTION)
    assert check("source_russia_share", 0.377).message.startswith(PROPORTION)
    assert check("source_russia_share", 0.3871).message.startswith("Hint:")
    assert check("source_russia_share", 62.3).message.startswith(COMPLEMENT)
    assert check("source_russia_share", 61.3).message.startswith(COMPLEMENT)
    assert check("source_russia_share", 62.31).message.startswith("Hint:")

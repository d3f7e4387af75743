"""The exercises that practise the objectives lessons 00, 01, 02, 04 and 06 state: right
answers pass, wrong ones and predictable slips get a hint, and the answers follow the data."""

from __future__ import annotations

import pytest

from s400_lesson.exercises.answer_checks import check, solution

RIGHT = {
    "start_nato_members": ["Turkey", "United States"],
    "start_black_sea": ["Russia", "Turkey"],
    "start_us_spokespeople": 2,
    "start_explorer_russia": 13,
    "timeline_spans": 5,
    "positions_quote_or_report": {
        "S04": "direct_quote",
        "S12": "reported",
        "S14": "direct_quote",
        "S21": "reported",
    },
    "steps_by_legislators": 2,
    "sanctions_bill_law": "M14",
    "clue_photo_credit": "RIA Novosti",
    "clue_interview": ["Bloomberg", "RT"],
    "clue_last_word": "Andrei Sidorov",
}
# Answers a student may well give in another form that the lesson supports.
VARIANTS = {
    "start_nato_members": ["united states", "turkey"],
    "start_black_sea": ("Turkey", "Russia"),
    "start_us_spokespeople": "2",
    "timeline_spans": 5.0,
    "positions_quote_or_report": {
        "S04": "direct quote",
        "S12": "Reported",
        "S14": "direct-quote",
        "S21": "reported ",
    },
    "sanctions_bill_law": " m14 ",
    "clue_photo_credit": "ria novosti",
    "clue_interview": ["RT", "Bloomberg"],
    "clue_last_word": "andrei sidorov",
}
# Predictable mistakes: each must be told "not yet", with a hint.
SLIPS = {
    "start_nato_members": ["Turkey", "United States", "Russia"],  # all five are named, not all NATO
    "start_black_sea": ["Turkey"],  # only one of the two
    "start_us_spokespeople": 3,  # every spokesperson, not only the US ones
    "start_explorer_russia": 34,  # the count with no filter set
    "timeline_spans": 4,  # E11 (inferred) forgotten
    "positions_quote_or_report": {
        "S04": "reported",  # a partial quote inside the article's own sentence is still a quote
        "S12": "reported",
        "S14": "direct_quote",
        "S21": "reported",
    },
    "steps_by_legislators": 1,  # only the bill, or only the law
    "sanctions_bill_law": "M07",  # the bill itself
    "clue_photo_credit": "Dmitry Vinogradov",  # the photographer, not the agency
    "clue_interview": ["Bloomberg"],  # one of the two
    "clue_last_word": "Alexander Asafov",  # the other analyst
}


def test_every_new_exercise_is_tested() -> None:
    assert set(RIGHT) == set(SLIPS) >= set(VARIANTS)


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_right_answer_passes(exercise_id: str) -> None:
    assert check(exercise_id, RIGHT[exercise_id]).correct


@pytest.mark.parametrize("exercise_id", sorted(VARIANTS))
def test_defensible_variant_passes(exercise_id: str) -> None:
    assert check(exercise_id, VARIANTS[exercise_id]).correct


@pytest.mark.parametrize("exercise_id", sorted(SLIPS))
def test_slip_gets_a_hint(exercise_id: str) -> None:
    feedback = check(exercise_id, SLIPS[exercise_id])
    assert not feedback.correct
    assert "Hint" in feedback.message


@pytest.mark.parametrize("exercise_id", sorted(RIGHT))
def test_solution_is_the_right_answer(exercise_id: str) -> None:
    expected = RIGHT[exercise_id]
    got = solution(exercise_id)
    assert (sorted(got) if isinstance(expected, list) else got) == expected

"""Self-checked exercises: right answers pass, wrong or odd ones get a hint, nothing raises."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from s400_lesson.exercises.answer_checks import Feedback, check, solution
from s400_lesson.exercises.exercise_table import EXERCISES
from s400_lesson.teacher.answer_key import read_answer_key

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
GUIDE = NOTEBOOKS.parent / "teacher" / "teacher_guide.md"
IDS = sorted(EXERCISES)
NUMBERS = [i for i in IDS if EXERCISES[i].kind == "number"]
BAD_ANSWERS = [
    "",
    "   ",
    None,
    ...,
    True,
    False,
    10**400,
    -(10**400),
    1e308 * 10,
    float("nan"),
    "nan",
    "1e999",
    "9" * 5000,
    "x" * 100_000,
    [[1, 2], [3]],
    [["E01"]],
    {"S17": 1, "S25": None},
    {1: 2},
    {"a": [1]},
    object(),
    3 + 4j,
    b"abc",
    "<script>alert(1)</script>",
]


def wrong_answer(exercise_id: str):
    """A well-formed answer that is not the right one."""
    right = solution(exercise_id)
    kind = EXERCISES[exercise_id].kind
    if kind == "number":
        return float(right) + 7 + 2 * EXERCISES[exercise_id].tolerance
    if kind == "set":
        return [*sorted(right)[1:], "X99"]
    if kind == "mapping":
        first = next(iter(right))
        return {**right, first: "prediction" if right[first] != "prediction" else "fact"}
    return "certainly not this"


def assert_hint(feedback: Feedback) -> None:
    assert isinstance(feedback, Feedback)
    assert feedback.correct is False and not feedback
    assert "Hint" in feedback.message or "Replace ..." in feedback.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_solution_is_accepted(exercise_id):
    feedback = check(exercise_id, solution(exercise_id))
    assert feedback.correct, feedback.message
    assert feedback.message == "Well done."


@pytest.mark.parametrize("exercise_id", NUMBERS)
def test_numbers_as_text(exercise_id):
    right = float(solution(exercise_id))
    text = f"{right:g}"
    assert check(exercise_id, text).correct, text
    assert check(exercise_id, f" {text} ").correct


def test_a_number_string_like_5():
    assert solution("sanctions_targets") == 5
    assert check("sanctions_targets", "5").correct
    assert not check("sanctions_targets", "3").correct


@pytest.mark.parametrize("exercise_id", IDS)
def test_wrong_answer_gets_a_hint(exercise_id):
    feedback = check(exercise_id, wrong_answer(exercise_id))
    assert_hint(feedback)
    assert "Hint" in feedback.message


@pytest.mark.parametrize("exercise_id", IDS)
def test_wrong_answer_does_not_give_the_answer(exercise_id):
    right = solution(exercise_id)
    message = check(exercise_id, wrong_answer(exercise_id)).message
    if EXERCISES[exercise_id].kind == "number" and float(right) > 9:
        assert not re.search(rf"(?<![\d.]){re.escape(repr(float(right)))}(?![\d])", message)
        assert not re.search(rf"(?<![\d.]){round(float(right))}(?![\d.])", message)
    if isinstance(right, set):
        assert repr(right) not in message and repr(sorted(right)) not in message
        assert not any(item.casefold() in message.casefold() for item in right)


@pytest.mark.parametrize("exercise_id", IDS)
@pytest.mark.parametrize("answer", BAD_ANSWERS, ids=lambda a: repr(a)[:20])
def test_bad_answers_get_a_hint(exercise_id, answer):
    assert_hint(check(exercise_id, answer))


def test_empty_answer_asks_for_one():
    for answer in (None, ..., "", "  "):
        assert "Replace ... with your answer" in check("sanctions_targets", answer).message


@pytest.mark.parametrize("exercise_id", IDS)
def test_code_is_never_run(exercise_id, tmp_path):
    marker = tmp_path / "pwned"
    attempts = [
        f"open({str(marker)!r}, 'w').write('x')",
        f"__import__('os').system('touch {marker}')",
        f"exec(\"open({str(marker)!r}, 'w')\")",
        [f"open({str(marker)!r}, 'w')"],
        {"S17": f"open({str(marker)!r}, 'w')"},
    ]
    for answer in attempts:
        assert_hint(check(exercise_id, answer))
    assert not marker.exists()


def test_unknown_exercise():
    feedback = check("no_such_exercise", 1)
    assert not feedback.correct
    assert "no exercise called 'no_such_exercise'" in feedback.message
    for odd in (None, 42, ["x"], "<script>" * 100):
        assert "no exercise called" in check(odd, 1).message


def test_feedback_html_escapes_the_message():
    markup = check("<script>alert(1)</script>", 1)._repr_html_()
    assert "&lt;script&gt;" in markup and "<script>" not in markup


def guide_answers() -> dict[str, str]:
    """The teacher guide's answers table (header "| Exercise | Answer |..."): id -> answer cell,
    as the teacher's printed script reads it.

    Every row of that table is read, whatever its id, so a row for a retired exercise shows
    up as well as a missing one.
    """
    assert GUIDE.is_file(), f"{GUIDE} is missing: the teacher guide has not landed yet"
    return {name: row.answer for name, row in read_answer_key(GUIDE).items()}


def test_teacher_guide_has_every_answer():
    answers = guide_answers()
    assert sorted(answers) == IDS, (
        f"not in the guide: {sorted(set(IDS) - set(answers))}; "
        f"no such exercise: {sorted(set(answers) - set(IDS))}"
    )
    for exercise_id, text in answers.items():
        answer = ast.literal_eval(text)
        assert check(exercise_id, answer).correct, (exercise_id, answer)


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_solution_reads_as_plain_python_in_a_stable_order(exercise_id):
    shown = repr(solution(exercise_id))
    assert "np." not in shown and "numpy" not in shown
    assert not shown.startswith("{'") or shown == repr(dict(sorted(solution(exercise_id).items())))
    assert not isinstance(solution(exercise_id), set)


@pytest.mark.parametrize("typo", ["timeline gap", "Timeline-Gap", "no_such_exercise", None, 42])
def test_solution_of_an_unknown_name_answers_politely(typo):
    """A typo gets the same message as check() gives, not a KeyError with the checker's code."""
    shown = solution(typo)
    assert isinstance(shown, Feedback) and not shown.correct
    assert shown.message == check(typo, 1).message
    assert "no exercise called" in shown.message
    assert "Traceback" not in repr(shown) and "KeyError" not in repr(shown)


def test_unknown_name_suggests_the_nearest_exercise():
    assert "Did you mean 'timeline_gap'?" in solution("timeline gap").message
    assert "Did you mean" not in solution("zzzz").message


def test_solution_of_a_right_name_still_works():
    answer = solution("timeline_gap")
    assert not isinstance(answer, Feedback)
    assert check("timeline_gap", answer).correct

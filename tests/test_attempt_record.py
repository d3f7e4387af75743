"""The record each check and review leaves in its output, for the teacher's class summary."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from s400_lesson import check, review, solution
from s400_lesson.exercises import attempt_record as ar
from s400_lesson.exercises.answer_checks import Feedback
from s400_lesson.exercises.writing_review import Review
from s400_lesson.teacher.class_summary import parse_record


@pytest.fixture(autouse=True)
def fresh_kernel(monkeypatch):
    """Each test starts as a new kernel: its own id, no attempts yet."""
    monkeypatch.setattr(ar, "_KERNEL", "fedcba9876543210")
    monkeypatch.setattr(ar, "_COUNTS", Counter())
    monkeypatch.setattr(ar, "_TRIES", {})


def shown(result) -> tuple[dict, dict]:
    """What Jupyter receives for ``result``: its MIME bundle, as IPython formats it."""
    return InteractiveShell.instance().display_formatter.format(result)


def record_of(result) -> dict | None:
    return shown(result)[0].get(ar.MIME)


def test_a_check_shows_the_student_the_same_and_carries_its_record():
    feedback = check("timeline_gap", 16)
    data, _ = shown(feedback)
    assert set(data) == {"text/plain", "text/html", ar.MIME}
    assert data["text/html"] == feedback._repr_html_()
    assert data["text/plain"] == repr(feedback)
    plain = Feedback(feedback.correct, feedback.message)
    assert shown(plain)[0] == {"text/plain": repr(plain), "text/html": plain._repr_html_()}


def test_the_record_of_a_check():
    wrong = record_of(check("timeline_gap", 16))
    assert wrong == {
        "format": 1,
        "kind": "exercise",
        "id": "timeline_gap",
        "lesson": "01",
        "attempt": 1,
        "kernel": "fedcba9876543210",
        "time": wrong["time"],
        "correct": False,
        "answer": "16",
        "type": "int",
        "tries": [{"answer": "16", "correct": False}],
        "seal": ar.seal(wrong),
    }
    gap = solution("timeline_gap")
    right = ar.bundle(check("timeline_gap", gap))[ar.MIME]
    assert (right["attempt"], right["correct"], right["answer"]) == (2, True, str(gap))
    assert right["tries"] == [
        {"answer": "16", "correct": False},
        {"answer": str(gap), "correct": True},
    ]
    assert parse_record(right).tries == (("16", False), (str(gap), True))


def test_attempts_are_counted_per_exercise():
    check("timeline_gap", 1)
    check("timeline_gap", 2)
    other = ar.bundle(check("positions_turkey_count", 3))[ar.MIME]
    assert other["attempt"] == 1 and other["lesson"] == "02"
    assert ar.bundle(check("timeline_gap", 4))[ar.MIME]["attempt"] == 3


def test_a_record_keeps_the_first_tries_and_the_latest():
    for n in range(ar.MAX_TRIES + 5):
        record = ar.bundle(check("timeline_gap", n))[ar.MIME]
    answers = [t["answer"] for t in record["tries"]]
    assert answers == [str(n) for n in range(ar.MAX_TRIES - 1)] + [str(ar.MAX_TRIES + 4)]
    assert record["attempt"] == ar.MAX_TRIES + 5
    assert parse_record(record).attempt == ar.MAX_TRIES + 5


@pytest.mark.parametrize("blank", [..., None, "", "   ", "...", "…", "your answer here"])
def test_a_blank_answer_leaves_no_record(blank):
    assert record_of(check("timeline_gap", blank)) is None
    assert ar.bundle(check("timeline_gap", 17))[ar.MIME]["attempt"] == 1


def test_an_unknown_exercise_leaves_no_record():
    assert record_of(check("timeline_gaps", 17)) is None
    assert record_of(check(None, 17)) is None


def test_answers_are_shown_short_and_in_a_stable_order():
    assert ar.shown_answer({"E02", "E01"}) == "{'E01', 'E02'}"
    assert ar.shown_answer(frozenset()) == "set()"
    assert ar.shown_answer({"S25": "fact", "S17": "opinion"}) == "{'S17': 'opinion', 'S25': 'fact'}"
    assert ar.shown_answer(np.int64(14)) == "14"
    assert ar.shown_answer(np.float64(38.2)) == "38.2"
    long = ar.shown_answer("x" * 1000)
    assert len(long) <= ar.MAX_ANSWER and long.startswith("'xxx") and "..." in long
    assert len(ar.shown_answer(list(range(10_000)))) <= ar.MAX_ANSWER
    assert ar.shown_answer(list(range(20))).endswith(", ...]")
    big = set(range(2000))
    assert len(ar.shown_answer(big)) <= ar.MAX_ANSWER
    table = pd.DataFrame({"a": range(100)})
    assert len(ar.shown_answer(table)) <= ar.MAX_ANSWER


def test_an_answer_whose_repr_fails_is_still_recorded():
    class Odd:
        def __repr__(self):
            raise RuntimeError("no")

    assert ar.shown_answer(Odd()) == "<Odd>"
    record = record_of(check("timeline_gap", Odd()))
    assert (record["answer"], record["type"], record["correct"]) == ("<Odd>", "Odd", False)


def test_a_failing_record_never_costs_the_feedback(monkeypatch):
    def broken(value):
        raise RuntimeError("broken")

    monkeypatch.setattr(ar, "shown_answer", broken)
    feedback = check("timeline_gap", solution("timeline_gap"))
    assert feedback.correct and record_of(feedback) is None


def test_the_record_of_a_review_lists_its_automatic_lines():
    text = "E01 came before E02, and the earlier one led to the later one. " * 3
    result = review("timeline_cause", text)
    record = record_of(result)
    automatic = [i for i in result.items if i.status != "yourself"]
    assert record["lines"] == [
        {"line": i.criterion, "passed": i.status == "passed"} for i in automatic
    ]
    assert len(record["lines"]) >= 2 and record["lines"][0]["passed"] is True
    assert (record["kind"], record["id"], record["lesson"], record["attempt"]) == (
        "task",
        "timeline_cause",
        "01",
        1,
    )
    assert (
        record["words"] == len(text.split()) and record["answer"] == text.strip()[: ar.MAX_ANSWER]
    )
    assert parse_record(record).lines == tuple(
        (i.criterion, i.status == "passed") for i in automatic
    )
    data, _ = shown(result)
    assert data["text/html"] == result._repr_html_() and data["text/plain"] == repr(result)


def test_a_review_keeps_a_long_answer_short():
    record = record_of(review(" timeline_cause ", "word\n\n" * 5000))
    assert record["id"] == "timeline_cause"
    assert record["answer"] == ("word " * 40).strip()
    assert record["words"] == 5000


@pytest.mark.parametrize(
    ("task_id", "answer"),
    [
        ("timeline_cause", ...),
        ("timeline_cause", "\n\n"),
        ("timeline_cause", 42),
        ("timeline_cause", "  "),
        ("essay", "An answer."),
        (7, "An answer."),
    ],
)
def test_reviews_with_nothing_to_review_leave_no_record(task_id, answer):
    assert record_of(review(task_id, answer)) is None


def test_only_a_check_or_review_made_record_is_shown():
    assert ar.bundle(Review("timeline_cause", "A title")) == {}
    assert ar.bundle(object()) == {}


def test_the_seal_covers_every_field():
    record = ar.bundle(check("timeline_gap", 17))[ar.MIME]
    for key in record:
        if key == "seal":
            continue
        changed = {**record, key: "changed"}
        assert ar.seal(changed) != record["seal"], key
    assert ar.seal(record) == record["seal"] and len(record["seal"]) == 16


def test_each_kernel_has_its_own_id():
    assert len(ar._KERNEL) == 16
    import importlib
    import sys

    first = sys.modules["s400_lesson.exercises.attempt_record"]
    fresh = importlib.util.module_from_spec(first.__spec__)
    first.__spec__.loader.exec_module(fresh)
    assert fresh._KERNEL != first._KERNEL and all(c in "0123456789abcdef" for c in fresh._KERNEL)

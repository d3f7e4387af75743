"""Self-checked exercises: a student's answer is accepted, or gets a hint, never a traceback.

Expected answers are computed from the lesson data when a check runs, so they
follow the data; the answer is shown only when ``solution(...)`` is called.
Answers are compared as values and never evaluated as code.

>>> check("plan_by_2020", 30)  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import html
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .data import (
    load_events,
    load_f35_delivery_plan,
    load_f35_turkish_aircraft,
    load_measures,
    load_statements,
)

SORT_IDS = ("S17", "S25", "S24", "S20")
CLAIM_KINDS = ("fact", "opinion", "prediction", "demand")
MAX_TEXT = 200


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute its answer, how to compare, and what to hint."""

    kind: str  # number, choice, set or mapping
    solve: Callable[[], Any]
    hint: str
    tolerance: float = 0.0


@dataclass(frozen=True)
class Feedback:
    """What a student sees after a check."""

    correct: bool
    message: str

    def _repr_html_(self) -> str:
        mark, colour = ("✔ Correct", "#006d2c") if self.correct else ("✘ Not yet", "#a63603")
        return (
            f'<div class="s400-feedback" style="border-left:4px solid {colour};'
            f'padding:4px 8px"><b>{mark}.</b> {html.escape(self.message)}</div>'
        )

    def __repr__(self) -> str:
        return f"{'Correct' if self.correct else 'Not yet'}: {self.message}"

    def __bool__(self) -> bool:
        return self.correct


def _statements_by(country: str):
    return load_statements().query("country == @country")


def _events_gap() -> int:
    years = load_events().set_index("event_id")["date"].dt.year
    return int(years["E02"] - years["E01"])


EXERCISES: dict[str, Exercise] = {
    "timeline_gap": Exercise(
        "number",
        _events_gap,
        "Find the years of the two events in the events table and subtract the earlier one.",
    ),
    "timeline_external": Exercise(
        "set",
        lambda: set(load_events().query("source == 'external'")["event_id"]),
        "Look at the `source` column: which rows are not dated by the article itself?",
    ),
    "positions_turkey_count": Exercise(
        "number",
        lambda: len(_statements_by("Turkey")),
        "Filter the statements to country Turkey and count the rows.",
    ),
    "positions_us_quotes": Exercise(
        "number",
        lambda: int((_statements_by("United States")["form"] == "direct_quote").sum()),
        "Keep the United States rows, then count those whose form is direct_quote.",
    ),
    "positions_us_stance": Exercise(
        "choice",
        lambda: _only_value(_statements_by("United States")["stance"]),
        "Set the explorer's country to United States and read the chart's legend.",
    ),
    "plan_by_2020": Exercise(
        "number",
        lambda: int(load_f35_delivery_plan().set_index("year").loc[2020, "planned_cumulative"]),
        "Use the planned_cumulative column: it adds up deliveries from 2018.",
    ),
    "plan_forgone_2019": Exercise(
        "number",
        lambda: int(load_f35_delivery_plan().query("year >= 2019")["planned_deliveries"].sum()),
        "Add the planned deliveries of every year from the exclusion year on.",
    ),
    "plan_share_built": Exercise(
        "number",
        lambda: round(
            100
            * load_f35_turkish_aircraft()["aircraft"].sum()
            / load_f35_delivery_plan()["planned_deliveries"].sum(),
            1,
        ),
        "Add up the aircraft in both groups, divide by all planned deliveries, times 100.",
        0.5,
    ),
    "sanctions_targets": Exercise(
        "number",
        lambda: int((load_measures()["part_of"] == "M01").sum()),
        "Count the measures whose part_of is the December 2020 sanctions package (M01).",
    ),
    "sanctions_undated": Exercise(
        "set",
        lambda: set(load_measures().loc[lambda m: m["date"].isna(), "measure_id"]),
        "Which rows of the measures table have an empty date?",
    ),
    "source_sort": Exercise(
        "mapping",
        lambda: dict(
            load_statements()
            .set_index("statement_id")
            .loc[list(SORT_IDS), "claim_kind"]
            .astype(str)
        ),
        "Fact: could be checked true or false. Opinion: a judgement. Prediction: about the "
        "future. Demand: asks someone to act.",
    ),
    "source_unclear": Exercise(
        "choice",
        lambda: _only_value(
            load_statements().loc[
                lambda s: s["note"].fillna("").str.startswith("Attribution unclear"), "statement_id"
            ]
        ),
        "Look for words that stand outside the quotation marks but read like a quote.",
    ),
    "source_russia_share": Exercise(
        "number",
        lambda: round(100 * (load_statements()["country"] == "Russia").mean(), 1),
        "Count the statements by Russian speakers, divide by all statements, times 100.",
        1.0,
    ),
}


def check(exercise_id: str, answer: Any) -> Feedback:
    """Compare ``answer`` with the exercise's answer; a hint when it differs."""
    exercise = EXERCISES.get(str(exercise_id))
    if exercise is None:
        return _unknown(exercise_id)
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        return Feedback(False, "Replace ... with your answer, then run the cell again.")
    try:
        right, detail = COMPARE[exercise.kind](answer, exercise)
    except (TypeError, ValueError, OverflowError) as problem:
        return Feedback(False, f"{problem} Hint: {exercise.hint}")
    return (
        Feedback(True, "Well done.") if right else Feedback(False, f"{detail}Hint: {exercise.hint}")
    )


def solution(exercise_id: str) -> Any:
    """The expected answer, for when a student asks for it, as plain Python in a stable order.

    A name that is no exercise gets the same polite message as ``check`` gives.
    """
    exercise = EXERCISES.get(str(exercise_id))
    if exercise is None:
        return _unknown(exercise_id)
    return _plain(exercise.solve())


def _unknown(exercise_id: Any) -> Feedback:
    name = str(exercise_id)[:MAX_TEXT]
    close = difflib.get_close_matches(_norm(name).replace(" ", "_"), list(EXERCISES), n=1)
    guess = f" Did you mean {close[0]!r}?" if close else ""
    return Feedback(
        False, f"There is no exercise called {name!r}; check the name in the cell above.{guess}"
    )


def _plain(value: Any) -> Any:
    # numpy scalars print as np.float64(14.0) and sets in hash order; a student should see 14.0.
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    return value.item() if hasattr(value, "item") else value


def _number(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    value = _as_number(answer)
    return math.isclose(value, float(exercise.solve()), abs_tol=exercise.tolerance + 1e-9), ""


def _as_number(answer: Any) -> float:
    if isinstance(answer, bool):
        raise TypeError("Answer with a number, not True or False.")
    if isinstance(answer, str):
        text = answer.strip().rstrip("%").replace(",", "").strip()
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text[:MAX_TEXT]):
            raise ValueError(f"{answer[:40]!r} is not a number.")
        answer = text
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise TypeError("Answer with a number, such as 12 or 12.5.") from None
    if not math.isfinite(value):
        raise ValueError("That number is not finite.")
    return value


def _choice(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    if not isinstance(answer, str):
        raise TypeError('Answer with text in quotes, such as "fact".')
    return _norm(answer) == _norm(exercise.solve()), ""


def _set(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    given = {_norm(a) for a in _as_items(answer)}
    expected = {_norm(e) for e in exercise.solve()}
    right = len(given & expected)
    detail = f"{right} of your {len(given)} are right, and the full answer has {len(expected)}. "
    return given == expected, detail


def _as_items(answer: Any) -> list[str]:
    if isinstance(answer, str):
        return [part for part in re.split(r"[,\s]+", answer[: MAX_TEXT * 10]) if part]
    if isinstance(answer, Mapping) or not isinstance(answer, Iterable):
        raise TypeError('Answer with a list of ids, such as ["E01", "E02"].')
    items = list(answer)[:1000]
    if not all(isinstance(i, str) for i in items):
        raise TypeError('Every id should be text in quotes, such as "E01".')
    return items


def _mapping(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    if not isinstance(answer, Mapping):
        raise TypeError('Answer with a dictionary, such as {"S17": "fact", ...}.')
    expected = {k: _norm(v) for k, v in exercise.solve().items()}
    given = {
        str(k).strip().upper(): _norm(v) if isinstance(v, str) else None
        for k, v in list(answer.items())[:1000]
    }
    right = sum(given.get(k) == v for k, v in expected.items())
    return right == len(expected) and len(given) == len(
        expected
    ), f"{right} of {len(expected)} statements are sorted right. "


def _norm(value: Any) -> str:
    return re.sub(r"[\s_\-]+", " ", str(value)[:MAX_TEXT]).strip().casefold()


def _only_value(series) -> str:
    values = sorted(set(series.astype(str)))
    return values[0] if len(values) == 1 else ", ".join(values)


COMPARE: dict[str, Callable[[Any, Exercise], tuple[bool, str]]] = {
    "number": _number,
    "choice": _choice,
    "set": _set,
    "mapping": _mapping,
}

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
from dataclasses import dataclass, field
from typing import Any

from .data import (
    load_events,
    load_f35_delivery_plan,
    load_f35_turkish_aircraft,
    load_measures,
    load_sanction_targets,
    load_source_checks,
    load_statements,
)

CLAIM_KINDS = ("fact", "opinion", "prediction", "demand")
SORT_IDS = ("S17", "S25", "S24", "S20")
# Answers the teacher guide also accepts besides the data's coding. S17 ("incompatible with
# NATO equipment") is coded fact because it could be checked, but a student who calls it a
# contested judgement has a case; the other three have one defensible answer.
SORT_ALSO_ACCEPTED: dict[str, frozenset[str]] = {"S17": frozenset({"opinion"})}
MAX_TEXT = 200


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute its answer, how to compare, and what to hint."""

    kind: str  # number, choice, set or mapping
    solve: Callable[[], Any]
    hint: str
    tolerance: float = 0.0
    also_accepted: Mapping[str, frozenset[str]] = field(default_factory=dict)


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


def _turkish_jets_to_usaf() -> int:
    aircraft = load_f35_turkish_aircraft()
    moved = (aircraft["built_for"] == "turkey") & (aircraft["buyer_id"] == "us_air_force")
    return int(aircraft.loc[moved, "aircraft"].sum())


def _planned_total() -> int:
    return int(load_f35_delivery_plan()["planned_deliveries"].sum())


def _quoted_words_share_russia() -> float:
    quotes = load_statements().query("form == 'direct_quote'")
    words = quotes["text"].str.split().str.len()
    return round(100 * words[quotes["country"] == "Russia"].sum() / words.sum(), 1)


EXERCISES: dict[str, Exercise] = {
    "timeline_gap": Exercise(
        "number",
        _events_gap,
        "Find the years of the two events in the events table and subtract the earlier one.",
    ),
    "timeline_article_dated": Exercise(
        "set",
        lambda: set(load_events().query("date_basis == 'article'")["event_id"]),
        "Filter the events on the `date_basis` column: which rows does the article itself date?",
    ),
    "positions_turkey_count": Exercise(
        "number",
        lambda: len(_statements_by("Turkey")),
        "Filter the statements to country Turkey and count the rows.",
    ),
    "positions_us_speakers": Exercise(
        "number",
        lambda: int(_statements_by("United States")["speaker"].nunique()),
        "Keep the United States rows, then count the different names in `speaker` (.nunique()).",
    ),
    "plan_forgone_2021": Exercise(
        "number",
        lambda: int(load_f35_delivery_plan().query("year >= 2021")["planned_deliveries"].sum()),
        'Keep the years from 2021 on (plan.query("year >= 2021")) and add up their planned '
        "deliveries.",
    ),
    "plan_share_turkish": Exercise(
        "number",
        lambda: round(100 * _turkish_jets_to_usaf() / _planned_total(), 1),
        "Only jets built for Turkey count (`built_for`), and only those the 2020 contract moved "
        "to the US Air Force (`buyer_id`). The six in T2 were never Turkey's.",
        0.5,
    ),
    "sanctions_targets": Exercise(
        "number",
        lambda: len(load_sanction_targets().query("measure_id == 'M01'")),
        "Count the rows of the sanction targets table: the article lists an agency, its leader "
        "and three citizens.",
    ),
    "sanctions_undated": Exercise(
        "set",
        lambda: set(load_measures().loc[lambda m: m["date"].isna(), "measure_id"]),
        "Which rows of the measures table have an empty date? Try measures['date'].isna().",
    ),
    "steps_turkey_taken": Exercise(
        "number",
        lambda: len(load_measures().query("acting_country == 'Turkey' and status == 'taken'")),
        "Filter on two columns at once: acting_country and status.",
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
        also_accepted=SORT_ALSO_ACCEPTED,
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
    "source_quoted_words_russia": Exercise(
        "number",
        _quoted_words_share_russia,
        "Keep the direct quotes, count the words of each `text` (.str.split().str.len()), add "
        "them up by country, and divide Russia's sum by the total.",
        1.0,
    ),
    "source_motive_claims": Exercise(
        "number",
        lambda: int((load_statements()["attributes_motive"] == "yes").sum()),
        "Count the rows whose attributes_motive is 'yes'.",
    ),
    "checks_confirmed": Exercise(
        "number",
        lambda: int((load_source_checks()["verdict"] == "confirmed").sum()),
        "Count the rows of the checks table whose verdict is confirmed (value_counts helps).",
    ),
    "checks_not_confirmed": Exercise(
        "set",
        lambda: set(load_source_checks().query("verdict != 'confirmed'")["check_id"]),
        "Keep the rows whose verdict is anything but confirmed, then list their check_id.",
    ),
    "checks_contradicted_claim": Exercise(
        "choice",
        lambda: _only_value(load_source_checks().query("verdict == 'contradicted'")["claim_id"]),
        "Find the row whose verdict is contradicted and read its claim_id.",
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
    expected = {
        k: {_norm(v), *map(_norm, exercise.also_accepted.get(k, ()))}
        for k, v in exercise.solve().items()
    }
    given = {
        str(k).strip().upper(): _norm(v) if isinstance(v, str) else None
        for k, v in list(answer.items())[:1000]
    }
    right = sum(given.get(k) in vs for k, vs in expected.items())
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

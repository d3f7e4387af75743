"""Self-checked exercises: a student's answer is accepted, or gets a hint, never a traceback.

The exercises (their answers and hints) are content, in ``exercise_table.py``; the answer is
shown only when ``solution(...)`` is called. Answers are compared as values and never
evaluated as code.

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

from ..data.plural import counted, plural
from .exercise_table import EXERCISES, Exercise

MAX_TEXT = 200


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
    sorted_right = f"{plural(right, 'is', 'are')} sorted right"
    return (
        right == len(expected) and len(given) == len(expected),
        f"{right} of {counted(len(expected), 'statement')} {sorted_right}. ",
    )


def _norm(value: Any) -> str:
    return re.sub(r"[\s_\-]+", " ", str(value)[:MAX_TEXT]).strip().casefold()


COMPARE: dict[str, Callable[[Any, Exercise], tuple[bool, str]]] = {
    "number": _number,
    "choice": _choice,
    "set": _set,
    "mapping": _mapping,
}

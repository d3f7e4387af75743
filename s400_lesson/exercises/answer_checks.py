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

import pandas as pd

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

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        from .attempt_record import bundle  # the record for the class summary

        return bundle(self)


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
    if right:
        return Feedback(True, f"Well done. {detail}".strip())
    return Feedback(False, f"{detail}Hint: {exercise.hint}")


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
    close = difflib.get_close_matches(_norm(name).replace(" ", "_"), list(EXERCISES))
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


# ---- Numbers ---------------------------------------------------------------------------

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_PERCENT_SIGNS = ("%", "percent", "per cent")
PROPORTION = (
    "That looks like a proportion (a fraction of 1); the question asks for a percentage, so "
    "multiply by 100."
)
COMPLEMENT = (
    "That is the other share: the rest of the total, 100 minus the part the question asks "
    "about. Check whose sum you divide by the total."
)


def _number(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    value = _as_number(answer, exercise)
    if _near(value, float(exercise.solve()), exercise):
        return True, ""
    for reading in exercise.readings:
        if _near(value, float(reading.solve()), exercise):
            return True, reading.note
    return False, _number_slip(value, exercise)


def _near(value: float, expected: float, exercise: Exercise) -> bool:
    gap = abs(value - expected)
    if gap > exercise.tolerance + 1e-9:
        return False
    # Near 50 a share and its complement both fall within the tolerance: the answer must be
    # nearer the share asked for than the other one.
    return not exercise.percent or gap < abs(value - (100 - expected))


def _number_slip(value: float, exercise: Exercise) -> str:
    for slip in exercise.slips:
        if abs(value - float(slip.solve())) <= exercise.tolerance + 1e-9:
            return f"{slip.message} "
    if exercise.percent:
        expected = float(exercise.solve())
        if abs(100 * value - expected) <= exercise.tolerance + 1e-9:
            return f"{PROPORTION} "
        if abs((100 - value) - expected) <= exercise.tolerance + 1e-9:
            return f"{COMPLEMENT} "
    return ""


def _as_number(answer: Any, exercise: Exercise) -> float:
    if isinstance(answer, bool):
        raise TypeError("Answer with a number, not True or False.")
    _refuse_shapes(
        answer, "one number: count the rows with len(...) or add a column up with .sum()"
    )
    if isinstance(answer, str):
        answer = _number_text(answer, exercise)
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise TypeError("Answer with a number, such as 12 or 12.5.") from None
    if not math.isfinite(value):
        raise ValueError("That number is not finite.")
    return value


def _number_text(answer: str, exercise: Exercise) -> str:
    text = answer.strip()[:MAX_TEXT]
    if re.fullmatch(r"[+-]?\d+,\d{1,2}", text):
        raise ValueError(
            f"Write the decimal point as a full stop: {text.replace(',', '.')}, not {text}."
        )
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,000 is a thousand
    match = re.fullmatch(rf"({_NUMBER})\s*(.*?)\s*", text)
    if match is None:
        raise ValueError(f"{answer[:40]!r} is not a number.")
    number, unit = match.groups()
    if unit and not (exercise.percent and unit.casefold() in _PERCENT_SIGNS):
        raise ValueError(f"Write the number alone, without {unit[:20]!r}: answer = {number}.")
    return number


# ---- Shapes that are not one answer: a table, a column, a list ----------------------------


def _refuse_shapes(answer: Any, wanted: str) -> None:
    """Name a whole table, a column or a one-item list given where one value is asked for."""
    if isinstance(answer, pd.DataFrame):
        raise TypeError(
            f"That is a whole table ({_count(len(answer), 'row')}); the question asks for {wanted}."
        )
    if isinstance(answer, str | bytes | Mapping) or not isinstance(answer, Iterable):
        return
    if isinstance(answer, set | frozenset):
        items = list(answer)
    else:
        try:
            items = list(answer)[:1000]
        except TypeError:  # a 0-d numpy array iterates no further: it is one value
            return
    what, item = (
        ("a column", "row") if isinstance(answer, pd.Series | pd.Index) else ("a list", "item")
    )
    if len(items) == 1:
        raise TypeError(
            f"That is {what} with one {item}, {_plain(items[0])!r}; answer with the value "
            "itself, without brackets."
        )
    raise TypeError(
        f"That is {what} of {_count(len(items), 'value')}; the question asks for {wanted}."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# ---- Ids: one id, or a list of ids --------------------------------------------------------


def _choice(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    column = exercise.id_column or "id"
    _refuse_shapes(answer, f"one {column}, in quotes")
    if not isinstance(answer, str):
        raise TypeError('Answer with text in quotes, such as "fact".')
    given, expected = _norm(answer), _norm(exercise.solve())
    if given == expected:
        return True, ""
    for slip in exercise.slips:
        if given == _norm(slip.solve()):
            return False, f"{slip.message} "
    return False, _zero_slip([answer], [expected])


def _set(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    raw = _as_items(answer, exercise)
    given = {_norm(a) for a in raw}
    expected = {_norm(e) for e in exercise.solve()}
    if given == expected:
        return True, ""
    for reading in exercise.readings:
        if given == {_norm(e) for e in reading.solve()}:
            return True, reading.note
    for slip in exercise.slips:
        if given == {_norm(e) for e in slip.solve()}:
            return False, f"{slip.message} "
    right, n = len(given & expected), len(given)
    detail = (
        f"{right} of your {n} {'is' if n == 1 else 'are'} right, and the full answer has "
        f"{len(expected)}. "
    )
    return False, _zero_slip(raw, expected) + detail


def _zero_slip(given: Iterable[str], expected: Iterable[str]) -> str:
    """Name an id written without its zero (E1 for E01) when every id has two digits."""
    if not all(re.fullmatch(r"[a-z]\d\d", e) for e in expected):
        return ""
    short = [g.strip().upper() for g in given if re.fullmatch(r"\s*[A-Za-z]\d\s*", g)]
    if not short:
        return ""
    first = short[0]
    return f"Ids have two digits: write {first[0]}0{first[1]}, not {first}. "


def _as_items(answer: Any, exercise: Exercise) -> list[str]:
    if isinstance(answer, str):
        return [part for part in re.split(r"[,;\s]+", answer[: MAX_TEXT * 10]) if part]
    if isinstance(answer, pd.DataFrame):
        column = exercise.id_column or "id"
        raise TypeError(
            f"That is a whole table; the question asks for a list of ids: take its {column} "
            f'column, such as table["{column}"].tolist().'
        )
    if isinstance(answer, Mapping) or not isinstance(answer, Iterable):
        raise TypeError('Answer with a list of ids, such as ["E01", "E02"].')
    items = list(answer)[:1000]
    if not all(isinstance(i, str) for i in items):
        raise TypeError('Every id should be text in quotes, such as "E01".')
    return items


# ---- A dictionary of categories -----------------------------------------------------------


def _mapping(answer: Any, exercise: Exercise) -> tuple[bool, str]:
    if not isinstance(answer, Mapping):
        raise TypeError('Answer with a dictionary, such as {"S17": "fact", ...}.')
    expected = {
        k: {_norm(v), *map(_norm, exercise.also_accepted.get(k, ()))}
        for k, v in exercise.solve().items()
    }
    kinds = tuple(exercise.choices)
    given: dict[str, str | None] = {}
    read_as: list[str] = []
    unknown: list[str] = []
    for key, value in list(answer.items())[:1000]:
        kind = _category(value, kinds)
        given[str(key).strip().upper()[:MAX_TEXT]] = kind
        if kind is None:
            unknown.append(repr(value)[:40])
        elif isinstance(value, str) and value.strip().casefold() not in (kind, *kinds):
            read_as.append(f"{value[:40]!r} as {_kind_name(kind, kinds)!r}")
    listed = ", ".join(kinds)
    note = f"Read {', '.join(read_as[:4])}: write each kind as one of {listed}." if read_as else ""
    said = [note] if note else []
    if unknown:
        verb = "is not one" if len(unknown) == 1 else "are not"
        said.append(f"{', '.join(unknown[:4])} {verb} of the kinds: {listed}.")
    extra = [k for k in given if k not in expected]
    missing = [k for k in expected if k not in given]
    if extra:
        verb = "is" if len(extra) == 1 else "are"
        said.append(
            f"{', '.join(extra[:5])} {verb} not among the statements to sort "
            f"({', '.join(expected)})."
        )
    if missing:
        said.append(f"Your dictionary leaves out {', '.join(missing)}.")
    right = sum(given.get(k) in vs for k, vs in expected.items())
    if right == len(expected) and not extra:
        return True, note
    said.append(
        f"{right} of {counted(len(expected), 'statement')} "
        f"{plural(right, 'is', 'are')} sorted right."
    )
    return False, " ".join(said) + " "


def _kind_name(norm: str, kinds: tuple[str, ...]) -> str:
    """The kind as the lesson spells it (direct_quote), for a normalised one (direct quote)."""
    return next((k for k in kinds if _norm(k) == norm), norm)


def _category(value: Any, kinds: tuple[str, ...]) -> str | None:
    """The category a value names, read through capitals, a plural and stray punctuation."""
    if not isinstance(value, str):
        return None
    names = {_norm(k): k for k in kinds}  # "direct quote" names the kind direct_quote
    word = _norm(value)
    singular = word[:-1] if word.endswith("s") else word
    kind = names.get(word) or names.get(singular)
    return None if kind is None else _norm(kind)


_STRAY = " .,;:!?'\"`()[]"


def _norm(value: Any) -> str:
    return re.sub(r"[\s_\-]+", " ", str(value)[:MAX_TEXT]).casefold().strip(_STRAY)


COMPARE: dict[str, Callable[[Any, Exercise], tuple[bool, str]]] = {
    "number": _number,
    "choice": _choice,
    "set": _set,
    "mapping": _mapping,
}

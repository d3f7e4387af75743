"""The record a check or a review leaves in the notebook, for the teacher's class summary.

Beside what the student sees (HTML and text), the output of ``check`` and ``review`` carries a
small JSON part of the package's own MIME type. JupyterLab saves an output's whole bundle, so
saving the notebook saves the record; nothing else is stored anywhere.
``s400_lesson/teacher/class_summary.py`` reads the records back from the saved file without
running anything.

A record holds the exercise or task, its lesson, the attempt number in this kernel, and either
whether the answer was right (with the tries before it in this kernel) or which automatic
checklist lines passed; the answer is kept shortened. Blank answers and unknown names leave no
record. The seal is a checksum of the rest: it shows a record edited by hand, not one rebuilt
by someone who has read this file, so the summary is for teaching, never for marks.
"""

from __future__ import annotations

import functools
import hashlib
import json
import reprlib
import secrets
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypeVar

from .exercise_lessons import EXERCISE_LESSONS
from .writing_tasks import TASKS

MIME = "application/vnd.s400-lesson.attempt+json"
FORMAT = 1
MAX_ANSWER = 200  # characters of an answer kept: enough to group wrong answers, not an essay
MAX_TRIES = 10  # tries kept in one record: the first nine and the latest
MAX_LINE = 300  # characters of a checklist line
SALT = "s400-lesson attempt record"
BLANKS = {"", "...", "…", "your answer here"}

# One kernel, one id: a restarted kernel counts from 1 again; the summary tells kernels apart.
_KERNEL = secrets.token_hex(8)
_COUNTS: Counter[tuple[str, str]] = Counter()
_TRIES: dict[str, list[dict[str, Any]]] = {}


class _Short(reprlib.Repr):
    """reprlib's short repr, without the memory address it gives an object whose repr fails."""

    def repr_instance(self, x: Any, level: int) -> str:
        try:
            text = repr(x)
        except Exception:
            return f"<{type(x).__name__}>"
        return text if len(text) <= self.maxother else text[: self.maxother - 3] + "..."


_REPR = _Short()  # keyword arguments only from Python 3.12
for _name in ("maxtuple", "maxlist", "maxarray", "maxdict", "maxset", "maxfrozenset"):
    setattr(_REPR, _name, 10)
_REPR.maxstring = _REPR.maxother = MAX_ANSWER
_REPR.maxlong = 40

R = TypeVar("R")


def recorded(kind: str) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Wrap ``check`` (kind "exercise") or ``review`` (kind "task") to leave a record; the
    exercises layer's ``__init__`` wraps the two a lesson imports.

    The function's own result is returned unchanged; the record rides on it as
    ``_attempt_record`` and is shown by its ``_repr_mimebundle_`` (see ``bundle``).
    """
    make = _RECORDERS[kind]

    def decorate(func: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(func)
        def wrapper(item_id: Any, answer: Any, *args: Any, **kwargs: Any) -> R:
            result = func(item_id, answer, *args, **kwargs)
            try:
                record = make(item_id, answer, result)
            except Exception:  # a record must never cost a student the feedback
                record = None
            if record is not None:
                object.__setattr__(result, "_attempt_record", record)
            return result

        return wrapper

    return decorate


def bundle(shown: object) -> dict[str, Any]:
    """The MIME bundle part of a Feedback or Review: its record, or nothing."""
    record = getattr(shown, "_attempt_record", None)
    return {MIME: record} if record is not None else {}


def seal(record: Mapping[str, Any]) -> str:
    """The checksum of a record's fields other than ``seal``."""
    rest = {k: v for k, v in record.items() if k != "seal"}
    text = json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{SALT}\n{text}".encode()).hexdigest()[:16]


def shown_answer(value: Any) -> str:
    """A short, stable text of an answer: sets and dicts in sorted order, numpy scalars plain."""
    try:
        return _REPR.repr(_stable(value))[:MAX_ANSWER]
    except Exception:  # an object whose repr fails is still an attempt
        return f"<{type(value).__name__}>"[:MAX_ANSWER]


def _stable(value: Any) -> Any:
    if hasattr(value, "item") and getattr(value, "ndim", None) == 0:
        return value.item()
    if isinstance(value, set | frozenset) and len(value) <= 1000:
        return _Sorted(sorted(value, key=repr))
    if isinstance(value, dict) and len(value) <= 1000:
        return dict(sorted(value.items(), key=lambda kv: repr(kv[0])))
    return value


class _Sorted(list):
    """A set's items in sorted order, shown as a set."""

    def __repr__(self) -> str:
        return "{" + ", ".join(map(repr, self)) + "}" if self else "set()"


def blank(answer: Any) -> bool:
    """True for an answer cell not filled in yet (``...``, None, empty text)."""
    return (
        answer is None
        or answer is Ellipsis
        or (isinstance(answer, str) and answer.strip().casefold() in BLANKS)
    )


def _note(kind: str, item_id: str, lesson: str, fields: dict[str, Any]) -> dict[str, Any]:
    _COUNTS[kind, item_id] += 1
    record = {
        "format": FORMAT,
        "kind": kind,
        "id": item_id,
        "lesson": lesson,
        "attempt": _COUNTS[kind, item_id],
        "kernel": _KERNEL,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        **fields,
    }
    record["seal"] = seal(record)
    return record


def _exercise(exercise_id: Any, answer: Any, feedback: object) -> dict[str, Any] | None:
    name = str(exercise_id)
    if name not in EXERCISE_LESSONS or blank(answer):
        return None
    shown = shown_answer(answer)
    correct = bool(feedback.correct)  # type: ignore[attr-defined]
    tries = _TRIES.setdefault(name, [])
    tries.append({"answer": shown, "correct": correct})
    if len(tries) > MAX_TRIES:
        del tries[MAX_TRIES - 1]  # keep the first nine; the latest is appended each time
    fields = {"correct": correct, "answer": shown, "type": type(answer).__name__[:40]}
    return _note("exercise", name, EXERCISE_LESSONS[name], {**fields, "tries": list(tries)})


def _task(task_id: Any, answer: Any, review: object) -> dict[str, Any] | None:
    if not isinstance(task_id, str) or task_id.strip() not in TASKS:
        return None
    if getattr(review, "problem", None) is not None or not isinstance(answer, str):
        return None
    if blank(answer):
        return None
    name = task_id.strip()
    lines = [
        {"line": str(item.criterion)[:MAX_LINE], "passed": item.status == "passed"}
        for item in getattr(review, "items", ())
        if item.status in ("passed", "not_yet")
    ]
    fields = {
        "answer": " ".join(answer[: MAX_ANSWER * 4].split())[:MAX_ANSWER].strip(),
        "words": len(answer.split()),
        "lines": lines,
    }
    return _note("task", name, TASKS[name].lesson, fields)


_RECORDERS: dict[str, Callable[[Any, Any, object], dict[str, Any] | None]] = {
    "exercise": _exercise,
    "task": _task,
}

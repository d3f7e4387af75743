"""Free-text tasks: a checklist to review one's own answer, and a model answer on request.

A free-text answer is never graded by pretending to understand it. ``review`` shows the
task's checklist (``checklist.py``): an automatic criterion shows ✔ or ✘ with a reason; every
other criterion says "check this yourself". The tasks are content, in ``writing_tasks.py``.

>>> review("source_clues", "The article is a translation ...")  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from typing import Any

from .checklist import (
    MAX_ANSWER,
    MAX_NAME,
    PLACEHOLDERS,
    Criterion,
    Item,
    Task,
    copied_share,
    words,
)
from .writing_tasks import NO_MODEL, TASKS

MARKS = {"passed": "✔", "not_yet": "✘", "yourself": "☐"}
LABELS = {"passed": "checked", "not_yet": "not yet", "yourself": "check this yourself"}
COLOURS = {"passed": "#006d2c", "not_yet": "#a63603", "yourself": "#555555"}


@dataclass(frozen=True)
class Review:
    """What a student sees after ``review``: the checklist applied to their answer.

    ``problem`` is set instead of ``items`` when there was nothing to review (no such task,
    no answer yet).
    """

    task_id: str
    title: str
    items: tuple[Item, ...] = ()
    notes: tuple[str, ...] = ()
    problem: str | None = None

    @property
    def automatic_passed(self) -> bool:
        """True when every automatic check passed (the others are the student's to judge)."""
        return self.problem is None and all(i.status != "not_yet" for i in self.items)

    def _repr_html_(self) -> str:
        e = html.escape
        if self.problem is not None:
            return _box(f"<b>Self-review.</b> {e(self.problem)}", "#a63603")
        rows = "".join(
            f'<li style="list-style:none;margin:2px 0">'
            f'<span style="color:{COLOURS[i.status]};font-weight:bold">{MARKS[i.status]} '
            f"{e(LABELS[i.status])}:</span> {e(i.criterion)}"
            + (f" <i>({e(i.reason)})</i>" if i.reason else "")
            + "</li>"
            for i in self.items
        )
        notes = "".join(f"<p>{e(n)}</p>" for n in self.notes)
        body = (
            f"<b>Self-review: {e(self.title)}</b>"
            f'<ul style="padding-left:0;margin:4px 0">{rows}</ul>{notes}'
        )
        return _box(body, "#555555")

    def __repr__(self) -> str:
        if self.problem is not None:
            return f"Self-review: {self.problem}"
        lines = [f"Self-review: {self.title}"]
        for i in self.items:
            reason = f" ({i.reason})" if i.reason else ""
            lines.append(f"{MARKS[i.status]} {LABELS[i.status]}: {i.criterion}{reason}")
        return "\n".join([*lines, *self.notes])

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, Any]:
        from .attempt_record import bundle  # the record for the class summary

        return bundle(self)


@dataclass(frozen=True)
class ModelAnswer:
    """A model answer to compare with, or a message saying why there is none to show."""

    task_id: str
    title: str
    text: str | None = None
    problem: str | None = None

    def _repr_html_(self) -> str:
        if self.text is None:
            return _box(f"<b>Model answer.</b> {html.escape(self.problem or '')}", "#555555")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in self.text.split("\n\n"))
        return _box(f"<b>Model answer: {html.escape(self.title)}</b>{paragraphs}", "#08519c")

    def __repr__(self) -> str:
        if self.text is None:
            return f"Model answer: {self.problem}"
        return f"Model answer: {self.title}\n{self.text}"


def _box(body: str, colour: str) -> str:
    return (
        f'<div class="s400-review" style="border-left:4px solid {colour};'
        f'padding:4px 8px">{body}</div>'
    )


# The tasks whose answer the student has reviewed in this kernel: their model answers open.
_REVIEWED: set[str] = set()
MIN_ATTEMPT_WORDS = 10  # fewer words are not yet an attempt that opens the model answer
COPIED = 0.5  # this share of an answer's six-word runs found in the model answer: pasted
OWN_WORDS = "Is in your own words, not the model answer's."


def review(task_id: str, answer: str) -> Review:
    """Show ``task_id``'s checklist against ``answer``: automatic checks and ones for you."""
    task, problem = _find(task_id)
    if task is None:
        return Review(str(task_id)[:MAX_NAME], "", problem=problem)
    name = task_id.strip()
    if answer is Ellipsis or (isinstance(answer, str) and answer.strip() in PLACEHOLDERS):
        return Review(name, task.title, problem=ASK_FOR_ANSWER)
    if not isinstance(answer, str):
        return Review(name, task.title, problem=ASK_FOR_TEXT)
    notes = []
    if len(answer) > MAX_ANSWER:
        answer = answer[:MAX_ANSWER]
        notes.append(f"Only the first {MAX_ANSWER:,} characters were reviewed.")
    items = tuple(_apply(c, answer) for c in task.checklist)
    pasted = task.model is not None and copied_share(answer, task.model) >= COPIED
    if pasted:
        reason = "most of it stands word for word in the model answer: write your own, then compare"
        items = (Item(OWN_WORDS, "not_yet", reason), *items)
    elif len(words(answer)) >= MIN_ATTEMPT_WORDS:
        _REVIEWED.add(name)
    if task.model is not None:
        notes.append(_next_step(name))
    return Review(name, task.title, items, tuple(notes))


def _next_step(name: str) -> str:
    if name in _REVIEWED:
        return f'Then compare with a model answer: run model_answer("{name}").'
    return (
        f"The model answer opens once you have reviewed an answer of your own of at least "
        f"{MIN_ATTEMPT_WORDS} words here."
    )


def model_answer(task_id: str, teacher: bool = False) -> ModelAnswer:
    """The task's model answer, once the student has reviewed an attempt of their own.

    ``teacher=True`` opens it at once, for a teacher preparing or projecting the lesson.
    """
    task, problem = _find(task_id)
    if task is None:
        return ModelAnswer(str(task_id)[:MAX_NAME], "", problem=problem)
    name = task_id.strip()
    if task.model is None:
        return ModelAnswer(name, task.title, problem=NO_MODEL)
    if not teacher and name not in _REVIEWED:
        return ModelAnswer(name, task.title, problem=_locked(name))
    return ModelAnswer(name, task.title, task.model)


def _locked(name: str) -> str:
    return (
        f'Write your own answer first and run review("{name}", answer) on it: the model answer '
        "opens after that, in this notebook."
    )


ASK_FOR_ANSWER = (
    'Write your answer on the empty line between answer = """ and the closing """, then run '
    "the cell again."
)
ASK_FOR_TEXT = (
    'Your answer should be text: write it between answer = """ and the closing """, then run '
    "the cell again."
)


def _find(task_id: Any) -> tuple[Task | None, str]:
    if not isinstance(task_id, str):
        return None, (
            'Give the task\'s name as text in quotes, such as review("source_clues", answer). '
            f"The tasks are: {', '.join(sorted(TASKS))}."
        )
    name = task_id.strip()
    if name in TASKS:
        return TASKS[name], ""
    close = difflib.get_close_matches(name.lower()[:MAX_NAME], list(TASKS), n=3, cutoff=0.5)
    suggestion = (
        f"Did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else f"The tasks are: {', '.join(sorted(TASKS))}."
    )
    return None, f"There is no task called {name[:MAX_NAME]!r}. {suggestion}"


def _apply(criterion: Criterion, answer: str) -> Item:
    if criterion.test is None:
        return Item(criterion.text, "yourself", "")
    try:
        passed, reason = criterion.test(answer)
    except Exception:  # a review must never end in a traceback for a student
        return Item(criterion.text, "yourself", "could not be checked automatically")
    if passed is None:  # the text shows something only the student can weigh
        return Item(criterion.text, "yourself", reason)
    return Item(criterion.text, "passed" if passed else "not_yet", reason)

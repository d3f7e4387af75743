"""A scripted class: real lessons run in fresh kernels with answers typed into their exercise
cells, as a student would (each answer run in the same cell, replacing its output), then saved.

Used by tests/test_class_summary_lessons.py and benchmarks/class_summary.py. The expected
verdicts are computed here with the package's own ``check`` and ``review``, so the counts the
summary makes can be compared with what was typed, whatever the checkers accept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from s400_lesson.exercises.answer_checks import solution
from s400_lesson.exercises.writing_tasks import TASKS

CALL = re.compile(r"""^\s*(check|review)\(\s*["'](\w+)["']\s*,\s*(\w+)\s*\)\s*$""", re.M)
CELL_TIMEOUT = 120


def answer_cells(nb: nbformat.NotebookNode) -> dict[str, int]:
    """Exercise or task id -> index of the cell that checks it."""
    found = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (match := CALL.search(cell.source)):
            found[match.group(2)] = index
    return found


def typed(cell_source: str, literal: str) -> str:
    """The answer cell with ``literal`` (Python source) as its answer, its call line kept."""
    match = CALL.search(cell_source)
    assert match, "not an answer cell"
    return f"{match.group(3)} = {literal}\n{match.group(0).strip()}"


def run_scripted(
    path: Path, workdir: Path, answers: Mapping[str, Sequence[str]], timeout: int = CELL_TIMEOUT
) -> nbformat.NotebookNode:
    """Run ``path`` top to bottom in a new kernel; each answer cell named in ``answers`` is run
    once per answer (Python source), in order, as a student re-running the cell would."""
    assert path.parent.resolve() != workdir.resolve(), "run notebooks away from their folder"
    nb = nbformat.read(path, as_version=4)
    cells = {index: item for item, index in answer_cells(nb).items()}
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.reset_execution_trackers()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            tries = answers.get(cells.get(index, ""), ())
            original = cell.source
            for literal in tries:
                cell.source = typed(original, literal)
                client.execute_cell(cell, index)
            if not tries:
                client.execute_cell(cell, index)
        client.set_widgets_metadata()
    return nb


def wrong_answers(exercise_id: str) -> list[Any]:
    """Answers that are wrong or slips for ``exercise_id``, made from its solution."""
    right = solution(exercise_id)
    if isinstance(right, bool):
        return [not right]
    if isinstance(right, int | float):
        return [right + 1, round(right / 100, 4), f"{right} jets"]
    if isinstance(right, list):
        return [right[:-1] or ["X99"], [r.lower() for r in right] + ["X99"]]
    if isinstance(right, dict):
        keys = list(right)
        return [dict(zip(keys, reversed(list(right.values())), strict=True)), {}]
    return ["X99", f"{right}s"]


def task_answers(task_id: str) -> list[str]:
    """A poor answer and a fuller one (the model answer, or a long neutral text)."""
    model = TASKS[task_id].model
    full = model if model else " ".join(["The record shows what each side said about C05."] * 12)
    return ["Too short.", full]

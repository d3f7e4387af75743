"""JupyterLab keeps a check's and a review's record when the student saves: the student sees the
feedback, the saved file holds the record, and the class summary counts it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from s400_lesson.exercises.attempt_record import MIME
from s400_lesson.teacher.class_summary import summarise

from . import lab

pytestmark = pytest.mark.browser
REL = "fixtures/records_fixture.ipynb"
CELLS = [
    "from s400_lesson import check, review",
    'answer = 16\ncheck("timeline_gap", answer)',
    'answer = """E01 came before E02, and the first led to the second."""\n'
    'review("timeline_cause", answer)',
]


def saved_records(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        out["data"][MIME]
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if MIME in out.get("data", {})
    ]


def test_a_saved_notebook_keeps_its_records(lab_page: lab.LabPage, tmp_path: Path) -> None:
    path = lab_page.server.root / REL
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    # With its kernel named, JupyterLab starts it instead of asking which to use.
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    lab_page.open(REL)
    lab_page.run_all(len(CELLS))
    shown = lab_page.page.inner_text(".jp-Notebook")
    assert "Not yet" in shown and "Self-review" in shown
    assert '"kernel"' not in shown and "seal" not in shown, "the record itself is not shown"
    lab_page.menu("File", "docmanager:save")
    lab.wait_until(lambda: len(saved_records(path)) == 2, 30, "the saved file to hold 2 records")
    exercise, task = saved_records(path)
    assert (exercise["id"], exercise["correct"], exercise["answer"]) == (
        "timeline_gap",
        False,
        "16",
    )
    assert (task["id"], task["kind"]) == ("timeline_cause", "task") and task["lines"]
    student = tmp_path / "class" / "kim"
    student.mkdir(parents=True)
    shutil.copy(path, student / "01_timeline.ipynb")
    summary = summarise([tmp_path / "class"])
    assert summary.notes == []
    gap = next(r for r in summary.exercises if r.item == "timeline_gap")
    assert (gap.attempted, gap.right_first, gap.wrong_answers) == (1, 0, (("16", 1),))

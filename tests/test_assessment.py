"""The end-of-unit assessment: a rubric kept as data, shown to students without its samples."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from s400_lesson.exercises.assessment import ASSESSMENT_PROMPT, RUBRIC, criteria, criteria_table
from s400_lesson.exercises.writing_tasks import TASKS

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSON = NOTEBOOKS / "06_checking_the_source.ipynb"
HEADING = "## End-of-unit assessment"


def guides() -> str:
    """Every teacher guide file: the guide and any lesson part not yet folded into it."""
    return "\n".join(
        p.read_text(encoding="utf-8")
        for p in sorted((NOTEBOOKS.parent / "teacher").glob("teacher_guide*.md"))
    )


def test_rubric_has_three_or_four_ordered_levels():
    assert 3 <= len(RUBRIC) <= 4
    assert [level.score for level in RUBRIC] == list(range(1, len(RUBRIC) + 1))
    for level in RUBRIC:
        assert level.name and len(level.descriptor) > 40 and len(level.sample) > 40
    assert len({level.sample for level in RUBRIC}) == len(RUBRIC)


def test_students_see_descriptors_but_no_samples():
    shown = repr(criteria()) + criteria_table().to_html()
    for level in RUBRIC:
        assert level.name in shown
        assert level.sample[:40] not in shown


def assessment_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [
        cell
        for cell in nb.cells
        if cell.cell_type == "markdown" and HEADING in cell.source.splitlines()
    ]


def test_last_lesson_has_the_tagged_assessment_cell():
    nb = nbformat.read(LESSON, as_version=4)
    (cell,) = assessment_cells(nb)
    assert "assessment" in cell.metadata.get("tags", [])
    assert ASSESSMENT_PROMPT in cell.source


def test_no_notebook_holds_a_sample_answer():
    for path in NOTEBOOKS.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        for level in RUBRIC:
            assert level.sample[:60] not in text, (path.name, level.name)


@pytest.mark.parametrize("level", RUBRIC, ids=lambda level: level.name)
def test_teacher_guide_has_each_level_and_sample(level):
    text = guides()
    assert level.descriptor in text and level.sample in text


def test_teacher_guide_has_the_prompt_and_every_model_answer():
    text = guides()
    assert ASSESSMENT_PROMPT in text
    for task_id, task in TASKS.items():
        for paragraph in (task.model or "").split("\n\n"):
            assert paragraph in text, (task_id, paragraph[:60])

"""The lesson notebooks: stored clean, run cleanly in a fresh kernel, same outputs twice."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from notebook_runner import execute, images, normalised, outputs, problems

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
RUNS: dict[Path, list[nbformat.NotebookNode]] = {}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A scratch working directory, never the notebooks folder."""
    return tmp_path_factory.mktemp("notebook_cwd")


def runs(path: Path, workdir: Path, count: int) -> list[nbformat.NotebookNode]:
    """The first ``count`` executions of ``path``, cached for the module (two at most)."""
    done = RUNS.setdefault(path, [])
    while len(done) < count:
        done.append(execute(path, workdir))
    return done[:count]


def headings(nb: nbformat.NotebookNode, level: str = "## ") -> list[str]:
    return [
        line[len(level) :].strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith(level)
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"cells with outputs or execution counts: {dirty}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_header_and_closing_sections(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    for word in ("Time", "Questions", "Objectives"):
        assert re.search(rf"\b{word}\b", first.source), f"header lacks {word}"
    assert headings(nb)[-2:] == ["Key points", "Discussion"], "closing sections missing"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_without_errors_or_warnings(path, workdir):
    (nb,) = runs(path, workdir, 1)
    assert not problems(nb), "\n".join(problems(nb))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_same_outputs_twice(path, workdir):
    first, second = runs(path, workdir, 2)
    a, b = normalised(first), normalised(second)
    for i, (one, two) in enumerate(zip(a["outputs"], b["outputs"], strict=True)):
        assert one == two, f"code cell {i} differs between runs"
    assert a["widget_state"] == b["widget_state"]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_images_have_alt_text(path, workdir):
    (nb,) = runs(path, workdir, 1)
    missing = [i for i, meta in images(nb) if not meta.get("image/png", {}).get("alt", "").strip()]
    assert not missing, f"PNG outputs without alt text in code cells {missing}"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_tables_show_text_whole(path, workdir):
    """A student classifying a statement must read all of it: no table cell is cut short."""
    (nb,) = runs(path, workdir, 1)
    cut = [
        (i, cell)
        for i, out in outputs(nb)
        for cell in re.findall(r"<td>([^<]*)</td>", out.get("data", {}).get("text/html", ""))
        if cell.endswith("...")
    ]
    assert not cut, f"table cells cut short (code cell, text): {cut[:3]}"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_results_read_as_plain_numbers(path, workdir):
    """A student sees 14 and True, not numpy's np.int64(14) and np.True_."""
    (nb,) = runs(path, workdir, 1)
    numpy_reprs = [
        (i, out["data"]["text/plain"][:60])
        for i, out in outputs(nb)
        if re.match(r"np\.\w+", out.get("data", {}).get("text/plain", ""))
    ]
    assert not numpy_reprs, f"numpy scalar reprs in outputs (code cell, text): {numpy_reprs}"


# What reaches a student: the notebooks in notebooks/ are theirs, so no teacher's note, no
# link to the teacher's guide, and one form of answer cell in every lesson.
TEACHER_ONLY = re.compile(r"teacher[ _-]?note|teacher_guide|teacher guide|sample answers", re.I)
EXERCISE_CELL = re.compile(r'answer = \.\.\.  # your answer here\ncheck\("[a-z0-9_]+", answer\)')
TASK_CELL = re.compile(r'answer = """\n\n"""\nreview\("[a-z0-9_]+", answer\)')
ANSWER_CALL = re.compile(r"\b(check|review)\(")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_teacher_note_reaches_a_student(path):
    nb = nbformat.read(path, as_version=4)
    noted = [
        i
        for i, cell in enumerate(nb.cells)
        if "teacher-note" in cell.metadata.get("tags", [])
        or (cell.metadata.get("slideshow") or {}).get("slide_type") == "notes"
        or TEACHER_ONLY.search(cell.source)
    ]
    assert not noted, f"cells for the teacher in a student's notebook: {noted}"


def test_the_teacher_note_check_can_fail():
    note = nbformat.v4.new_markdown_cell("*Teacher note:* ask them to predict the bars.")
    assert TEACHER_ONLY.search(note.source)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_answer_cells_have_one_form(path):
    """Exercises: `answer = ...  # your answer here` then check(); tasks: an empty
    triple-quoted `answer` then review(), in every lesson."""
    nb = nbformat.read(path, as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code" and ANSWER_CALL.search(c.source)]
    assert cells, "a lesson with no exercise or task"
    odd = [s for s in cells if not (EXERCISE_CELL.fullmatch(s) or TASK_CELL.fullmatch(s))]
    assert not odd, f"answer cells in another form: {odd}"

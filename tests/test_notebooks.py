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

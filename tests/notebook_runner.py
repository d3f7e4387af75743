"""Run a lesson notebook in a fresh kernel away from the notebooks folder; normalise its outputs."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
CELL_TIMEOUT = 120


def execute(path: Path, workdir: Path, timeout: int = CELL_TIMEOUT) -> nbformat.NotebookNode:
    """The notebook at ``path`` run top to bottom in a new kernel whose cwd is ``workdir``."""
    assert path.parent.resolve() != workdir.resolve(), "run notebooks away from their folder"
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()
    return nb


def execute_during(
    command: Sequence[str], cwd: Path, logs: Path, paths: Sequence[Path], workdir: Path
) -> tuple[dict[str, nbformat.NotebookNode], subprocess.CompletedProcess[str]]:
    """Run ``command`` (a slide build) in ``cwd`` while the notebooks at ``paths`` execute.

    Two kernels at a time halve the wait. Returns the executed notebooks by stem and the
    command's result, its output kept in ``logs``/stdout and ``logs``/stderr.
    """
    with (
        open(logs / "stdout", "w+", encoding="utf-8") as out,
        open(logs / "stderr", "w+", encoding="utf-8") as err,
    ):
        builder = subprocess.Popen(list(command), cwd=cwd, stdout=out, stderr=err, text=True)
        try:
            notebooks = {path.stem: execute(path, workdir) for path in paths}
            returncode = builder.wait(timeout=900)
        finally:
            if builder.poll() is None:
                builder.kill()
                builder.wait()
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(list(command), returncode, out.read(), err.read())
    return notebooks, result


def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def outputs(nb: nbformat.NotebookNode) -> list[tuple[int, nbformat.NotebookNode]]:
    """(code cell index, output) for every output of every code cell."""
    return [(i, out) for i, cell in enumerate(code_cells(nb)) for out in cell.outputs]


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """Error and stderr outputs, one line each, naming the cell."""
    found = []
    for i, cell in enumerate(code_cells(nb)):
        for out in cell.outputs:
            if out.output_type == "error":
                found.append(f"code cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                found.append(f"code cell {i}: stderr: {out.text.strip()[:300]}")
    return found


def model_ids(nb: nbformat.NotebookNode) -> set[str]:
    """Every widget model id in the outputs and the stored widget state."""
    ids = {
        out.data[WIDGET_VIEW]["model_id"]
        for cell in code_cells(nb)
        for out in cell.outputs
        if WIDGET_VIEW in out.get("data", {})
    }
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    return ids | set(state)


def normalised(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """Outputs per code cell and the widget state, with model ids replaced by a placeholder."""
    ids = model_ids(nb)
    pattern = re.compile("|".join(map(re.escape, sorted(ids, key=len, reverse=True))) or "(?!)")

    def scrub(value: Any) -> Any:
        return json.loads(pattern.sub("MODEL_ID", json.dumps(value, sort_keys=True)))

    outputs = [scrub(copy.deepcopy(cell.outputs)) for cell in code_cells(nb)]
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    models = sorted(json.dumps(scrub(model), sort_keys=True) for model in state.values())
    return {"outputs": outputs, "widget_state": models}


def images(nb: nbformat.NotebookNode) -> list[tuple[int, dict[str, Any]]]:
    """(code cell index, output metadata) of every image/png output."""
    return [
        (i, out.get("metadata", {}))
        for i, cell in enumerate(code_cells(nb))
        for out in cell.outputs
        if "image/png" in out.get("data", {})
    ]

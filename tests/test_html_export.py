"""A teacher's own export: ``jupyter nbconvert --to html --execute`` keeps the widgets' pictures.

The live explorer and what-if need a widget manager, which nbconvert's HTML loads from a
CDN: offline, the export showed a blank where the widget was. The package ships nbconvert
config into its environment (jupyter-config/, installed to <env>/etc/jupyter/) that ranks a
widget's text/html picture above its live view and stores no widget state, so the plain
command keeps the pictures. The same export with nbconvert's defaults forced back on the
command line shows the blank, so these tests see the difference the config makes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbformat
import pytest
from test_slides import BrowserThread
from test_slides import browser as browser  # the fixture: one Chromium for this module

from s400_lesson.widgets.explorer import PICTURE_NOTE as EXPLORER_NOTE
from s400_lesson.widgets.whatif import PICTURE_NOTE as WHATIF_NOTE

REPO = Path(__file__).resolve().parent.parent
JUPYTER = Path(sys.executable).with_name("jupyter")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# What nbconvert does without the shipped config.
NBCONVERT_DEFAULTS = [
    f'--NbConvertBase.display_data_priority=["{WIDGET_VIEW}", "text/html", "image/png", '
    '"text/plain"]',
    "--ExecutePreprocessor.store_widget_state=True",
    # the shipped config also clears the saved widget state on export: undo that too
    "--HTMLExporter.preprocessors=[]",
]
WIDGETS = {
    "02_positions": EXPLORER_NOTE.split("(")[0].strip(),
    "03_f35_plan": WHATIF_NOTE.split(",")[0].strip(),
}


def _export(notebook: Path, out: Path, *extra: str) -> str:
    command = [str(JUPYTER), "nbconvert", "--to", "html", "--execute", str(notebook)]
    command += ["--output-dir", str(out), *extra]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=out.parent,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return (out / f"{notebook.stem}.html").read_text(encoding="utf-8")


def _lesson(name: str) -> Path:
    path = REPO / "notebooks" / f"{name}.ipynb"
    if not path.exists():
        pytest.skip(f"notebooks/{path.name} is not written yet")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_plain_html_export_keeps_the_widget_pictures(
    name: str,
    tmp_path: Path,
    browser: BrowserThread,
) -> None:
    if not JUPYTER.exists():
        pytest.skip(f"no {JUPYTER}: install requirements.txt in this environment")
    html = _export(_lesson(name), tmp_path / "export")
    assert WIDGETS[name] in html, "the widget's picture is missing from the export"
    assert 'class="s400-static"' in html
    assert f'type="{WIDGET_VIEW}"' not in html, "a live widget view (blank offline) is exported"
    assert "widget-state+json" not in html
    # nbconvert's page itself still names require.js, MathJax and mermaid on a CDN; with the
    # web refused (below) they fail quietly, and the widget's picture must not need them.
    picture = re.search(r'<div class="s400-static">.*?<img [^>]*alt="([^"]+)"', html, re.S)
    assert picture, "the picture has no chart with alt text"
    browser.run(_picture_is_shown, tmp_path / "export" / f"{name}.html", WIDGETS[name])


def _picture_is_shown(chromium: Any, page_path: Path, note: str) -> None:
    with _visit_page(chromium, page_path) as page:
        shown = page.evaluate(
            """() => [...document.querySelectorAll('.s400-static img')].filter((img) => {
                const r = img.getBoundingClientRect();
                return img.complete && img.naturalWidth > 0 && r.width > 100 && r.height > 50;
            }).length"""
        )
        assert shown >= 1, "the widget's chart is not drawn in the exported page"
        assert note in page.inner_text("body")


@contextmanager
def _visit_page(chromium: Any, path: Path) -> Iterator[Any]:
    """An exported HTML page opened from disk with every web request refused."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})

    def refuse(route: Any) -> None:
        if route.request.url.startswith(("file://", "data:")):
            route.continue_()
        else:
            route.abort()

    try:
        context.route("**/*", refuse)
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="load")
        yield page
    finally:
        context.close()


@pytest.mark.slow
def test_without_the_shipped_config_the_export_is_blank(tmp_path: Path) -> None:
    """nbconvert's own defaults export the live view: no picture, and a CDN script to fetch."""
    if not JUPYTER.exists():
        pytest.skip(f"no {JUPYTER}: install requirements.txt in this environment")
    html = _export(_lesson("02_positions"), tmp_path / "export", *NBCONVERT_DEFAULTS)
    assert WIDGETS["02_positions"] not in html
    assert f'type="{WIDGET_VIEW}"' in html


def test_the_config_is_installed_where_nbconvert_reads_it() -> None:
    installed = Path(sys.prefix) / "etc" / "jupyter" / "jupyter_nbconvert_config.json"
    shipped = REPO / "jupyter-config" / "jupyter_nbconvert_config.json"
    assert installed.is_file(), "pip install -r requirements.txt installs it; run that again"
    assert installed.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


def test_export_of_a_saved_notebook_loads_no_widget_manager(tmp_path: Path) -> None:
    """JupyterLab saves the widgets' state with a lesson (so it reopens as it was left); an
    export of that file must not embed the state, or nbconvert adds its widget manager from a
    CDN. The shipped config drops the notebook's metadata but the kernel and language."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("A saved lesson"))
    notebook.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}
    }
    notebook.metadata["language_info"] = {"name": "python"}
    path = tmp_path / "saved.ipynb"
    nbformat.write(notebook, path)
    config = REPO / "jupyter-config" / "jupyter_nbconvert_config.json"
    command = [str(JUPYTER), "nbconvert", "--to", "html", f"--config={config}", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    html = (tmp_path / "saved.html").read_text(encoding="utf-8")
    assert "A saved lesson" in html
    assert "widget-state+json" not in html and "html-manager" not in html

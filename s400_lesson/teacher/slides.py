"""Build the lesson notebooks into reveal.js slide decks that work with no internet.

Each notebook is executed in memory in a fresh kernel (nbclient) whose working
directory is the notebook's folder, converted with nbconvert's SlidesExporter
through the package's ``s400_reveal`` template (code inputs hidden, live widgets
replaced by their static HTML fallback, charts with their alt text) and written
to ``<out>/<notebook>.slides.html``, with the teacher's speaker notes from
``teacher/speaker_notes/<notebook>.md`` added to their slides (the students' notebooks carry
no notes). Nothing is written next to the notebooks.

reveal.js is not vendored in this repository: the build copies the few files
the decks load (reveal.js, its CSS, one theme and its fonts, the notes plugin)
from the installed ``sphinx-revealjs`` wheel into ``<out>/reveal.js/``, and the
decks reference them by relative path, so a deck opened from disk works offline
as long as that folder stays beside it.

Typical use::

    from s400_lesson.teacher import slides
    slides.build_decks(slides.find_notebooks(Path("notebooks")), Path("build/slides"))

or ``python -m s400_lesson slides [--notebooks DIR] [--out DIR] [NAME ...]``, whose
defaults are ``ROOT/notebooks`` and ``ROOT/build/slides``, ROOT being the nearest of the
current folder and its parents that has a ``notebooks/`` folder, else the checkout the
package is installed from (see ``project_root``).
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Iterable
from html.parser import HTMLParser
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import SlidesExporter
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell
from traitlets.config import Config

from .project import find_notebooks, project_root

__all__ = [
    "DEFAULT_THEME",
    "REVEAL_DIRNAME",
    "SPEAKER_NOTES_DIR",
    "SlideBuildError",
    "StaticWidgetPreprocessor",
    "add_speaker_notes",
    "build_deck",
    "build_decks",
    "cell_failure",
    "copy_reveal_assets",
    "execute_notebook",
    "expected_slide_count",
    "export_slides",
    "find_notebooks",
    "project_root",
    "read_speaker_notes",
    "remote_resources",
    "reveal_source_dir",
    "reveal_version",
    "slides_exporter",
    "speaker_notes_file",
]

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "s400_reveal"
REVEAL_DIRNAME = "reveal.js"
# "white" loads its fonts from reveal's own folder; "simple" (nbconvert's default)
# imports Google Fonts and would need the internet.
DEFAULT_THEME = "white"
CELL_TIMEOUT = 300

REMOVE_CELL_TAGS = frozenset({"remove-cell"})
REMOVE_INPUT_TAGS = frozenset({"remove-input"})
REMOVE_OUTPUT_TAGS = frozenset({"remove-output"})
HIDDEN_SLIDE_TYPES = frozenset({"skip", "notes"})
NEW_SLIDE_TYPES = frozenset({"slide", "subslide"})

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# nbconvert's HTML priority minus what cannot work in a static, offline deck:
# live widgets (frozen in an export), JavaScript (may fetch from the web),
# LaTeX and mermaid (their CDN renderers are dropped by the template).
STATIC_PRIORITY = (
    "text/html",
    "text/markdown",
    "image/svg+xml",
    "image/png",
    "image/jpeg",
    "text/plain",
)


class SlideBuildError(Exception):
    """A notebook could not be made into a deck (failed cell, web resource, ...)."""


class StaticWidgetPreprocessor(Preprocessor):
    """Show a widget's static ``text/html`` fallback, never the frozen live widget.

    The widget view is removed from every output; an output left with nothing but
    ``text/plain`` (a bare widget's repr) is dropped, and so is the saved widget
    state, so no html-manager is embedded in the deck.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: dict[str, Any], index: int
    ) -> tuple[NotebookNode, dict[str, Any]]:
        if cell.cell_type == "code":
            cell.outputs = [out for out in map(_static_output, cell.outputs) if out is not None]
        return cell, resources


def _static_output(output: NotebookNode) -> NotebookNode | None:
    data = output.get("data", {})
    if WIDGET_VIEW not in data:
        return output
    static = {mime: value for mime, value in data.items() if mime != WIDGET_VIEW}
    if set(static) <= {"text/plain"}:
        return None
    output = copy.deepcopy(output)
    output.data = static
    return output


def reveal_source_dir() -> Path:
    """The reveal.js folder inside the installed ``sphinx-revealjs`` wheel."""
    # find_spec locates the package without importing it (and Sphinx with it).
    spec = find_spec("sphinx_revealjs")
    if spec is None or not spec.submodule_search_locations:
        raise SlideBuildError("reveal.js comes from sphinx-revealjs: pip install sphinx-revealjs")
    source = Path(next(iter(spec.submodule_search_locations))) / "_static" / "revealjs"
    if not (source / "dist" / "reveal.js").is_file():
        raise SlideBuildError(f"no reveal.js in {source}; reinstall sphinx-revealjs")
    return source


def reveal_version() -> str:
    """Version of the reveal.js that the decks use, read from its banner."""
    banner = (reveal_source_dir() / "dist" / "reveal.js").read_text(encoding="utf-8")[:300]
    match = re.search(r"reveal\.js (\d+\.\d+\.\d+)", banner)
    return match.group(1) if match else "unknown"


def copy_reveal_assets(out_dir: Path, theme: str = DEFAULT_THEME) -> Path:
    """Copy what the decks load from reveal.js into ``out_dir/reveal.js``; return that folder."""
    source = reveal_source_dir()
    theme_css = source / "dist" / "theme" / f"{theme}.css"
    if not theme_css.is_file():
        raise SlideBuildError(f"reveal.js has no theme {theme!r}")
    css = theme_css.read_text(encoding="utf-8")
    if web := _css_remote_urls(css):
        raise SlideBuildError(f"theme {theme!r} loads from the web: {', '.join(web)}")
    dest = Path(out_dir) / REVEAL_DIRNAME
    files = ["LICENSE", "dist/reveal.css", "dist/reveal.js", "plugin/notes/notes.js"]
    for rel in [*files, f"dist/theme/{theme}.css"]:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, dest / rel)
    for font in sorted(set(re.findall(r"@import url\(\s*['\"]?\./fonts/([\w-]+)/", css))):
        rel = f"dist/theme/fonts/{font}"
        shutil.copytree(source / rel, dest / rel, dirs_exist_ok=True)
    return dest


def slides_exporter(theme: str = DEFAULT_THEME) -> SlidesExporter:
    """nbconvert's SlidesExporter set up for offline decks with hidden code."""
    config = Config()
    config.SlidesExporter.update(
        reveal_url_prefix=REVEAL_DIRNAME,
        reveal_theme=theme,
        # Designed for a 1280x720 projector; a slide must fit, so none scrolls.
        reveal_width="1280",
        reveal_height="720",
        reveal_scroll=False,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # Pictures in Markdown cells are relative to the notebook, not the deck.
        embed_images=True,
        preprocessors=[StaticWidgetPreprocessor],
    )
    config.TagRemovePreprocessor.update(
        enabled=True,
        remove_cell_tags=set(REMOVE_CELL_TAGS),
        remove_input_tags=set(REMOVE_INPUT_TAGS),
        remove_all_outputs_tags=set(REMOVE_OUTPUT_TAGS),
    )
    config.NbConvertBase.display_data_priority = list(STATIC_PRIORITY)
    return SlidesExporter(
        config=config,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
    )


def execute_notebook(nb: NotebookNode, cwd: Path, timeout: int = CELL_TIMEOUT) -> NotebookNode:
    """Run a copy of ``nb`` in a fresh kernel started in ``cwd``; ``nb`` is left as it is."""
    nb = copy.deepcopy(nb)
    client = NotebookClient(
        nb,
        timeout=timeout,
        # The building Python runs the lessons, whatever kernel the notebook was saved with:
        # its environment is the one that has s400_lesson installed.
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        # A throwaway local kernel: its warning about unencrypted TCP is noise here.
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        store_widget_state=False,
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise SlideBuildError(cell_failure(exc)) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        raise SlideBuildError(_plain_text(str(exc))) from None
    return nb


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _plain_text(text: str) -> str:
    """``text`` without terminal colour codes (they are noise in a file or a log)."""
    return _ANSI.sub("", text)


def cell_failure(exc: CellExecutionError) -> str:
    """One line for a teacher: what went wrong in the lesson, without the traceback.

    Bad lesson data says which file, row and column; any other error its type and message.
    """
    ename, evalue = _plain_text(exc.ename or "Error"), _plain_text(exc.evalue or "").strip()
    if ename == "LessonDataError":
        return f"the lesson data has a problem: {evalue}"
    return f"a cell failed with {ename}: {evalue}" if evalue else f"a cell failed with {ename}"


def export_slides(nb: NotebookNode, name: str, folder: Path, theme: str = DEFAULT_THEME) -> str:
    """The deck's HTML for an (executed) notebook called ``name`` that lives in ``folder``."""
    resources = {"metadata": {"name": name, "path": str(folder)}}
    try:
        html, _ = slides_exporter(theme).from_notebook_node(nb, resources=resources)
    except ValueError as exc:  # nbconvert's "All cells are hidden"
        raise SlideBuildError(str(exc)) from exc
    return html


# The teacher's speaker notes, one Markdown file per lesson, kept out of the students'
# notebooks: <project>/teacher/speaker_notes/<notebook>.md. Each "## <cell id> · reminder"
# heading starts the note for the slide that cell is on.
SPEAKER_NOTES_DIR = Path("teacher") / "speaker_notes"
_NOTE_HEADING = re.compile(r"^## (\S+)[^\n]*\n", re.MULTILINE)


def speaker_notes_file(notebook: Path) -> Path:
    """Where the speaker notes of ``notebook`` live: ``teacher/speaker_notes/<name>.md``."""
    notebook = Path(notebook).resolve()
    return project_root(notebook.parent) / SPEAKER_NOTES_DIR / f"{notebook.stem}.md"


def read_speaker_notes(path: Path) -> dict[str, list[str]]:
    """Cell id -> the notes written under ``## <cell id>`` in ``path`` (none if no file)."""
    path = Path(path)
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    parts = _NOTE_HEADING.split(text)[1:]  # [id, body, id, body, ...]
    notes: dict[str, list[str]] = {}
    for cell_id, body in zip(parts[::2], parts[1::2], strict=True):
        if body.strip():
            notes.setdefault(cell_id, []).append(body.strip())
    return notes


def add_speaker_notes(nb: NotebookNode, notes: dict[str, list[str]], name: str) -> NotebookNode:
    """A copy of ``nb`` with each note as a notes cell after the cell it is keyed to.

    Raises SlideBuildError for a note whose cell the notebook does not have, so a note never
    goes missing silently when a cell is removed.
    """
    ids = [cell.get("id") for cell in nb.cells]
    if unknown := sorted(set(notes) - set(ids)):
        missing = ", ".join(unknown)
        raise SlideBuildError(f"{name}: speaker notes for cells it does not have: {missing}")
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        for text in notes.get(cell.get("id"), []):
            meta = {"slideshow": {"slide_type": "notes"}, "tags": ["teacher-note"]}
            cells.append(new_markdown_cell(text, metadata=meta))
    nb.cells = cells
    return nb


def build_deck(
    notebook: Path, out_dir: Path, *, execute: bool = True, theme: str = DEFAULT_THEME
) -> Path:
    """Execute ``notebook`` in memory and write ``out_dir/<name>.slides.html``; return its path.

    Raises SlideBuildError when a cell fails or the deck would load anything from the web.
    """
    notebook = Path(notebook).resolve()
    nb = nbformat.read(notebook, as_version=4)
    if execute:
        nb = execute_notebook(nb, notebook.parent)
    notes = read_speaker_notes(speaker_notes_file(notebook))
    nb = add_speaker_notes(nb, notes, notebook.name)
    html = export_slides(nb, notebook.stem, notebook.parent, theme)
    if web := remote_resources(html):
        raise SlideBuildError(f"{notebook.name}: the deck would load from the web: {web}")
    out_dir = Path(out_dir)
    copy_reveal_assets(out_dir, theme)
    deck = out_dir / f"{notebook.stem}.slides.html"
    deck.write_text(html, encoding="utf-8")
    return deck


def build_decks(
    notebooks: Iterable[Path], out_dir: Path, *, theme: str = DEFAULT_THEME
) -> list[Path]:
    """Build one deck per notebook into ``out_dir``; return the decks' paths."""
    return [build_deck(notebook, out_dir, theme=theme) for notebook in notebooks]


def expected_slide_count(nb: NotebookNode) -> int:
    """How many reveal.js slides (horizontal plus vertical) ``nb``'s metadata implies.

    Mirrors nbconvert's reveal preprocessor after remove-cell: skip and notes
    cells make no slide, the first other cell opens one, and every later cell of
    type "slide" or "subslide" opens another. This is what Reveal.getTotalSlides()
    and the DOM's innermost ``.slides section`` elements count.
    """
    types = [_slide_type(cell) for cell in nb.cells if not _removed(cell)]
    shown = [i for i, kind in enumerate(types) if kind not in HIDDEN_SLIDE_TYPES]
    if not shown:
        return 0
    return 1 + sum(kind in NEW_SLIDE_TYPES for kind in types[shown[0] + 1 :])


def _slide_type(cell: NotebookNode) -> str:
    slideshow = cell.get("metadata", {}).get("slideshow") or {}
    return slideshow.get("slide_type", "-") if isinstance(slideshow, dict) else "-"


def _removed(cell: NotebookNode) -> bool:
    return bool(REMOVE_CELL_TAGS.intersection(cell.get("metadata", {}).get("tags", [])))


_WEB = r"(?:https?:)?//"
_CSS_URL = re.compile(rf"""(?:url\(|@import)\s*['"]?\s*({_WEB}[^'")\s;]+)""", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"""https?://[^'"\s)]+""", re.IGNORECASE)
# Attributes whose URL the browser fetches by itself; <a href> is a link, not a load.
_FETCHED_ATTRS = frozenset({"src", "srcset", "poster", "data", "background"})
_FETCHED_HREF_TAGS = frozenset({"link", "image", "use", "feimage"})


def _css_remote_urls(css: str) -> list[str]:
    return _CSS_URL.findall(css)


class _ResourceScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag if tag in {"script", "style"} else None
        for name, value in attrs:
            if not value:
                continue
            if name == "style":
                self.found += _css_remote_urls(value)
            elif name in _FETCHED_ATTRS or (name.endswith("href") and tag in _FETCHED_HREF_TAGS):
                self.found += [url for url in value.split() if re.match(_WEB, url)]

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.found += _css_remote_urls(data)
        elif self._in == "script":
            self.found += _SCRIPT_URL.findall(data)


def remote_resources(html: str) -> list[str]:
    """URLs on the web that a page would load (scripts, styles, fonts, images, frames).

    Links the reader may follow (``<a href>``) are not loads and are not listed.
    """
    scanner = _ResourceScanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found

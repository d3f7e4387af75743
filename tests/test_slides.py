"""Tests of the offline reveal.js decks (s400_lesson.slides and ``python -m s400_lesson slides``).

The fixture notebooks in tests/fixtures/slides carry markers: text that a deck
must show (fallbacks, alt text, notes) or must never show (code, removed or
skipped cells, bare widgets). The browser tests open the decks from disk in
Debian's Chromium with every non-file:// request refused, and save screenshots
to build/screenshots/slides/ for a person to look at.
"""

from __future__ import annotations

import csv
import hashlib
import html as html_text
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import nbformat
import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS
from deck_checks import PROJECTOR, deck_problems
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from s400_lesson.__main__ import main
from s400_lesson.teacher import slides

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "slides"
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
SCREENSHOTS = REPO / "build" / "screenshots" / "slides"
PLACEHOLDER_ALT = "No description has been provided for this image"
# Slide counts worked out by hand from the fixtures' metadata.
FIXTURE_SLIDES = {"demo": 5, "minimal": 4}
# What a class would see wrong on each fixture deck (slide, check): demo is made to pass;
# minimal keeps a bare "42" and a 60-line output, so the checks are seen to catch them.
FIXTURE_PROBLEMS = {
    "demo": set(),
    "minimal": {("h0v0", "bare output"), ("h1v1", "overflow"), ("h1v1", "bare output")},
}


# --- helpers -----------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its content hash: shows any write, new file or edit."""
    if not folder.is_dir():
        return {}
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# Independent of slides.remote_resources: any fetching tag or CSS import that names the web.
_WEB_LOAD = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?"
    r"\s(?:src|href|srcset|data|poster)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
_WEB_CSS = re.compile(r"(?:@import|url\()\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
_WEB_MODULE = re.compile(r"\b(?:import|from)\s*\(?\s*[\"'](?:https?:)?//", re.IGNORECASE)


def _web_loads(text: str) -> list[str]:
    return [
        m.group(0) for pattern in (_WEB_LOAD, _WEB_CSS, _WEB_MODULE) for m in pattern.finditer(text)
    ]


class _SectionLeaves(HTMLParser):
    """Counts innermost <section> elements: the slides reveal.js will show."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open section: does it contain a section?
        self.leaves = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            if self.stack:
                self.stack[-1] = True
            self.stack.append(False)

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and not self.stack.pop():
            self.leaves += 1


def _leaf_sections(html: str) -> int:
    parser = _SectionLeaves()
    parser.feed(html)
    return parser.leaves


def _image_alts(html: str) -> list[str | None]:
    return [
        dict(re.findall(r'(\w+)="([^"]*)"', tag)).get("alt")
        for tag in re.findall(r"<img\b[^>]*>", html)
    ]


def _check_static_deck(deck: Path, notebook: Path) -> str:
    """Checks every deck must pass, fixture or lesson; returns the HTML for more checks."""
    html = deck.read_text(encoding="utf-8")
    assert _web_loads(html) == [], "the deck loads something from the web"
    assert slides.remote_resources(html) == []
    for css in (deck.parent / slides.REVEAL_DIRNAME).rglob("*.css"):
        assert _web_loads(css.read_text(encoding="utf-8")) == [], f"{css} imports from the web"
    assert not re.search(r'class="[^"]*jp-InputArea-editor', html), "a code input is shown"
    assert "application/vnd.jupyter.widget" not in html, "a live widget or its state is embedded"
    assert "html-manager" not in html and "require.js" not in html
    alts = _image_alts(html)
    assert None not in alts and "" not in alts, "an image has no alt text"
    assert PLACEHOLDER_ALT not in alts, "an image has nbconvert's placeholder alt text"
    expected = slides.expected_slide_count(nbformat.read(notebook, as_version=4))
    assert _leaf_sections(html) == expected
    return html


# --- fixture decks, built once through the library -----------------------------


@dataclass
class Built:
    out: Path
    decks: dict[str, Path]
    sources_before: dict[str, str]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    before = _snapshot(FIXTURES)
    out = tmp_path_factory.mktemp("decks")
    decks = slides.build_decks(slides.find_notebooks(FIXTURES), out)
    return Built(out, {deck.name.removesuffix(".slides.html"): deck for deck in decks}, before)


def test_expected_slide_count_of_fixtures() -> None:
    counts = {
        path.stem: slides.expected_slide_count(nbformat.read(path, as_version=4))
        for path in slides.find_notebooks(FIXTURES)
    }
    assert counts == FIXTURE_SLIDES


def _nb(*kinds: str, removed: int | None = None) -> nbformat.NotebookNode:
    cells = []
    for index, kind in enumerate(kinds):
        cell = new_markdown_cell(f"cell {index}")
        cell.metadata["slideshow"] = {"slide_type": kind}
        if index == removed:
            cell.metadata["tags"] = ["remove-cell"]
        cells.append(cell)
    return new_notebook(cells=cells)


@pytest.mark.parametrize(
    ("notebook", "count"),
    [
        (_nb("-"), 1),
        (_nb("-", "-", "fragment"), 1),
        (_nb("skip", "notes", "-", "subslide"), 2),
        (_nb("slide", "subslide", "subslide", "slide"), 4),
        (_nb("slide", "slide", "slide", removed=1), 2),
        (_nb("notes", "slide", removed=1), 0),
        (_nb("slide", "skip", "notes", "fragment"), 1),
        (new_notebook(cells=[]), 0),
    ],
)
def test_expected_slide_count_matches_the_exported_sections(
    notebook: nbformat.NotebookNode, count: int
) -> None:
    assert slides.expected_slide_count(notebook) == count
    if count:  # nbconvert refuses a deck with no visible cell
        html = slides.export_slides(notebook, "counted", FIXTURES)
        assert _leaf_sections(html) == count


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FIXTURE_SLIDES))
def test_fixture_deck_is_static_and_offline(built: Built, name: str) -> None:
    _check_static_deck(built.decks[name], FIXTURES / f"{name}.ipynb")


@pytest.mark.slow
def test_deck_hides_code_removed_and_skipped_cells(built: Built) -> None:
    html = built.decks["demo"].read_text(encoding="utf-8")
    assert "DECK-TITLE-MARKER" in html
    for hidden in ("INPUT-MARKER", "png_base64", "REMOVED-CELL-MARKER", "SKIPPED-MARKER"):
        assert hidden not in html
    # The kernel ran in the notebook's folder; the remove-input cell's output stays.
    assert "kernel folder: slides" in html
    minimal = built.decks["minimal"].read_text(encoding="utf-8")
    assert "MINIMAL-TITLE-MARKER" in minimal and re.search(r"<pre>\s*42\s*</pre>", minimal)
    assert "INPUT-MARKER" not in minimal and "print(x" not in minimal


@pytest.mark.slow
def test_deck_shows_widget_fallback_not_live_widget(built: Built) -> None:
    html = built.decks["demo"].read_text(encoding="utf-8")
    assert "WIDGET-FALLBACK-MARKER" in html
    assert 'alt="Fallback picture of the slider chart"' in html
    assert "BARE-WIDGET" not in html, "a bare widget with no fallback is shown"
    assert "widget-view+json" not in html and "widget-state+json" not in html


@pytest.mark.slow
def test_deck_images_carry_their_alt_text(built: Built) -> None:
    alts = _image_alts(built.decks["demo"].read_text(encoding="utf-8"))
    assert alts == [
        "CHART-ALT-MARKER: bars rising from 1 to 4",
        "CELL-ALT-MARKER: the same chart, described in the cell metadata",
        "Fallback picture of the slider chart",
    ]


@pytest.mark.slow
def test_deck_has_speaker_notes_aside(built: Built) -> None:
    html = built.decks["demo"].read_text(encoding="utf-8")
    assert re.search(r'<aside class="notes">.*?SPEAKER-NOTE-MARKER', html, re.DOTALL)


@pytest.mark.slow
def test_build_leaves_the_notebooks_folder_untouched(built: Built) -> None:
    assert _snapshot(FIXTURES) == built.sources_before
    assert not list(FIXTURES.glob("*.html"))


@pytest.mark.slow
def test_reveal_assets_are_copied_beside_the_decks(built: Built) -> None:
    reveal = built.out / slides.REVEAL_DIRNAME
    for rel in (
        "dist/reveal.js",
        "dist/reveal.css",
        "dist/theme/white.css",
        "plugin/notes/notes.js",
    ):
        assert (reveal / rel).is_file(), rel
    assert list((reveal / "dist/theme/fonts/source-sans-pro").glob("*.woff"))
    assert (reveal / "LICENSE").is_file()
    assert slides.reveal_version().startswith("5.")
    html = built.decks["demo"].read_text(encoding="utf-8")
    assert 'src="reveal.js/dist/reveal.js"' in html


@pytest.mark.slow
def test_cli_builds_every_deck(tmp_path: Path) -> None:
    out = tmp_path / "decks"
    # From another folder, to show that the notebooks do not rely on the caller's directory.
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "s400_lesson",
            "slides",
            "--notebooks",
            str(FIXTURES),
            "--out",
            "decks",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.glob("*.slides.html")) == [
        f"{name}.slides.html" for name in sorted(FIXTURE_SLIDES)
    ]
    for name in FIXTURE_SLIDES:
        _check_static_deck(out / f"{name}.slides.html", FIXTURES / f"{name}.ipynb")
    assert (out / "reveal.js" / "dist" / "reveal.js").is_file()
    assert "2 of 2 decks built" in result.stdout


def test_cli_rejects_unknown_notebook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status = main(["slides", "--notebooks", str(FIXTURES), "--out", str(tmp_path), "nope"])
    assert status == 2
    assert "no notebook nope" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_cli_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "slides" in capsys.readouterr().out


@pytest.mark.slow
def test_cli_reports_a_failing_notebook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(new_notebook(cells=[new_code_cell("1 / 0")]), folder / "broken.ipynb")
    status = main(["slides", "--notebooks", str(folder), "--out", str(tmp_path / "out")])
    assert status == 1
    err = capsys.readouterr().err
    assert (
        err.strip() == "FAILED broken.ipynb: a cell failed with ZeroDivisionError: division by zero"
    )
    assert not (tmp_path / "out" / "broken.slides.html").exists()


@pytest.mark.slow
def test_build_on_broken_data_says_one_clear_line(tmp_path: Path) -> None:
    """Bad lesson data: one line naming file, data row, file line and column; no traceback."""
    data = tmp_path / "data"
    shutil.copytree(REPO / "lesson_data", data)
    with (data / "events.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[2][rows[0].index("date")] = "not-a-date"  # data row 2, on line 3 of the file
    with (data / "events.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    folder = tmp_path / "notebooks"
    folder.mkdir()
    code = "from s400_lesson import load_events\nload_events()"
    out = str(tmp_path / "out")
    nbformat.write(new_notebook(cells=[new_code_cell(code)]), folder / "uses_data.ipynb")
    result = subprocess.run(
        [sys.executable, "-m", "s400_lesson", "slides", "--notebooks", str(folder), "--out", out],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "S400_LESSON_DATA": str(data), "FORCE_COLOR": "1"},
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "FAILED uses_data.ipynb: the lesson data has a problem: events.csv, data row 2 "
        "(line 3 of the file), column 'date': 'not-a-date' is not a valid date: "
        "expected YYYY, YYYY-MM or YYYY-MM-DD"
    ]
    assert "\x1b[" not in result.stderr + result.stdout and "Traceback" not in result.stderr


def test_project_root_is_the_nearest_folder_with_notebooks(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "notebooks").mkdir(parents=True)
    (root / "a" / "b").mkdir(parents=True)
    assert slides.project_root(root / "a" / "b") == root
    assert slides.project_root(root / "notebooks") == root
    assert slides.project_root(REPO / "s400_lesson") == REPO


def test_project_root_from_an_unrelated_folder_is_the_checkout(tmp_path: Path) -> None:
    """A teacher in another folder still builds this checkout's lessons (editable install)."""
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    assert slides.project_root(lonely) == REPO


def test_static_widget_preprocessor_keeps_only_static_outputs() -> None:
    view = {"model_id": "m", "version_major": 2, "version_minor": 0}
    cell = new_code_cell(
        "",
        outputs=[
            new_output("display_data", {slides.WIDGET_VIEW: view, "text/html": "<b>x</b>"}),
            new_output("display_data", {slides.WIDGET_VIEW: view, "text/plain": "IntSlider()"}),
            new_output("display_data", {"text/plain": "plain"}),
            new_output("stream", name="stdout", text="hi"),
        ],
    )
    nb = new_notebook(cells=[cell], metadata={"widgets": {"state": {}}})
    nb, _ = slides.StaticWidgetPreprocessor().preprocess(nb, {})
    outputs = nb.cells[0].outputs
    assert [dict(out.get("data", {})) for out in outputs] == [
        {"text/html": "<b>x</b>"},
        {"text/plain": "plain"},
        {},
    ]
    assert "widgets" not in nb.metadata


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ('<script src="https://unpkg.com/reveal.js@4.0.2/dist/reveal.js"></script>', 1),
        ('<link rel="stylesheet" href="//cdn.example.org/x.css">', 1),
        ("<style>@import url(https://fonts.googleapis.com/css?family=Lato);</style>", 1),
        ("<style>body { background: url('http://example.org/a.png') }</style>", 1),
        ("<script type=\"module\">import m from 'https://cdn.example.org/m.js';</script>", 1),
        ('<img src="data:image/png;base64,AAAA" alt="x">', 0),
        ('<a href="https://example.org/article">the article</a>', 0),
        ("<style>/* colours from https://example.org/palette */ a { color: red }</style>", 0),
        ('<script src="reveal.js/dist/reveal.js"></script>', 0),
    ],
)
def test_remote_resources(html: str, found: int) -> None:
    assert len(slides.remote_resources(html)) == found
    assert len(_web_loads(html)) == found


def test_theme_that_needs_web_fonts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(slides.SlideBuildError, match="loads from the web"):
        slides.copy_reveal_assets(tmp_path, theme="simple")


def test_deck_that_would_load_from_the_web_is_refused(tmp_path: Path) -> None:
    notebook = tmp_path / "web.ipynb"
    nb = new_notebook(cells=[new_markdown_cell('<img src="https://example.org/x.png" alt="x">')])
    nbformat.write(nb, notebook)
    with pytest.raises(slides.SlideBuildError, match="from the web"):
        slides.build_deck(notebook, tmp_path / "out", execute=False)
    assert not (tmp_path / "out" / "web.slides.html").exists()


# --- the browser ------------------------------------------------------------------


class BrowserThread:
    """Headless Chromium, driven from a thread of its own.

    Playwright's sync API allows one instance per thread, and other test modules
    may hold one in the main thread for the whole session; ours cannot clash with it.
    """

    def __init__(self, executable: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slides-chromium")
        self._playwright, self._browser = self._pool.submit(self._start, executable).result()

    @staticmethod
    def _start(executable: str) -> tuple[Any, Any]:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        return playwright, playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )

    def run(self, check: Callable[..., None], *args: Any) -> None:
        """Run ``check(browser, *args)`` in the browser's thread; its failures are raised here."""
        self._pool.submit(check, self._browser, *args).result()

    def close(self) -> None:
        self._pool.submit(lambda: (self._browser.close(), self._playwright.stop())).result()
        self._pool.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserThread]:
    chromium = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if chromium is None:
        pytest.skip("no Chromium: install Debian's chromium (apt-get install chromium) to run")
    if find_spec("playwright") is None:
        pytest.skip(
            "no Playwright: pip install -r requirements-dev.txt, and install Debian's "
            "chromium (apt-get install chromium) to run"
        )
    thread = BrowserThread(chromium)
    yield thread
    thread.close()


@dataclass
class Visit:
    """An open deck and what went wrong on the way: web requests, errors, failed loads."""

    page: Any = None
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def watch(self, page: Any, label: str = "") -> None:
        page.on(
            "console",
            lambda m: self.errors.append(f"{label}{m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda exc: self.errors.append(f"{label}{exc}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{label}{r.url} {r.failure}"))

    def refuse_the_web(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.refused.append(route.request.url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.refused == [], "the deck asked for the web"
        assert self.errors == [], "console errors"
        assert self.failed == [], "failed requests"


@contextmanager
def _visit(browser: Any, deck: Path) -> Iterator[Visit]:
    """The deck opened from disk, offline, with reveal.js started and transitions off."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport=PROJECTOR)
    try:
        visit = Visit()
        context.route("**/*", visit.refuse_the_web)  # the context's route covers popups too
        visit.page = context.new_page()
        visit.watch(visit.page)
        visit.page.goto(deck.as_uri(), wait_until="load")
        try:
            visit.page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=10_000)
        except PlaywrightTimeout:
            visit.assert_clean()  # says why, when a script was refused or failed
            raise AssertionError("reveal.js did not start") from None
        visit.page.evaluate("Reveal.configure({transition: 'none'})")
        yield visit
    finally:
        context.close()


_DOM_LEAVES = """() => [...document.querySelectorAll('.reveal .slides section')]
    .filter((s) => !s.querySelector('section')).length"""
_BROKEN_IMAGES = """() => [...document.images]
    .filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.alt)"""
# Go to the first slide with a picture, fragments shown, and report where the picture is.
_SHOW_FIRST_IMAGE = """() => {
    const img = document.querySelector('.reveal .slides img');
    if (!img) return null;
    const slide = img.closest('section');
    const index = Reveal.getIndices(slide);
    Reveal.slide(index.h, index.v, slide.querySelectorAll('.fragment').length - 1);
    return index;
}"""
_IMAGE_ON_SCREEN = """() => {
    const box = document.querySelector('.reveal .slides img').getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.top < innerHeight && box.bottom > 0;
}"""
_NOTES_SHOWN = """() => (document.querySelector('.speaker-controls-notes .value') || {}).innerText
    ?.includes('SPEAKER-NOTE-MARKER')"""


def _problem_slides(problems: list[str]) -> set[tuple[str, str]]:
    """(slide, check) pairs of deck_problems' lines: 'h1v1 overflow: ...' -> (h1v1, overflow)."""
    return {tuple(line.split(":", 1)[0].split(" ", 1)) for line in problems}


def _screenshot_problems(page: Any, name: str, problems: list[str]) -> None:
    """A picture of each slide with a problem, as the projector shows it, for a person to see."""
    for where in sorted({slide for slide, _ in _problem_slides(problems)}):
        h, v = re.match(r"h(\d+)v(\d+)", where).groups()
        page.evaluate(f"Reveal.slide({h}, {v}, 999)")
        page.screenshot(path=SCREENSHOTS / f"{name}-{where}.png")


def _check_deck_in_browser(
    browser: Any, deck: Path, notebook: Path, seen: set[tuple[str, str]] = frozenset()
) -> None:
    """Open the deck offline at projector size; every slide must fit and read (deck_checks)."""
    name = deck.name.removesuffix(".slides.html")
    expected = slides.expected_slide_count(nbformat.read(notebook, as_version=4))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with _visit(browser, deck) as visit:
        page = visit.page
        assert page.evaluate("Reveal.getTotalSlides()") == expected
        assert page.evaluate(_DOM_LEAVES) == expected
        assert page.evaluate(_BROKEN_IMAGES) == []
        page.screenshot(path=SCREENSHOTS / f"{name}-first.png")
        problems = deck_problems(page)
        _screenshot_problems(page, name, problems)
        assert _problem_slides(problems) == seen, "what the class sees:\n" + "\n".join(problems)
        if page.evaluate(_SHOW_FIRST_IMAGE) is not None:
            page.wait_for_timeout(300)
            assert page.evaluate(_IMAGE_ON_SCREEN), "the chart is not on screen"
            page.screenshot(path=SCREENSHOTS / f"{name}-chart.png")
        visit.assert_clean()


def _check_speaker_notes(browser: Any, deck: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with _visit(browser, deck) as visit:
        visit.page.evaluate("Reveal.slide(1, 0)")
        with visit.page.expect_popup() as popup_info:
            visit.page.keyboard.press("s")
        speaker = popup_info.value
        visit.watch(speaker, "speaker view: ")
        speaker.wait_for_function(_NOTES_SHOWN, timeout=15_000)
        speaker.screenshot(path=SCREENSHOTS / "demo-speaker-view.png")
        visit.assert_clean()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FIXTURE_SLIDES))
def test_fixture_deck_in_offline_browser(built: Built, browser: BrowserThread, name: str) -> None:
    browser.run(
        _check_deck_in_browser,
        built.decks[name],
        FIXTURES / f"{name}.ipynb",
        FIXTURE_PROBLEMS[name],
    )


@pytest.mark.browser
@pytest.mark.slow
def test_speaker_notes_open_from_local_reveal(built: Built, browser: BrowserThread) -> None:
    browser.run(_check_speaker_notes, built.decks["demo"])


# --- each check of what the class sees, shown to catch its problem and pass its cure -----------


def _sentence(text: str, kind: str = "slide") -> nbformat.NotebookNode:
    cell = new_markdown_cell(text)
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def _shown(*outputs: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return new_code_cell("# INPUT-MARKER", outputs=list(outputs))


def _html(markup: str) -> nbformat.NotebookNode:
    return new_output("display_data", {"text/html": markup, "text/plain": "html"})


def _chart_output(font_pt: float, *, sized: bool = True) -> nbformat.NotebookNode:
    """A real lesson-style chart whose every text is ``font_pt`` points."""
    from s400_lesson.drawing.style import Chart, new_figure

    fig = new_figure(6, 2.6)
    ax = fig.axes[0]
    ax.bar(["2018", "2019"], [1, 2])
    ax.set_title("Deliveries", fontsize=font_pt)
    ax.tick_params(labelsize=font_pt)
    data, metadata = Chart(fig, "Two bars")._repr_mimebundle_()
    if not sized:  # a bare picture: no size in its metadata, and no HTML that carries one
        data = {k: v for k, v in data.items() if k != "text/html"}
        metadata = {"image/png": {"alt": "Two bars"}}
    return new_output("display_data", data, metadata=metadata)


def _room_notebook() -> tuple[nbformat.NotebookNode, set[tuple[str, str]]]:
    """One slide per problem a class would see, after a slide that has none of them."""
    import pandas as pd

    from s400_lesson.drawing.tables import show_table

    people = pd.DataFrame(
        {"name": ["Mevlüt Çavuşoğlu", "Antony Blinken"], "kind": ["head_of_state", None]}
    )
    tiny = '<p style="font-size: 10px">This line is far too small to read.</p>'
    squeezed = (
        '<table style="table-layout: fixed; width: 160px"><tr><td style="width: 60px; '
        'overflow-wrap: anywhere">Washington constructive</td><td>x</td></tr></table>'
    )
    stream = new_output("stream", name="stdout", text="\n".join(f"row {i}" for i in range(60)))
    cells = [
        _sentence("## Who spoke\n\nThe table and the chart below count the speakers."),
        _shown(_html(show_table(people)._repr_html_()), _chart_output(12)),
        _sentence("## Too long\n\nThis output runs off the slide."),
        _shown(stream),
        _sentence("## Squeezed\n\nA narrow column breaks words."),
        _shown(_html(squeezed)),
        _sentence("## Small print\n\nThe next line is tiny."),
        _shown(_html(tiny)),
        _sentence("## A chart in small type\n\nIts labels are six points."),
        _shown(_chart_output(6)),
        _sentence("## A chart that does not say\n\nNo font size travels with it."),
        _shown(_chart_output(12, sized=False)),
        _sentence("## Raw codes\n\nThe table shows the data as stored."),
        _shown(_html(people.to_html())),
        _sentence("## A number alone", kind="slide"),
        _shown(new_output("execute_result", {"text/plain": "(13, 13)"}, execution_count=1)),
    ]
    cells[-1].metadata["slideshow"] = {"slide_type": "subslide"}
    grid = (
        "<style>.grid td {border: 1px solid #999}</style><table class='grid'><tbody>"
        "<tr><td>Turkey</td><td>11</td></tr><tr><td>Russia</td><td>11</td></tr></tbody></table>"
    )
    cells += [_sentence("## An open grid\n\nThe theme drops its last line."), _shown(_html(grid))]
    expected = {
        ("h1v0", "overflow"),
        ("h1v0", "bare output"),  # 60 lines of "row N"
        ("h2v0", "word break"),
        ("h3v0", "small text"),
        ("h4v0", "small chart text"),
        ("h5v0", "small chart text"),
        ("h6v0", "raw table"),
        ("h7v1", "bare output"),
        ("h8v0", "open table"),
    }
    return new_notebook(cells=cells), expected


@pytest.mark.browser
@pytest.mark.slow
def test_each_check_catches_its_problem_and_passes_a_good_slide(
    browser: BrowserThread, tmp_path: Path
) -> None:
    nb, expected = _room_notebook()
    html = slides.export_slides(nb, "room", tmp_path)
    slides.copy_reveal_assets(tmp_path)
    deck = tmp_path / "room.slides.html"
    deck.write_text(html, encoding="utf-8")
    browser.run(_check_room_deck, deck, expected)


def _check_room_deck(browser: Any, deck: Path, expected: set[tuple[str, str]]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with _visit(browser, deck) as visit:
        problems = deck_problems(visit.page)
        _screenshot_problems(visit.page, "room", problems)
        assert _problem_slides(problems) == expected, "\n".join(problems)
        detail = "\n".join(problems)
        assert "10.0 px" in detail, "the small text's size is reported"
        assert "6 pt at 100 dpi" in detail, "the small chart's size is reported"
        assert "does not say its font size" in detail
        visit.assert_clean()


# --- speaker notes: kept in teacher/speaker_notes/, added to the decks ----------------------


def test_speaker_notes_are_added_after_their_cells(tmp_path: Path) -> None:
    notes_file = tmp_path / "notes.md"
    notes_file.write_text(
        "# Speaker notes\n\nIntro.\n\n## b · the chart\n\nAsk first.\n\n## a\n\nOne.\n",
        encoding="utf-8",
    )
    notes = slides.read_speaker_notes(notes_file)
    assert notes == {"b": ["Ask first."], "a": ["One."]}
    nb = new_notebook(cells=[new_markdown_cell("# A", id="a"), new_code_cell("1", id="b")])
    merged = slides.add_speaker_notes(nb, notes, "x.ipynb")
    kinds = [(c.source, c.metadata.get("slideshow", {}).get("slide_type")) for c in merged.cells]
    assert kinds == [("# A", None), ("One.", "notes"), ("1", None), ("Ask first.", "notes")]
    assert len(nb.cells) == 2, "the notebook itself is left as it was"


def test_a_note_for_a_missing_cell_stops_the_build() -> None:
    nb = new_notebook(cells=[new_markdown_cell("# A", id="a")])
    with pytest.raises(slides.SlideBuildError, match="gone"):
        slides.add_speaker_notes(nb, {"gone": ["note"]}, "x.ipynb")


@pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
def test_every_lesson_has_speaker_notes_for_cells_on_its_slides(lesson: Path) -> None:
    """Each note is keyed to a cell a deck shows (not a skipped one), so it reaches a slide."""
    notes = slides.read_speaker_notes(slides.speaker_notes_file(lesson))
    assert notes, f"teacher/speaker_notes/{lesson.stem}.md is missing or empty"
    cells = {c.id: c for c in nbformat.read(lesson, as_version=4).cells}
    for cell_id in notes:
        assert cell_id in cells, f"{lesson.stem}: a note for a cell it does not have: {cell_id}"
        kind = (cells[cell_id].metadata.get("slideshow") or {}).get("slide_type", "-")
        assert kind not in slides.HIDDEN_SLIDE_TYPES, f"{cell_id} is not on a slide"


# --- the real lessons: one case each, and none at all while notebooks/ is empty ---------


@pytest.fixture(scope="module")
def lesson_deck(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], Path]:
    out = tmp_path_factory.mktemp("lesson-decks")

    @cache
    def _build(notebook: Path) -> Path:
        watched = [REPO / "notebooks", REPO / "lesson_data"]
        before = [_snapshot(folder) for folder in watched]
        deck = slides.build_deck(notebook, out)
        assert [_snapshot(folder) for folder in watched] == before, "the build wrote beside them"
        return deck

    return _build


if LESSONS:

    @pytest.mark.slow
    @pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
    def test_lesson_deck_is_static_and_offline(
        lesson_deck: Callable[[Path], Path], lesson: Path
    ) -> None:
        _check_static_deck(lesson_deck(lesson), lesson)

    @pytest.mark.slow
    @pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
    def test_lesson_deck_keeps_its_speaker_notes(
        lesson_deck: Callable[[Path], Path], lesson: Path
    ) -> None:
        """Every note in teacher/speaker_notes/<lesson>.md is an aside of the deck."""
        notes = slides.read_speaker_notes(slides.speaker_notes_file(lesson))
        assert notes, f"no speaker notes for {lesson.stem}"
        html = lesson_deck(lesson).read_text(encoding="utf-8")
        asides = re.findall(r'<aside class="notes">(.*?)</aside>', html, re.DOTALL)
        shown = [" ".join(html_text.unescape(re.sub(r"<[^>]+>", " ", a)).split()) for a in asides]
        for text in (t for texts in notes.values() for t in texts):
            start = " ".join(re.sub(r"[`*]", "", text).split()[:6])
            assert any(start in aside for aside in shown), f"note not in the deck: {start}"

    @pytest.mark.slow
    @pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
    def test_lesson_deck_tables_name_actors(
        lesson_deck: Callable[[Path], Path], lesson: Path
    ) -> None:
        """No table cell shows an actor's id ('turkey', 'US air force') for its name."""
        from s400_lesson import actor_names
        from s400_lesson.drawing.tables import words

        ids = {
            form: name
            for key, name in actor_names().items()
            for form in {key, words(key)}
            if form != name
        }
        html = lesson_deck(lesson).read_text(encoding="utf-8")
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, re.DOTALL)
        shown = {html_text.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells}
        wrong = sorted(f"{c!r} (for {ids[c]!r})" for c in shown if c in ids)
        assert not wrong, f"table cells show ids, not names: {', '.join(wrong)}"

    @pytest.mark.browser
    @pytest.mark.slow
    @pytest.mark.parametrize("lesson", LESSONS, ids=[path.stem for path in LESSONS])
    def test_lesson_deck_in_offline_browser(
        lesson_deck: Callable[[Path], Path], browser: BrowserThread, lesson: Path
    ) -> None:
        browser.run(_check_deck_in_browser, lesson_deck(lesson), lesson)

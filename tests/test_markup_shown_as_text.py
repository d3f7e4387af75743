"""Markup in the data reaches the reader as text: in the executed lessons, the decks, a browser.

A scratch copy of lesson_data/ gets markup and script in fields that the lessons show: five
statements' words (S02: 02's table of Turkish quotes; S01: the one row the explorer's
snapshot shows, and its widget; S17: 02's table of US quotes and 05's sorting table; S20:
05's sorting table and 02's explorer widget; S10: 04's table of what was said about the
steps), an event title (E05: the timeline table and chart of 01), a glossary definition
(S-400: 00), a step's title (M01: the table and diagram of 04), a sanction target's name
(ST2: 04's targets table) and a checked claim (C08: the checks table and the record cards
of 06). With ``S400_LESSON_DATA`` pointing at that copy, the lessons are executed and built
into decks once; then

* no HTML output, widget state value or deck turns the marked text into elements
  (``<script>``, ``<b>``, an ``<img>`` with an ``onerror``, a quote that ends an attribute);
* each marked value is really shown, as text (HTML-escaped in tables, whole in the alt
  text of the charts that draw it), so these checks fail when the rows go missing;
* two decks opened offline in headless Chromium raise no JavaScript dialog, and the marked
  text is on screen as characters. A copy of one deck with the escaping undone shows that
  the browser check does catch injected markup.

Pandas shortens long cells (50 characters) in its tables, so tables are checked for the
start of each marked value; alt text carries it whole.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
import test_slides
from notebook_runner import WIDGET_STATE, WIDGET_VIEW, code_cells, execute_during, problems
from test_explorer import MARKUP as EXPLORER_MARKUP
from test_explorer import assert_escaped, rewrite_csv
from test_slides import BrowserThread, Visit

from s400_lesson.drawing.tables import escape_whole_words

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
SCREENSHOTS = REPO / "build" / "screenshots" / "markup"
# Tags, an event handler, and a quote that would end an HTML attribute it was put in.
MARKUP = EXPLORER_MARKUP + '<img src=x onerror=alert(2)>" onmouseover="alert(3)'
# Where the markup goes: key -> (file, key column, marked column).
MARKED = {
    "S01": ("statements.csv", "statement_id", "text"),
    "S02": ("statements.csv", "statement_id", "text"),
    "S10": ("statements.csv", "statement_id", "text"),
    "S17": ("statements.csv", "statement_id", "text"),
    "S20": ("statements.csv", "statement_id", "text"),
    "E05": ("events.csv", "event_id", "title"),
    "M01": ("measures.csv", "measure_id", "title"),
    "ST2": ("sanction_targets.csv", "target_id", "name"),
    "s400": ("glossary.csv", "term_id", "definition"),
    "C08": ("source_checks.csv", "check_id", "claim"),
}
# What each lesson shows of them: as HTML text (tables), in the alt text of a chart, in the
# positions explorer's static snapshot (its first rows) and in its live widget's state.
SHOWN = {
    "00_start_here": {"html": ["s400"]},
    "01_timeline": {"html": ["E05"], "alt": ["E05"]},
    "02_positions": {"html": ["S02", "S17"], "explorer": ["S01"], "widget": ["S01", "S20"]},
    "04_sanctions": {"html": ["M01", "ST2", "S10"], "alt": ["M01"]},
    "05_reading_the_source": {"html": ["S17", "S20"]},
    "06_checking_the_source": {"html": ["C08"]},
}
IN_BROWSER = ["02_positions", "04_sanctions"]

# test_slides' Chromium fixture (skips without Chromium or Playwright), used here too.
browser = test_slides.browser


def marked(key: str) -> str:
    """The value put in the data for ``key``."""
    return f"{key} {MARKUP}"


def visible(key: str) -> str:
    """The start of ``marked(key)``: what even a shortened table cell shows of it, as text."""
    return f"{key} {EXPLORER_MARKUP}"


class Rendered(HTMLParser):
    """An HTML string as a browser reads it: text, attribute values, and injected elements."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.injected: list[str] = []
        self._open: str | None = None
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open = tag
        for name, value in attrs:
            self.attributes.append(value or "")
            if name.startswith("on") and "alert(" in (value or ""):
                self.injected.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.injected.append("<img src=x>")

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            if "alert(" in data:
                self.injected.append(f"<script>{data}</script>")
        elif self._open == "b" and data == "bold":
            self.injected.append("<b>bold</b>")
        else:
            self.text.append(data)


def assert_shown_as_text(markup: str, where: str) -> Rendered:
    """``markup`` holds the marked text escaped, never as elements; returns what it renders to."""
    assert_escaped(markup)
    assert "<img src=x" not in markup, f"{where}: raw <img> from the data"
    rendered = Rendered(markup)
    assert rendered.injected == [], f"{where}: the data became HTML: {rendered.injected}"
    return rendered


def strings(value: Any) -> list[str]:
    """Every string inside a JSON-like value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@dataclass
class MarkedRun:
    data: Path
    lessons: dict[str, nbformat.NotebookNode]
    slides: subprocess.CompletedProcess[str]
    decks: Path


@pytest.fixture(scope="module")
def marked_run(tmp_path_factory: pytest.TempPathFactory, lesson_data_dir: Path) -> MarkedRun:
    """The lessons in SHOWN executed, and built into decks, from a marked copy of the data."""
    # data_copy (conftest) is per test; this module runs the lessons once, so it copies itself.
    data = Path(shutil.copytree(lesson_data_dir, tmp_path_factory.mktemp("marked") / "data"))
    for key, (name, column, field) in MARKED.items():
        rewrite_csv(data / name, column, key, field, marked(key))
    workdir = tmp_path_factory.mktemp("marked-cwd")
    decks = tmp_path_factory.mktemp("marked-decks")
    output = tmp_path_factory.mktemp("marked-output")
    command = [sys.executable, "-m", "s400_lesson", "slides", "--notebooks", str(NOTEBOOKS)]
    command += ["--out", str(decks), *SHOWN]
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("S400_LESSON_DATA", str(data))  # the kernels inherit it
        # The decks are built while the lessons run.
        lessons, slides = execute_during(
            command, workdir, output, [NOTEBOOKS / f"{name}.ipynb" for name in SHOWN], workdir
        )
    return MarkedRun(data, lessons, slides, decks)


def test_the_copy_is_marked_and_the_shipped_data_is_not(lesson_data_dir: Path, tmp_path: Path):
    for key, (name, column, field) in MARKED.items():
        shutil.copy(lesson_data_dir / name, tmp_path / name)
        rewrite_csv(tmp_path / name, column, key, field, marked(key))
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert text.count("<script>alert(1)</script>") == 1, f"{key} not marked once in {name}"
        assert "<script>" not in (lesson_data_dir / name).read_text(encoding="utf-8")


def test_the_checks_catch_markup_that_was_not_escaped() -> None:
    """The helpers fail on what a missing escape would produce, and pass on escaped text."""
    for unsafe in (
        f"<td>{marked('S20')}</td>",
        f'<img src="data:," alt="{html.escape(MARKUP, quote=False)}">',  # the quote ends alt
    ):
        with pytest.raises(AssertionError):
            assert_shown_as_text(unsafe, "unsafe")
    escaped = f'<td>{html.escape(marked("S20"))}</td><img alt="{html.escape(marked("E05"))}">'
    rendered = assert_shown_as_text(escaped, "escaped")
    assert visible("S20") in "".join(rendered.text)
    assert marked("E05") in rendered.attributes


@pytest.mark.slow
@pytest.mark.parametrize("lesson", sorted(SHOWN))
def test_lesson_shows_marked_data_as_text(marked_run: MarkedRun, lesson: str) -> None:
    nb = marked_run.lessons[lesson]
    assert not problems(nb), "\n".join(problems(nb))
    shown = SHOWN[lesson]
    text, explorer, alts = "", "", []
    for i, cell in enumerate(code_cells(nb)):
        for out in cell.outputs:
            data = out.get("data", {})
            if "text/html" in data and "alert(" in data["text/html"]:
                shown_text = "".join(assert_shown_as_text(data["text/html"], f"cell {i}").text)
                text += shown_text
                if WIDGET_VIEW in data:  # the explorer's static snapshot
                    explorer += shown_text
            if "image/png" in data:
                alt = out.get("metadata", {}).get("image/png", {}).get("alt", "")
                assert data.get("text/plain") == alt, f"cell {i}: text/plain is not the alt text"
                alts.append(alt)
    for key in shown["html"]:
        assert visible(key) in text, f"{key} is not shown as text in an HTML output"
    for key in shown.get("explorer", []):
        assert visible(key) in explorer, f"{key} is not in the explorer's static view"
    for key in shown.get("alt", []):
        assert any(marked(key) in alt for alt in alts), f"{key} is not in a chart's alt text"

    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    widget_text = ""
    for model_id, model in state.items():
        for value in strings(model.get("state", {})):
            if "alert(" in value:
                where = f"widget {model_id}"
                widget_text += "".join(assert_shown_as_text(value, where).text)
    for key in shown.get("widget", []):
        assert visible(key) in widget_text, f"{key} is not shown as text in the widget state"


@pytest.mark.slow
def test_decks_built_from_the_marked_data(marked_run: MarkedRun) -> None:
    result = marked_run.slides
    assert result.returncode == 0, result.stderr
    assert f"{len(SHOWN)} of {len(SHOWN)} decks built" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("lesson", sorted(SHOWN))
def test_deck_shows_marked_data_as_text(marked_run: MarkedRun, lesson: str) -> None:
    deck = marked_run.decks / f"{lesson}.slides.html"
    rendered = assert_shown_as_text(deck.read_text(encoding="utf-8"), deck.name)
    text = "".join(rendered.text)
    for key in SHOWN[lesson]["html"]:
        assert visible(key) in text, f"{key} is not shown as text in {deck.name}"
    for key in SHOWN[lesson].get("alt", []):
        assert any(marked(key) in value for value in rendered.attributes), f"{key} not in an alt"
    if SHOWN[lesson].get("explorer"):
        page = deck.read_text(encoding="utf-8")
        start = page.index('<div class="s400-static">')
        snapshot = "".join(Rendered(page[start : page.index("</section>", start)]).text)
        for key in SHOWN[lesson]["explorer"]:
            assert visible(key) in snapshot, f"{key} is not in the explorer's static view"


# --- in the browser ---------------------------------------------------------------------------

_INJECTED = """() => ({
    scripts: [...document.scripts].filter((s) => s.textContent.includes('alert(')).length,
    handlers: document.querySelectorAll('[onerror], [onmouseover]').length,
    bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length,
})"""
# Go to the slide that holds ``text`` as characters; say whether one does. The text may span
# several nodes (a table cell keeps a long word whole in a span of its own), so the match is
# the innermost element whose text holds it.
_GO_TO_TEXT = """(text) => {
    const holds = (el) => el.textContent.includes(text);
    const all = [...document.querySelectorAll('.reveal .slides *')].filter(holds);
    const inner = all.find((el) => ![...el.children].some(holds));
    if (!inner) return false;
    const index = Reveal.getIndices(inner.closest('section'));
    Reveal.slide(index.h, index.v);
    return true;
}"""


def _inspect_deck(browser: Any, deck: Path, keys: list[str], report: dict[str, Any]) -> None:
    """Open ``deck`` offline; fill ``report`` with dialogs, injected elements, alt texts and
    whether each of ``keys`` is visible as text on its slide."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        visit = Visit()
        context.route("**/*", visit.refuse_the_web)
        page = context.new_page()
        report["dialogs"] = dialogs = []
        # Listening before the page loads: an injected inline script runs while it is parsed.
        page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        visit.watch(page)
        page.goto(deck.as_uri(), wait_until="load")
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=10_000)
        page.evaluate("Reveal.configure({transition: 'none'})")
        report["visible"] = {}
        for key in keys:
            found = page.evaluate(_GO_TO_TEXT, visible(key))
            target = page.get_by_text(visible(key)).first
            report["visible"][key] = found and target.is_visible()
            if found:
                target.scroll_into_view_if_needed()
                name = deck.name.removesuffix(".slides.html")
                page.screenshot(path=SCREENSHOTS / f"{name}-{key}.png")
        report["alts"] = page.evaluate("() => [...document.images].map((i) => i.alt)")
        page.mouse.move(640, 400)  # hover, for an injected onmouseover
        page.wait_for_timeout(300)  # and time for any injected handler to run
        report["injected"] = page.evaluate(_INJECTED)
        report["problems"] = (visit.refused, visit.errors, visit.failed)
    finally:
        context.close()


def _report(browser: BrowserThread, deck: Path, lesson: str) -> dict[str, Any]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {}
    browser.run(_inspect_deck, deck, SHOWN[lesson]["html"], report)
    return report


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lesson", IN_BROWSER)
def test_deck_in_browser_shows_markup_as_text(
    marked_run: MarkedRun, browser: BrowserThread, lesson: str
) -> None:
    report = _report(browser, marked_run.decks / f"{lesson}.slides.html", lesson)
    assert report["dialogs"] == [], "the data ran as script"
    assert report["injected"] == {"scripts": 0, "handlers": 0, "bold": 0}
    assert report["visible"] == dict.fromkeys(SHOWN[lesson]["html"], True), "not shown as text"
    for key in SHOWN[lesson].get("alt", []):
        assert any(marked(key) in alt for alt in report["alts"]), f"{key} not whole in an alt"
    assert report["problems"] == ([], [], []), "web requests, console errors, failed loads"


@pytest.mark.browser
@pytest.mark.slow
def test_browser_check_catches_markup_that_was_not_escaped(
    marked_run: MarkedRun, browser: BrowserThread
) -> None:
    """The 02 deck with the explorer's escaping undone: the same check sees the script run."""
    lesson = "02_positions"
    deck = marked_run.decks / f"{lesson}.slides.html"
    page = deck.read_text(encoding="utf-8")
    # As the explorer's table writes it: <, > and & escaped, quotes left (harmless outside
    # attributes, as nbconvert writes text), and a long run without spaces kept whole in a span.
    escaped = escape_whole_words(marked("S01")).replace("&quot;", '"')
    assert escaped in page, "the explorer's table no longer holds the whole escaped statement"
    canary = deck.with_name("canary.slides.html")  # beside reveal.js/, which it loads
    canary.write_text(page.replace(escaped, marked("S01")), encoding="utf-8")
    report = _report(browser, canary, lesson)
    assert "alert: 1" in report["dialogs"] and "alert: 2" in report["dialogs"], report["dialogs"]
    assert report["injected"]["scripts"] and report["injected"]["bold"], report["injected"]
    canary.unlink()

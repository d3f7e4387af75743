"""What a student who uses a screen reader or only a keyboard meets in JupyterLab.

Each lesson is run in JupyterLab as a student runs it; then axe-core (the engine browsers' own
accessibility checkers build on, installed from npm into build/axe and read from disk) checks
the lesson's outputs, not JupyterLab's own interface. A keyboard-only walk through the explorer
and the what-if reads what changed from Chromium's accessibility tree, as a screen reader does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from . import lab
from .test_lab_lessons import (
    COUNT,
    COUNTRY,
    EXPLORER,
    LESSONS,
    TABLE,
    WHATIF,
    YEAR,
    lesson_or_skip,
    run_notebook,
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

# What the closing note reports: a blocker for a student using a screen reader or keyboard.
BLOCKING = {"critical", "serious"}
RESULTS = lab.SCREENSHOTS.parent.parent / "accessibility"
# Alt texts that say nothing: nbconvert's and other tools' fill-ins, or a bare word.
PLACEHOLDERS = re.compile(
    r"^(|image|img|picture|chart|figure|plot|graph|png|output|"
    r"no description has been provided for this image|.*\.(png|jpe?g|svg))$",
    re.IGNORECASE,
)
MIN_ALT_WORDS = 8  # a chart's alt says what it shows and its numbers, not just a title


@pytest.fixture(scope="module")
def axe_installed() -> None:
    reason = lab.axe_missing()
    if reason:
        pytest.skip(reason)


def placeholder_alts(images: list[dict[str, str]]) -> list[str | None]:
    """The alt texts that would tell a screen-reader user nothing."""
    return [
        i["alt"]
        for i in images
        if i["alt"] is None
        or PLACEHOLDERS.match(i["alt"].strip())
        or len(i["alt"].split()) < MIN_ALT_WORDS
    ]


@pytest.mark.parametrize(
    "notebook",
    [pytest.param(p.name, id=p.stem) for p in LESSONS]
    or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson notebooks yet"))],
)
def test_lesson_outputs_pass_axe(lab_page: lab.LabPage, axe_installed: None, notebook: str) -> None:
    run_notebook(lab_page, f"notebooks/{notebook}")
    violations = lab.axe_violations(lab_page.page)
    images = lab.output_images(lab_page.page)
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"axe": lab.AXE_VERSION, "violations": violations, "images": images}
    (RESULTS / f"{notebook.removesuffix('.ipynb')}.json").write_text(json.dumps(record, indent=1))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "axe-core, critical or serious:\n" + "\n".join(
        f"{v['impact']} {v['id']} ({v['help']}): {v['nodes'][:2]}" for v in blocking
    )
    assert not placeholder_alts(images), f"images without a real description: {images}"


_DECK_AXE_JS = """async () => {
  Reveal.configure({transition: 'none'});
  const found = [];
  for (const slide of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v);
    await new Promise(r => setTimeout(r, 50));
    const result = await axe.run(slide, {resultTypes: ['violations']});
    for (const x of result.violations) {
      found.push({slide: `h${h}v${v}`, id: x.id, impact: x.impact, help: x.help,
                  nodes: x.nodes.map(n => n.html.slice(0, 200))});
    }
  }
  return found;
}"""
_DECK_IMAGES_JS = """() => [...document.querySelectorAll('.reveal .slides img')]
  .map(i => ({alt: i.getAttribute('alt'), src: (i.getAttribute('src') || '').slice(0, 40)}))"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "notebook",
    [pytest.param(p.name, id=p.stem) for p in LESSONS]
    or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson notebooks yet"))],
)
def test_lesson_deck_passes_axe(
    lab_context: BrowserContext, axe_installed: None, notebook: str, tmp_path: Path
) -> None:
    """The exported deck, slide by slide at 1280x720: the same bar as in JupyterLab."""
    from s400_lesson.teacher import slides

    deck = slides.build_deck(lab.REPO / "notebooks" / notebook, tmp_path)
    page = lab_context.new_page()
    try:
        page.set_viewport_size({"width": 1280, "height": 720})
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        page.add_script_tag(path=str(lab.AXE_JS))
        violations = page.evaluate(_DECK_AXE_JS)
        images = page.evaluate(_DECK_IMAGES_JS)
    finally:
        page.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"axe": lab.AXE_VERSION, "violations": violations, "images": images}
    (RESULTS / f"deck_{notebook.removesuffix('.ipynb')}.json").write_text(json.dumps(record))
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, "axe-core in the deck, critical or serious:\n" + "\n".join(
        f"{v['slide']} {v['impact']} {v['id']} ({v['help']}): {v['nodes'][:2]}" for v in blocking
    )
    assert not placeholder_alts(images), f"deck images without a real description: {images}"


def test_placeholder_alts_are_caught() -> None:
    """The alt check fails on what tools fill in, and passes a description from the data."""
    nbconvert = "No description has been provided for this image"
    bad = [None, "", "image", "Chart", "figure_1.png", nbconvert, "Positions by country"]
    assert placeholder_alts([{"alt": a, "src": ""} for a in bad]) == bad
    good = "Bar chart. Statements by country: Russia 13, Turkey 12, United States 9."
    assert placeholder_alts([{"alt": good, "src": ""}]) == []


# --- keyboard only --------------------------------------------------------------------------

# Focus lands just before a widget, as if the student had tabbed down to it: the test then
# moves with the keyboard alone.
_FOCUS_BEFORE_JS = """(css) => { const e = document.querySelector(css);
  const anchor = document.createElement('span'); anchor.tabIndex = -1;
  e.parentElement.insertBefore(anchor, e); anchor.focus(); }"""
_ACTIVE_JS = """() => { const e = document.activeElement; if (!e) return '';
  const widget = e.closest('[class*="s400-filter-"], .s400-whatif-year');
  const filter = widget && [...widget.classList].find(c => /^s400-(filter-|whatif-year)/.test(c));
  return filter || (e.matches('summary') ? 'summary: ' + e.innerText.trim()
                    : e.getAttribute('aria-label') || e.tagName.toLowerCase()); }"""


def tab(lp: lab.LabPage) -> str:
    """Press Tab; what has the focus now (a filter's class, a summary, a region's name)."""
    lp.page.keyboard.press("Tab")
    return lp.page.evaluate(_ACTIVE_JS)


def announced(lp: lab.LabPage, pattern: str) -> list[str]:
    """The live regions whose text matches pattern, as the accessibility tree has them."""
    return [t for t in lab.live_region_texts(lp.page) if re.search(pattern, t)]


def test_explorer_by_keyboard_alone(lab_page: lab.LabPage) -> None:
    lp = lab_page
    run_notebook(lp, lesson_or_skip("02_positions.ipynb"))
    lp.page.evaluate(_FOCUS_BEFORE_JS, EXPLORER)
    assert tab(lp) == "s400-filter-country", "Tab does not reach the country filter first"
    assert lab.focused_node(lp.page)["name"] == "Country", lab.focused_node(lp.page)
    total = int(re.findall(r"\d+", lab.text_of(lp.page, COUNT))[-1])
    assert announced(lp, rf"{total} statements match"), lab.live_region_texts(lp.page)

    # Type-ahead on the focused dropdown, as a keyboard user picks a value.
    changed = lab.after_update(lp, EXPLORER, lambda: lp.page.keyboard.press("t"))
    assert changed and lab.selected_value(lp.page, COUNTRY) == "Turkey"
    n_rows, _ = lab.table_column(lp.page, TABLE, "Country")
    heard = announced(lp, rf"\b{n_rows} statements? match")
    assert heard and "Turkey" in heard[0], lab.live_region_texts(lp.page)

    # On in reading order: the other filters, the chart's numbers, then the table.
    order = [tab(lp) for _ in range(5)]
    assert order == [
        "s400-filter-kind",
        "s400-filter-topic",
        "s400-filter-form",
        "summary: The numbers",
        "Matching statements (a table that scrolls)",
    ], order
    region = lp.page.locator(f"{TABLE} .s400-table-scroll")
    before = region.evaluate("e => e.scrollTop")
    lp.page.keyboard.press("PageDown")
    lp.page.wait_for_timeout(300)
    assert region.evaluate("e => e.scrollTop") > before, "PageDown does not scroll the table"


def test_whatif_by_keyboard_alone(lab_page: lab.LabPage) -> None:
    lp = lab_page
    run_notebook(lp, lesson_or_skip("03_f35_plan.ipynb"))
    lp.page.evaluate(_FOCUS_BEFORE_JS, WHATIF)
    assert tab(lp) == "s400-whatif-year", "Tab does not reach the year slider"
    node = lab.focused_node(lp.page)
    assert node == {"role": "slider", "name": "Exclusion year"}, node
    year = lab.slider_value(lp.page, YEAR)
    key, step = ("ArrowRight", 1) if year < 2027 else ("ArrowLeft", -1)
    assert lab.after_update(lp, WHATIF, lambda: lp.page.keyboard.press(key))
    heard = announced(lp, rf"Exclusion in {year + step}\b")
    assert heard and "forgone" in heard[0], lab.live_region_texts(lp.page)


def test_ci_installs_the_pinned_axe() -> None:
    """.ci/run installs the axe-core version the tests pin, where they read it."""
    assert "--prefix build/axe" in (lab.REPO / ".ci" / "run").read_text()
    assert f"axe-core@{lab.AXE_VERSION}" in (lab.REPO / ".ci" / "run").read_text()

"""Live slides: a lesson as a jupyterlab-rise slideshow keeps its kernel and live widgets.

The teacher runs the lesson in JupyterLab, saves it and opens it as a slideshow (what RISE's
"Open as Reveal Slideshow" does: the page rise/<path> on the same server, same kernel). At a
projector's 1280x720 the test walks the slides to the explorer, changes its country filter and
waits for the chart to follow, while every request is recorded: none may leave 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from . import lab

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

LESSON = "notebooks/02_positions.ipynb"
PROJECTOR = {"width": 1280, "height": 720}
MAX_SLIDES = 30  # more presses than the lesson has slides: the explorer must come before
SHOTS = lab.SCREENSHOTS.parent / "live_slides"

PRESENT = ".reveal .slides section.present"
EXPLORER = f"{PRESENT} .s400-explorer"
COUNTRY = f"{EXPLORER} .s400-filter-country"
CHART = f"{EXPLORER} .s400-chart"

# Box of an element against the window, and whether the slide overflows sideways.
_BOX_JS = """(css) => { const e = document.querySelector(css); if (!e) return null;
  const r = e.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }"""
_WIDER_THAN_WINDOW_JS = """() => { const s = document.querySelector('.reveal .slides');
  return [...s.querySelectorAll('section.present')]
    .some(x => x.scrollWidth > window.innerWidth + 1); }"""


@pytest.fixture
def live_show(lab_context: BrowserContext, lab_page: lab.LabPage) -> Iterator[lab.LabPage]:
    """02_positions run and saved in JupyterLab, then open as a slideshow at 1280x720."""
    if not (lab.REPO / LESSON).exists():
        pytest.skip(f"{LESSON} is not written yet")
    lab_page.open(LESSON)
    cells = json.loads((lab_page.server.root / LESSON).read_text())["cells"]
    lab_page.run_all(sum(c["cell_type"] == "code" for c in cells))
    assert not lab_page.cell_errors(), lab_page.cell_errors()
    lab_page.menu("File", "docmanager:save")
    lab_page.page.wait_for_function(
        "() => !document.querySelector('.jp-NotebookPanel .jp-mod-dirty')"
    )
    page = lab_context.new_page()
    page.set_viewport_size(PROJECTOR)
    show = lab.LabPage(page, lab_page.server)  # records page errors and outside requests
    try:
        page.goto(lab_page.server.url(f"rise/{LESSON}"))
        page.locator(".reveal.ready").wait_for(timeout=90_000)
        yield show
    finally:
        page.close()


def present_slide_id(show: lab.LabPage) -> str:
    """The id RISE gives the subslide on screen, e.g. slide-3-0."""
    return show.page.evaluate(
        "() => [...document.querySelectorAll('.reveal section.present[id]')].pop()?.id ?? ''"
    )


_SHOWN_CODE_JS = """() => [...document.querySelectorAll(
    '.reveal section.present .jp-CodeCell .jp-Cell-inputWrapper')]
  .filter(e => e.checkVisibility()).map(e => e.innerText.trim())"""


def on_screen(show: lab.LabPage, css: str) -> bool:
    """Whether ``css`` is shown and its top edge is within the 1280x720 window."""
    box = show.page.evaluate(_BOX_JS, css)
    return (
        lab.is_shown(show.page, css) and box is not None and 0 <= box["top"] < PROJECTOR["height"]
    )


def walk_to_explorer(show: lab.LabPage) -> tuple[list[str], list[str]]:
    """Press Space, as a presenter does, until the explorer is on screen (subslides included).

    Returns the slides passed and the code shown on them.
    """
    seen, code = [present_slide_id(show)], []
    for _ in range(MAX_SLIDES):
        code += show.page.evaluate(_SHOWN_CODE_JS)
        if on_screen(show, EXPLORER):
            return seen, code
        assert not show.page.evaluate(_WIDER_THAN_WINDOW_JS), f"{seen[-1]} is wider than 1280"
        show.page.keyboard.press("Space")
        show.page.wait_for_timeout(400)  # reveal.js's slide transition
        seen.append(present_slide_id(show))
    pytest.fail(f"no slide shows the explorer after {MAX_SLIDES} moves: {seen}")


def assert_in_window(show: lab.LabPage, css: str, what: str) -> None:
    box = show.page.evaluate(_BOX_JS, css)
    assert box is not None, f"{what} is not on the slide"
    inside = box["top"] >= 0 and box["left"] >= 0
    inside = inside and box["bottom"] <= PROJECTOR["height"] and box["right"] <= PROJECTOR["width"]
    assert inside, f"{what} does not fit a 1280x720 screen: {box}"


def test_explorer_is_live_in_the_slideshow(live_show: lab.LabPage) -> None:
    page = live_show.page
    passed, code = walk_to_explorer(live_show)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "02_positions_explorer.png")
    assert len(set(passed)) == len(passed) > 1, f"Space did not move on: {passed}"

    # Live widgets, not the exported picture: a real <select> and a chart image.
    assert "Turkey" in lab.option_values(page, COUNTRY)
    before = lab.image(page, CHART)
    assert before is not None, "no chart image on the explorer's slide"
    assert_in_window(live_show, f"{COUNTRY} select", "the country filter")
    assert_in_window(live_show, f"{CHART} img", "the explorer's chart")
    # Code: the skipped setup cell (imports) and the code behind charts and widgets stay
    # hidden (RISE's skip, notebooks/rise.css); a pandas step keeps its code.
    assert not [c for c in code if "import " in c], f"setup code on a slide: {code}"
    assert not [c for c in code if "PositionsExplorer" in c or "_chart(" in c], code
    assert [c for c in code if "value_counts" in c], f"the pandas step lost its code: {code}"

    assert lab.choose(live_show, EXPLORER, COUNTRY, "Turkey"), "choosing Turkey changed nothing"
    after = lab.wait_image_change(page, CHART, before["src"])
    assert "Turkey" in after["alt"], f"chart alt does not follow the filter: {after['alt']!r}"
    page.screenshot(path=SHOTS / "02_positions_explorer_turkey.png")

    outside = live_show.outside_requests
    assert not outside, f"requests left the machine: {outside}"
    assert not live_show.page_errors, f"uncaught exceptions: {live_show.page_errors}"

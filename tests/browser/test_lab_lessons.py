"""What a student sees in JupyterLab: every lesson runs cleanly and its widgets respond."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from . import lab

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

LESSONS = sorted((lab.REPO / "notebooks").glob("*.ipynb"))
RUN_TIMEOUT = 180  # seconds per notebook, for Run All Cells

# Class names the lesson widgets carry (ipywidgets' add_class).
EXPLORER = ".s400-explorer"
COUNTRY = f"{EXPLORER} .s400-filter-country"
OTHER_FILTERS = [f"{EXPLORER} .s400-filter-{name}" for name in ("kind", "topic", "form")]
COUNT, TABLE = f"{EXPLORER} .s400-count", f"{EXPLORER} .s400-table"
CHART, EMPTY = f"{EXPLORER} .s400-chart", f"{EXPLORER} .s400-empty"
WHATIF = ".s400-whatif"
YEAR, WHATIF_CHART = f"{WHATIF} .s400-whatif-year", f"{WHATIF} .s400-whatif-chart"


def code_cell_count(path: Path) -> int:
    """How many code cells the notebook file has (Run All must number them all)."""
    return sum(c["cell_type"] == "code" for c in json.loads(path.read_text())["cells"])


def run_notebook(lp: lab.LabPage, rel_path: str) -> None:
    """Open a notebook, run all its cells and screenshot it (before any check can fail)."""
    lp.open(rel_path)
    lp.run_all(code_cell_count(lp.server.root / rel_path), timeout=RUN_TIMEOUT)
    shot = Path(rel_path).with_suffix(".png")  # lessons at the top, fixtures in fixtures/
    lp.screenshot(lab.SCREENSHOTS / (shot.name if shot.parts[0] == "notebooks" else shot))


def unexecuted_cells(lp: lab.LabPage) -> list[int]:
    """Indices of code cells showing no execution count."""
    return [i for i, p in enumerate(lp.prompts()) if not re.search(r"\[\d+\]", p)]


def assert_ran_clean(lp: lab.LabPage) -> None:
    """No error output, no broken widget, no uncaught page error, every code cell executed."""
    assert not lp.cell_errors(), "cell error output:\n" + "\n\n".join(lp.cell_errors())
    assert not lp.widget_errors(), f"widget errors: {lp.widget_errors()}"
    assert not lp.page_errors, f"uncaught exceptions in the page: {lp.page_errors}"
    assert not lp.outside_requests, f"the page reached outside the server: {lp.outside_requests}"
    assert not unexecuted_cells(lp), f"code cells never executed: {unexecuted_cells(lp)}"


def lesson_or_skip(name: str) -> str:
    """The notebook's path under the served root; skips the test if it is not written yet."""
    if not (lab.REPO / "notebooks" / name).exists():
        pytest.skip(f"notebooks/{name} is not written yet")
    return f"notebooks/{name}"


# --- lessons ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "notebook",
    [pytest.param(p.name, id=p.stem) for p in LESSONS]
    or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson notebooks yet"))],
)
def test_lesson_runs_clean(lab_page: lab.LabPage, notebook: str) -> None:
    run_notebook(lab_page, f"notebooks/{notebook}")
    assert_ran_clean(lab_page)


def test_positions_explorer_responds(lab_page: lab.LabPage) -> None:
    run_notebook(lab_page, lesson_or_skip("02_positions.ipynb"))
    assert_ran_clean(lab_page)
    check_explorer(lab_page)


def test_explorer_dropdowns_stay_in_view(lab_page: lab.LabPage) -> None:
    run_notebook(lab_page, lesson_or_skip("02_positions.ipynb"))
    check_controls_stay_in_view(lab_page)


def test_f35_whatif_responds(lab_page: lab.LabPage) -> None:
    run_notebook(lab_page, lesson_or_skip("03_f35_plan.ipynb"))
    assert_ran_clean(lab_page)
    check_whatif(lab_page)
    check_slider_room(lab_page)


def test_saved_lesson_reopens_as_left(lab_page: lab.LabPage, lab_context: BrowserContext) -> None:
    """Run, choose a filter, save, close, shut the kernel down, reopen: the explorer's last
    view, never "Error displaying widget: model not found" (the lab settings save the
    widgets' state with the notebook)."""
    rel = lab.fresh_copy(lab_page.server, lesson_or_skip("02_positions.ipynb"), "reopen")
    run_notebook(lab_page, rel)
    assert lab.choose(lab_page, EXPLORER, COUNTRY, "Turkey")
    lab_page.menu("File", "docmanager:save")
    path = lab_page.server.root / rel
    lab.wait_until(
        lambda: "widgets" in json.loads(path.read_text())["metadata"],
        30,
        "the saved notebook to hold the widgets' state",
    )
    lab_page.page.close()
    lab_page.server.shutdown_sessions()

    again = lab.LabPage(lab_context.new_page(), lab_page.server)
    try:
        again.open(rel)
        lab.try_wait(again.page, f"() => ({lab._PENDING_WIDGETS_JS})() === 0", timeout=30)
        again.page.locator(EXPLORER).first.scroll_into_view_if_needed()
        lab.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        again.page.screenshot(path=lab.SCREENSHOTS / "02_positions_reopened.png")
        assert not again.widget_errors(), f"widget errors after reopening: {again.widget_errors()}"
        assert lab.selected_value(again.page, COUNTRY) == "Turkey", "not the view it was left in"
        chart = lab.image(again.page, CHART)
        assert chart and "Turkey" in chart["alt"], f"the chart is not the one left: {chart}"
        assert not again.page_errors, again.page_errors
    finally:
        again.page.close()


# --- the harness, proven on its own fixture notebooks ---------------------------------------


def test_fixture_runs_clean(lab_page: lab.LabPage) -> None:
    # widget_fixture is proven clean by the interaction tests below.
    run_notebook(lab_page, "fixtures/basic_fixture.ipynb")
    assert_ran_clean(lab_page)


def test_harness_catches_errors(lab_page: lab.LabPage) -> None:
    run_notebook(lab_page, "fixtures/broken_fixture.ipynb")
    assert any("ZeroDivisionError" in e for e in lab_page.cell_errors())
    assert any("Error displaying widget" in e for e in lab_page.widget_errors())
    assert unexecuted_cells(lab_page) == [2]  # Run All stops at the error
    with pytest.raises(AssertionError, match="ZeroDivisionError"):
        assert_ran_clean(lab_page)


def test_fixture_explorer_responds(lab_page: lab.LabPage) -> None:
    run_notebook(lab_page, "fixtures/widget_fixture.ipynb")
    assert_ran_clean(lab_page)
    check_explorer(lab_page)


def test_fixture_whatif_responds(lab_page: lab.LabPage) -> None:
    run_notebook(lab_page, "fixtures/widget_fixture.ipynb")
    assert_ran_clean(lab_page)
    check_whatif(lab_page)
    # The fake keeps ipywidgets' default slider, about 16 px a year: the check must say so.
    with pytest.raises(AssertionError, match="px a year"):
        check_slider_room(lab_page)


# --- interaction scenarios, shared by the fixture and the real lessons --------------------


def count_numbers(lp: lab.LabPage) -> list[int]:
    """The numbers in the explorer's count text ('12 statements match ... of 34' -> [12, 34])."""
    return [int(n) for n in re.findall(r"\d+", lab.text_of(lp.page, COUNT))]


def check_explorer(lp: lab.LabPage) -> None:
    """Filter on Turkey, then find a combination of filters that matches nothing."""
    page = lp.page
    assert lab.is_shown(page, EXPLORER), "the positions explorer is not displayed"
    options = lab.option_values(page, COUNTRY)
    assert {"All", "Turkey", "United States", "Russia"} <= set(options), options
    before = lab.image(page, CHART)
    assert before is not None, "no <img> in the explorer's chart"
    lab.choose(lp, EXPLORER, COUNTRY, "Turkey")
    after = lab.wait_image_change(page, CHART, before["src"])
    check_turkey_rows(lp)
    assert "Turkey" in after["alt"], f"chart alt does not mention the filter: {after['alt']!r}"
    check_nothing_matches(lp)


def check_turkey_rows(lp: lab.LabPage) -> None:
    n_rows, countries = lab.table_column(lp.page, TABLE, "Country")
    assert countries is not None, "the explorer's table has no 'Country' column"
    assert n_rows > 0 and set(countries) == {"Turkey"}, countries
    assert n_rows in count_numbers(lp), f"count {lab.text_of(lp.page, COUNT)!r} for {n_rows} rows"
    assert not lab.is_shown(lp.page, EMPTY), "'no statements' shown although rows match"
    lines = lab.column_lines(lp.page, TABLE, "Country")
    assert lines and max(lines) == 1, f"'Turkey' wraps in the Country column: {lines} lines"


def check_nothing_matches(lp: lab.LabPage) -> None:
    combination = find_empty_combination(lp)
    assert combination, "no combination of filters shows the 'No statements match' message"
    n_rows, _ = lab.table_column(lp.page, TABLE, "Country")
    assert n_rows == 0, f"{combination}: message shown but the table has {n_rows} rows"
    assert "No statements match" in lab.text_of(lp.page, EMPTY)
    if lab.is_shown(lp.page, COUNT):
        assert 0 in count_numbers(lp), f"count {lab.text_of(lp.page, COUNT)!r} for no rows"


def find_empty_combination(lp: lab.LabPage) -> dict[str, str] | None:
    """Try each country with each value of one other filter until nothing matches."""
    countries = [v for v in lab.option_values(lp.page, COUNTRY) if v != "All"]
    for country in sorted(countries, key=lambda c: c != "Turkey"):  # Turkey is chosen already
        if lab.selected_value(lp.page, COUNTRY) != country:
            lab.choose(lp, EXPLORER, COUNTRY, country)
        for css in OTHER_FILTERS:
            for value in lab.option_values(lp.page, css):
                lab.choose(lp, EXPLORER, css, value)
                if lab.is_shown(lp.page, EMPTY):
                    return {"country": country, css: value}
            lab.choose(lp, EXPLORER, css, "All")
    return None


def check_whatif(lp: lab.LabPage) -> None:
    """Move the year slider with the keyboard: the chart is redrawn for the new year."""
    page = lp.page
    assert lab.is_shown(page, WHATIF), "the F-35 what-if is not displayed"
    year = lab.slider_value(page, YEAR)
    assert 2018 <= year <= 2027, year
    for key, step in [("ArrowRight", 1), ("ArrowLeft", -1)] if year < 2027 else [("ArrowLeft", -1)]:
        before = lab.image(page, WHATIF_CHART)
        assert before is not None, "no <img> in the what-if chart"
        lab.press_slider(lp, WHATIF, YEAR, key)
        assert lab.slider_value(page, YEAR) == year + step
        year += step
        after = lab.wait_image_change(page, WHATIF_CHART, before["src"])
        assert str(year) in after["alt"], f"chart alt does not mention {year}: {after['alt']!r}"


MIN_PX_PER_YEAR = 30  # a student's pointer lands on the year they mean
_CONTROLS_IN_VIEW = """(css) => {
    const select = document.querySelector(css + ' select');
    // The notebook's scrolling viewport (JupyterLab 4), clipped to the window.
    const area = select.closest('.jp-WindowedPanel-outer') || document.documentElement;
    const box = select.getBoundingClientRect(), view = area.getBoundingClientRect();
    return {
        top: box.top - Math.max(view.top, 0),
        bottom: Math.min(view.bottom, innerHeight) - box.bottom,
    };
}"""
_SHOW_END = "(css) => document.querySelector(css).scrollIntoView({block: 'end'})"
_TABLE_LAYOUT = """(css) => {
    const scroll = document.querySelector(css + ' .s400-table-scroll');
    const cell = document.querySelector(css + ' td');
    const style = getComputedStyle(cell);
    return {
        height: scroll ? scroll.getBoundingClientRect().height : null,
        viewport: innerHeight,
        lineHeight: parseFloat(style.lineHeight) || 1.2 * parseFloat(style.fontSize),
        fontSize: parseFloat(style.fontSize),
    };
}"""


def check_controls_stay_in_view(lp: lab.LabPage) -> None:
    """With the explorer's output read to its end after each change of a filter, the dropdowns
    are still on screen: the table is single-spaced and scrolls on its own."""
    page = lp.page
    # A laptop's screen (run_notebook's full-page screenshot leaves the window as tall as
    # the notebook), with the dropdowns scrolled into view as a student would have them.
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(500)
    page.locator(f"{COUNTRY} select").first.scroll_into_view_if_needed()
    layout = page.evaluate(_TABLE_LAYOUT, TABLE)
    assert layout["height"] is not None, "the live table does not scroll on its own"
    assert layout["height"] <= layout["viewport"] / 2, f"the table is too tall: {layout}"
    assert layout["lineHeight"] <= 1.5 * layout["fontSize"], f"double-spaced rows: {layout}"
    for value in ("Turkey", "All", "Russia"):
        lab.choose(lp, EXPLORER, COUNTRY, value)
        # A student reads to the end of the explorer's output: the filters are still in view.
        page.evaluate(_SHOW_END, TABLE)
        page.wait_for_timeout(300)
        where = page.evaluate(_CONTROLS_IN_VIEW, COUNTRY)
        assert where["top"] >= 0 and where["bottom"] >= 0, f"after {value}: dropdown off screen"


def check_slider_room(lp: lab.LabPage) -> None:
    """The year slider's track gives each year room enough to pick it with a pointer."""
    track = lp.page.locator(f"{YEAR} .noUi-target").first.bounding_box()
    assert track is not None, "no slider track"
    years = lp.page.evaluate(
        """(css) => {
            const handle = document.querySelector(css + ' .noUi-handle');
            return +handle.getAttribute('aria-valuemax') - +handle.getAttribute('aria-valuemin');
        }""",
        YEAR,
    )
    per_year = track["width"] / max(years, 1)
    assert per_year >= MIN_PX_PER_YEAR, f"{per_year:.0f} px a year on the slider track"


_TABLE_AS_SHOWN = """() => {
    const table = document.querySelector('.jp-OutputArea-output table.s400-table');
    if (!table) return null;
    const align = (cell) => getComputedStyle(cell).textAlign;
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.cells]);
    return {
        headers: [...table.querySelectorAll('thead th')].map((th) => th.innerText.trim()),
        cells: rows.map((cells) => cells.map((td) => td.innerText.trim())),
        aligns: rows[0].map(align),
        bodyHeaders: table.querySelectorAll('tbody th').length,
        layout: getComputedStyle(table).tableLayout,
        wrap: rows[0].map((td) => getComputedStyle(td).overflowWrap + ' ' +
                                  getComputedStyle(td).wordBreak),
    };
}"""


def test_show_table_reads_as_a_table_in_lab(lab_page: lab.LabPage) -> None:
    """In JupyterLab's own table style: prose left, numbers right, words whole, no index."""
    run_notebook(lab_page, "fixtures/table_fixture.ipynb")
    assert_ran_clean(lab_page)
    shown = lab_page.page.evaluate(_TABLE_AS_SHOWN)
    assert shown is not None, "no s400-table in the output"
    assert shown["headers"] == ["Speaker", "Kind", "Text", "Statements"]
    assert shown["bodyHeaders"] == 0, "the index is shown"
    assert [row[1] for row in shown["cells"]] == ["head of state", "—"]
    assert shown["aligns"] == ["left", "left", "left", "right"], shown["aligns"]
    assert shown["layout"] == "auto"
    assert set(shown["wrap"]) == {"normal normal"}, shown["wrap"]

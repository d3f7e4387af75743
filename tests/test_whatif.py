"""The F-35 what-if: the slider redraws the chart; the plan chart's numbers come from the data."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pytest

from s400_lesson import load_f35_delivery_plan
from s400_lesson.drawing.static_charts import plan_chart
from s400_lesson.widgets.whatif import WhatIfExclusion

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def img(markup: str) -> tuple[str, str]:
    """The src and the unescaped alt of the <img> in ``markup``."""
    found = re.search(r'<img [^>]*src="([^"]*)" alt="([^"]*)"', markup)
    assert found, f"no <img> in {markup[:200]!r}"
    return found.group(1), html.unescape(found.group(2))


def forgone(plan, year: int) -> int:
    """Planned deliveries from ``year`` on, added up row by row."""
    pairs = zip(plan["year"], plan["planned_deliveries"], strict=True)
    return sum(int(n) for y, n in pairs if y >= year)


@pytest.fixture(scope="module")
def plan():
    return load_f35_delivery_plan()


def test_starts_at_the_actual_exclusion(plan):
    w = WhatIfExclusion(plan)
    assert w.year == 2019
    _, alt = img(w.chart.value)
    assert "exclusion in 2019" in alt and f"{forgone(plan, 2019)} from 2019 on" in alt
    assert "(what happened)" in w.summary_html.value


def test_slider_redraws_the_chart(plan):
    w = WhatIfExclusion(plan)
    src_before, _ = img(w.chart.value)
    w.slider.value = 2023
    src_after, alt = img(w.chart.value)
    assert src_after != src_before
    assert "exclusion in 2023" in alt
    assert f"{forgone(plan, 2023)} from 2023 on are forgone" in alt
    assert f"<b>{forgone(plan, 2023)}</b> of" in w.summary_html.value
    assert "(hypothetical)" in w.summary_html.value


def test_slider_covers_the_plan_years(plan):
    w = WhatIfExclusion(plan)
    assert (w.slider.min, w.slider.max) == (int(plan["year"].min()), int(plan["year"].max()))


def test_display_bundle(plan):
    w = WhatIfExclusion(plan, year=2021)
    bundle = w._repr_mimebundle_()
    assert {WIDGET_MIME, "text/html", "text/plain"} <= set(bundle)
    assert bundle[WIDGET_MIME]["model_id"] == w.model_id
    _, alt = img(bundle["text/html"])
    assert "exclusion in 2021" in alt
    assert "Exclusion in <b>2021</b>" in bundle["text/html"]
    n = forgone(plan, 2021)
    assert bundle["text/plain"] == f"What if the exclusion came in 2021: {n} deliveries forgone"


def edit_plan(folder: Path, year: int, deliveries: int) -> None:
    """Change one year's planned deliveries and keep planned_cumulative consistent."""
    path = folder / "f35_delivery_plan.csv"
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    total = 0
    for row in rows:
        if int(row["year"]) == year:
            row["planned_deliveries"] = str(deliveries)
        total += int(row["planned_deliveries"])
        row["planned_cumulative"] = str(total)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def bar_heights(chart) -> dict[int, float]:
    """Bar height by year, read from the drawn bars."""
    patches = chart.figure.axes[0].patches
    return {round(p.get_x() + p.get_width() / 2): p.get_height() for p in patches}


def bar_labels(chart) -> list[str]:
    """The numbers written on the bars, left to right."""
    ax = chart.figure.axes[0]
    # An annotation's position is its offset; the point it labels is its xy.
    where = [(getattr(t, "xy", t.get_position())[0], t.get_text()) for t in ax.texts]
    texts = sorted((x, text) for x, text in where if text.isdigit())
    return [text for _, text in texts]


def running_totals(deliveries: dict[int, int]) -> dict[int, int]:
    total, out = 0, {}
    for year in sorted(deliveries):
        total += deliveries[year]
        out[year] = total
    return out


def test_no_line_is_drawn_through_a_bar_total(plan):
    """Where the orders line crosses a bar's number (2019's 20, 2020's 30), the number is
    on an opaque white box drawn above the line, so the line passes behind it."""
    chart = plan_chart(plan, 2019)
    fig = chart.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    line = next(line for line in ax.get_lines() if line.get_drawstyle() == "steps-mid")
    line_box = line.get_window_extent(renderer)
    crossed = []
    for text in ax.texts:
        if not text.get_text().isdigit():
            continue
        box = text.get_window_extent(renderer)
        ys = line.get_transform().transform(line.get_xydata())[:, 1]
        if not (box.x1 > line_box.x0 and box.x0 < line_box.x1):
            continue
        if any(box.y0 - 2 <= y <= box.y1 + 2 for y in ys):
            crossed.append(text.get_text())
            patch = text.get_bbox_patch()
            assert patch is not None and patch.get_facecolor()[:3] == (1.0, 1.0, 1.0), text
            assert text.get_zorder() > line.get_zorder(), text.get_text()
    assert crossed, "the line crosses no total: the test would show nothing"


def test_plan_chart_draws_the_data(data_copy, plan):
    """One y axis: each bar is the running total due by the end of its year, read from the data."""
    before = plan_chart(plan, 2019)
    yearly = dict.fromkeys(range(2018, 2028), 10)
    assert len(before.figure.axes) == 1  # no second axis to misread
    assert bar_heights(before) == running_totals(yearly)
    assert bar_labels(before) == [str(n) for n in running_totals(yearly).values()]
    edit_plan(data_copy, 2020, 25)
    changed = load_f35_delivery_plan(data_copy)
    assert list(changed["planned_cumulative"])[-1] == 115
    chart = plan_chart(changed, 2019)
    expected = running_totals({**yearly, 2020: 25})
    assert bar_heights(chart) == expected
    drawn = dict(zip(changed["year"], changed["planned_cumulative"], strict=True))
    assert bar_heights(chart) == drawn
    assert bar_labels(chart) == [str(n) for n in expected.values()]
    assert "to 115 aircraft" in chart.alt
    assert "10 deliveries fall before it" in chart.alt
    assert "105 from 2019 on are forgone" in chart.alt
    assert chart.figure._suptitle.get_text().startswith("Turkey's F-35 plan: 105 of 115")


def test_plan_chart_alt_text_describes_an_uneven_plan(data_copy):
    """The alt text is written from the numbers: no even yearly step when the plan has none."""
    edit_plan(data_copy, 2020, 25)
    alt = plan_chart(load_f35_delivery_plan(data_copy), 2019).alt
    assert not re.search(r"\b(ten|10) (a|each|every|per) year", alt), alt

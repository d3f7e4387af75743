"""Every lesson chart: title, axis labels, source line, alt text with the numbers, stable PNG."""

from __future__ import annotations

import pytest

from s400_lesson import (
    load_actors,
    load_events,
    load_f35_delivery_plan,
    load_measures,
    load_statements,
)
from s400_lesson.drawing.redrawn_charts import PlanBars, PositionBars
from s400_lesson.drawing.static_charts import (
    measures_chart,
    plan_chart,
    position_chart,
    timeline_chart,
)
from s400_lesson.drawing.style import Chart
from s400_lesson.widgets.explorer import FILTERS, explorer_data, label


def position():
    counts = load_statements()["country"].astype(str).value_counts()
    numbers = [f"{country}: {n} (" for country, n in counts.items()]
    return position_chart(load_statements(), "country"), numbers, ("x", "y")


def plan():
    data = load_f35_delivery_plan()
    total = int(data["planned_deliveries"].sum())
    before = int(data.loc[data["year"] < 2019, "planned_deliveries"].sum())
    numbers = [
        f"to {total} aircraft",
        f"{before} deliveries fall before it",
        f"{total - before} from 2019 on are forgone",
    ]
    return plan_chart(data, 2019), numbers, ("x", "y")


def timeline():
    events = load_events()
    first, last = events["date"].min().year, events["date_end"].max().year
    numbers = [f"Timeline of {len(events)} events from {first} to {last}"]
    return timeline_chart(events), numbers, ("x",)


def measures():
    steps = load_measures()
    by_country = steps["acting_country"].astype(str).value_counts()
    numbers = [f"Diagram of {len(steps)} steps", *(f"{n} by {c}" for c, n in by_country.items())]
    numbers += list(steps["title"].astype(str))  # every step is named, not only counted
    return measures_chart(steps, load_actors()), numbers, ()


CHARTS = {"position": position, "plan": plan, "timeline": timeline, "measures": measures}


@pytest.fixture(scope="module", params=list(CHARTS))
def built(request):
    """(chart, phrases its alt text must contain, axes that need a label, chart name)."""
    return (*CHARTS[request.param](), request.param)


def test_is_a_chart_with_a_title(built):
    chart, *_ = built
    assert isinstance(chart, Chart)
    assert chart.figure._suptitle is not None
    assert chart.figure._suptitle.get_text().strip()


def test_axes_are_labelled(built):
    chart, _, labelled, _ = built
    for axis in labelled:
        labels = [getattr(ax, f"get_{axis}label")().strip() for ax in chart.figure.axes]
        assert any(labels), f"{axis} axis has no label"


def test_source_line(built):
    chart, *_ = built
    assert any(t.get_text().startswith("Source:") for t in chart.figure.texts)


def test_alt_text_gives_the_numbers(built):
    chart, numbers, *_ = built
    assert chart.alt.strip()
    for phrase in numbers:
        assert phrase in chart.alt


def test_png_is_deterministic(built):
    chart, _, _, name = built
    first = chart.png()
    assert first.startswith(b"\x89PNG")
    assert chart.png() == first
    assert CHARTS[name]()[0].png() == first


def test_display_carries_alt(built):
    chart, *_ = built
    bundle, metadata = chart._repr_mimebundle_()
    assert "image/png" in bundle
    assert metadata["image/png"]["alt"] == chart.alt


def test_empty_position_chart_says_so():
    empty = load_statements().iloc[0:0]
    chart = position_chart(empty, "country", "Nothing")
    assert "no statements" in chart.alt
    assert chart.png().startswith(b"\x89PNG")


def test_position_bars_redrawn_in_place_match_a_fresh_chart():
    statements = load_statements()
    turkey = statements[statements["country"] == "Turkey"]
    groups = sorted(statements["country"].astype(str).unique())
    kept = PositionBars(groups, "country", 20, subtitle="")
    kept.show(statements, subtitle="everything")
    kept.show(statements.iloc[0:0], subtitle="nothing")
    again = kept.show(turkey, subtitle="Turkey only")
    fresh = PositionBars(groups, "country", 20, subtitle="").show(turkey, subtitle="Turkey only")
    assert again.png() == fresh.png()
    assert again.alt == fresh.alt
    assert "Turkey: " in again.alt and "Russia" not in again.alt


def test_plan_bars_redrawn_in_place_match_a_fresh_chart():
    plan_data = load_f35_delivery_plan()
    kept = PlanBars(plan_data)
    for year in (2027, 2018, 2023):
        kept.show(year)
    assert kept.show(2021).png() == PlanBars(plan_data).show(2021).png()


def test_titles_fit_the_figure_for_the_longest_filter_text():
    statements = explorer_data(load_statements(), load_actors())
    longest = "Filtered by " + ", ".join(
        f"{name}: " + max(statements[col].astype(str).map(label), key=len)
        for col, name in FILTERS.items()
    )
    chart = PositionBars(["Turkey"], "country", 5, subtitle="").show(statements, subtitle=longest)
    chart.png()
    renderer = chart.figure.canvas.get_renderer()
    for text in [*chart.figure.texts, chart.figure._suptitle]:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= chart.figure.bbox.x1, text.get_text()


def test_timeline_breaks_the_year_axis_only_over_a_long_quiet_stretch():
    events = load_events()
    whole = timeline_chart(events)
    source = next(t.get_text() for t in whole.figure.texts if t.get_text().startswith("Source"))
    assert len(whole.figure.axes) == 2
    assert "skips 2003 to 2016" in " ".join(source.split())
    recent = timeline_chart(events[events["date"].dt.year >= 2017])
    assert len(recent.figure.axes) == 1
    assert not any("skips" in t.get_text() for t in recent.figure.texts)


def test_plan_bars_mark_forgone_years_by_hatch_not_colour_alone():
    kept = PlanBars(load_f35_delivery_plan())
    kept.show(2018)
    chart = kept.show(2021)
    hatches = {
        round(p.get_x() + p.get_width() / 2): p.get_hatch() for p in chart.figure.axes[0].patches
    }
    assert {y for y, h in hatches.items() if h} == set(range(2021, 2028))

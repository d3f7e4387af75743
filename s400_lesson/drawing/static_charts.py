"""The lessons' charts: timeline, statements by position, F-35 plan, measures.

Each function takes the DataFrames the loaders return and gives a Chart whose
alt text is written from the same numbers that are drawn. The position and plan
charts are drawn by ``bar_charts``, whose redrawable versions the widgets keep.
"""

from __future__ import annotations

import itertools
import textwrap

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..data.plural import counted
from .redrawn_charts import PlanBars, PositionBars, plan_totals, position_counts
from .style import (
    MARKERS,
    OKABE_ITO,
    SMALL_PT,
    Chart,
    finish,
    freeze_layout,
    new_figure,
    styled,
)

__all__ = [
    "measures_chart",
    "plan_chart",
    "plan_totals",
    "position_chart",
    "position_counts",
    "timeline_chart",
]

# How a timeline label marks where its date comes from (events.csv date_basis).
BASIS_MARKS = {"external": " *", "inferred": " (inferred)"}

CATEGORY_LABELS = {
    "f35_programme": "F-35 programme",
    "s400_deal": "S-400 deal",
    "us_step": "US step",
    "turkish_step": "Turkish step",
    "diplomacy": "Statements and talks",
    "us_politics": "US politics",
}


def position_chart(
    statements: pd.DataFrame, by: str = "country", title: str = "", subtitle: str | None = None
) -> Chart:
    """Statements counted by ``by`` (country, kind, ...) and position, as stacked bars."""
    counts = position_counts(statements, by)
    most = int(counts.sum(axis=1).max()) if len(counts) else 1
    return PositionBars(counts.index, by, most, title, subtitle).show(statements)


def plan_chart(plan: pd.DataFrame, exclusion_year: int = 2019) -> Chart:
    """Planned F-35 deliveries per year, split at the exclusion, with the cumulative plan."""
    return PlanBars(plan).show(exclusion_year)


@styled
def timeline_chart(events: pd.DataFrame) -> Chart:
    """Events in date order; vague dates drawn as spans, exact ones as single markers.

    When nothing happens for more than five years, the year axis breaks there, so the
    crowded years are not squeezed into a corner of the chart.
    """
    middle = events["date"] + (events["date_end"] - events["date"]) / 2
    events = events.assign(_middle=middle).sort_values(["_middle", "event_id"])
    events = events.drop(columns="_middle").reset_index(drop=True)
    spans = _year_spans(events)
    widths = [max(end - start, 1.5) for start, end in spans]
    fig = new_figure(11.5, 2.1 + 0.25 * len(events), widths)
    styles = _category_styles(events["category"].cat.categories)
    for ax, (start, end) in zip(fig.axes, spans, strict=True):
        for i, ev in events.iterrows():
            _draw_event(ax, i, ev, styles[ev["category"]])
        ax.set_xlim(pd.Timestamp(f"{start}-01-01"), pd.Timestamp(f"{end}-01-01"))
        # A panel that ends where the axis breaks shows no tick at its right edge.
        closing = 1 if ax is fig.axes[-1] else 0
        step = 1 if end - start < 8 else 4
        ax.set_xticks(
            [pd.Timestamp(f"{y}-01-01") for y in range(start, end + closing, step)],
            [str(y) for y in range(start, end + closing, step)],
        )
        ax.grid(axis="x", color="#ddd")
    if len(spans) > 1:
        _mark_break(*fig.axes)
    ax = fig.axes[0]
    ax.set_yticks(range(len(events)))
    ax.set_yticklabels(
        [
            f"{d}  {t}" + BASIS_MARKS.get(b, "")
            for d, t, b in zip(
                events["date_label"], events["title"], events["date_basis"], strict=True
            )
        ],
        fontsize=SMALL_PT,
    )
    ax.set_ylim(len(events) - 0.5, -0.5)
    skipped = f" The year axis skips {spans[0][1]} to {spans[1][0] - 1}." if len(spans) > 1 else ""
    finish(
        fig,
        "The dispute in time, 2002 to March 2021",
        "Year",
        "",
        "* date from an outside record.  (inferred): worked out from the article's context, "
        "circled.  Hollow markers: only a month or a year is known." + skipped,
    )
    _legend_above(fig, _category_handles(styles, events), ncols=3, rows=2)
    if len(spans) > 1:  # the year label belongs under the main panel
        fig.axes[-1].set_xlabel(ax.get_xlabel())
        ax.set_xlabel("")
    return Chart(fig, _timeline_alt(events), events)


def _legend_above(fig: Figure, handles: list, ncols: int, rows: int) -> None:
    """A legend under the title, right-aligned, with the plot moved down to make room.

    Above the plot it hides no data, whatever the panels' widths.
    """
    height = fig.get_figheight()
    fig.legend(
        handles=handles,
        loc="upper right",
        bbox_to_anchor=(0.995, 1 - 0.42 / height),
        ncols=ncols,
        fontsize=SMALL_PT,
        frameon=False,
    )
    engine = fig.get_layout_engine()
    left, bottom, width, tall = engine.get()["rect"]
    engine.set(rect=(left, bottom, width, tall - (0.1 + 0.24 * rows) / height))


def _year_spans(events: pd.DataFrame, gap: int = 5) -> list[tuple[int, int]]:
    """Ranges of years to draw, [start, end): one, or two around the longest quiet stretch."""
    years = sorted(
        {
            y
            for d, e in zip(events["date"], events["date_end"], strict=True)
            for y in range(d.year, e.year + 1)
        }
    )
    first, last = years[0], years[-1] + 1
    jumps = [(b - a, a, b) for a, b in itertools.pairwise(years)]
    longest = max(jumps, default=(0, first, first))
    if longest[0] <= gap:
        return [(first, last)]
    return [(first, longest[1] + 1), (longest[2], last)]


def _draw_event(ax: Axes, row: int, ev: pd.Series, style: tuple[str, str]) -> None:
    colour, marker = style
    hollow = ev["date_precision"] != "day"
    inferred = ev.get("date_basis") == "inferred"
    if hollow:
        ax.plot(
            [ev["date"], ev["date_end"]],
            [row, row],
            color=colour,
            linewidth=7,
            alpha=0.45,
            solid_capstyle="butt",
        )
    if inferred:  # a dashed ring says "worked out, not stated", in black and white too
        ax.plot(
            ev["date"] + (ev["date_end"] - ev["date"]) / 2,
            row,
            marker="o",
            markersize=17,
            markerfacecolor="none",
            markeredgecolor="black",
            markeredgewidth=1.2,
            linestyle="none",
            dashes=(2, 2),
        )
    ax.plot(
        ev["date"] + (ev["date_end"] - ev["date"]) / 2,
        row,
        marker=marker,
        markersize=9,
        color=colour,
        markerfacecolor="white" if hollow else colour,
        markeredgewidth=2 if hollow else 1,
        markeredgecolor=colour if hollow else "black",
    )


def _mark_break(left: Axes, right: Axes) -> None:
    """Diagonal ticks on the year axis where it skips years, and no spine in between."""
    right.spines["left"].set_visible(False)
    right.tick_params(axis="y", left=False)
    cut = {"marker": [(-1, -2), (1, 2)], "markersize": 10, "linestyle": "", "color": "black"}
    left.plot([1], [0], transform=left.transAxes, clip_on=False, **cut)
    right.plot([0], [0], transform=right.transAxes, clip_on=False, **cut)


def _category_styles(categories: pd.Index) -> dict[str, tuple[str, str]]:
    palette = [c for c in OKABE_ITO if c != "#F0E442"]  # yellow is too faint for thin markers
    return {
        c: (palette[i % len(palette)], MARKERS[i % len(MARKERS)]) for i, c in enumerate(categories)
    }


def _category_handles(styles: dict[str, tuple[str, str]], events: pd.DataFrame) -> list:
    from matplotlib.lines import Line2D

    used = [c for c in styles if c in set(events["category"].astype(str))]
    return [
        Line2D(
            [],
            [],
            color=styles[c][0],
            marker=styles[c][1],
            linestyle="",
            markersize=8,
            label=CATEGORY_LABELS.get(c, c),
        )
        for c in used
    ]


def _timeline_alt(events: pd.DataFrame) -> str:
    basis = {"external": " (date from an outside record)", "inferred": " (date inferred)"}
    items = "; ".join(
        f"{d}: {t}{basis.get(b, '')}"
        for d, t, b in zip(events["date_label"], events["title"], events["date_basis"], strict=True)
    )
    first, last = events["date"].min().year, events["date_end"].max().year
    return f"Timeline of {counted(len(events), 'event')} from {first} to {last}, in order. {items}."


# Each country's steps: colour, arrow style and legend label (meaning never by colour alone).
STEP_STYLES = {
    "United States": ("#0072B2", "-", "Step by the United States"),
    "Turkey": ("#D55E00", "--", "Step by Turkey"),
}


@styled
def measures_chart(measures: pd.DataFrame, actors: pd.DataFrame) -> Chart:
    """Each country's steps in date order: one arrow per step, from who acted to the other party."""
    names = actors.set_index("actor_id")["name"]
    rows = measures.sort_values(["date", "measure_id"], na_position="last").reset_index(drop=True)
    # Four columns, so no text overlaps at a size a class can read: who acted, the arrow, the
    # other party, and what (long names and titles wrap onto a second line).
    fig = new_figure(12, 1.3 + 0.4 * len(rows))
    ax = fig.axes[0]
    for i, m in rows.iterrows():
        colour, style, _ = STEP_STYLES[m["acting_country"]]
        ax.annotate(
            "",
            xy=(0.345, i),
            xytext=(0.255, i),
            arrowprops={"arrowstyle": "-|>", "color": colour, "linestyle": style, "linewidth": 2},
        )
        box = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": colour}
        actor, target = (textwrap.fill(names[m[k]], 24) for k in ("actor_id", "other_party_id"))
        ax.text(0.25, i, actor, ha="right", va="center", fontsize=SMALL_PT, bbox=box)
        ax.text(0.35, i, target, ha="left", va="center", fontsize=SMALL_PT, bbox=box)
        what = textwrap.fill(_step_label(m), 52)
        ax.text(0.56, i, what, ha="left", va="center", fontsize=SMALL_PT)
    ax.set_xlim(0, 1)
    ax.set_ylim(len(rows) - 0.5, -0.6)
    ax.set_xticks([0.13, 0.45], ["Who acted", "The other party"])
    ax.xaxis.set_ticks_position("top")
    ax.tick_params(axis="x", length=0, labelsize=12)
    ax.set_yticks([])
    ax.spines[["left", "bottom"]].set_visible(False)
    ax.legend(
        handles=[
            Patch(color=c, label=f"{lab} ({'solid' if s == '-' else 'dashed'} arrow)")
            for c, s, lab in STEP_STYLES.values()
        ],
        loc="lower center",
        ncols=2,
        bbox_to_anchor=(0.5, 1.04),
        frameon=False,
        fontsize=SMALL_PT,
    )
    finish(fig, "Steps in the dispute, in date order: who acted, and the other party", "", "")
    # Laid out once: with the labels above the plot, a second layout pass moves them again.
    freeze_layout(fig)
    return Chart(fig, _measures_alt(rows, names), rows)


def _step_label(m: pd.Series) -> str:
    when = m["date_label"] if m["date_label"] != "undated" else "undated"
    status = str(m["status"]).replace("_", " ")  # a code in words: "not_accepted" as "not accepted"
    return f"{m['title']} ({status}, {when})"


def _measures_alt(rows: pd.DataFrame, names: pd.Series) -> str:
    items = "; ".join(
        f"{names[m['actor_id']]} ({m['acting_country']}) to {names[m['other_party_id']]}: "
        f"{_step_label(m)}"
        for _, m in rows.iterrows()
    )
    counts = rows["acting_country"].value_counts()
    tally = ", ".join(f"{n} by {c}" for c, n in counts.items())
    return (
        f"Diagram of {counted(len(rows), 'step')} ({tally}) in date order, each an arrow from "
        "who acted "
        f"to the other party. {items}."
    )

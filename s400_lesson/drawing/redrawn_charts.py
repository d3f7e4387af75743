"""The two bar charts the widgets redraw: statements by position, and the F-35 delivery plan.

Each is a class that builds its axes, ticks, legend and layout once and then
shows new numbers by moving bars and relabelling them (:meth:`show`). A widget
keeps one and redraws it on every change, which costs about a third of building
a new figure; a one-off chart is simply a new one shown once (see ``charts``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..data.plural import counted
from .style import (
    POSITION_COLUMN,
    POSITION_STYLE,
    SMALL_PT,
    Chart,
    finish,
    freeze_layout,
    new_figure,
    styled,
)
from .tables import words

PLANNED_STYLE = ("#009E73", "", "Due before the exclusion")
FORGONE_STYLE = ("#FFFFFF", "//", "Forgone after the exclusion")
# Orders are not plans: a dashed line (not a bar), in a colour of its own, named in the legend.
ORDERED_STYLE = ("#CC79A7", (0, (5, 2)), "Ordered by then (outside records)")
ORDERED = "ordered_by_then"


def position_counts(statements: pd.DataFrame, by: str) -> pd.DataFrame:
    """Statements counted by ``by`` and position; only groups that have statements."""
    table = pd.crosstab(statements[by].astype(str), statements[POSITION_COLUMN].astype(str))
    return table.reindex(columns=list(POSITION_STYLE), fill_value=0)


def plan_totals(plan: pd.DataFrame, exclusion_year: int) -> dict[str, int]:
    """How many planned deliveries fall before and from the exclusion year."""
    before = int(plan.loc[plan["year"] < exclusion_year, "planned_deliveries"].sum())
    total = int(plan["planned_deliveries"].sum())
    totals = {"planned": total, "before": before, "forgone": total - before}
    if ORDERED in plan:  # what had been ordered, as against planned (outside records)
        totals["ordered"] = int(plan[ORDERED].max())
    return totals


def position_words(position: str) -> str:
    """A position's legend label in quotes, as alt text reads it mid-sentence."""
    return f"'{POSITION_STYLE[position][2]}'"


class PositionBars:
    """Statements by group (rows, fixed) and position (stacked, hatched bars) on a fixed scale.

    Keeping the rows and the scale fixed is also what makes a filtered view comparable
    with the one before it: a group with nothing to show keeps its row and says so.
    """

    @styled
    def __init__(
        self,
        groups: Sequence[str],
        by: str = "country",
        most: int = 1,
        title: str = "",
        subtitle: str | None = None,
    ) -> None:
        self.groups = [str(g) for g in groups]
        self.by = by
        extra = 0.25 if subtitle is not None else 0
        self.figure = new_figure(9, 2.1 + 0.4 * max(len(self.groups), 1) + extra)
        ax = self.axes = self.figure.axes[0]
        rows = np.arange(len(self.groups))
        self.bars = {
            position: ax.barh(
                rows,
                np.zeros(len(rows)),
                color=colour,
                hatch=hatch,
                edgecolor="black",
                linewidth=0.6,
                label=label,
            )
            for position, (colour, hatch, label) in POSITION_STYLE.items()
        }
        # A group may be a code (head_of_state): the axis reads it as words.
        ax.set_yticks(rows, [words(g) for g in self.groups])
        ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
        ax.set_xlim(0, max(most, 1) * 1.05)
        ax.xaxis.get_major_locator().set_params(integer=True)
        # Above the bars, so a long bar never hides the key.
        ax.legend(
            loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False, fontsize=SMALL_PT
        )
        by_words = by.replace("_", " ")
        self.title, self.subtitle = finish(
            self.figure,
            title or f"Statements by {by_words} and what they argue",
            "Number of statements",
            by_words.capitalize(),
            subtitle=subtitle,
        )
        self._labels: list = []
        freeze_layout(self.figure)

    @styled
    def show(self, statements: pd.DataFrame, subtitle: str | None = None) -> Chart:
        """The chart with ``statements`` counted; ``subtitle`` replaces the subtitle if given."""
        counts = position_counts(statements, self.by).reindex(self.groups, fill_value=0)
        for label in self._labels:
            label.remove()
        self._labels = []
        left = np.zeros(len(self.groups))
        for position, bars in self.bars.items():
            values = counts[position].to_numpy()
            for rect, x, width in zip(bars.patches, left, values, strict=True):
                rect.set_x(x)
                rect.set_width(width)
            self._labels += self.axes.bar_label(
                bars,
                labels=[str(v) if v else "" for v in values],
                label_type="center",
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "lw": 0},
            )
            left = left + values
        self._labels += [
            self.axes.annotate(
                "no statements",
                (0, i),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=SMALL_PT,
                style="italic",
            )
            for i, total in enumerate(left)
            if not total
        ]
        if not self.groups:
            self._labels.append(self._say_empty())
        if subtitle is not None and self.subtitle is not None:
            self.subtitle.set_text(subtitle)
        shown = counts[counts.sum(axis=1) > 0]
        return Chart(self.figure, self._alt(shown), shown, self._numbers(shown))

    def _numbers(self, counts: pd.DataFrame) -> pd.DataFrame:
        """The counts as a reader's table: a row per group, a column per position, the total."""
        table = counts.rename(columns={p: POSITION_STYLE[p][2] for p in counts.columns})
        table.columns.name = None
        table.insert(0, self.by.replace("_", " ").capitalize(), [words(g) for g in counts.index])
        return table.assign(**{"All statements": counts.sum(axis=1)}).reset_index(drop=True)

    def _say_empty(self):
        return self.axes.text(
            0.5, 0.5, "No statements to show", transform=self.axes.transAxes, ha="center"
        )

    def _alt(self, counts: pd.DataFrame) -> str:
        head = self.title.get_text()
        if self.subtitle is not None:
            head += f" ({self.subtitle.get_text()})"
        if counts.empty:
            return f"{head}: no statements to show."
        parts = []
        for group, row in counts.iterrows():
            detail = ", ".join(f"{n} {position_words(s)}" for s, n in row.items() if n)
            parts.append(f"{group}: {row.sum()} ({detail})")
        return f"Bar chart. {head}. " + "; ".join(parts) + "."


class PlanBars:
    """Turkey's planned F-35 total by year, split at an exclusion year that :meth:`show` moves.

    One axis only: each bar is the running total due by the end of that year, so a reader
    sees at a glance how much of the plan lay before and after the exclusion.
    """

    @styled
    def __init__(self, plan: pd.DataFrame) -> None:
        self.plan = plan
        self.figure = new_figure(9.5, 4.0)
        ax = self.figure.axes[0]
        totals = plan["planned_cumulative"]
        self.bars = ax.bar(plan["year"], totals, edgecolor="black", linewidth=0.8)
        # On white, lifted clear of the bar's top edge: the orders line passes behind a total
        # near its own number (2019's 20, 2020's 30) instead of through it.
        for year, total in zip(plan["year"], totals, strict=True):
            ax.annotate(
                f"{total}",
                (year, total),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=SMALL_PT,
                zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "lw": 0},
            )
        self.top = max(int(totals.max()), 1)
        self.divider = ax.axvline(0, color="black", linestyle="--", linewidth=1.2)
        ax.set_xticks(plan["year"])
        ax.set_xlim(plan["year"].min() - 0.6, plan["year"].max() + 0.6)
        ax.set_ylim(0, self.top * 1.25)
        self.marker = ax.text(
            0,
            0.97,
            "",
            transform=ax.get_xaxis_transform(),
            va="top",
            fontsize=12,
            fontweight="bold",
            bbox={"boxstyle": "square,pad=0.2", "fc": "white", "lw": 0},
        )
        keys = [
            Patch(facecolor=colour, hatch=hatch, edgecolor="black", label=label)
            for colour, hatch, label in (PLANNED_STYLE, FORGONE_STYLE)
        ]
        if ORDERED in plan:
            keys.append(self._draw_orders(ax))
        ax.legend(
            handles=keys,
            loc="lower left",
            bbox_to_anchor=(0, 1),
            ncols=len(keys),
            frameon=False,
            fontsize=SMALL_PT,
        )
        self.title, _ = finish(self.figure, "", "Year", "Planned total (aircraft)")
        freeze_layout(self.figure)

    def _draw_orders(self, ax) -> Line2D:
        """The aircraft ordered by each year as a dashed step line, labelled with its number."""
        colour, dashes, label = ORDERED_STYLE
        years, ordered = self.plan["year"], self.plan[ORDERED]
        ax.plot(
            years, ordered, drawstyle="steps-mid", color=colour, linewidth=2.5, linestyle=dashes
        )
        ax.text(
            years.min() - 0.45,
            int(ordered.iloc[0]) + self.top * 0.02,
            f"Ordered: {int(ordered.iloc[0])}",
            ha="left",
            va="bottom",
            fontsize=SMALL_PT,
            color="black",
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "lw": 0},
        )
        return Line2D([], [], color=colour, linewidth=2.5, linestyle=dashes, label=label)

    @styled
    def show(self, exclusion_year: int) -> Chart:
        """The plan with deliveries from ``exclusion_year`` on drawn as forgone."""
        years = self.plan["year"]
        for rect, year in zip(self.bars.patches, years, strict=True):
            colour, hatch, _ = PLANNED_STYLE if year < exclusion_year else FORGONE_STYLE
            rect.set_facecolor(colour)
            rect.set_hatch(hatch)
        self.divider.set_xdata([exclusion_year - 0.5] * 2)
        # The label sits on the side of the line with more room, so it stays inside the axes.
        late = exclusion_year > (years.min() + years.max()) / 2
        gap = -0.05 if late else 0.05
        self.marker.set_x(exclusion_year - 0.5 + gap)
        self.marker.set_horizontalalignment("right" if late else "left")
        self.marker.set_text(f"Exclusion in {exclusion_year}")
        totals = plan_totals(self.plan, exclusion_year)
        self.title.set_text(
            f"Turkey's F-35 plan: {totals['forgone']} of "
            f"{counted(totals['planned'], 'planned delivery', 'planned deliveries')} "
            f"forgone if excluded in {exclusion_year}"
        )
        return Chart(
            self.figure, self._alt(exclusion_year, totals), self.plan, self._numbers(exclusion_year)
        )

    def _numbers(self, year: int) -> pd.DataFrame:
        """The plan year by year, and which deliveries an exclusion in ``year`` forgoes."""
        return pd.DataFrame(
            {
                "Year": self.plan["year"].astype(str),
                "Planned that year": self.plan["planned_deliveries"],
                "Planned total": self.plan["planned_cumulative"],
                f"With the exclusion in {year}": [
                    "due before it" if y < year else "forgone" for y in self.plan["year"]
                ],
            }
        )

    def _alt(self, year: int, totals: dict[str, int]) -> str:
        first, last = int(self.plan["year"].min()), int(self.plan["year"].max())
        orders = (
            f" A dashed line marks the {totals['ordered']} aircraft Turkey had ordered, from "
            "outside records: a plan is not an order."
            if "ordered" in totals
            else ""
        )
        return (
            f"Bar chart of the planned running total of F-35s for Turkey, {first} to {last}, "
            f"rising to {totals['planned']} aircraft in all. With the exclusion in {year}, "
            f"{counted(totals['before'], 'delivery')} "
            f"{'falls' if totals['before'] == 1 else 'fall'} before it (solid bars) and "
            f"{totals['forgone']} "
            f"from {year} on are forgone (hatched bars).{orders}"
        )

"""The F-35 what-if: move the exclusion year and see planned against forgone deliveries."""

from __future__ import annotations

import html
from functools import lru_cache

import ipywidgets as widgets
import pandas as pd

from ..data import load_f35_delivery_plan
from ..data.plural import counted, plural
from ..drawing.redrawn_charts import PlanBars, plan_totals
from .static_picture import StaticFallbackBox

PICTURE_NOTE = (
    "Picture of the live what-if, for {year}: open the notebook in JupyterLab to move the slider."
)


def actual_exclusion_year(plan: pd.DataFrame) -> int:
    """The first plan year marked as due after the exclusion (2019 in the shipped data)."""
    after = plan.loc[plan["plan_status"] == "due_after_exclusion", "year"]
    return int(after.min()) if len(after) else int(plan["year"].max()) + 1


class WhatIfExclusion(StaticFallbackBox):
    """A year slider and the delivery-plan chart redrawn for an exclusion in that year."""

    def __init__(self, plan: pd.DataFrame | None = None, year: int | None = None) -> None:
        self.plan = load_f35_delivery_plan() if plan is None else plan
        self.actual = actual_exclusion_year(self.plan)
        first, last = int(self.plan["year"].min()), int(self.plan["year"].max())
        self.slider = widgets.IntSlider(
            value=self.actual if year is None else year,
            min=first,
            max=last,
            description="Exclusion year",
            continuous_update=False,
            style={"description_width": "initial"},
            # A wide track, about 50 px a year, so a student can hit each year.
            layout=widgets.Layout(width="min(100%, 620px)"),
        ).add_class("s400-whatif-year")
        # A live region (the package's lab extension), so the new totals are read out.
        self.summary_html = (
            widgets.HTML().add_class("s400-whatif-summary").add_class("s400-announce")
        )
        self.chart = widgets.HTML().add_class("s400-whatif-chart")
        super().__init__([self.slider, self.summary_html, self.chart])
        self.add_class("s400-whatif")
        self._bars: PlanBars | None = None
        self._render = lru_cache(maxsize=16)(self._render_year)
        self.slider.observe(self._refresh, names="value")
        self._refresh()

    @property
    def year(self) -> int:
        """The exclusion year the slider shows."""
        return int(self.slider.value)

    def _refresh(self, _change: object = None) -> None:
        summary, chart = self._render(self.year)
        self.summary_html.value = summary
        self.chart.value = chart

    def _render_year(self, year: int) -> tuple[str, str]:
        totals = plan_totals(self.plan, year)
        actual = " (what happened)" if year == self.actual else " (hypothetical)"
        summary = (
            f"<p>Exclusion in <b>{year}</b>{html.escape(actual)}: "
            f"<b>{totals['before']}</b> {plural(totals['before'], 'delivery')} due before it, "
            f"<b>{totals['forgone']}</b> of {totals['planned']} forgone.</p>"
        )
        # One kept figure redrawn in place; each year's picture is then cached.
        if self._bars is None:
            self._bars = PlanBars(self.plan)
        chart = self._bars.show(year)
        return summary, chart.html()

    def static_html(self) -> str:
        note = html.escape(PICTURE_NOTE.format(year=self.year))
        summary, chart = self._render(self.year)
        summary = summary.removeprefix("<p>").removesuffix("</p>")
        return f'<p class="s400-picture-note"><i>{note}</i><br>{summary}</p>{chart}'

    def summary(self) -> str:
        totals = plan_totals(self.plan, self.year)
        forgone = counted(totals["forgone"], "delivery")
        return f"What if the exclusion came in {self.year}: {forgone} forgone"

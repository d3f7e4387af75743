"""The positions explorer: filter who said what, and see it as a table, a count and a chart."""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from ..data import load_actors, load_statements
from ..data.plural import counted
from ..drawing.redrawn_charts import PositionBars, position_counts
from ..drawing.tables import label
from .static_picture import StaticFallbackBox, html_table

ALL = "All"
NO_FILTER = "no filter"
STATIC_ROWS = 1  # rows in the exported picture: with the chart it must fit on a slide
LIVE_TABLE_HEIGHT = "18em"  # the live table scrolls inside this, so the dropdowns stay in view
PICTURE_NOTE = (
    "Picture of the live explorer ({words}): open the notebook in JupyterLab to choose filters."
)
TABLE_REGION_LABEL = "Matching statements (a table that scrolls)"
FILTERS = {"country": "Country", "kind": "Speaker", "topic": "Topic", "form": "Form"}
TABLE_COLUMNS = {
    "speaker": "Speaker",
    "role": "Role",
    "country": "Country",
    "date_label": "Date",
    "form_label": "Form",
    "text": "Words",
    "reported_via": "Where said",
}
# The picture's table keeps the columns a reader needs to place the words, so a row is short.
STATIC_COLUMNS = {k: TABLE_COLUMNS[k] for k in ("speaker", "country", "form_label", "text")}
# Only the words column may break a long unbroken string: elsewhere it would squeeze short
# columns (country, date) into a letter or two per line.
# Single-spaced: ipywidgets' HTML sets a 28 px line height meant for one-line controls.
# The last row keeps its foot: reveal.js's theme drops the last row's bottom border, which on
# a slide reads as a table cut off at its last row.
TABLE_CSS = f"""<style>
.s400-statements {{border-collapse: collapse; font-size: 0.9em; width: 100%}}
.s400-statements th, .s400-statements td {{border: 1px solid #bbb; padding: 2px 6px;
  text-align: left; vertical-align: top; line-height: 1.3}}
.s400-table-scroll {{max-height: {LIVE_TABLE_HEIGHT}; overflow-y: auto}}
.s400-statements .s400-whole {{white-space: nowrap}}
.s400-picture-note {{font-style: italic}}
.s400-statements td:nth-child({list(TABLE_COLUMNS).index("text") + 1}) {{overflow-wrap: anywhere}}
.s400-statements th {{background: #eee}}
table.s400-statements tbody tr:last-child td {{border-bottom: 1px solid #bbb}}
</style>"""


def explorer_data(statements: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Statements with the speaker's kind (from actors) and readable labels added."""
    kinds = actors.set_index("actor_id")["kind"].astype(str)
    data = statements.assign(kind=statements["actor_id"].map(kinds).astype("category"))
    return data.assign(form_label=data["form"].astype(str).map(label))


def filter_statements(data: pd.DataFrame, **choices: str) -> pd.DataFrame:
    """Rows of ``data`` matching every chosen filter; ``All`` (or no choice) matches anything.

    >>> filter_statements(data, country="Turkey", form="direct_quote")  # doctest: +SKIP
    """
    unknown = set(choices) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown filter {sorted(unknown)}; filters are {list(FILTERS)}")
    mask = pd.Series(True, index=data.index)
    for column, value in choices.items():
        if value not in (None, ALL):
            mask &= data[column].astype(str) == str(value)
    return data[mask]


def describe_choices(choices: dict[str, str]) -> str:
    """The active filters in words, e.g. 'Country: Turkey, Form: Direct quote'."""
    active = [f"{FILTERS[k]}: {label(v)}" for k, v in choices.items() if v not in (None, ALL)]
    return ", ".join(active) or NO_FILTER


class PositionsExplorer(StaticFallbackBox):
    """Dropdowns that filter the statements; a count, a position chart and a table follow."""

    def __init__(
        self,
        statements: pd.DataFrame | None = None,
        actors: pd.DataFrame | None = None,
        **choices: str,
    ) -> None:
        data = explorer_data(
            load_statements() if statements is None else statements,
            load_actors() if actors is None else actors,
        )
        self.data = data
        self._charts: dict[tuple, str] = {}
        self._bars: PositionBars | None = None
        self.dropdowns = {col: self._dropdown(col, choices.get(col, ALL)) for col in FILTERS}
        # Announced when they change (the package's lab extension makes "s400-announce" a live
        # region), so a screen reader hears the new count without leaving the dropdown.
        self.count = widgets.HTML().add_class("s400-count").add_class("s400-announce")
        self.empty = widgets.HTML().add_class("s400-empty").add_class("s400-announce")
        self.chart = widgets.HTML().add_class("s400-chart")
        self.table = widgets.HTML().add_class("s400-table")
        controls = widgets.HBox(
            list(self.dropdowns.values()), layout=widgets.Layout(flex_flow="row wrap")
        )
        super().__init__([controls, self.count, self.empty, self.chart, self.table])
        self.add_class("s400-explorer")
        for dropdown in self.dropdowns.values():
            dropdown.observe(self._refresh, names="value")
        self._refresh()

    def _dropdown(self, column: str, value: str) -> widgets.Dropdown:
        values = [v for v in self.data[column].cat.categories if (self.data[column] == v).any()]
        options = [(ALL, ALL)] + [(label(v), str(v)) for v in values]
        widget = widgets.Dropdown(
            options=options,
            value=value if value in dict(options).values() else ALL,
            description=FILTERS[column],
            style={"description_width": "initial"},
        )
        return widget.add_class(f"s400-filter-{column}")

    @property
    def choices(self) -> dict[str, str]:
        """The current filter values by column."""
        return {col: dd.value for col, dd in self.dropdowns.items()}

    def select(self, **choices: str) -> PositionsExplorer:
        """Set filters from code (as a student would with the dropdowns)."""
        for column, value in choices.items():
            self.dropdowns[column].value = value
        return self

    @property
    def matches(self) -> pd.DataFrame:
        """The statements the current filters select."""
        return filter_statements(self.data, **self.choices)

    def _refresh(self, _change: object = None) -> None:
        view = self._view()
        self.count.value = view["count"]
        self.empty.value = view["empty"]
        self.empty.layout.display = None if view["empty"] else "none"
        self.chart.value = view["chart"]
        self.table.value = view["table"]

    def _view(self, limit: int | None = None) -> dict[str, str]:
        """The count, empty message, chart and table as HTML; ``limit`` rows make a picture."""
        rows = self.matches
        words = describe_choices(self.choices)
        n = len(rows)
        count = (
            f"<p><b>{counted(n, 'statement')}</b> {'matches' if n == 1 else 'match'} "
            f"({html.escape(words)}), of {len(self.data)} in all.</p>"
        )
        if not n:
            empty = (
                f'<p role="status"><b>No statements match</b> {html.escape(words)}. '
                "Set one of the filters back to <i>All</i> to see more.</p>"
            )
            return {"count": count, "empty": empty, "chart": "", "table": ""}
        chart = self._chart_html(tuple(rows["statement_id"]), words)
        shown = rows.head(limit) if limit else rows
        columns = TABLE_COLUMNS if limit is None else STATIC_COLUMNS
        records = shown[list(columns)].astype("string").fillna("").to_dict("records")
        more = (
            f"<p><i>{_first_rows(len(shown), n)}; the live explorer in the notebook "
            "lists them all.</i></p>"
            if len(shown) < n
            else ""
        )
        table = html_table(records, columns, "s400-statements")
        if limit is None:  # live: the table scrolls on its own, under the dropdowns
            # A named region in the tab order, so the keyboard reaches it and scrolls it.
            table = (
                f'<div class="s400-table-scroll" tabindex="0" role="region" '
                f'aria-label="{TABLE_REGION_LABEL}">{table}</div>'
            )
        return {"count": count, "empty": "", "chart": chart, "table": TABLE_CSS + table + more}

    def _chart_html(self, ids: tuple[str, ...], words: str) -> str:
        # A new view redraws one kept figure in place; a view seen before comes from the cache.
        key = (ids, words)
        if key not in self._charts:
            rows = self.data[self.data["statement_id"].isin(ids)]
            subtitle = f"Filtered by {words}" if words != NO_FILTER else "All statements, no filter"
            chart = self._position_bars().show(rows, subtitle=subtitle)
            self._charts[key] = chart.html()
        return self._charts[key]

    def _position_bars(self) -> PositionBars:
        """The explorer's chart: every country on the scale of the unfiltered data."""
        if self._bars is None:
            counts = position_counts(self.data, "country")
            self._bars = PositionBars(
                counts.index, "country", int(counts.sum(axis=1).max()), subtitle=""
            )
        return self._bars

    def static_html(self) -> str:
        """A picture that fits a slide: what it is and the count (one paragraph), the chart
        and the first row."""
        view = self._view(limit=STATIC_ROWS)
        note = html.escape(PICTURE_NOTE.format(words=describe_choices(self.choices)))
        count = view["count"].removeprefix("<p>").removesuffix("</p>")
        table, _, more = view["table"].partition("<p>")
        more = more.removesuffix("</p>")
        head = f'<p class="s400-picture-note"><i>{note}</i><br>{count} {more}</p>'
        return head + view["empty"] + view["chart"] + table

    def summary(self) -> str:
        return (
            f"Positions explorer: {counted(len(self.matches), 'statement')} "
            f"({describe_choices(self.choices)})"
        )


def _first_rows(shown: int, total: int) -> str:
    """'The first row of 34', 'The first 5 of 34 rows'."""
    return (
        f"The first row of {total}"
        if shown == 1
        else f"The first {shown} of {counted(total, 'row')}"
    )

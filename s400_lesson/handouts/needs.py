"""The charts and tables each worksheet needs, drawn from the loaded data (one place to edit).

Keyed by the lesson's number (the digits its notebook's name starts with). Each entry is a
function of the datasets (as ``load_all`` returns them) giving the items to print: a
:class:`~s400_lesson.style.Chart` from the package's own chart functions, a :class:`Table`,
or a :class:`Note`. A lesson without an entry gets a worksheet without charts or tables.
Tables keep only the listed columns that the data has, so renaming a column drops it from
the worksheet instead of breaking the build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ..charts import measures_chart, plan_chart, stance_chart, timeline_chart
from ..style import Chart
from ..world_map import world_map

Data = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Table:
    title: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class Note:
    text: str


Item = Chart | Table | Note


def columns(frame: pd.DataFrame, wanted: list[str]) -> pd.DataFrame:
    """Those of ``wanted`` that ``frame`` has, in that order."""
    return frame[[c for c in wanted if c in frame.columns]]


def _lesson_00(data: Data) -> list[Item]:
    return [world_map()]


def _lesson_01(data: Data) -> list[Item]:
    events = data["events"].sort_values(["date", "event_id"])
    return [
        timeline_chart(data["events"]),
        Table("The events", columns(events, ["event_id", "date_label", "title", "source"])),
    ]


def _lesson_02(data: Data) -> list[Item]:
    statements = data["statements"]
    wanted = ["statement_id", "speaker", "country", "form", "stance"]
    return [
        stance_chart(statements, "country"),
        Table(
            "The statements (their words are on the statement cards)", columns(statements, wanted)
        ),
    ]


def _lesson_03(data: Data) -> list[Item]:
    plan = data["f35_delivery_plan"]
    aircraft = data["f35_turkish_aircraft"]
    return [
        plan_chart(plan, exclusion_year=2019),
        Table(
            "The delivery plan", columns(plan, ["year", "planned_deliveries", "planned_cumulative"])
        ),
        Table(
            "The aircraft built for Turkey",
            columns(aircraft, ["aircraft", "variant", "condition", "fate", "date_label"]),
        ),
    ]


def _lesson_04(data: Data) -> list[Item]:
    measures = data["measures"]
    wanted = ["measure_id", "side", "kind", "title", "date_label", "status", "part_of"]
    return [
        measures_chart(measures, data["actors"]),
        Table("The measures", columns(measures, wanted)),
    ]


def _lesson_05(data: Data) -> list[Item]:
    statements = data["statements"]
    counts = pd.crosstab(
        statements["country"], statements["form"], margins=True, margins_name="All"
    )
    counts = counts.rename_axis(index=None, columns=None).reset_index(names="country")
    return [
        Table("Statements by the speaker's country and form", counts),
        Note("The statements to read and sort are on the statement cards, by their id."),
    ]


NEEDS: dict[str, Callable[[Data], list[Item]]] = {
    "00": _lesson_00,
    "01": _lesson_01,
    "02": _lesson_02,
    "03": _lesson_03,
    "04": _lesson_04,
    "05": _lesson_05,
}


def items_for(number: str, data: Data) -> list[Item]:
    """The charts, tables and notes for lesson ``number`` (none if it has no entry)."""
    make = NEEDS.get(number)
    try:
        return make(data) if make else []
    except KeyError as exc:  # a renamed column or dataset: say where to mend it
        raise ValueError(
            f"the charts and tables for lesson {number} need {exc}, which the data does not "
            "have: update s400_lesson/handouts/needs.py (or the chart it calls)"
        ) from exc

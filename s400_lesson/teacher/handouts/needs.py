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

from ...drawing.static_charts import measures_chart, plan_chart, position_chart, timeline_chart
from ...drawing.style import Chart
from ...drawing.world_map import world_map

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
        Table(
            "The events (date basis: where the date comes from)",
            columns(events, ["event_id", "date_label", "date_basis", "title"]),
        ),
    ]


def _lesson_02(data: Data) -> list[Item]:
    statements = data["statements"]
    wanted = ["statement_id", "speaker", "country", "form", "s400_position"]
    return [
        position_chart(statements, "country"),
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
            columns(aircraft, ["group_id", "aircraft", "built_for", "buyer_id", "fate"]),
        ),
    ]


def _lesson_04(data: Data) -> list[Item]:
    measures = data["measures"].sort_values(["date", "measure_id"])
    wanted = ["measure_id", "acting_country", "title", "date_label", "status"]
    targets = ["target_id", "name", "name_as_written", "post"]
    return [
        measures_chart(data["measures"], data["actors"]),
        Table("The steps, in date order", columns(measures, wanted)),
        Table(
            "The targets of the December 2020 sanctions", columns(data["sanction_targets"], targets)
        ),
    ]


def _lesson_05(data: Data) -> list[Item]:
    statements = data["statements"]
    voices = pd.DataFrame(
        {
            "statements": statements["country"].value_counts(),
            "speakers": statements.groupby("country", observed=True)["speaker"].nunique(),
        }
    ).reset_index(names="country")
    kirby = statements[statements["actor_id"] == "kirby"]
    return [
        Table("Statements and different speakers by country", voices),
        Table(
            "Which statements claim to know a motive",
            columns(statements, ["statement_id", "speaker", "attributes_motive"]),
        ),
        Table("Notes on Kirby's statements", columns(kirby, ["statement_id", "note"])),
        Note("The statements to read and sort are on the statement cards, by their id."),
    ]


def _lesson_06(data: Data) -> list[Item]:
    checks = data["source_checks"]
    wanted = ["check_id", "claim_id", "record_issuer", "record_date", "verdict"]
    return [Table("The article's claims checked against public records", columns(checks, wanted))]


def _lesson_07(data: Data) -> list[Item]:
    later = data["later_events"].sort_values(["date", "event_id"])
    predictions = data["predictions"]
    return [
        Table(
            "The seven expectations: guess a verdict for each first",
            columns(predictions, ["prediction_id", "statement_id", "expectation"]),
        ),
        Table(
            "What happened next (each event's record is in the notebook)",
            columns(later, ["event_id", "date_label", "category", "title"]),
        ),
        Table(
            "The verdicts, to read after your guesses",
            columns(predictions, ["prediction_id", "main_event_id", "verdict"]),
        ),
        Note("The role cards and option sheets are in role_cards.pdf."),
    ]


NEEDS: dict[str, Callable[[Data], list[Item]]] = {
    "00": _lesson_00,
    "01": _lesson_01,
    "02": _lesson_02,
    "03": _lesson_03,
    "04": _lesson_04,
    "05": _lesson_05,
    "06": _lesson_06,
    "07": _lesson_07,
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

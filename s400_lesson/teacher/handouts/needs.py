"""The charts and tables each worksheet needs, drawn from the loaded data (one place to edit).

Keyed by the lesson's number (the digits its notebook's name starts with). Each entry is a
function of the datasets (as ``load_all`` returns them) giving the items to print: a
:class:`~s400_lesson.drawing.style.Chart` from the package's own chart functions, a
:class:`Table` (values in words, as a reader writes them), :class:`Records` (record cards) or
a :class:`Note`. A lesson without an entry gets a worksheet without charts or tables.
Tables keep only the listed columns that the data has, so renaming a column drops it from
the worksheet instead of breaking the build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ...drawing.static_charts import measures_chart, plan_chart, position_chart, timeline_chart
from ...drawing.style import Chart
from ...drawing.tables import label, show_table
from ...drawing.world_map import world_map
from ...exercises import exercise_table

Data = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Table:
    title: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class Note:
    text: str


@dataclass(frozen=True)
class Records:
    """Record cards, printed whole, one per row of ``frame`` (rows of the checks table)."""

    title: str
    frame: pd.DataFrame


Item = Chart | Table | Note | Records

# A column left blank for a student to write in, wide enough for a verdict such as "too
# early to tell" (a blank cell keeps its whole width on paper).
GUESS, BLANK = "Your guess", " " * 30

# Codes whose plain words would mislead: the aircraft tables' buyer and builder.
PARTIES = {"turkey": "Turkey", "us_air_force": "US Air Force"}


def columns(frame: pd.DataFrame, wanted: list[str]) -> pd.DataFrame:
    """Those of ``wanted`` that ``frame`` has, in that order, their values in words, under a
    reader's headers (``event_id`` as "Event", ``date_label`` as "Date": :func:`label`)."""
    return in_words(frame, {c: label(c) for c in wanted})


def in_words(frame: pd.DataFrame, wanted: dict[str, str]) -> pd.DataFrame:
    """The ``wanted`` columns that ``frame`` has, under their headers, values in words (codes
    such as ``partly_confirmed`` as "partly confirmed", True as "yes", no index)."""
    shown = {name: header for name, header in wanted.items() if name in frame.columns}
    return show_table(frame, shown).frame


def _lesson_00(data: Data) -> list[Item]:
    return [world_map()]


# Where a date comes from, in the words a reader uses.
DATE_FROM = {"article": "the article", "external": "an outside record", "inferred": "inferred"}


def _lesson_01(data: Data) -> list[Item]:
    events = data["events"].sort_values(["date", "event_id"])
    events = events.assign(
        date_basis=events["date_basis"].map(DATE_FROM).fillna(events["date_basis"])
    )
    wanted = {
        "event_id": "Event",
        "date_label": "Date",
        "date_basis": "Date from",
        "title": "What happened",
    }
    return [
        timeline_chart(data["events"]),
        Table("The events (date from: where the date comes from)", in_words(events, wanted)),
    ]


def _lesson_02(data: Data) -> list[Item]:
    statements = data["statements"]
    wanted = {
        "statement_id": "Statement",
        "speaker": "Speaker",
        "country": "Country",
        "form": "Form",
        "s400_position": "What it argues",
    }
    return [
        position_chart(statements, "country"),
        Table(
            "The statements (their words are on the statement cards)",
            in_words(statements, wanted),
        ),
    ]


def _lesson_03(data: Data) -> list[Item]:
    plan = data["f35_delivery_plan"]
    aircraft = data["f35_turkish_aircraft"].assign(
        built_for=lambda a: a["built_for"].map(PARTIES).fillna(a["built_for"]),
        buyer_id=lambda a: a["buyer_id"].map(PARTIES),
    )
    plan_columns = {
        "year": "Year",
        "planned_deliveries": "Due that year",
        "planned_cumulative": "Due by the end of the year",
    }
    aircraft_columns = {
        "group_id": "Group",
        "aircraft": "Jets",
        "built_for": "Built for",
        "buyer_id": "Bought by",
        "fate": "What became of them",
    }
    return [
        plan_chart(plan, exclusion_year=2019),
        Table("The delivery plan", in_words(plan, plan_columns)),
        Table(
            "The aircraft groups and who each was built for",
            in_words(aircraft, aircraft_columns),
        ),
    ]


def _lesson_04(data: Data) -> list[Item]:
    measures = data["measures"].sort_values(["date", "measure_id"])
    wanted = {
        "measure_id": "Step",
        "acting_country": "Who acted",
        "title": "What was done",
        "date_label": "Date",
        "status": "Status",
    }
    targets = {
        "target_id": "Target",
        "name": "Name",
        "name_as_written": "In the article",
        "post": "Post",
    }
    return [
        measures_chart(data["measures"], data["actors"]),
        Table("The steps, in date order", in_words(measures, wanted)),
        Table(
            "The targets of the December 2020 sanctions",
            in_words(data["sanction_targets"], targets),
        ),
    ]


def _lesson_05(data: Data) -> list[Item]:
    statements = data["statements"]
    shown = statements["country"].value_counts()
    voices = pd.DataFrame(
        {
            "Country": shown.index.astype(str),
            "Statements": shown.to_numpy(),
            "Different speakers": statements.groupby("country", observed=True)["speaker"]
            .nunique()
            .reindex(shown.index)
            .to_numpy(),
        }
    )
    voices = voices[voices["Statements"] > 0]
    # The kinds of the statements Exercise 5 asks students to sort are left for them.
    to_sort = set(getattr(exercise_table, "SORT_IDS", ()))
    codings = statements.assign(
        claim_kind=statements["claim_kind"]
        .astype(str)
        .where(~statements["statement_id"].isin(to_sort), "(Exercise 5)")
    )
    wanted = {
        "statement_id": "Statement",
        "speaker": "Speaker",
        "claim_kind": "Kind of claim",
        "s400_position": "What it argues",
        "attributes_motive": "Claims to know a motive",
    }
    return [
        Table("Statements and different speakers by country", voices),
        Table("How each statement is coded", in_words(codings, wanted)),
        Note("The statements' own words are on the statement cards, by their id."),
    ]


def _lesson_06(data: Data) -> list[Item]:
    checks = data["source_checks"]
    wanted = {
        "check_id": "Check",
        "claim_id": "Claim",
        "record_issuer": "Record from",
        "record_date": "Record date",
        "verdict": "Verdict",
    }
    return [
        Records("The record cards: the article's claims checked against public records", checks),
        Table("The checks at a glance", in_words(checks, wanted)),
    ]


# Who the worksheet credits with an expectation the article makes in its own voice.
ARTICLE_ITSELF = "the article itself"


def _lesson_07(data: Data) -> list[Item]:
    later = data["later_events"].sort_values(["date", "event_id"])
    speakers = data["statements"].set_index("statement_id")
    # P07 is the article's own expectation, in its own voice: it has no statement and no
    # speaker, and is credited to the article, not to an official it goes on to quote.
    own = data["predictions"]["whose_expectation"] == "article"
    predictions = data["predictions"].assign(
        speaker=lambda p: p["statement_id"].map(speakers["speaker"]).where(~own, ARTICLE_ITSELF),
        country=lambda p: p["statement_id"].map(speakers["country"]).astype(str).where(~own, ""),
    )
    expectations = {
        "prediction_id": "Expectation",
        "statement_id": "Statement",
        "speaker": "Speaker",
        "country": "Country of the speaker",
        "expectation": "What was expected",
    }
    later_columns = {
        "event_id": "Event",
        "date_label": "Date",
        "category": "Category",
        "title": "What happened",
    }
    verdicts = {"prediction_id": "Expectation", "main_event_id": "Main event", "verdict": "Verdict"}
    return [
        # No verdict here: the students guess first, in the blank last column (the verdicts
        # come last, to check).
        Table(
            "The seven expectations: guess a verdict for each first",
            in_words(predictions, expectations).assign(**{GUESS: BLANK}),
        ),
        Table("What happened next", in_words(later, later_columns)),
        Table("The verdicts, to read after your guesses", in_words(predictions, verdicts)),
        Note("Your teacher hands out the role cards and option sheets."),
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
            "have: update s400_lesson/teacher/handouts/needs.py (or the chart it calls)"
        ) from exc

"""The self-checked exercises: how each answer is computed from the data, and each hint.

Content, no engine: ``answer_checks.py`` compares a student's answer with these. Expected
answers are computed from the lesson data when a check runs, so they follow the data. A teacher
who wants to change a hint changes it here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..data import (
    load_actors,
    load_article_outline,
    load_events,
    load_f35_delivery_plan,
    load_f35_turkish_aircraft,
    load_later_events,
    load_measures,
    load_predictions,
    load_sanction_targets,
    load_source_checks,
    load_statements,
)

CLAIM_KINDS = ("fact", "opinion", "prediction", "demand")
SORT_IDS = ("S17", "S25", "S24", "S20")
# Answers the teacher guide also accepts besides the data's coding. S17 ("incompatible with
# NATO equipment") is coded fact because it could be checked, but a student who calls it a
# contested judgement has a case; the other three have one defensible answer.
SORT_ALSO_ACCEPTED: dict[str, frozenset[str]] = {"S17": frozenset({"opinion"})}


@dataclass(frozen=True)
class Reading:
    """Another answer that the data and the lesson's own wording support, and what it counted."""

    solve: Callable[[], Any]
    note: str  # said with "Well done.": how this reading differs from the data's own count


@dataclass(frozen=True)
class Slip:
    """A predictable wrong answer, computed from the data, and what to say about it."""

    solve: Callable[[], Any]
    message: str  # said before the hint; never gives the right answer away


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute its answer, how to compare, and what to hint.

    ``percent`` marks a share asked for as a percentage: a proportion (0.38 for 38) and the
    complement (the other share, 100 minus the answer) are then named slips, never accepted.
    ``id_column`` is the column a list or choice of ids comes from, named when a student
    passes a whole table.
    """

    kind: str  # number, choice, set or mapping
    solve: Callable[[], Any]
    hint: str
    tolerance: float = 0.0
    also_accepted: Mapping[str, frozenset[str]] = field(default_factory=dict)
    readings: tuple[Reading, ...] = ()
    slips: tuple[Slip, ...] = ()
    percent: bool = False
    id_column: str = ""
    choices: tuple[str, ...] = ()  # the categories of a mapping, such as CLAIM_KINDS


# Lesson 02 says the US statements come from "four senators" among others: the bill's record
# (source_checks.csv, C06) names its four sponsors, who share one row ("US senators").
SENATORS_IN_THE_BILL = 4
SHARE_TOLERANCE = 0.5  # a percentage to one decimal place, or rounded to a whole number


def _statements_by(country: str):
    return load_statements().query("country == @country")


def _us_people_counting_each_senator() -> int:
    speakers = set(_statements_by("United States")["speaker"])
    return len(speakers - {"US senators"}) + SENATORS_IN_THE_BILL


def _events_gap() -> int:
    years = load_events().set_index("event_id")["date"].dt.year
    return int(years["E02"] - years["E01"])


def _events_with_a_year_in_the_article() -> set[str]:
    """Events whose words in the article carry a year ("in 2019", "in December 2020")."""
    events = load_events()
    written = events["date_as_written"].fillna("").str.contains(r"\b\d{4}\b")
    return set(events.loc[written, "event_id"])


def _jets(built_for: str | None) -> int:
    aircraft = load_f35_turkish_aircraft()
    moved = aircraft["buyer_id"] == "us_air_force"
    if built_for is not None:
        moved &= aircraft["built_for"] == built_for
    return int(aircraft.loc[moved, "aircraft"].sum())


def _planned_total() -> int:
    return int(load_f35_delivery_plan()["planned_deliveries"].sum())


def _planned_from(year: int, strictly_after: bool = False) -> int:
    plan = load_f35_delivery_plan()
    later = plan["year"] > year if strictly_after else plan["year"] >= year
    return int(plan.loc[later, "planned_deliveries"].sum())


def _quoted_words(country: str | None = None) -> int:
    quotes = load_statements().query("form == 'direct_quote'")
    if country is not None:
        quotes = quotes[quotes["country"] == country]
    return int(quotes["text"].str.split().str.len().sum())


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def _rows_share_russia() -> float:
    return round(100 * (load_statements()["country"] == "Russia").mean(), 1)


def _quotes_share_russia() -> float:
    quotes = load_statements().query("form == 'direct_quote'")
    return round(100 * (quotes["country"] == "Russia").mean(), 1)


def _count_statements(query: str) -> int:
    return len(load_statements().query(query))


def _count_measures(query: str) -> int:
    return len(load_measures().query(query))


def _checks(query: str, column: str = "check_id") -> set[str]:
    return set(load_source_checks().query(query)[column])


def _later(category: str) -> set[str]:
    later = load_later_events()
    return set(later.loc[later["category"] == category, "event_id"])


def _predictions_from(country: str) -> set[str]:
    joined = load_predictions().merge(load_statements(), on="statement_id")
    return set(joined.loc[joined["country"] == country, "prediction_id"])


def _only_value(series) -> str:
    values = sorted(set(series.astype(str)))
    return values[0] if len(values) == 1 else ", ".join(values)


# Geography read off the map, not from the lesson data: of the five countries of the lessons,
# Turkey and Russia have a coast on the Black Sea (lesson 00's map, Natural Earth's shapes).
BLACK_SEA_COASTS = frozenset({"Turkey", "Russia"})
# Lesson 02: four statements whose passage in the article carries only that statement, two
# direct quotes and two reported, so the article's quotation marks settle each one.
QUOTE_OR_REPORT_IDS = ("S04", "S12", "S14", "S21")
INTERVIEW = re.compile(r"in an interview with ([A-Z]\w*(?: [A-Z]\w*)*)")


def _nato_among_named() -> set[str]:
    # The map's own lists, imported when asked: the drawing layer loads matplotlib.
    from ..drawing.world_map import NAMED_COUNTRIES, NATO_MEMBERS_2021

    return set(NAMED_COUNTRIES) & set(NATO_MEMBERS_2021)


def _steps_by_kind(kind: str) -> int:
    actors = load_actors()[["actor_id", "kind"]]
    # Both tables have a kind column: the suffixes keep the step's and the actor's apart.
    joined = load_measures().merge(actors, on="actor_id", suffixes=("_of_step", "_of_actor"))
    return int((joined["kind_of_actor"] == kind).sum())


def _photo_credit(caption: str) -> str:
    """The agency credited for the photo whose caption is ``caption`` (the part before '/')."""
    outline = load_article_outline().reset_index(drop=True)
    at = outline.index[(outline["kind"] == "photo_caption") & (outline["evidence"] == caption)]
    credit = outline.loc[at[0] + 1, "evidence"]
    return credit.lstrip("©").split("/")[0].strip()


def _interview_outlets() -> set[str]:
    words = " ".join(load_article_outline()["evidence"])
    return set(INTERVIEW.findall(words))


def _last_speaker() -> str:
    outline = load_article_outline()
    last = outline.loc[outline["kind"] == "passage", "statement_ids"].iloc[-1].split()
    speakers = load_statements().set_index("statement_id").loc[last, "speaker"]
    return _only_value(speakers)


EXERCISES: dict[str, Exercise] = {
    "timeline_gap": Exercise(
        "number",
        _events_gap,
        "Find the years of the two events in the events table and subtract the earlier one.",
        slips=(
            Slip(
                lambda: _events_gap() + 1,
                "That counts both end years; the gap is the later year minus the earlier one.",
            ),
        ),
    ),
    "timeline_article_dated": Exercise(
        "set",
        lambda: set(load_events().query("date_basis == 'article'")["event_id"]),
        "Filter the events on the `date_basis` column: which rows does the article itself date?",
        readings=(
            Reading(
                _events_with_a_year_in_the_article,
                "You also counted the events for which the article gives a year or a month "
                '("in 2019", "in December 2020") but the table takes the exact day from an '
                "outside record, so their date_basis is external. Both readings are right: "
                "date_basis alone gives the shorter list.",
            ),
        ),
        id_column="event_id",
    ),
    "positions_turkey_count": Exercise(
        "number",
        lambda: len(_statements_by("Turkey")),
        "Filter the statements to country Turkey and count the rows.",
        slips=(
            Slip(
                lambda: _count_statements("country == 'Turkey' and form == 'direct_quote'"),
                "That counts only the direct quotes; the question asks for every statement "
                "(quoted or reported) whose country is Turkey.",
            ),
        ),
    ),
    "positions_us_speakers": Exercise(
        "number",
        lambda: int(_statements_by("United States")["speaker"].nunique()),
        "Keep the United States rows, then count the different names in `speaker` (.nunique()).",
        readings=(
            Reading(
                _us_people_counting_each_senator,
                "You counted the four senators as four people. The table keeps them in one "
                "row, 'US senators', so .nunique() counts them once. Both readings are right; "
                "say which one you counted.",
            ),
        ),
        slips=(
            Slip(
                lambda: len(_statements_by("United States")),
                "That counts the US statements (rows), not the different people who made them.",
            ),
        ),
    ),
    "plan_forgone_2021": Exercise(
        "number",
        lambda: _planned_from(2021),
        'Keep the years from 2021 on (plan.query("year >= 2021")) and add up their planned '
        "deliveries.",
        slips=(
            Slip(
                lambda: _planned_from(2021, strictly_after=True),
                'That leaves out 2021 itself: "2021 or later" includes 2021 (>=, not >).',
            ),
            Slip(
                lambda: len(load_f35_delivery_plan().query("year >= 2021")),
                "That counts the years; add up their planned deliveries with .sum().",
            ),
        ),
    ),
    "plan_share_turkish": Exercise(
        "number",
        lambda: _share(_jets("turkey"), _planned_total()),
        "Only jets built for Turkey count (`built_for`), and only those the 2020 contract moved "
        "to the US Air Force (`buyer_id`). The six in T2 were never Turkey's.",
        SHARE_TOLERANCE,
        slips=(
            Slip(
                lambda: _share(_jets(None), _planned_total()),
                "That counts every jet the contract gave the US Air Force, the six new ones "
                "of T2 too.",
            ),
        ),
        percent=True,
    ),
    "sanctions_targets": Exercise(
        "number",
        lambda: len(load_sanction_targets().query("measure_id == 'M01'")),
        "Count the rows of the sanction targets table: the article lists an agency, its leader "
        "and three citizens.",
    ),
    "sanctions_undated": Exercise(
        "set",
        lambda: set(load_measures().loc[lambda m: m["date"].isna(), "measure_id"]),
        "Which rows of the measures table have an empty date? Try measures['date'].isna().",
        slips=(
            Slip(
                lambda: set(load_measures().loc[lambda m: m["date"].notna(), "measure_id"]),
                "Those are the steps that have a date; the question asks for the empty ones.",
            ),
        ),
        id_column="measure_id",
    ),
    "steps_turkey_taken": Exercise(
        "number",
        lambda: _count_measures("acting_country == 'Turkey' and status == 'taken'"),
        "Filter on two columns at once: acting_country and status.",
        slips=(
            Slip(
                lambda: _count_measures("acting_country == 'Turkey'"),
                "That counts all of Turkey's steps; keep only those whose status is taken.",
            ),
            Slip(
                lambda: _count_measures("status == 'taken'"),
                "That counts the steps taken by both countries; keep Turkey's only.",
            ),
        ),
    ),
    "source_sort": Exercise(
        "mapping",
        lambda: dict(
            load_statements()
            .set_index("statement_id")
            .loc[list(SORT_IDS), "claim_kind"]
            .astype(str)
        ),
        "Fact: could be checked true or false. Opinion: a judgement. Prediction: about the "
        "future. Demand: asks someone to act.",
        also_accepted=SORT_ALSO_ACCEPTED,
        choices=CLAIM_KINDS,
    ),
    "source_unclear": Exercise(
        "choice",
        lambda: _only_value(
            load_statements().loc[
                lambda s: s["note"].fillna("").str.startswith("Attribution unclear"), "statement_id"
            ]
        ),
        "Look for words that stand outside the quotation marks but read like a quote.",
        id_column="statement_id",
    ),
    "source_russia_share": Exercise(
        "number",
        _rows_share_russia,
        "Count the statements by Russian speakers, divide by all statements, times 100.",
        SHARE_TOLERANCE,
        slips=(
            Slip(
                lambda: _share(_quoted_words("Russia"), _quoted_words()),
                "That is Russia's share of the quoted words (the next exercise); this one "
                "counts statements (rows).",
            ),
            Slip(
                _quotes_share_russia,
                "That counts the direct quotes only; this one counts every statement.",
            ),
            Slip(
                lambda: _count_statements("country == 'Russia'"),
                "That is the number of Russian statements; divide it by all statements and "
                "multiply by 100.",
            ),
        ),
        percent=True,
    ),
    "source_quoted_words_russia": Exercise(
        "number",
        lambda: _share(_quoted_words("Russia"), _quoted_words()),
        "Keep the direct quotes, count the words of each `text` (.str.split().str.len()), add "
        "them up by country, and divide Russia's sum by the total.",
        SHARE_TOLERANCE,
        slips=(
            Slip(
                _rows_share_russia,
                "That is Russia's share of the statements by rows (the exercise before); this "
                "one counts the words in direct quotes.",
            ),
            Slip(
                _quotes_share_russia,
                "That counts the direct quotes, not their words: add up the words of each `text`.",
            ),
            Slip(
                lambda: _quoted_words("Russia"),
                "That is the number of Russia's quoted words; divide it by all quoted words "
                "and multiply by 100.",
            ),
        ),
        percent=True,
    ),
    "source_motive_claims": Exercise(
        "number",
        lambda: _count_statements("attributes_motive == 'yes'"),
        "Count the rows whose attributes_motive is 'yes'.",
        slips=(
            Slip(
                lambda: _count_statements("attributes_motive == 'no'"),
                "That counts the statements that do not claim a motive (attributes_motive 'no').",
            ),
        ),
    ),
    "checks_confirmed": Exercise(
        "number",
        lambda: len(_checks("verdict == 'confirmed'")),
        "Count the rows of the checks table whose verdict is confirmed (value_counts helps).",
        slips=(
            Slip(
                lambda: len(_checks("verdict in ['confirmed', 'partly_confirmed']")),
                "That counts the partly confirmed checks too; the question asks for the "
                "verdict confirmed only.",
            ),
            Slip(
                lambda: len(_checks("verdict != 'confirmed'")),
                "That counts the checks that were not confirmed.",
            ),
        ),
    ),
    "checks_not_confirmed": Exercise(
        "set",
        lambda: _checks("verdict != 'confirmed'"),
        "Keep the rows whose verdict is anything but confirmed, then list their check_id.",
        slips=(
            Slip(
                lambda: _checks("verdict != 'confirmed'", "claim_id"),
                "Those are claim ids (the rows of the article's data that were checked); the "
                "question asks for each check's own check_id.",
            ),
            Slip(
                lambda: _checks("verdict not in ['confirmed', 'partly_confirmed']"),
                "Partly confirmed is not confirmed either: keep every verdict but confirmed.",
            ),
        ),
        id_column="check_id",
    ),
    "checks_contradicted_claim": Exercise(
        "choice",
        lambda: _only_value(load_source_checks().query("verdict == 'contradicted'")["claim_id"]),
        "Find the row whose verdict is contradicted and read its claim_id.",
        slips=(
            Slip(
                lambda: _only_value(
                    load_source_checks().query("verdict == 'contradicted'")["check_id"]
                ),
                "That is the check's own id (check_id); the question asks for the claim_id, "
                "the row of the article's data that the record contradicted.",
            ),
        ),
        id_column="claim_id",
    ),
    "start_nato_members": Exercise(
        "set",
        _nato_among_named,
        "Look for the words '(NATO member)' in the map's labels, and for the hatching the "
        "legend gives NATO's members.",
    ),
    "start_black_sea": Exercise(
        "set",
        lambda: set(BLACK_SEA_COASTS),
        "The Black Sea is the sea just north of Turkey. Which of the outlined countries touch "
        "its shore?",
    ),
    "start_us_spokespeople": Exercise(
        "number",
        lambda: len(load_actors().query("country == 'United States' and kind == 'spokesperson'")),
        "In the cross-tabulation, find the row 'spokesperson' and the column 'United States'.",
    ),
    "start_explorer_russia": Exercise(
        "number",
        lambda: len(load_statements().query("country == 'Russia'")),
        "Run the explorer's cell, choose Russia in the Country dropdown and read the count.",
    ),
    "timeline_spans": Exercise(
        "number",
        lambda: int((load_events()["date_precision"] != "day").sum()),
        "Count the hollow markers (white inside): the events dated only to a month or a year "
        "(date_precision is not 'day').",
    ),
    "positions_quote_or_report": Exercise(
        "mapping",
        lambda: dict(
            load_statements()
            .set_index("statement_id")
            .loc[list(QUOTE_OR_REPORT_IDS), "form"]
            .astype(str)
        ),
        "Words inside the article's quotation marks are a direct quote; a sentence that only "
        "tells what someone said, with no quotation marks, is reported.",
        choices=("direct_quote", "reported"),
    ),
    "steps_by_legislators": Exercise(
        "number",
        lambda: _steps_by_kind("legislature"),
        "Join the steps with the actors on actor_id (merge), then count the rows whose "
        "kind_of_actor is legislature.",
    ),
    "sanctions_bill_law": Exercise(
        "choice",
        lambda: _only_value(
            load_measures().query("kind == 'legislation' and status == 'taken'")["measure_id"]
        ),
        "Two steps have the kind legislation: the bill was proposed; which one was taken?",
    ),
    "clue_photo_credit": Exercise(
        "choice",
        lambda: _photo_credit("SAM S-400"),
        "Find the caption 'SAM S-400' in the article's words: the credit comes right after it, "
        "after the © sign.",
    ),
    "clue_interview": Exercise(
        "set",
        _interview_outlets,
        "Search the article's words for 'interview': each passage names the outlet after "
        "'in an interview with'.",
    ),
    "clue_last_word": Exercise(
        "choice",
        _last_speaker,
        "Take the last passage's statement ids and look them up in the statements table "
        "(its speaker column).",
    ),
    "next_s400_events": Exercise(
        "number",
        lambda: len(_later("s400_systems")),
        "Filter the later events on the `category` column (== 's400_systems') and count the rows.",
    ),
    "next_rt_measures": Exercise(
        "set",
        lambda: _later("measures_on_rt"),
        "The measures that touched RT have the category 'measures_on_rt': keep those rows and list "
        "their event_id.",
    ),
    "next_kalin_post": Exercise(
        "choice",
        lambda: _only_value(load_later_events().query("bears_on_id == 'kalin'")["event_id"]),
        "Look for the later event whose `bears_on_id` is 'kalin' (Kalın's actor id).",
    ),
    "predictions_happened": Exercise(
        "number",
        lambda: int((load_predictions()["verdict"] == "happened").sum()),
        "Count the predictions whose verdict is 'happened' (value_counts helps).",
    ),
    "predictions_from_russia": Exercise(
        "set",
        lambda: _predictions_from("Russia"),
        "The predictions table has no country: merge it with the statements on "
        "`statement_id`, then keep the rows whose `country` is Russia and list their "
        "prediction_id.",
    ),
}

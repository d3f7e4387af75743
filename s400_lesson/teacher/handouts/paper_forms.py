"""The paper form of every exercise and writing task, keyed by its id (content, not code).

A class without a computer per student works from the printed worksheet, the statement cards
and the source pack. Each entry says, in words a student reads on paper, what to read, count
or compare and what to write; ``table`` gives the few rows of data it needs, printed under
it (values as words, numbers as a reader writes them). An exercise that only makes sense at
a computer has ``computer_only`` set and a text that says so and what to do instead.

A writing task (an id of the writing tasks) needs no entry: its worksheet prints the task's
own prompt and checklist. An entry here replaces that prompt with one written for paper.
The worksheet builder (``worksheet.py``) reads this table; a test checks that every
exercise of every lesson has an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ...data.quoting import quoted
from ...exercises import exercise_table
from .needs import Data, Table, in_words
from .source_pack import load_outline

__all__ = ["FORMS", "OUTLINE_AFTER_GUESS", "PaperForm"]


@dataclass(frozen=True)
class PaperForm:
    """What a student does on paper: ``text`` (Markdown, no code), the data it needs, and
    how many lines to write on (None: the worksheet's default for its kind).

    ``uses`` names tables the worksheet prints for reference (``needs.py``) by the start of
    their titles: the question points to them instead of printing them again. ``section``
    is the start of the heading of a lesson section whose text the question prints under it.
    """

    text: str
    table: Callable[[Data], Table] | None = None
    lines: int | None = None
    computer_only: bool = False
    uses: tuple[str, ...] = ()
    section: str = ""


def _events_gap(data: Data) -> Table:
    events = data["events"].set_index("event_id").loc[["E01", "E02"]].reset_index()
    frame = pd.DataFrame(
        {
            "Event": events["event_id"],
            "Date": events["date_label"],
            "What happened": events["title"],
        }
    )
    return Table("The two events", frame)


def _us_speakers(data: Data) -> Table:
    us = data["statements"].query("country == 'United States'")
    frame = pd.DataFrame(
        {"Statement": us["statement_id"], "Speaker": us["speaker"], "Role": us["role"]}
    )
    return Table("The statements from the United States", frame)


def _plan(data: Data) -> Table:
    plan = data["f35_delivery_plan"]
    frame = pd.DataFrame(
        {"Year": plan["year"], "Deliveries due that year": plan["planned_deliveries"]}
    )
    return Table("The delivery plan", frame)


def _by_country(data: Data) -> Table:
    counts = data["statements"]["country"].value_counts()
    counts = counts[counts > 0]
    frame = pd.DataFrame(
        {"Country of the speaker": counts.index.astype(str), "Statements": counts.values}
    )
    return Table(f"Statements by country (all statements: {int(counts.sum())})", frame)


def _quoted_words(data: Data) -> Table:
    quotes = data["statements"].query("form == 'direct_quote'")
    counts = quotes["text"].str.split().str.len().groupby(quotes["country"], observed=True).sum()
    counts = counts[counts > 0]
    frame = pd.DataFrame(
        {
            "Country of the speaker": counts.index.astype(str),
            "Words in direct quotes": counts.values,
        }
    )
    return Table(f"Words in direct quotes, counted for you (all: {int(counts.sum())})", frame)


def _kirby_words(data: Data) -> Table:
    # The article's own passages, not the data's notes: a note names the answer and cites
    # outside tables that are not on paper.
    kirby = data["statements"].query("actor_id == 'kirby'")
    passages = [p for s in load_outline() for p in s["passages"] if p.get("kind") == "text"]
    ids = list(kirby["statement_id"])
    words = [next((p["text"] for p in passages if i in p["ids"]), "—") for i in ids]
    is_quote = kirby["form"].eq("direct_quote")
    frame = pd.DataFrame(
        {
            "Statement": ids,
            "The statement": kirby["text"].where(~is_quote, kirby["text"].map(quoted)).tolist(),
            "The article's passage": words,
        }
    )
    return Table("John Kirby's statements and the article's words for them", frame)


def _to_sort(data: Data) -> Table:
    ids = list(exercise_table.SORT_IDS)
    rows = data["statements"].set_index("statement_id").loc[ids].reset_index()
    is_quote = rows["form"].eq("direct_quote")
    words = rows["text"].where(~is_quote, rows["text"].map(quoted))
    frame = pd.DataFrame(
        # The last column is left empty, wide enough to write a word in.
        {
            "Statement": rows["statement_id"],
            "Speaker": rows["speaker"],
            "Words": words,
            "Kind": " " * 24,
        }
    )
    return Table("The four statements (write the kind in the last column)", frame)


# The countries of lesson 00's cross-tabulation, in the notebook's order.
CROSSTAB_COUNTRIES = ("Turkey", "United States", "Russia", "Pakistan", "China")


def _actors_by_kind(data: Data) -> Table:
    """The cross-tabulation lesson 00 shows: the actors counted by kind (rows) and country
    (columns), as its exercise reads it."""
    actors = data["actors"]
    table = pd.crosstab(actors["kind"].astype(str), actors["country"].astype(str))
    countries = [c for c in CROSSTAB_COUNTRIES if c in table.columns]
    frame = table[countries].reset_index()
    return Table(
        "The actors counted by kind and country",
        in_words(frame, {"kind": "Kind of actor", **{c: c for c in countries}}),
    )


def _steps_by_actor(data: Data) -> Table:
    kinds = data["actors"].set_index("actor_id")["kind"]
    names = data["actors"].set_index("actor_id")["name"]
    steps = data["measures"].sort_values("measure_id")
    frame = pd.DataFrame(
        {
            "Step": steps["measure_id"],
            "What was done": steps["title"],
            "Who acted": steps["actor_id"].map(names),
            "Kind of actor": steps["actor_id"].map(kinds),
            "Status": steps["status"],
        }
    )
    return Table("The steps, with who took them", in_words(frame, {c: c for c in frame.columns}))


def _quote_or_report(data: Data) -> Table:
    ids = list(getattr(exercise_table, "QUOTE_OR_REPORT_IDS", ("S04", "S12", "S14", "S21")))
    passages = [p for s in load_outline() for p in s["passages"] if p.get("kind") == "text"]
    words = [next((p["text"] for p in passages if i in p["ids"]), "—") for i in ids]
    frame = pd.DataFrame(
        {"Statement": ids, "The article's words": words, "Quote or report?": " " * 24}
    )
    return Table("The four passages (write your answer in the last column)", frame)


FORMS: dict[str, PaperForm] = {
    "next_s400_events": PaperForm(
        "How many of the later events are about the S-400s themselves (category *S-400 "
        "systems*)? Count the rows.",
        lines=2,
        uses=("What happened next",),
    ),
    "next_kalin_post": PaperForm(
        "Which later event says what post İbrahim Kalın took? Write its id.",
        lines=2,
        uses=("What happened next",),
    ),
    "next_rt_measures": PaperForm(
        "Which later events are measures that touched RT (category *measures on RT*)? Write "
        "their ids.",
        lines=2,
        uses=("What happened next",),
    ),
    "predictions_happened": PaperForm(
        # The verdicts print after the expectations, so that students guess first.
        "First guess a verdict for each expectation and write it beside it, in the column "
        "*Your guess*, then read the verdicts. Count the expectations by verdict: how many "
        "have the verdict *happened*?",
        lines=2,
        uses=("The seven expectations", "The verdicts"),
    ),
    "predictions_from_russia": PaperForm(
        "Which expectations come from speakers from Russia? Write their ids, then look at "
        "their verdicts: what do you notice?",
        lines=3,
        uses=("The seven expectations", "The verdicts"),
    ),
    "start_nato_members": PaperForm(
        "Read the map's labels and its legend (on the map page of this worksheet). Which of the "
        "five outlined countries were members of NATO in 2021? Write their names as the map "
        "spells them.",
        lines=2,
    ),
    "start_black_sea": PaperForm(
        "The Black Sea lies just north of Turkey. Which two of the five outlined countries on "
        "the map have a coast on it?",
        lines=2,
    ),
    "start_us_spokespeople": PaperForm(
        "The table below is a **cross-tabulation**: it counts the actors by kind and country "
        "at once, one row for each kind of actor and one column for each country. How many of "
        "the actors from the United States are spokespeople? Read the number where the row "
        "*spokesperson* meets the column *United States*.",
        _actors_by_kind,
        lines=2,
    ),
    "start_explorer_russia": PaperForm(
        "At the computer you would use the explorer. On paper: how many statements come from "
        "speakers from Russia? Count the statement cards whose speaker's country (printed "
        "under the speaker's name) is Russia.",
        lines=2,
    ),
    "timeline_spans": PaperForm(
        # A month's bar is too short to see at print size, and an inferred date's hollow
        # marker is circled: the form names both marks, and the label's date settles it.
        "On the timeline (on its own page of this worksheet), count the events drawn with a "
        "**hollow marker** (white inside, circled or not). Their date is known only to a month "
        "or a year: the date at the start of their label gives no day. How many are there?",
        lines=2,
    ),
    "positions_quote_or_report": PaperForm(
        "For each passage, decide whether the statement is a **direct quote** (the speaker's "
        "own words, in quotation marks) or a position the article **reports** in its own words.",
        _quote_or_report,
        lines=2,
    ),
    "steps_by_legislators": PaperForm(
        "How many steps were taken or proposed by an actor that is a legislature? Count the "
        "rows whose kind of actor is *legislature*.",
        _steps_by_actor,
        lines=2,
    ),
    "sanctions_bill_law": PaperForm(
        "The 2019 bill is step M07. Which step records the law that did what the bill proposed? "
        "The status tells a proposal from a step taken. Write its id.",
        lines=2,
        uses=("The steps, in date order",),
    ),
    "clue_photo_credit": PaperForm(
        "Read the article's words in the source pack. Which agency is credited for the photo of "
        "the S-400 (the caption *SAM S-400*)? Write its name as the credit gives it.",
        lines=2,
    ),
    "clue_interview": PaperForm(
        "In the source pack, two passages say that a speaker gave an interview, and to which "
        "outlet. Which two outlets?",
        lines=2,
    ),
    "clue_last_word": PaperForm(
        "Whose words end the article? Read the last passage of the source pack and the ids "
        "printed under it (after *Ids:*), then find its statements (their ids start with S) on "
        "the statement cards: who is their speaker?",
        lines=2,
    ),
    "timeline_article_dated": PaperForm(
        "Read the column *Date from*: where each date comes from. Which events does the "
        "article itself date? Write their ids (such as E01). Then say what those events have "
        "in common.",
        lines=4,
        uses=("The events",),
    ),
    "timeline_gap": PaperForm(
        "How many years passed between Turkey joining the F-35 programme, in its development "
        "phase (E01), and the signing of the S-400 contract (E02)? Subtract the earlier year "
        "from the later one.",
        _events_gap,
        lines=2,
    ),
    "positions_us_speakers": PaperForm(
        "How many **different** people speak for the United States? Count each name once, "
        "however many statements it has.",
        _us_speakers,
        lines=2,
    ),
    "positions_turkey_count": PaperForm(
        "How many statements come from speakers whose country is Turkey? Count the statement "
        "cards whose speaker's country (printed under the speaker's name) is Turkey.",
        lines=2,
    ),
    "plan_forgone_2021": PaperForm(
        "Suppose the exclusion had come in 2021 instead. How many planned deliveries would "
        "fall in 2021 or later? Add up the deliveries due in 2021 and every year after it.",
        _plan,
        lines=2,
    ),
    "plan_share_turkish": PaperForm(
        "The jets **built for Turkey** that the July 2020 contract moved to the US Air Force: "
        "what percentage are they of all planned deliveries? Only jets built for Turkey and "
        "bought by the US Air Force count. Divide their number by all planned deliveries and "
        "multiply by 100.",
        lines=3,
        uses=("The aircraft groups", "The delivery plan"),
    ),
    "steps_turkey_taken": PaperForm(
        "How many of Turkey's steps have the status *taken* (carried out)? Look at two columns "
        "at once: who acted, and the status.",
        lines=2,
        uses=("The steps, in date order",),
    ),
    "sanctions_targets": PaperForm(
        "How many targets (the agency and people) did the sanctions of December 2020 name? "
        "Count the rows.",
        lines=2,
        uses=("The targets",),
    ),
    "sanctions_undated": PaperForm(
        "Which steps have no date (*undated*)? Write their ids (such as M01).",
        lines=2,
        uses=("The steps, in date order",),
    ),
    "source_russia_share": PaperForm(
        "What percentage of all statements come from speakers from Russia? Divide Russia's "
        "statements by all statements and multiply by 100. Give one decimal place (such as "
        "12.5).",
        _by_country,
        lines=3,
    ),
    "source_quoted_words_russia": PaperForm(
        "Now measure by **words in direct quotes**. On paper the words have been counted for "
        "you (at the computer you count them yourself). What percentage of the quoted words "
        "are Russian speakers' words? Give one decimal place.",
        _quoted_words,
        lines=3,
    ),
    "source_motive_claims": PaperForm(
        "How many statements claim to know someone's motive? Count the *yes* answers in the "
        "column *Claims to know a motive* of the codings table at the end of this worksheet. "
        "Then look at who makes them.",
        lines=3,
        uses=("How each statement is coded",),
    ),
    "source_unclear": PaperForm(
        "In one of the article's passages below, words that read like part of a quote stand "
        "after the closing quotation mark, so a reader of the article alone cannot tell "
        "whether the speaker said them or the writer added them. Which statement has those "
        "words? Write its id (such as S01).",
        _kirby_words,
        lines=2,
    ),
    "source_sort": PaperForm(
        "Sort each statement as a **fact** (could be checked true or false), an **opinion** (a "
        "judgement), a **prediction** (about the future) or a **demand** (asks someone to "
        "act). One of the four can reasonably be sorted two ways: say which, and why.",
        _to_sort,
        lines=3,
    ),
    "checks_confirmed": PaperForm(
        "Count the record cards by verdict. How many checks have the verdict *confirmed*?",
        lines=2,
    ),
    "checks_not_confirmed": PaperForm(
        "Which checks have any verdict other than *confirmed*? Write their check ids (such as "
        "C05).",
        lines=2,
    ),
    "checks_contradicted_claim": PaperForm(
        "Which row of the article's data did a record contradict? Its record card names it "
        "after *The article's claim* (such as step M01 or statement S12). Write that id, not "
        "the check's.",
        lines=2,
    ),
    "summary_reword": PaperForm(
        "Here are the five sentences of the summary from the start of the lesson. Choose one "
        "that one government would word differently. Say which government and why, then "
        "rewrite the sentence so that both governments could accept it.",
        section="The dispute is about one purchase",
    ),
    "lateral_reading": PaperForm(
        "Choose one of the two analysts the article quotes. What would you search for, and on "
        "what kinds of site, to learn who they are before weighing their claims? What would you "
        "conclude if you found very little? Without internet, plan the searches; you can run "
        "them later."
    ),
}


# A worksheet's outline is read before its guessing activity ("Guess first: ..."), and the
# lessons' headings state claims, some of them the very outcomes the students guess. After a
# section that asks them to guess, a heading prints in the outline only in the words given
# here, which give away no outcome (the same words where the heading gives none away); a
# heading after a guess with no entry is left off the outline. The notebook keeps its own.
OUTLINE_AFTER_GUESS: dict[str, str] = {
    # lesson 07
    "Five years of records after the article": "Five years of records after the article",
    "Each event rests on one record, and on an outlet with an owner": (
        "Each event rests on one record, and on an outlet with an owner"
    ),
    "The S-400s and the sanctions stayed; Turkey's fighter plans changed": (
        "What became of the S-400s, the sanctions and Turkey's fighter plans"
    ),
    "The officials the article quotes have moved on": (
        "Where the officials the article quotes are now"
    ),
    "Governments and a platform later restricted RT, the article's likely outlet": (
        "What became of RT, the article's likely outlet"
    ),
    "Check the expectations against the record": "Check the expectations against the record",
    "Which kind of source got the future right?": "Which kind of source got the future right?",
    "Some forecasts can be checked, and some cannot": (
        "Some forecasts can be checked, and some cannot"
    ),
    'The records stop in January 2026: "too early to tell" is an answer': (
        'The records stop in January 2026: "too early to tell" is an answer'
    ),
    "The second period asks what each government should do": (
        "The second period asks what each government should do"
    ),
    "Four options were open to the governments in spring 2021": (
        "Four options were open to the governments in spring 2021"
    ),
    "Six parties, six role cards": "Six parties, six role cards",
    "The panel questions each party": "The panel questions each party",
    "What became of anything like each option": "What became of anything like each option",
    "Extension: follow one story past January 2026": (
        "Extension: follow one story past January 2026"
    ),
}

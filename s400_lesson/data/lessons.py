"""The unit's lessons in order: each lesson's sections with their minutes, and its objectives
with the exercises and tasks that practise them, kept in this one place.

A lesson's length is the sum of its core sections; extensions and the end-of-unit assessment
are counted apart. The README, each notebook's header and the teacher guide state these
lengths, and the guide gives every section's minutes; tests read all of them and fail when
any disagrees with this table, when a period's core passes ``MAX_PERIOD`` minutes, or when an
objective has no exercise or task in its notebook.

The minutes are estimates from the activities, to be corrected after a pilot: reading at
``READING_WPM`` words a minute, each code step, each exercise and task, group work and
changes of activity (the teacher guide gives the basis and its source).
"""

from __future__ import annotations

from dataclasses import dataclass

CORE, EXTENSION, ASSESSMENT = "core", "extension", "assessment"
MAX_PERIOD = 50  # minutes: a lesson's core, or each of its periods, fits one school period
# Silent reading of grade-level text by 10th graders (age 15-16) with 70 % comprehension:
# 149 words a minute is the 25th percentile (Spichtig et al., 2016, Reading Research
# Quarterly 51(2), 239-259), so three students in four read at least this fast.
READING_WPM = 150
PERIOD_WORDS = {1: "one period", 2: "two periods"}


@dataclass(frozen=True)
class Section:
    """A part of a lesson: its title, its minutes, what happens, its period and its part."""

    title: str
    minutes: int
    does: str
    period: int = 1
    part: str = CORE


@dataclass(frozen=True)
class Objective:
    """What students will be able to do, and the exercises or tasks that practise it."""

    text: str
    practice: tuple[str, ...]


@dataclass(frozen=True)
class Lesson:
    """One lesson: its notebook's name, title, summary, sections and objectives."""

    notebook: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    objectives: tuple[Objective, ...]

    @property
    def number(self) -> str:
        return self.notebook[:2]

    @property
    def minutes(self) -> int:
        """The lesson's length: its core sections."""
        return sum(s.minutes for s in self.sections if s.part == CORE)

    @property
    def periods(self) -> tuple[int, ...]:
        """The core minutes of each period, in order."""
        count = max(s.period for s in self.sections)
        return tuple(
            sum(s.minutes for s in self.sections if s.part == CORE and s.period == p)
            for p in range(1, count + 1)
        )

    def minutes_of(self, part: str) -> int:
        return sum(s.minutes for s in self.sections if s.part == part)

    @property
    def time_text(self) -> str:
        """The length as the header, README and guide state it."""
        text = f"{self.minutes} minutes"
        if len(self.periods) > 1:
            text += f", in {PERIOD_WORDS[len(self.periods)]} of " + " and ".join(
                str(m) for m in self.periods
            )
        extras = [
            f"{self.minutes_of(part)}-minute {part}"
            for part in (EXTENSION, ASSESSMENT)
            if self.minutes_of(part)
        ]
        return text + (f", plus a {' and a '.join(extras)}" if extras else "")


def _s(title: str, minutes: int, does: str, period: int = 1, part: str = CORE) -> Section:
    return Section(title, minutes, does, period, part)


def _o(text: str, *practice: str) -> Objective:
    return Objective(text, practice)


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "00_start_here",
        "Start here",
        "logging in and a first look at JupyterLab, the dispute in brief, a map, the actors, "
        "how widgets, exercises and tasks work",
        (
            _s("Log in and open the lesson", 5, "hub link or laptop; open lesson 00"),
            _s("First steps in JupyterLab", 5, "guided: run a cell, read its output, restart"),
            _s("The dispute in five sentences", 4, "read 180 words; what each side would say"),
            _s("The map; Exercises 1 and 2", 6, "read the map and legend; two map exercises"),
            _s("One article, one point of view", 2, "read 130 words"),
            _s("The actors with pandas; Exercise 3", 7, "three pandas steps; one exercise"),
            _s("Names spelled two ways", 3, "one pandas step; three kinds of difference"),
            _s("Widgets: the explorer; Exercise 4", 5, "choose a country; read the count"),
            _s("How exercises and tasks work; the seven lessons", 3, "read 350 words"),
            _s("Task 1: a summary both governments accept", 7, "write, review, model answer"),
            _s("Key points and discussion", 3, "one question from the three"),
            _s("The glossary", 3, "read the terms; find one with pandas", part=EXTENSION),
        ),
        (
            _o(
                "summarise the dispute in a few sentences that both governments could accept",
                "summary_reword",
            ),
            _o(
                "locate the five countries on a map and say which are NATO members",
                "start_nato_members",
                "start_black_sea",
            ),
            _o("group the actors by country and kind with pandas", "start_us_spokespeople"),
            _o(
                "use a widget, a self-checked exercise and a self-reviewed writing task",
                "start_explorer_russia",
                "summary_reword",
            ),
        ),
    ),
    Lesson(
        "01_timeline",
        "Timeline",
        "the events from 2002 to March 2021 in order; how exact each date is and where it "
        "comes from; one cause explained",
        (
            _s("Opening: questions and objectives", 2, "read the header"),
            _s("The events table", 3, "one pandas step; read eight rows"),
            _s("Where each date comes from", 3, "read 150 words; one count"),
            _s("Exercise 1 (`timeline_article_dated`)", 5, "a filter and a list of ids"),
            _s("The timeline chart and how to read it", 5, "read the key; read the chart"),
            _s("Exercise 2 (`timeline_spans`)", 4, "read the chart's spans"),
            _s("Vague dates as spans; the E11 example", 5, "a table of spans; read 120 words"),
            _s("Exercise 3 (`timeline_gap`)", 4, "two years and a subtraction"),
            _s("The story by year", 4, "one pandas step; read 250 words"),
            _s("Task 1: one cause", 9, "write 30-150 words, review, model answer"),
            _s("Key points and discussion", 4, "one question from the three"),
        ),
        (
            _o(
                "sort, select and filter the rows of a table with pandas",
                "timeline_article_dated",
                "timeline_gap",
            ),
            _o(
                "read a timeline that draws vague dates as spans and marks inferred and "
                "outside dates",
                "timeline_spans",
            ),
            _o(
                "tell dates the article gives from dates inferred from its context and dates "
                "from public records",
                "timeline_article_dated",
            ),
            _o(
                "explain how one event may have led to another, citing the events and saying "
                "who states the link",
                "timeline_cause",
            ),
        ),
    ),
    Lesson(
        "02_positions",
        "Positions",
        "who said what, with the explorer and pandas; quotes and reported speech; each side's "
        "case in its own words, restated in a structured controversy until the other side "
        "accepts it",
        (
            _s("Opening: questions and objectives", 2, "read the header"),
            _s("The statements table and the position coding", 4, "read 130 words; a table"),
            _s("Counting by country; the chart", 4, "predict the bars, then show them"),
            _s("The explorer", 5, "live in JupyterLab; try two filters"),
            _s("Turkey's case in its own words", 5, "read the Turkish quotes (about 200 words)"),
            _s("The US case in its own words", 4, "read the US quotes (about 150 words)"),
            _s("Quotes and reported positions; Exercise 1", 8, "the article's words; sort four"),
            _s("Exercises 2 and 3", 7, "nunique and len on filtered rows"),
            _s("Recap; sides for the controversy", 2, "pairs and fours formed for period 2"),
            _s("The controversy: groups, sides and rules", 4, "read the rules", period=2),
            _s("Round 1: prepare your own side", 8, "read its quotes; note its case", period=2),
            _s("Round 2: write the other side's case", 12, "Task 1 or Task 2", period=2),
            _s("Round 3: read it out; revise until accepted", 10, "in fours", period=2),
            _s("Round 4: drop the roles", 5, "what both sides accept; what divides", period=2),
            _s("Key points and discussion", 5, "one question from the three", period=2),
        ),
        (
            _o(
                "filter a table of statements with pandas and with the positions explorer",
                "positions_us_speakers",
                "positions_turkey_count",
            ),
            _o(
                "compare the Turkish and American positions using the speakers' own words",
                "case_of_turkey",
                "case_of_the_us",
            ),
            _o(
                "tell a direct quote from a position the article retells in its own words",
                "positions_quote_or_report",
            ),
            _o(
                "state the other side's case, quoting it, until someone holding that side "
                "accepts it",
                "case_of_turkey",
                "case_of_the_us",
            ),
        ),
    ),
    Lesson(
        "03_f35_plan",
        "The F-35 plan",
        "what Turkey was to receive, what became of the jets built for it, and a garbled "
        "sentence checked against its source",
        (
            _s("Opening: questions and objectives", 2, "read the header"),
            _s("The plan", 3, "one pandas step; a ten-row table"),
            _s("A running total is a cumulative sum", 4, "cumsum() against the file"),
            _s("The exclusion against the plan", 4, "predict, then read the chart"),
            _s("The what-if slider", 4, "live in JupyterLab; try two years"),
            _s("Exercise 1 (`plan_forgone_2021`)", 4, "query and sum"),
            _s("What became of the jets", 5, "a table and 150 words"),
            _s("The garbled sentence", 3, "read 100 words"),
            _s("Exercise 2 (`plan_share_turkish`)", 6, "two tables, a filter and a share"),
            _s('Task 1: what went wrong with "six more"', 9, "write, review, model answer"),
            _s("Key points and discussion", 4, "one question from the three"),
        ),
        (
            _o(
                "compute running totals and sums from a small table with pandas",
                "plan_forgone_2021",
            ),
            _o(
                "read a chart that marks an event against a plan, and separate a plan from "
                "what happened",
                "plan_forgone_2021",
                "plan_share_turkish",
            ),
            _o(
                "check a number in a translated, second-hand report against the record it "
                "comes from",
                "plan_share_turkish",
                "six_more",
            ),
        ),
    ),
    Lesson(
        "04_sanctions",
        "Steps and sanctions",
        "each country's steps, joined with who took them; the December 2020 sanctions and "
        "their five targets; the 2019 bill and the law that followed",
        (
            _s("Opening: questions and objectives", 2, "read the header"),
            _s("The steps table", 4, "one pandas step; read eleven rows"),
            _s("Who took each step: a join; Exercise 1", 6, "merge with the actors; one count"),
            _s("The diagram of steps", 4, "read the arrows in order"),
            _s("Exercise 2 (`steps_turkey_taken`)", 3, "a filter on two columns"),
            _s("The sanctions and their five targets", 4, "a table and 100 words"),
            _s("Exercise 3 (`sanctions_targets`)", 2, "count rows"),
            _s("The 2019 bill and the law; Exercise 4", 6, "a table, 80 words, one id"),
            _s("Whose voices on the sanctions", 4, "read eight statements"),
            _s("Task 1: a caption both sides accept", 8, "write, review, model answer"),
            _s("Key points and discussion", 4, "one question from the three"),
            _s("Steps with no date; Exercise 5", 4, "isna() and a list of ids", part=EXTENSION),
        ),
        (
            _o(
                "filter a table of steps with pandas on one and two columns, and join it with "
                "the actors",
                "steps_turkey_taken",
                "steps_by_legislators",
            ),
            _o(
                "count a sanctions act's targets the way the article does, and name them from "
                "the record",
                "sanctions_targets",
            ),
            _o("say what became of the 2019 bill, with its date and source", "sanctions_bill_law"),
            _o(
                "write a caption about both sides' steps that either side would accept",
                "steps_caption",
            ),
        ),
    ),
    Lesson(
        "05_reading_the_source",
        "Reading the source",
        "who speaks by rows, words and speakers; motive claims and an unclear attribution; "
        "fact, opinion, prediction, demand; a neutral summary",
        (
            _s("Opening: questions and objectives", 2, "read the header"),
            _s("The source and its outlet", 3, "read 90 words"),
            _s("Who speaks: rows and speakers", 3, "one pandas step; a table"),
            _s("Exercise 1 (`source_russia_share`)", 5, "a share of rows"),
            _s("Exercise 2 (`source_quoted_words_russia`)", 8, "four pandas steps"),
            _s("Three measures, three stories", 5, "which is fairest, for which question"),
            _s("Motive claims", 5, "read five claims"),
            _s("Exercise 3 (`source_motive_claims`); who makes them", 6, "a count; a chart"),
            _s("The unclear attribution; Exercise 4", 5, "a text search in a column"),
            _s("Recap of period 1", 2, "the three measures and motive claims", period=2),
            _s("Fact, opinion, prediction, demand", 4, "four definitions, four claims", period=2),
            _s("Exercise 5 (`source_sort`)", 5, "a dictionary of four", period=2),
            _s("Task 1: a coding you would argue about", 10, "write, review", period=2),
            _s("Back-translation", 3, "read 80 words", period=2),
            _s("Task 2: a neutral summary; a partner reads it", 14, "write, review", period=2),
            _s("Key points and discussion", 5, "one question from the three", period=2),
        ),
        (
            _o(
                "measure who speaks in a source three ways (rows, words, speakers) and judge "
                "which is fair",
                "source_russia_share",
                "source_quoted_words_russia",
            ),
            _o(
                "sort claims into fact, opinion, prediction and demand, and recognise a "
                "motive claim as a position",
                "source_sort",
                "source_motive_claims",
                "argue_a_coding",
            ),
            _o(
                "name a source's framing without adopting it or its opposite",
                "source_unclear",
                "neutral_summary",
            ),
            _o("write a neutral summary that quotes each side", "neutral_summary"),
        ),
    ),
    Lesson(
        "06_checking_the_source",
        "Checking the source",
        "the article's clues found in its own words, who is behind it, lateral reading, the "
        "article's claims against public records, and the end-of-unit assessment",
        (
            _s("Opening: questions and objectives", 2, "read the header"),
            _s("Find the clues: Exercises 1 to 3", 9, "the article's words in order"),
            _s("The clues confirmed; RT and RIA Novosti", 4, "read 200 words"),
            _s("The two analysts", 2, "read 110 words; one count"),
            _s("Lateral reading; the activity", 7, "read 140 words; plan the searches"),
            _s("The checks table and a card", 5, "what each verdict means"),
            _s("Exercises 4 to 6", 6, "value_counts, a filter, one id"),
            _s("Where the records differ", 5, "the five checks not confirmed"),
            _s("Task: the claim you would trust least", 7, "write, review, model answer"),
            _s("Key points and discussion", 3, "one question from the three"),
            _s("Finding each record yourself", 5, "how_to_find, with internet", part=EXTENSION),
            _s("End-of-unit assessment", 25, "a paragraph of 80-250 words", part=ASSESSMENT),
        ),
        (
            _o(
                "use a source's own clues, and lateral reading, to find out who is speaking "
                "before judging the claims",
                "clue_photo_credit",
                "clue_interview",
                "clue_last_word",
                "lateral_reading",
            ),
            _o(
                "compare a claim with a public record and give a verdict with a reason",
                "trust_least",
            ),
            _o(
                "find, with pandas, the claims that the records do not confirm",
                "checks_confirmed",
                "checks_not_confirmed",
                "checks_contradicted_claim",
            ),
            _o(
                "judge how useful a source is for a question, using evidence and naming a "
                "limitation",
                "assessment",
            ),
        ),
    ),
    Lesson(
        "07_what_happened_next",
        "What happened next",
        "in two periods: the article's expectations checked against five years of records, "
        "and a role play of the options open to each government in 2021, ending with your own",
        (
            _s("Opening: questions and objectives", 2, "read the header"),
            _s(
                "Guess first: the seven expectations", 5, "read seven lines; write a guess for each"
            ),
            _s("Five years of records; Exercise 1", 9, "the categories, the first rows; a filter"),
            _s(
                "Each event rests on a record; the story in short",
                6,
                "one row whole; read 110 words",
            ),
            _s("The officials' new posts; Exercise 2", 4, "read six lines; one filter, one id"),
            _s("The measures on RT; Exercise 3", 4, "read 90 words; list four ids"),
            _s("The expectations checked; Exercise 4", 10, "verdicts beside guesses; value_counts"),
            _s("Which kind of source; Exercise 5", 8, "a merge; questions in pairs"),
            _s("The records stop in January 2026", 2, "what 'too early to tell' means"),
            _s("The norms and the question", 4, "read the norms aloud; agree them", period=2),
            _s("Four options open in spring 2021", 7, "means, supporters, risks", period=2),
            _s("Role cards; the groups prepare", 10, "six groups, one card each; panel", period=2),
            _s("The panel questions each party", 14, "two minutes a party; no vote", period=2),
            _s("What became of each option", 4, "the record column", period=2),
            _s("Task: your own option", 8, "write, review, model answer", period=2),
            _s("Key points and discussion", 3, "one question from the three", period=2),
            _s("Follow one story past January 2026", 10, "with internet", period=2, part=EXTENSION),
        ),
        (
            _o(
                "find events after the article with pandas and name the record each rests on",
                "next_s400_events",
                "next_rt_measures",
                "next_kalin_post",
            ),
            _o(
                "compare what the article expected with what later records show, and give each "
                "expectation a verdict with a reason",
                "predictions_happened",
                "predictions_from_russia",
            ),
            _o(
                "state each party's options in words its supporters would accept, with their "
                "risks and trade-offs",
                "own_option",
            ),
            _o(
                "write an option of their own that names a party's interests in its words, uses "
                "evidence by id and names a trade-off",
                "own_option",
            ),
        ),
    ),
)


def total_minutes() -> int:
    """The whole unit's length in minutes (core sections; no extensions or assessment)."""
    return sum(lesson.minutes for lesson in LESSONS)


def total_periods() -> int:
    """How many school periods the unit's cores take."""
    return sum(len(lesson.periods) for lesson in LESSONS)


def by_notebook(name: str) -> Lesson:
    """The lesson whose notebook is ``name`` (with or without ``.ipynb``)."""
    stem = name.removesuffix(".ipynb")
    for lesson in LESSONS:
        if lesson.notebook == stem:
            return lesson
    raise KeyError(f"no lesson called {name!r}; lessons are {[x.notebook for x in LESSONS]}")

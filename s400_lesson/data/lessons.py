"""The unit's lessons in order, with each lesson's length kept in this one place.

The README, each notebook's header and the teacher guide state these lengths; a test
reads all three and fails when any of them disagrees with this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lesson:
    """One lesson: its notebook's name, its title, its length and what students do."""

    notebook: str
    title: str
    minutes: int
    summary: str


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "00_start_here",
        "Start here",
        25,
        "the dispute in brief, a map, the actors, how widgets and exercises work, the glossary",
    ),
    Lesson(
        "01_timeline",
        "Timeline",
        40,
        "the events from 2002 to March 2021 in order; how exact each date is and where it "
        "comes from; one cause explained",
    ),
    Lesson(
        "02_positions",
        "Positions",
        45,
        "who said what, with the explorer and pandas; each side's case in its own words, "
        "restated until the other side accepts it",
    ),
    Lesson(
        "03_f35_plan",
        "The F-35 plan",
        35,
        "what Turkey was to receive, what became of the jets built for it, and a garbled "
        "sentence checked against its source",
    ),
    Lesson(
        "04_sanctions",
        "Steps and sanctions",
        40,
        "each country's steps, the December 2020 sanctions and their five targets, the 2019 "
        "bill and the law that followed",
    ),
    Lesson(
        "05_reading_the_source",
        "Reading the source",
        45,
        "who speaks by rows, words and speakers; fact, opinion, prediction, demand; motive "
        "claims; a neutral summary",
    ),
    Lesson(
        "06_checking_the_source",
        "Checking the source",
        45,
        "who is behind the article, lateral reading, the article's claims against public "
        "records, and the end-of-unit assessment",
    ),
    Lesson(
        "07_what_happened_next",
        "What happened next",
        100,
        "in two periods: the article's expectations checked against five years of records, "
        "and a role play of the options open to each government in 2021, ending with your own",
    ),
)


def total_minutes() -> int:
    """The whole unit's length in minutes."""
    return sum(lesson.minutes for lesson in LESSONS)


def by_notebook(name: str) -> Lesson:
    """The lesson whose notebook is ``name`` (with or without ``.ipynb``)."""
    stem = name.removesuffix(".ipynb")
    for lesson in LESSONS:
        if lesson.notebook == stem:
            return lesson
    raise KeyError(f"no lesson called {name!r}; lessons are {[x.notebook for x in LESSONS]}")

"""Sheets for the structured controversy (lesson 02): how it runs, a role card for each side,
and the sheet each pair hands in.

Found in whichever lesson has a section whose heading names a structured controversy; its
rounds, their minutes and what each asks are read from that section's numbered list
("1. **Prepare (10 min).** ..."), so the sheets follow the lesson. The roles, what each pair
hands in, and the words for a round the lesson leaves without any, are in ``group_work.py``;
each side's words are the direct quotes of its officials in the statements table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ...data.plural import counted
from ...data.quoting import quoted
from ...exercises.writing_tasks import TASKS
from . import pdf
from .group_work import HAND_IN, ROLES, ROUNDS, SETUP, Role
from .sources import Lesson

ROUND = re.compile(
    r"^\s*\d+\.\s+\*\*(?P<name>[^*(]+?)\s*\((?P<minutes>\d+)\s*min[a-z]*\)\.?\*\*\.?\s*(?P<text>.*)$",
    re.MULTILINE,
)
CASE_LINES = 10


@dataclass(frozen=True)
class Round:
    name: str
    minutes: int
    text: str


def rounds(body: str) -> list[Round]:
    """The rounds of the controversy as its section lists them, with what each asks on paper."""
    found = []
    for match in ROUND.finditer(body):
        name = match["name"].strip()
        text = _plain(match["text"]) or ROUNDS.get(name.lower(), "")
        found.append(Round(name, int(match["minutes"]), text))
    return found


def _plain(markdown: str) -> str:
    """A line of the notebook's markdown as plain words (a table cell prints no markup)."""
    return re.sub(r"(\*\*|\*|`)(.+?)\1", r"\2", markdown).strip()


def find_controversy(lessons: list[Lesson]) -> Lesson | None:
    """The first lesson with a structured controversy, or None."""
    return next((lesson for lesson in lessons if lesson.controversy is not None), None)


def build_controversy(
    lessons: list[Lesson], statements: pd.DataFrame, paper: str = "A4"
) -> pdf.Handout | None:
    """The controversy's sheets, or None when no lesson runs one."""
    lesson = find_controversy(lessons)
    if lesson is None:
        return None
    section = lesson.controversy
    doc = pdf.Handout(f"Structured controversy (lesson {lesson.number})", paper)
    doc.add_page()
    pdf.title(doc, section.heading, f"Lesson {lesson.number} · group work")
    pdf.markdown(doc, SETUP)
    steps = rounds(section.body)
    if steps:
        total = sum(step.minutes for step in steps)
        table = pd.DataFrame(
            [(step.name, f"{step.minutes} min", step.text) for step in steps],
            columns=["Round", "Time", "What each pair does"],
        )
        pdf.table(doc, table, f"The rounds ({counted(total, 'minute')} in all)")
    else:  # the section says how it runs in its own words
        pdf.markdown(doc, section.body)
    pdf.heading(doc, "What each pair hands in", 13)
    pdf.markdown(doc, HAND_IN)
    for role in ROLES:
        _role_card(doc, role, statements)
        _hand_in(doc, role, statements)
    return doc


def own_words(statements: pd.DataFrame, country: str) -> pd.DataFrame:
    """A side's own words: the direct quotes of its speakers, with id and speaker."""
    quotes = statements[(statements["country"] == country) & (statements["form"] == "direct_quote")]
    return pd.DataFrame(
        {
            "Statement": quotes["statement_id"],
            "Speaker": quotes["speaker"],
            "Their words": quotes["text"].map(quoted),
        }
    )


def _role_card(doc: pdf.Handout, role: Role, statements: pd.DataFrame) -> None:
    doc.add_page()
    pdf.title(doc, f"Role card: {role.name}", "Read in round 1; keep it for round 3")
    pdf.markdown(
        doc,
        f"You speak for **{role.name.lower()}**. These are its officials' own words in the "
        "article. In round 3 you decide whether the other pair's version of your case is fair.",
    )
    pdf.table(doc, own_words(statements, role.country), f"{role.name}: its own words")


def _hand_in(doc: pdf.Handout, role: Role, statements: pd.DataFrame) -> None:
    task = TASKS.get(role.writes)
    other = next(r for r in ROLES if r.country == role.other)
    doc.add_page()
    title = task.title if task else f"{other.name}'s case"
    pdf.title(doc, f"Hand-in sheet: {title}", f"Written by {role.name.lower()}")
    pdf.name_line(doc)
    if task is not None:
        pdf.markdown(doc, task.prompt)
    pdf.table(doc, own_words(statements, other.country), f"{other.name}: its own words")
    pdf.keep_together(doc, lambda p: pdf.heading(p, f"{other.name}'s case, in our words", 12))
    pdf.ruled_lines(doc, CASE_LINES)
    if task is not None:
        items = [criterion.text for criterion in task.checklist]
        pdf.keep_together(doc, lambda p: pdf.checklist(p, "Before you hand it in:", items))
    pdf.field_line(doc, f"Accepted as fair by ({other.name.lower()}):")
    pdf.field_line(doc, "Still unfair, in their words:")
    pdf.ruled_lines(doc, 2)

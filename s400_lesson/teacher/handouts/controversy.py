"""Sheets for the structured controversy (lesson 02): how it runs, a role card for each side,
and the sheet each pair hands in.

Found in whichever lesson has a section whose heading names a structured controversy; its
rounds, their minutes and what each asks are read from that section's numbered list
("1. **Prepare (10 min).** ..."), so the sheets follow the lesson. Each hand-in sheet takes
its heading and prompt from the lesson's task ("### Task 2: ..."), so a student can match it
to the round that names it. The roles, what each pair hands in, and the words for a round the
lesson leaves without any, are in ``group_work.py``; each side's words are the direct quotes
of its officials in the statements table.

A hand-in sheet has two sides, each labelled with its task and "side 1 of 2" or "2 of 2", to
print back to back or staple: the first holds the task, the other side's words and room for
notes; the second the case in the pair's words, its checklist and the other side's
signatures. Each side fills its page. (Printed as one two-sided run, the sides of Task 2
would fall on two leaves: the labels are what keep a sheet together.)

Each side's role card and hand-in sheet print together, the sides in the order of the tasks
they hand in (Task 1 first), as the rounds table names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from fpdf import FPDF

from ...data.plural import counted
from ...data.quoting import quoted
from ...exercises.writing_tasks import TASKS
from . import pdf
from .group_work import CASE_NOTES, HAND_IN, ROLES, ROUNDS, SETUP, Role, capitalised
from .sources import Block, Lesson

ROUND = re.compile(
    r"^\s*\d+\.\s+\*\*(?P<name>[^*(]+?)\s*\((?P<minutes>\d+)\s*min[a-z]*\)\.?\*\*\.?\s*(?P<text>.*)$",
    re.MULTILINE,
)
TASK_TITLE_PT = 14
MIN_LINES = 8  # the fewest lines for a case of three or four sentences


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
    for role in sorted(ROLES, key=lambda r: _task_order(lesson, r)):
        _role_card(doc, role, statements)
        _hand_in(doc, role, statements, _task_of(lesson, role))
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


def _task_order(lesson: Lesson, role: Role) -> int:
    """Where the task ``role`` hands in comes in the lesson (Task 1 before Task 2); a side
    whose task the lesson lacks comes last."""
    ids = [e.exercise_id for e in lesson.exercises]
    return ids.index(role.writes) if role.writes in ids else len(ids)


def _task_of(lesson: Lesson, role: Role) -> Block | None:
    """The lesson's task that ``role`` hands in (its heading names it: "Task 2: ..."), if any."""
    return next((e for e in lesson.exercises if e.exercise_id == role.writes), None)


def _role_card(doc: pdf.Handout, role: Role, statements: pd.DataFrame) -> None:
    doc.add_page()
    pdf.title(doc, f"Role card: {capitalised(role.name)}", "Read in round 1; keep it for round 3")
    pdf.markdown(
        doc,
        f"You speak for **{role.name}**. These are its officials' own words in the article. "
        "In round 3 you decide whether the other pair's version of your case is fair.",
    )
    pdf.table(doc, own_words(statements, role.country), f"{capitalised(role.name)}: its own words")
    pdf.heading(doc, CASE_NOTES, 12)
    for number in range(1, 4):  # round 1 asks for three points: a numbered line and one more
        pdf.field_line(doc, f"{number}.")
        pdf.ruled_lines(doc, 1)


def _hand_in(doc: pdf.Handout, role: Role, statements: pd.DataFrame, block: Block | None) -> None:
    """The two sides of one pair's hand-in sheet, each headed with the task it answers."""
    task = TASKS.get(role.writes)
    other = next(r for r in ROLES if r.country == role.other)
    heading = block.heading if block else capitalised(task.title if task else other.case)
    prompt = block.body if block else (task.prompt if task else "")
    _sheet_side(doc, heading, role, 1)
    if prompt:
        pdf.markdown(doc, prompt)
    pdf.table(
        doc, own_words(statements, other.country), f"{capitalised(other.name)}: its own words"
    )
    pdf.heading(doc, f"Our notes: the points {other.name} cares about most", 12)
    pdf.ruled_lines(doc, _lines_left(doc))
    _sheet_side(doc, heading, role, 2)
    _case_and_signatures(doc, other, [c.text for c in task.checklist] if task else [])


def _case_and_signatures(doc: pdf.Handout, other: Role, checklist: list[str]) -> None:
    """The case in the pair's words, on as many lines as leave room for what follows them."""

    def foot(p: FPDF) -> None:
        if checklist:
            pdf.checklist(p, "Before you hand it in:", checklist)
        pdf.field_line(p, f"Accepted as fair by {other.name} (names):")
        pdf.field_line(p, "Still unfair, in their words:")
        pdf.ruled_lines(p, 2)

    pdf.heading(doc, f"{capitalised(other.case)}, in our words", 12)
    pdf.ruled_lines(doc, max(_lines_left(doc, pdf.height_of(doc, foot)), MIN_LINES))
    foot(doc)


def _sheet_side(doc: pdf.Handout, heading: str, role: Role, side: int) -> None:
    doc.add_page()
    # A task's heading is a sentence: a little smaller than a title, so it keeps to one line.
    subtitle = f"Hand-in sheet, side {side} of 2 · written by {role.name}"
    pdf.title(doc, heading, subtitle, size=TASK_TITLE_PT)
    pdf.name_line(doc)


def _lines_left(doc: pdf.Handout, reserve: float = 0.0) -> int:
    """How many writing lines fit between here and the foot of the page, less ``reserve`` mm."""
    room = doc.h - doc.b_margin - doc.get_y() - reserve - 3  # ruled_lines adds 3 mm below
    return max(int(room // pdf.LINE_MM), 0)

"""A student's worksheet for one lesson, written for paper: its questions, every exercise in
its paper form with the data it needs and room to write, and the charts, record cards and
tables the lesson works from.

Which exercises a lesson has comes from its notebook (``sources.py``); what each one asks on
paper comes from ``paper_forms.py`` (or, for a writing task, the task's own prompt and
checklist). Nothing on the page is code: an exercise without a paper form that only makes
sense at a computer says so instead of printing its pandas, and the sections on working at
the computer stay out of the outline. Every table is numbered and printed once: a question
whose table the worksheet already prints (for reference at the end, or under an earlier
question) points to it by number instead. The outline leaves off, or words neutrally, the
headings that come after a section asking students to guess: a claim heading there would
give the answer away.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from fpdf import FPDF

from ...drawing.style import Chart
from ...exercises.writing_tasks import TASKS
from . import pdf
from .needs import Data, Note, Records, Table, items_for
from .paper_forms import FORMS, OUTLINE_AFTER_GUESS, PaperForm
from .record_cards import print_cards
from .sources import Block, Lesson

# Ruled lines under each kind of question: short answers, or a paragraph of judgement.
LINES = {
    "Exercise": 3,
    "Task": 8,
    "Activity": 7,
    "Questions": 4,
    "Judgement": 10,
    "Assessment": 10,
}
PRINT_DPI = 200
_NUMBERED = re.compile(r"^\s*(\d+\.|[-*])\s+", re.MULTILINE)
# What marks a text as written for the computer: code, or the tools only a computer has.
COMPUTER_WORDS = re.compile(
    r"`|\b(pandas|python|jupyter\w*|notebook|widgets?|explorer|slider|dictionary|kernel|"
    r"cells?|run)\b",
    re.IGNORECASE,
)
COMPUTER_ONLY = (
    "*This one is for the computer:* do it in the notebook when you have one. On paper, "
    "read the question and say how you would find the answer."
)
COMPUTER_OBJECTIVES = "The lesson's objectives that need a computer are practised in the notebook."
COMPUTER_SECTIONS = "The sections on working at the computer are left to the notebook."
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A section that asks the students to guess what the lesson then shows ("Guess first: ...").
GUESS_SECTION = re.compile(r"^\s*guess\b", re.IGNORECASE)


def for_computer(text: str) -> bool:
    """True when ``text`` speaks of code or of what only a computer has."""
    return bool(COMPUTER_WORDS.search(text))


def build_worksheet(lesson: Lesson, data: Data, paper: str = "A4") -> pdf.Handout:
    """The worksheet of ``lesson`` as an unsaved PDF document."""
    doc = pdf.Handout(f"Worksheet {lesson.title}", paper)
    doc.add_page()
    pdf.title(doc, lesson.title, "Student worksheet")
    pdf.name_line(doc)
    pdf.markdown(doc, paper_intro(lesson.intro))
    sections = paper_sections(lesson)
    if sections:
        outline = "\n".join(f"{i}. {s}" for i, s in enumerate(outline_headings(sections), 1))
        if len(sections) < len(lesson.sections):
            outline += f"\n\n*{COMPUTER_SECTIONS}*"
        pdf.keep_together(doc, lambda p: _outline(p, outline))
    items = items_for(lesson.number, data)
    others = [i for i in items if isinstance(i, Table | Note)]
    tables = plan_tables(lesson.exercises, [i for i in others if isinstance(i, Table)], data)
    if lesson.exercises:
        doc.ln(2)
        for number, block in enumerate(lesson.exercises):
            question(doc, block, data, number == 0, "Exercises", lesson, tables)
    for item in (i for i in items if isinstance(i, Records)):
        doc.add_page(orientation="P")
        print_cards(doc, item.frame, lead=item.title)
    for chart in (i for i in items if isinstance(i, Chart)):  # each on a landscape page
        pdf.chart_page(doc, print_png(chart), PRINT_DPI, chart.alt)
    if others:
        doc.add_page(orientation="P")
        for number, item in enumerate(others):
            _item(doc, item, tables, lead="For reference: tables" if number == 0 else "")
    return doc


def paper_sections(lesson: Lesson) -> list[str]:
    """The lesson's sections but those on working at the computer: a heading that speaks of
    it, or a text that shows a program (a code block)."""
    return [
        heading
        for heading in lesson.sections
        if not for_computer(heading) and "```" not in lesson.section_bodies.get(heading, "")
    ]


def outline_headings(sections: list[str]) -> list[str]:
    """The outline's lines for ``sections``: each heading as it is up to a section that asks
    the students to guess ("Guess first: ..."); after it, only the headings that
    ``OUTLINE_AFTER_GUESS`` words so as to give away no outcome, in those words.

    The lessons' headings state claims, and the outline is read before the guessing: a claim
    such as "The S-400s and the sanctions stayed" would answer the guess before it is made.
    """
    lines, guessing = [], False
    for heading in sections:
        if guessing:
            if heading in OUTLINE_AFTER_GUESS:
                lines.append(OUTLINE_AFTER_GUESS[heading])
            continue
        lines.append(heading)
        guessing = bool(GUESS_SECTION.match(heading))
    return lines


@dataclass
class Tables:
    """Which tables a worksheet prints where, numbered in print order, and which questions
    point to a table printed elsewhere rather than print it again."""

    inline: dict[str, Table] = field(default_factory=dict)  # question -> the table under it
    refers: dict[str, list[str]] = field(default_factory=dict)  # question -> titles
    numbers: dict[str, int] = field(default_factory=dict)  # title -> its number
    where: dict[str, str] = field(default_factory=dict)  # title -> where it is printed

    def title(self, table: Table) -> str:
        """``table``'s title with its number ("Table 2: The delivery plan")."""
        number = self.numbers.get(table.title)
        return f"Table {number}: {table.title}" if number else table.title

    def pointers(self, key: str) -> str:
        """The line that sends a question to the tables it uses ("Use Table 1 and Table 3,
        at the end of this worksheet."), or ""."""
        by_place: dict[str, list[str]] = {}
        for title in sorted(self.refers.get(key, []), key=self.numbers.__getitem__):
            by_place.setdefault(self.where[title], []).append(f"Table {self.numbers[title]}")
        return " ".join(f"Use {' and '.join(t)}, {place}." for place, t in by_place.items())


def plan_tables(blocks: list[Block], references: list[Table], data: Data) -> Tables:
    """Each question's table printed once: under the first question that needs it, or not
    at all when the worksheet prints it for reference (then the question points to it)."""
    plan = Tables()
    at_end = [t.title for t in references]
    for block in blocks:
        form, key = paper_form(block), _key(block)
        table = form.table(data) if form.table else None
        wanted = [_reference(title, at_end, key) for title in form.uses]
        if table is not None and (table.title in at_end or table.title in plan.numbers):
            wanted.append(table.title)  # the same table again: point to it
        elif table is not None:
            plan.inline[key] = table
            plan.numbers[table.title] = len(plan.numbers) + 1
            plan.where[table.title] = f"under {block.heading.partition(':')[0]}"
        plan.refers[key] = wanted
    for title in at_end:
        plan.numbers.setdefault(title, len(plan.numbers) + 1)
        plan.where.setdefault(title, "at the end of this worksheet")
    return plan


def _reference(start: str, titles: list[str], key: str) -> str:
    found = next((t for t in titles if t.startswith(start)), None)
    if found is None:  # a paper form names a table its lesson does not print
        raise ValueError(f"the paper form of {key} uses a table {start!r} that is not printed")
    return found


def _key(block: Block) -> str:
    return block.exercise_id or block.heading


def paper_intro(intro: str) -> str:
    """The lesson's header without the lines that only make sense at a computer."""
    kept, dropped = [], False
    for line in intro.splitlines():
        if line.lstrip().startswith(("- ", "* ")) and for_computer(line):
            dropped = True
            continue
        if for_computer(line):  # a line of prose: keep its sentences that hold on paper
            line = " ".join(s for s in _SENTENCE_END.split(line) if not for_computer(s))
            if not line.strip():
                continue
        kept.append(line)
    text = "\n".join(kept)
    return f"{text}\n\n*{COMPUTER_OBJECTIVES}*" if dropped else text


def print_png(chart: Chart) -> bytes:
    """The chart as a PNG sharp enough to print (the screen's 100 dpi looks soft on paper)."""
    buffer = io.BytesIO()
    chart.figure.savefig(buffer, format="png", dpi=PRINT_DPI, metadata={"Software": None})
    return buffer.getvalue()


def paper_form(block: Block) -> PaperForm:
    """What ``block`` asks on paper: its entry in ``FORMS``, its writing task's prompt, the
    notebook's words if they need no computer, or a line saying it is for the computer."""
    if block.exercise_id in FORMS:
        return FORMS[block.exercise_id]
    task = TASKS.get(block.exercise_id)
    if task is not None:
        return PaperForm(task.prompt)
    if block.body and not for_computer(block.body):
        return PaperForm(block.body)
    return PaperForm(COMPUTER_ONLY, computer_only=True, lines=2)


def checklist_for(block: Block) -> list[str]:
    """A writing task's checklist, to tick before handing it in (none for an exercise)."""
    task = TASKS.get(block.exercise_id)
    return [criterion.text for criterion in task.checklist] if task else []


def question(
    doc: FPDF,
    block: Block,
    data: Data | None = None,
    first: bool = False,
    group: str = "",
    lesson: Lesson | None = None,
    tables: Tables | None = None,
) -> None:
    """A question in its paper form, with its data (or where to find it), the lesson's text
    it asks about and its room to write, on one page unless it needs more."""
    form, key = paper_form(block), _key(block)
    if tables is not None:
        table = tables.inline.get(key)
    else:
        table = form.table(data) if form.table and data is not None else None
    pointers = tables.pointers(key) if tables is not None else ""
    section = lesson.section_text(form.section) if form.section and lesson else ""
    lines = form.lines or answer_lines(block)
    checks = checklist_for(block)

    def draw(p: FPDF) -> None:
        if first and group:
            pdf.heading(p, group, 14)
        pdf.heading(p, block.heading, 12)
        pdf.markdown(p, form.text)
        if section:
            pdf.markdown(p, section)
        if pointers:
            pdf.markdown(p, pointers)
        if table is not None:
            pdf.inline_table(p, table.frame, tables.title(table) if tables else table.title)
        pdf.ruled_lines(p, lines)
        if checks:
            pdf.checklist(p, "Before you hand it in:", checks)

    pdf.keep_together(doc, draw)


def answer_lines(block: Block) -> int:
    """Lines to write on: by the kind of question, times its numbered parts if it has any."""
    base = LINES.get(block.kind, 5)
    parts = len(_NUMBERED.findall(block.body)) if block.kind == "Questions" else 1
    return base * max(parts, 1)


def _outline(doc: FPDF, outline: str) -> None:
    pdf.heading(doc, "The lesson, section by section", 13)
    pdf.markdown(doc, outline)


def _item(doc: pdf.Handout, item: Table | Note, tables: Tables, lead: str = "") -> None:
    if lead and isinstance(item, Note):
        pdf.heading(doc, lead, 14)
    if isinstance(item, Table):
        pdf.table(doc, item.frame, tables.title(item), lead=lead)
    else:
        pdf.markdown(doc, f"*{item.text}*")

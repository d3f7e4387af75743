"""The class summary's page and CSV, from the counts ``class_summary.py`` made.

``class_summary.html`` is one self-contained file (the chart is inside it, nothing is fetched):
what was read and what was not, a chart of the exercises the class found hardest, then tables
per exercise, per writing task and per student. Every answer is shown as text, escaped.
``class_summary.csv`` has one row per student and exercise or task, for a spreadsheet.
"""

from __future__ import annotations

import csv
import html
from datetime import UTC, datetime
from pathlib import Path

from ..drawing.style import HATCHES, OKABE_ITO, RC, SMALL_PT, Chart, new_figure, styled
from .class_summary import ClassSummary, ExerciseRow, Student, lesson_title

CSV_COLUMNS = (
    "student",
    "lesson",
    "kind",
    "item",
    "handed_in",
    "attempts",
    "right_first",
    "right_end",
    "wrong_answers",
    "last_answer",
    "automatic_lines_met",
    "automatic_lines",
    "lines_not_met",
)
# Spreadsheets run a cell that starts like a formula; an answer must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FIRST = (OKABE_ITO[5], HATCHES[1], "right at the first attempt")
END = (OKABE_ITO[4], HATCHES[0], "right in the end")
NOT_FOR_MARKS = (
    "This page counts what the automatic checks recorded. It does not mark writing: the "
    "checklist lines it counts are about form (length, quotations found in the data, ids that "
    "exist), never about the quality of an answer, and a record can be edited by a student who "
    "knows how. Use it to plan the next lesson, not to grade."
)


def write_summary(summary: ClassSummary, out: Path, folders: list[Path]) -> tuple[Path, Path]:
    """Write OUT/class_summary.html and OUT/class_summary.csv; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    page, table = out / "class_summary.html", out / "class_summary.csv"
    page.write_text(render_html(summary, folders), encoding="utf-8")
    write_csv(summary, table)
    return page, table


def csv_rows(summary: ClassSummary) -> list[dict[str, str]]:
    """One row per student and exercise or task of the lessons the class handed in."""
    items = [(r.item, r.lesson, "exercise") for r in summary.exercises]
    items += [(r.item, r.lesson, "task") for r in summary.tasks]
    rows = []
    for student in summary.students:
        for item, lesson, kind in items:
            rows.append(_csv_row(summary.names[student.name], student, item, lesson, kind))
    return rows


def _csv_row(name: str, student: Student, item: str, lesson: str, kind: str) -> dict[str, str]:
    result = student.results.get(item)
    row = dict.fromkeys(CSV_COLUMNS, "")
    row |= {"student": name, "lesson": lesson, "kind": kind, "item": item}
    row["handed_in"] = _yes(item in student.items)
    row["attempts"] = str(result.attempts if result else 0)
    if result is None:
        return row
    if kind == "exercise":
        row["right_first"] = _yes(result.first_correct)
        row["right_end"] = _yes(result.last_correct)
        row["wrong_answers"] = " | ".join(result.wrong)
        row["last_answer"] = result.last_answer
    else:
        row["automatic_lines_met"] = str(sum(p for _, p in result.lines))
        row["automatic_lines"] = str(len(result.lines))
        row["lines_not_met"] = " | ".join(line for line, p in result.lines if not p)
    return row


def _yes(value: bool | None) -> str:
    return "yes" if value else "no"


def write_csv(summary: ClassSummary, path: Path) -> None:
    """The CSV, every text cell safe to open in a spreadsheet."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS)
        writer.writeheader()
        for row in csv_rows(summary):
            writer.writerow({k: _cell(v) for k, v in row.items()})


def _cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


# ---- The chart ----------------------------------------------------------------------


@styled
def hardest_chart(rows: list[ExerciseRow]) -> Chart | None:
    """Bars per exercise attempted: the share right at the first attempt and in the end, the
    hardest at the top; None when no exercise was attempted."""
    tried = sorted(
        (r for r in rows if r.attempted),
        key=lambda r: (r.right_first / r.attempted, r.right_end / r.attempted, r.item),
        reverse=True,
    )
    if not tried:
        return None
    fig = new_figure(9, 1.6 + 0.55 * len(tried))
    ax = fig.axes[0]
    for offset, (colour, hatch, label), counts in (
        (0.2, FIRST, [r.right_first for r in tried]),
        (-0.2, END, [r.right_end for r in tried]),
    ):
        shares = [100 * n / r.attempted for n, r in zip(counts, tried, strict=True)]
        ys = [i + offset for i in range(len(tried))]
        bars = ax.barh(ys, shares, 0.38, color=colour, hatch=hatch, edgecolor="#222", label=label)
        texts = [f"{n} of {r.attempted}" for n, r in zip(counts, tried, strict=True)]
        ax.bar_label(bars, texts, padding=3, fontsize=SMALL_PT)
    ax.set_yticks(range(len(tried)), [f"{r.item} ({r.lesson})" for r in tried])
    ax.set_xlim(0, 118)
    ax.set_xticks(range(0, 101, 25))
    ax.set_xlabel("Students who attempted it (%)")
    ax.set_ylabel("Exercise (lesson)")
    ax.legend(loc="lower right", ncols=2, bbox_to_anchor=(1, 1.0), frameon=False)
    fig.suptitle(
        "Which exercises the class found hardest",
        x=0.01,
        ha="left",
        fontsize=RC["axes.titlesize"],
        fontweight="bold",
    )
    fig.text(0.005, 0.005, "Source: the students' saved notebooks", fontsize=SMALL_PT)
    return Chart(fig, _alt(tried))


def _alt(tried: list[ExerciseRow]) -> str:
    hardest = list(reversed(tried))[:3]
    parts = [
        f"{r.item}, {r.right_first} of {r.attempted} right at the first attempt and "
        f"{r.right_end} in the end"
        for r in hardest
    ]
    return (
        f"Bar chart of {len(tried)} exercise{'s' * (len(tried) != 1)}: for each, the share of "
        "the students who attempted it who were right at the first attempt and in the end, "
        "hardest at the top. Hardest: " + "; ".join(parts) + "."
    )


# ---- The page -----------------------------------------------------------------------

_STYLE = """
body{font:16px/1.45 system-ui,sans-serif;color:#111;margin:0;background:#fff}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
table{border-collapse:collapse;margin:8px 0 24px;width:100%}
caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left}
td.n{text-align:right;white-space:nowrap}
th{background:#eee}
.note{border-left:4px solid #555;padding:4px 12px;background:#f6f6f6}
code,.answer{font-family:ui-monospace,monospace}
code{white-space:nowrap}
.answer{white-space:pre-wrap;overflow-wrap:anywhere}
td ul{margin:0;padding-left:18px}
img{max-width:100%;height:auto}
"""


def render_html(summary: ClassSummary, folders: list[Path]) -> str:
    """The whole page as text: every value from a student escaped."""
    e = html.escape
    when = datetime.now(UTC).strftime("%d %B %Y, %H:%M UTC")
    students = len(summary.students)
    read = ", ".join(f"<code>{e(str(f))}</code>" for f in folders) if not summary.anonymous else ""
    intro = (
        f"<p>{summary.counted} notebook{'s' * (summary.counted != 1)} of {students} "
        f"student{'s' * (students != 1)} counted, of {summary.files} found"
        + (f", in {read}" if read else "")
        + f"; made {e(when)}. The notebooks were read as saved: nothing in them was run.</p>"
    )
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Class summary</title><style>{_STYLE}</style></head><body><main>",
        "<h1>What the class did</h1>",
        intro,
        f'<p class="note">{e(NOT_FOR_MARKS)}</p>',
        _notes_html(summary),
        _chart_html(summary),
        _exercises_html(summary),
        _tasks_html(summary),
        _students_html(summary),
        "</main></body></html>",
    ]
    return "\n".join(p for p in parts if p)


def _notes_html(summary: ClassSummary) -> str:
    if not summary.notes:
        return "<h2>Files not counted</h2><p>None: every file found was counted.</p>"
    items = "".join(f"<li>{html.escape(summary.line(n))}</li>" for n in summary.notes)
    return f"<h2>Files not counted, and other notes</h2><ul>{items}</ul>"


def _chart_html(summary: ClassSummary) -> str:
    chart = hardest_chart(summary.exercises)
    if chart is None:
        return "<h2>Which exercises the class found hardest</h2><p>No exercise was attempted.</p>"
    alt = html.escape(chart.alt)
    return (
        "<h2>Which exercises the class found hardest</h2>"
        f'<figure><img src="{chart.data_uri()}" alt="{alt}">'
        "<figcaption>The hardest at the top; every count is in the table below.</figcaption>"
        "</figure>"
    )


def _table(caption: str, heads: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in heads)
    body = "".join("<tr>" + "".join(cells) + "</tr>" for cells in rows)
    return (
        f"<table><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _td(text: object, number: bool = False) -> str:
    cls = ' class="n"' if number else ""
    return f"<td{cls}>{html.escape(str(text))}</td>"


def _of(n: int, total: int) -> str:
    return f"{n} of {total}" if total else "0"


def _exercises_html(summary: ClassSummary) -> str:
    if not summary.exercises:
        return ""
    rows = []
    for r in summary.exercises:
        answers = "".join(
            f'<li><span class="answer">{html.escape(a)}</span> ({n} student{"s" * (n != 1)})</li>'
            for a, n in r.wrong_answers
        )
        rows.append(
            [
                _td(lesson_title(r.lesson)),
                f"<td><code>{html.escape(r.item)}</code></td>",
                _td(r.had, True),
                _td(r.attempted, True),
                _td(_of(r.right_first, r.attempted), True),
                _td(_of(r.right_end, r.attempted), True),
                _td(r.attempts, True),
                f"<td><ul>{answers}</ul></td>" if answers else "<td>none</td>",
            ]
        )
    heads = ["Lesson", "Exercise", "In their notebooks", "Attempted", "Right at first attempt"]
    heads += ["Right in the end", "Attempts", "Most common wrong answers"]
    return "<h2>Exercises</h2>" + _table("Per exercise, students counted", heads, rows)


def _tasks_html(summary: ClassSummary) -> str:
    if not summary.tasks:
        return ""
    rows = []
    for r in summary.tasks:
        failed = "".join(
            f"<li>{html.escape(line)} ({n} answer{'s' * (n != 1)})</li>"
            for line, n in r.failed_lines[:3]
        )
        rows.append(
            [
                _td(lesson_title(r.lesson)),
                f"<td>{html.escape(r.title)} <code>{html.escape(r.item)}</code></td>",
                _td(r.had, True),
                _td(r.wrote, True),
                _td(_of(r.all_passed, r.wrote), True),
                f"<td><ul>{failed}</ul></td>" if failed else "<td>none</td>",
            ]
        )
    heads = ["Lesson", "Writing task", "In their notebooks", "Wrote an answer"]
    heads += ["Every automatic line met", "Automatic lines most often not met"]
    caption = "Per writing task (the answers themselves are not marked, and not shown here)"
    return "<h2>Writing tasks</h2>" + _table(caption, heads, rows)


def _students_html(summary: ClassSummary) -> str:
    exercises = [r.item for r in summary.exercises]
    tasks = [r.item for r in summary.tasks]
    rows = []
    for s in summary.students:
        done = [s.results[i] for i in exercises if i in s.results]
        missing = [i for i in exercises if i not in s.results]
        rows.append(
            [
                _td(summary.names[s.name]),
                _td(len(s.notebooks), True),
                _td(", ".join(sorted(s.lessons)) or "none"),
                _td(_of(len(done), len(exercises)), True),
                _td(sum(bool(r.last_correct) for r in done), True),
                _td(sum(bool(r.first_correct) for r in done), True),
                _td(_of(sum(i in s.results for i in tasks), len(tasks)), True),
                _td(_missing(missing, len(exercises))),
            ]
        )
    heads = ["Student", "Notebooks", "Lessons", "Exercises attempted", "Right in the end"]
    heads += ["Right at first attempt", "Writing tasks answered", "Exercises not attempted"]
    return "<h2>Students</h2>" + _table("Per student", heads, rows)


def _missing(missing: list[str], total: int) -> str:
    if not missing:
        return "none"
    return f"all {total}" if len(missing) == total and total > 1 else ", ".join(missing)

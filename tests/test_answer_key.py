"""The answer key of the teacher's printed script: the guide's table, and the slides that set
each exercise. (That the table's answers pass their checks is test_checks.py's.)"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from s400_lesson.exercises.exercise_table import EXERCISES
from s400_lesson.teacher.answer_key import (
    GUIDE,
    Answer,
    answer_notes,
    exercise_slides,
    read_answer_key,
)
from s400_lesson.teacher.slide_pdfs import SlidePdfError, with_notes

REPO = Path(__file__).resolve().parent.parent
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))


def _slide(source: str, kind: str = "slide", cell=new_markdown_cell):
    return cell(source, metadata={"slideshow": {"slide_type": kind}})


def test_the_guide_gives_every_exercise_its_lesson_and_why() -> None:
    key = read_answer_key(REPO / GUIDE)
    assert sorted(key) == sorted(EXERCISES)
    assert all(row.answer and re.fullmatch(r"0\d", row.lesson) and row.why for row in key.values())
    assert key["sanctions_bill_law"] == Answer(
        '"M14"',
        "04",
        "the legislation that was taken: the defence law of 20 December 2019; M07, the bill, "
        "was proposed",
    )


def test_the_key_names_passages_as_the_printed_source_pack_numbers_them() -> None:
    """A teacher reads the answers beside the printed pack, which numbers its passages and
    never prints the outline's ids (A01 ...): an answer citing A27 sends them nowhere."""
    key = read_answer_key(REPO / GUIDE)
    cited = {name: re.findall(r"\bA\d{2}\b", row.why) for name, row in key.items()}
    assert not {name: ids for name, ids in cited.items() if ids}
    assert "34 in the source pack" in key["clue_last_word"].why


def test_a_guide_without_the_table_or_with_a_row_twice_is_refused(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\nNo table here.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no answers table"):
        read_answer_key(guide)
    row = "| timeline_gap | 15 | 01 | 2017 minus 2002 |\n"
    guide.write_text("| Exercise | Answer | Where | Why |\n|---|---|---|---|\n" + row * 2)
    with pytest.raises(ValueError, match="timeline_gap twice"):
        read_answer_key(guide)


def test_each_lesson_sets_its_exercises_on_slides_the_deck_shows() -> None:
    key = read_answer_key(REPO / GUIDE)
    for path in LESSONS:
        nb = nbformat.read(path, as_version=4)
        slides = exercise_slides(nb)
        called = [
            name
            for cell in nb.cells
            if cell.cell_type == "code"
            for name in re.findall(r"""\bcheck\(\s*["'](\w+)["']""", cell.source)
        ]
        set_here = sorted(name for names in slides.values() for name in names)
        assert set_here == sorted(called), path.name
        # The guide's "Where" column names this lesson for each (so each answer prints here).
        lesson = path.name[:2]
        assert set(set_here) == {n for n, row in key.items() if row.lesson == lesson}, path.name
        cells = {cell.get("id"): cell for cell in nb.cells}
        for cell_id in slides:
            kind = cells[cell_id].metadata.get("slideshow", {}).get("slide_type", "-")
            assert kind not in {"skip", "notes"}, f"{path.name}: {cell_id} is not on a slide"


def test_a_check_shown_as_an_example_in_text_sets_no_exercise() -> None:
    nb = new_notebook(
        cells=[
            _slide('Run `check("timeline_gap", answer)` to check.'),
            _slide("### Exercise 1: the gap"),
            _slide('answer = ...\ncheck("timeline_gap", answer)', "skip", new_code_cell),
        ]
    )
    shown = nb.cells[1].get("id")
    assert exercise_slides(nb) == {shown: ["timeline_gap"]}


def test_the_answer_note_gives_the_answer_and_why_as_html() -> None:
    nb = new_notebook(
        cells=[
            _slide("### Exercise"),
            _slide('check("a_b", answer)\ncheck("not_in_key", answer)', "skip", new_code_cell),
        ]
    )
    key = {"a_b": Answer('["M08", "M10"]', "04", "rows where `date` is <empty>")}
    (notes,) = answer_notes(nb, key).values()
    assert notes[0] == (
        '<p class="s400-answer"><strong>Answer</strong> (<code>a_b</code>): '
        "<code>[&quot;M08&quot;, &quot;M10&quot;]</code>. Why: rows where <code>date</code> "
        "is &lt;empty&gt;.</p>"
    )
    assert notes[1].endswith(
        "not in the guide's table; <code>solution(&#x27;not_in_key&#x27;)</code> shows it.</p>"
    )


def test_notes_are_added_to_the_slide_that_holds_their_cell() -> None:
    deck = (
        '<section><section><div id="cell-id=a1">A</div></section>'
        '<section><div id="cell-id=b2">B</div></section></section>'
    )
    added = with_notes(deck, {"b2": ["<p>answer</p>"]})
    assert added == deck.replace(
        "B</div></section>", 'B</div><aside class="notes"><p>answer</p></aside></section>'
    )
    with pytest.raises(SlidePdfError, match="no slide holds the cell zz"):
        with_notes(deck, {"zz": ["<p>x</p>"]})

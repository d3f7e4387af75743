"""The class summary's reader, page and command, on notebooks made here with known records.

tests/test_class_summary_lessons.py runs real lessons; these build the saved JSON directly, so
each count, each refused record and each bad file can be pinned exactly.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from s400_lesson.__main__ import main
from s400_lesson.exercises.attempt_record import FORMAT, MAX_ANSWER, MAX_TRIES, MIME, seal
from s400_lesson.exercises.exercise_lessons import EXERCISE_LESSONS
from s400_lesson.exercises.exercise_table import EXERCISES
from s400_lesson.exercises.writing_tasks import TASKS
from s400_lesson.teacher import class_summary as cs
from s400_lesson.teacher.class_summary_page import csv_rows, hardest_chart, render_html

REPO = Path(__file__).resolve().parent.parent
KERNEL = "0123456789abcdef"
T0 = "2026-12-01T09:00:00+00:00"


def exercise(item="timeline_gap", given=(("16", False), ("17", True)), **changes):
    """A sealed exercise record with these tries (answer, right) in one kernel; ``changes``
    replace fields before it is sealed."""
    tries = given
    record = {
        "format": FORMAT,
        "kind": "exercise",
        "id": item,
        "lesson": EXERCISE_LESSONS.get(item, "01"),
        "attempt": len(tries),
        "kernel": KERNEL,
        "time": T0,
        "correct": tries[-1][1],
        "answer": tries[-1][0],
        "type": "int",
        "tries": [{"answer": a, "correct": c} for a, c in tries],
    }
    record |= changes
    record["seal"] = seal(record)
    return record


def task(item="timeline_cause", checked=(("Is 30 to 150 words long.", False),), **changes):
    lines = checked
    record = {
        "format": FORMAT,
        "kind": "task",
        "id": item,
        "lesson": TASKS[item].lesson if item in TASKS else "01",
        "attempt": 1,
        "kernel": KERNEL,
        "time": T0,
        "answer": "E01 led to E02.",
        "words": 4,
        "lines": [{"line": text, "passed": ok} for text, ok in lines],
    }
    record |= changes
    record["seal"] = seal(record)
    return record


def notebook(*records, source='from s400_lesson import check\ncheck("timeline_gap", answer)'):
    """A notebook's JSON with one code cell per record (and one when there are none)."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": 1,
            "id": f"c{i}",
            "metadata": {},
            "source": source,
            "outputs": [
                {
                    "output_type": "execute_result",
                    "execution_count": 1,
                    "metadata": {},
                    "data": {"text/plain": "Correct", MIME: record},
                }
            ],
        }
        for i, record in enumerate(records)
    ] or [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "c0",
            "metadata": {},
            "source": source,
            "outputs": [],
        }
    ]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def put(path: Path, content) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        text = content if isinstance(content, str) else json.dumps(content)
        path.write_text(text, encoding="utf-8")
    return path


def lines_about(summary: cs.ClassSummary, fragment: str) -> list[str]:
    return [summary.line(n) for n in summary.notes if fragment in summary.line(n)]


# ---- Records ------------------------------------------------------------------------


def test_a_sealed_record_reads_back_field_by_field():
    record = cs.parse_record(exercise(given=(("16", False), ("'17'", False), ("17", True))))
    assert record == cs.Record(
        kind="exercise",
        item="timeline_gap",
        lesson="01",
        attempt=3,
        kernel=KERNEL,
        time=T0,
        correct=True,
        answer="17",
        tries=(("16", False), ("'17'", False), ("17", True)),
    )
    read = cs.parse_record(task(checked=(("a", True), ("b", False))))
    assert (read.kind, read.item, read.lesson, read.lines) == (
        "task",
        "timeline_cause",
        "01",
        (("a", True), ("b", False)),
    )
    assert read.answer == "E01 led to E02." and read.correct is None


def _refused(data) -> tuple[str, str]:
    with pytest.raises(cs.RecordError) as caught:
        cs.parse_record(data)
    assert str(caught.value) == caught.value.detail
    return caught.value.reason, caught.value.detail


def test_a_record_edited_by_hand_is_forged():
    record = exercise(given=(("16", False),))
    record["correct"] = True
    record["tries"][-1]["correct"] = True
    assert _refused(record) == ("forged", "seal")


def test_a_newer_format_is_named_and_not_read():
    assert _refused(exercise(format=2)) == ("version", "2")
    assert _refused(exercise(format=12345678901)) == ("version", "1234567890")


def test_what_a_refusal_repeats_is_cut_short():
    assert _refused({"format": 1, "kind": "k" * 25})[1] == f"kind {'k' * 20!r}"
    assert _refused(exercise(**{"f" * 35: 1}))[1] == f"unexpected field {'f' * 30!r}"
    assert _refused(exercise(item="x" * 45))[1] == repr("x" * 40)
    assert (
        _refused(exercise(lesson="l" * 15))[1] == f"timeline_gap names lesson {'l' * 10!r}, not 01"
    )


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        ([], "not a JSON object"),
        ({"kind": "exercise"}, "no format version"),
        ({"format": "1"}, "no format version"),
        ({"format": True}, "no format version"),
        ({"format": 1, "kind": "quiz"}, "kind 'quiz'"),
    ],
)
def test_records_that_are_not_records(data, detail):
    assert _refused(data) == ("malformed", detail)


@pytest.mark.parametrize("key", sorted(exercise()))
def test_every_field_is_required(key):
    record = exercise()
    del record[key]
    if key not in ("format", "seal"):
        record["seal"] = seal(record)
    reason, detail = _refused(record)
    assert reason == "malformed"
    assert detail == ("no format version" if key == "format" else f"no {key}")


def test_no_field_beyond_the_format():
    assert _refused(exercise(extra=1)) == ("malformed", "unexpected field 'extra'")


@pytest.mark.parametrize(
    ("key", "value", "detail"),
    [
        ("attempt", "2", "attempt is not a whole number"),
        ("attempt", True, "attempt is not a whole number"),
        ("correct", 1, "correct is not true or false"),
        ("answer", 17, "answer is not text"),
        ("tries", {}, "tries is not a list"),
        ("kernel", None, "kernel is not text"),
        ("id", 5, "id is not text"),
    ],
)
def test_each_field_has_its_type(key, value, detail):
    assert _refused(exercise(**{key: value})) == ("malformed", detail)


def test_task_fields_have_their_types():
    assert _refused(task(words="4")) == ("malformed", "words is not a whole number")
    assert _refused(task(lines="a")) == ("malformed", "lines is not a list")


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"attempt": 0}, "attempt 0"),
        ({"attempt": cs.MAX_ATTEMPT + 1}, f"attempt {cs.MAX_ATTEMPT + 1}"),
        ({"kernel": "0123456789abcde"}, "kernel id"),
        ({"kernel": "0123456789ABCDEF"}, "kernel id"),
        ({"kernel": KERNEL + "0"}, "kernel id"),
        ({"time": "yesterday"}, "time"),
        ({"time": "2026-12-01T09:00:00"}, "time"),
        ({"answer": "x" * (MAX_ANSWER + 1)}, "answer too long"),
        ({"lesson": "02"}, "timeline_gap names lesson '02', not 01"),
        ({"tries": []}, "tries"),
        ({"tries": [{"answer": "17", "correct": True}] * 3}, "tries"),
        ({"tries": [{"answer": "17", "correct": True, "x": 1}]}, "a try"),
        ({"tries": [{"answer": 17, "correct": True}]}, "a try"),
        ({"tries": [{"answer": "17", "correct": "yes"}]}, "a try"),
        ({"tries": ["17"]}, "a try"),
        ({"tries": [{"answer": "x" * (MAX_ANSWER + 1), "correct": True}]}, "a try"),
        ({"tries": [{"answer": "16", "correct": True}]}, "the last try is not the answer recorded"),
        (
            {"tries": [{"answer": "17", "correct": False}]},
            "the last try is not the answer recorded",
        ),
    ],
)
def test_resealed_nonsense_is_malformed(changes, detail):
    record = exercise(given=(("17", True),), **changes)
    assert _refused(record) == ("malformed", detail)


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"words": -1}, "word count"),
        ({"words": cs.MAX_WORDS + 1}, "word count"),
        (
            {"lines": [{"line": "a", "passed": True}] * (cs.MAX_LINES + 1)},
            "too many checklist lines",
        ),
        ({"lines": [{"line": "", "passed": True}]}, "a checklist line"),
        ({"lines": [{"line": "x" * 301, "passed": True}]}, "a checklist line"),
        ({"lines": [{"line": "a", "passed": 1}]}, "a checklist line"),
        ({"lines": [{"line": "a"}]}, "a checklist line"),
        ({"lines": [["a", True]]}, "a checklist line"),
        ({"lesson": "05"}, "timeline_cause names lesson '05', not 01"),
    ],
)
def test_resealed_nonsense_in_a_task_is_malformed(changes, detail):
    assert _refused(task(**changes)) == ("malformed", detail)


def test_records_at_each_limit_are_read():
    tries = (*((str(i), False) for i in range(MAX_TRIES - 1)), ("x" * MAX_ANSWER, True))
    assert cs.parse_record(exercise(given=tries, attempt=cs.MAX_ATTEMPT)).attempt == cs.MAX_ATTEMPT
    assert cs.parse_record(exercise(given=(("17", True),), attempt=1)).attempt == 1
    longest = (("x" * 300, True),) * cs.MAX_LINES
    assert len(cs.parse_record(task(checked=longest, words=cs.MAX_WORDS)).lines) == cs.MAX_LINES
    assert cs.parse_record(task(words=0, checked=())).lines == ()
    too_many = (*((str(i), False) for i in range(MAX_TRIES)), ("17", True))
    assert _refused(exercise(given=too_many)) == ("malformed", "tries")


def test_an_item_the_package_does_not_have():
    assert _refused(exercise(item="timeline_gaps", lesson="01")) == ("unknown", "'timeline_gaps'")
    assert _refused(task(item="essay", lesson="01")) == ("unknown", "'essay'")


# ---- One student's records on one item ----------------------------------------------


def _record(kernel, time, tries):
    return cs.parse_record(exercise(given=tries, kernel=kernel, time=time))


def test_merge_keeps_the_latest_record_of_each_kernel_and_adds_kernels_up():
    a1 = _record("a" * 16, "2026-12-01T09:00:00+00:00", (("16", False),))
    a2 = _record("a" * 16, "2026-12-01T09:01:00+00:00", (("16", False), ("18", False)))
    b1 = _record("b" * 16, "2026-12-01T10:00:00+00:00", (("15", False), ("17", True)))
    result = cs.merge([b1, a2, a1])
    assert result == cs.ItemResult(4, False, True, ("16", "18", "15"), "17")
    assert cs.merge([a1]) == cs.ItemResult(1, False, False, ("16",), "16")
    right_first = _record("c" * 16, T0, (("17", True),))
    assert cs.merge([right_first]) == cs.ItemResult(1, True, True, (), "17")


def test_merge_orders_kernels_by_time_not_by_list():
    late = _record("a" * 16, "2026-12-02T09:00:00+00:00", (("17", True),))
    early = _record("b" * 16, "2026-12-01T09:00:00+00:00", (("16", False),))
    assert cs.merge([late, early]).first_correct is False
    assert cs.merge([late, early]).last_correct is True


def test_merge_of_a_task_keeps_the_latest_lines():
    one = cs.parse_record(task(checked=(("a", False),), attempt=1))
    two = cs.parse_record(task(checked=(("a", True),), attempt=2))
    assert cs.merge([one, two]) == cs.ItemResult(
        2, None, None, last_answer="E01 led to E02.", lines=(("a", True),)
    )


# ---- A class ------------------------------------------------------------------------


def _class(tmp_path: Path) -> Path:
    root = tmp_path / "class"
    put(
        root / "ada" / "01_timeline.ipynb",
        notebook(
            exercise(given=(("17", True),), kernel="a" * 16),
            exercise(
                "timeline_article_dated", (("['E01']", False), ("['E02']", True)), kernel="a" * 16
            ),
            task(
                checked=(("Is 30 to 150 words long.", True), ("Names ids.", True)), kernel="a" * 16
            ),
        ),
    )
    put(
        root / "ben" / "lessons" / "01_timeline.ipynb",
        notebook(
            exercise(given=(("16", False), ("18", False)), kernel="b" * 16),
            task(
                checked=(("Is 30 to 150 words long.", False), ("Names ids.", True)), kernel="b" * 16
            ),
        ),
    )
    put(
        root / "cem.ipynb",
        notebook(exercise(given=(("16", False), ("17", True)), kernel="c" * 16)),
    )
    put(root / "dee" / "01_timeline.ipynb", notebook())
    return root


def test_counts_per_exercise(tmp_path):
    summary = cs.summarise([_class(tmp_path)])
    rows = {r.item: r for r in summary.exercises}
    assert list(rows) == ["timeline_article_dated", "timeline_gap"]  # the order of the table
    gap = rows["timeline_gap"]
    assert (gap.had, gap.attempted, gap.right_first, gap.right_end, gap.attempts) == (4, 3, 1, 2, 5)
    assert gap.wrong_answers == (("16", 2), ("18", 1))
    dated = rows["timeline_article_dated"]
    assert (dated.attempted, dated.right_first, dated.right_end, dated.attempts) == (1, 0, 1, 2)
    assert dated.wrong_answers == (("['E01']", 1),)


def test_counts_per_task(tmp_path):
    summary = cs.summarise([_class(tmp_path)])
    (row,) = [r for r in summary.tasks if r.item == "timeline_cause"]
    assert (row.had, row.wrote, row.all_passed) == (2, 2, 1)  # only ada's and ben's hold it
    assert row.failed_lines == (("Is 30 to 150 words long.", 1),)
    assert [r.item for r in summary.tasks] == ["timeline_cause"]


def test_counts_per_student(tmp_path):
    summary = cs.summarise([_class(tmp_path)])
    students = {s.name: s for s in summary.students}
    assert list(students) == ["ada", "ben", "cem", "dee"]
    assert students["ada"].results["timeline_gap"].first_correct is True
    assert students["ben"].results["timeline_gap"].last_correct is False
    assert students["ben"].notebooks == [str(Path("lessons") / "01_timeline.ipynb")]
    assert students["cem"].notebooks == ["cem.ipynb"]
    assert students["dee"].results == {} and students["dee"].lessons == {"01"}
    assert summary.notes == [] and (summary.files, summary.counted) == (4, 4)


def test_several_folders_are_one_student_each(tmp_path):
    root = _class(tmp_path)
    summary = cs.summarise([root / "ada", root / "ben", root / "cem.ipynb"])
    assert [s.name for s in summary.students] == ["ada", "ben", "cem"]
    assert summary.students[1].notebooks == [str(Path("lessons") / "01_timeline.ipynb")]


def test_folders_of_the_same_name_stay_apart(tmp_path):
    one = put(tmp_path / "a" / "kim" / "x.ipynb", notebook(exercise(kernel="a" * 16)))
    two = put(tmp_path / "b" / "kim" / "x.ipynb", notebook(exercise(kernel="b" * 16)))
    summary = cs.summarise([one.parent, two.parent])
    assert [s.name for s in summary.students] == ["kim", "kim (2)"]


def test_only_what_the_notebooks_hold_is_in_scope(tmp_path):
    only = notebook(exercise("source_sort", (("{}", False),)), source="from s400_lesson import *")
    put(tmp_path / "c" / "ada.ipynb", only)
    summary = cs.summarise([tmp_path / "c"])
    assert [r.item for r in summary.exercises] == ["source_sort"] and summary.tasks == []
    assert summary.students[0].lessons == {"05"}


def test_a_lesson_is_known_from_its_cells_before_any_record(tmp_path):
    source = 'from s400_lesson import review\nreview("six_more", answer)'
    put(tmp_path / "c" / "ada" / "mine.ipynb", notebook(source=source))
    summary = cs.summarise([tmp_path / "c"])
    assert summary.students[0].lessons == {"03"} and summary.exercises == []
    (six,) = summary.tasks
    assert (six.item, six.lesson, six.had, six.wrote, six.all_passed) == ("six_more", "03", 1, 0, 0)


def test_anonymous_numbers_students_and_hides_their_names(tmp_path):
    root = _class(tmp_path)
    put(root / "eve" / "eve_01.ipynb", "not json")
    summary = cs.summarise([root], anonymous=True)
    names = sorted(summary.names.values())
    assert names == ["Student 1", "Student 2", "Student 3", "Student 4", "Student 5"]
    page = render_html(summary, [root])
    table = json.dumps(csv_rows(summary))
    notes = " ".join(summary.line(n) for n in summary.notes)
    for name in ("ada", "ben", "cem", "dee", "eve", str(root)):
        word = re.compile(rf"\b{re.escape(name)}\b")
        assert not word.search(page) and not word.search(table) and not word.search(notes), name
    assert "one of their notebooks: not a notebook (not JSON)" in notes
    order = [summary.names[s] for s in ("ada", "ben", "cem", "dee", "eve")]
    assert order != sorted(order), "numbered in the order of the names"


# ---- Bad input: one line each, the rest counted -------------------------------------


BAD = {
    "not_json.ipynb": ("not json {", "not a notebook (not JSON)"),
    "empty.ipynb": ("", "not a notebook (not JSON)"),
    "list.ipynb": ("[1, 2]", "not a Jupyter notebook (format 4)"),
    "old.ipynb": ('{"nbformat": 3, "worksheets": []}', "not a Jupyter notebook (format 4)"),
    "nocells.ipynb": ('{"nbformat": 4, "cells": {}}', "not a Jupyter notebook (format 4)"),
    "deep.ipynb": ("[" * 100_000, "not a notebook (not JSON)"),
    "binary.ipynb": (b"\x80\x81 not text", "not a notebook (not JSON)"),
    "other_unit.ipynb": (
        notebook(source="import numpy as np\nnp.arange(3)"),
        "not a notebook of this unit (no s400_lesson in it)",
    ),
    "newer.ipynb": (
        notebook(exercise(format=2), exercise(format=2)),
        "2 records not counted: 2 of format 2, which this version of the package cannot read "
        "(it reads format 1): update the package",
    ),
    "forged.ipynb": (
        notebook({**exercise(given=(("16", False),)), "correct": True}),
        "1 record not counted: 1 edited by hand (the seal does not match)",
    ),
    "malformed.ipynb": (
        notebook(exercise(attempt=0), "a string", exercise(item="nope", lesson="01")),
        "3 records not counted: 2 malformed (attempt 0); 1 for an exercise or task this version "
        "of the package does not have ('nope')",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_bad_file_gets_its_line_and_the_class_is_still_counted(tmp_path, name):
    root = _class(tmp_path)
    content, message = BAD[name]
    put(root / "eve" / name, content)
    summary = cs.summarise([root])
    found = lines_about(summary, name)
    assert len(found) == 1, [summary.line(n) for n in summary.notes]
    assert found[0] == f"eve: {name}: {message}"
    assert len(summary.notes) == 1
    gap = next(r for r in summary.exercises if r.item == "timeline_gap")
    assert (gap.attempted, gap.right_first, gap.right_end) == (3, 1, 2)


def test_a_file_over_the_limit_is_not_read(tmp_path):
    root = _class(tmp_path)
    big = root / "eve" / "huge.ipynb"
    big.parent.mkdir()
    with open(big, "wb") as handle:
        handle.truncate(cs.MAX_BYTES + 1)  # sparse: no 20 MB written
    summary = cs.summarise([root])
    assert lines_about(summary, "huge.ipynb") == [
        "eve: huge.ipynb: 20.0 MB, over the 20.0 MB limit: not read"
    ]
    assert summary.counted == 4
    with open(big, "wb") as handle:
        handle.truncate(cs.MAX_BYTES)
    assert "limit" not in " ".join(lines_about(cs.summarise([root]), "huge.ipynb"))


def test_links_and_special_files_are_not_followed(tmp_path):
    root = _class(tmp_path)
    (root / "eve").mkdir()
    os.symlink(root / "ada" / "01_timeline.ipynb", root / "eve" / "link.ipynb")
    os.mkfifo(root / "eve" / "pipe.ipynb")  # reading it would wait for ever
    os.symlink(root / "ada", root / "ada_again")
    summary = cs.summarise([root])
    assert lines_about(summary, "link.ipynb") == ["eve: link.ipynb: a link: not followed"]
    assert lines_about(summary, "pipe.ipynb") == ["eve: pipe.ipynb: not a regular file"]
    assert "ada_again" not in {s.name for s in summary.students}


def test_checkpoints_and_hidden_folders_are_skipped(tmp_path):
    root = _class(tmp_path)
    put(root / "ada" / ".ipynb_checkpoints" / "01_timeline-checkpoint.ipynb", "not json")
    put(root / ".hidden" / "x.ipynb", "not json")
    summary = cs.summarise([root])
    assert summary.notes == [] and summary.files == 4


def test_the_same_file_twice_counts_once(tmp_path):
    root = _class(tmp_path)
    original = root / "ada" / "01_timeline.ipynb"
    put(root / "ada" / "backup" / "01_timeline.ipynb", original.read_text(encoding="utf-8"))
    put(root / "ada" / "01_timeline copy.ipynb", original.read_text(encoding="utf-8"))
    lesson_05 = notebook(exercise("source_sort", (("{}", False),)), source="import s400_lesson")
    put(root / "ada" / "05.ipynb", lesson_05)
    summary = cs.summarise([root])
    assert [summary.line(n) for n in summary.notes] == [
        "ada: 01_timeline.ipynb: the same file as 01_timeline copy.ipynb: counted once",
        f"ada: {Path('backup') / '01_timeline.ipynb'}: the same file as 01_timeline copy.ipynb: "
        "counted once",
    ]
    ada = next(s for s in summary.students if s.name == "ada")
    assert ada.results["timeline_gap"].attempts == 1
    assert ada.notebooks == ["01_timeline copy.ipynb", "05.ipynb"] and "source_sort" in ada.results
    assert ada.lessons == {"01", "05"} and {"timeline_gap", "source_sort"} <= ada.items
    assert summary.counted == 5


def test_a_copy_of_the_same_kernel_counts_for_neither_student(tmp_path):
    root = _class(tmp_path)
    copied = notebook(exercise(given=(("17", True),), kernel="a" * 16))
    put(root / "eve" / "01_timeline.ipynb", copied)
    summary = cs.summarise([root])
    found = [summary.line(n) for n in summary.notes]
    assert found == [
        "ada: 3 records also found in another student's notebook (copied from one kernel): "
        "counted for neither",
        "eve: 1 record also found in another student's notebook (copied from one kernel): "
        "counted for neither",
    ]
    gap = next(r for r in summary.exercises if r.item == "timeline_gap")
    assert (gap.attempted, gap.right_first) == (2, 0)
    assert [(n.student, n.where) for n in summary.notes] == [("ada", ""), ("eve", "")]


def test_untouched_lessons_are_the_same_file_for_everyone_and_fine(tmp_path):
    for name in ("ada", "ben"):
        put(tmp_path / "c" / name / "01_timeline.ipynb", notebook())
    summary = cs.summarise([tmp_path / "c"])
    assert summary.notes == [] and summary.counted == 2


def test_folders_without_notebooks(tmp_path):
    root = _class(tmp_path)
    (root / "fay").mkdir()
    summary = cs.summarise([root, tmp_path / "missing", tmp_path / "class" / "cem.ipynb"])
    lines = [summary.line(n) for n in summary.notes]
    assert f"{tmp_path / 'missing'}: no such folder" in lines
    (tmp_path / "empty").mkdir()
    assert [summary.line(n) for n in cs.summarise([tmp_path / "empty"]).notes] == [
        f"{tmp_path / 'empty'}: no notebooks in this folder"
    ]
    alone = cs.summarise([root])
    assert alone.notes == [cs.Note("fay", "", "no notebooks in this folder")]
    assert "fay" in {s.name for s in alone.students}
    text = put(tmp_path / "readme.txt", "hello")
    assert [cs.summarise([text]).line(n) for n in cs.summarise([text]).notes] == [
        f"{text}: not a folder or a notebook"
    ]


def test_an_unreadable_file_gets_its_line(tmp_path, monkeypatch):
    root = _class(tmp_path)
    real = cs.read_notebook

    def broken(path, limit=cs.MAX_BYTES):
        if path.name == "cem.ipynb":
            raise MemoryError
        return real(path, limit)

    monkeypatch.setattr(cs, "read_notebook", broken)
    summary = cs.summarise([root])
    assert [summary.line(n) for n in summary.notes] == ["cem: could not be read (MemoryError)"]
    assert summary.counted == 3


def test_a_file_that_cannot_be_opened(tmp_path):
    root = _class(tmp_path)
    locked = root / "dee" / "01_timeline.ipynb"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: permissions do not stop reading")
        summary = cs.summarise([root])
        assert lines_about(summary, "dee") == [
            "dee: 01_timeline.ipynb: cannot be read (Permission denied)"
        ]
    finally:
        locked.chmod(0o644)


def test_the_package_checkout_is_skipped(tmp_path):
    root = _class(tmp_path)
    teacher = put(root / "teacher" / "s400" / "notebooks" / "01.ipynb", notebook()).parents[1]
    summary = cs.summarise([root], skip=[teacher])
    assert "teacher" in {s.name for s in summary.students}
    assert summary.counted == 4
    summary = cs.summarise([root], skip=[root / "teacher"])
    assert "teacher" not in {s.name for s in summary.students}


# ---- Nothing run, nothing written into the students' folders ------------------------


def _checksums(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def test_the_command_reads_and_never_runs_or_writes_there(tmp_path, capsys):
    root = _class(tmp_path)
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w').write('ran')\nimport s400_lesson"
    put(root / "eve" / "trap.ipynb", notebook(exercise(kernel="e" * 16), source=code))
    put(root / "eve" / "json.py", f"open({str(marker)!r}, 'w')")
    put(root / "eve" / "s400_lesson" / "__init__.py", f"open({str(marker)!r}, 'w')")
    before = _checksums(root)
    out = tmp_path / "summary"
    assert main(["class-summary", str(root), "--out", str(out)]) == 0
    assert not marker.exists() and _checksums(root) == before
    printed = capsys.readouterr()
    assert printed.out.splitlines()[-1].startswith(f"wrote {out / 'class_summary.html'} and ")
    assert "5 notebooks of 5 students" in printed.out
    assert (out / "class_summary.csv").is_file()


def test_out_inside_a_students_folder_is_refused(tmp_path, capsys):
    root = _class(tmp_path)
    before = _checksums(root)
    assert main(["class-summary", str(root), "--out", str(root / "ada" / "summary")]) == 2
    err = capsys.readouterr().err
    assert "a folder of students' work; give --out a folder outside it" in err
    assert _checksums(root) == before and not (root / "ada" / "summary").exists()


def test_nothing_to_summarise(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    assert main(["class-summary", str(tmp_path / "empty"), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert "no notebooks in this folder" in printed.out
    assert "nothing written" in printed.err and not out.exists()


def test_an_out_folder_that_cannot_be_written(tmp_path, capsys):
    root = _class(tmp_path)
    blocker = put(tmp_path / "file", "x")
    assert main(["class-summary", str(root), "--out", str(blocker / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("s400-lesson class-summary: cannot write") and "Traceback" not in err


def test_the_default_out_folder(tmp_path, monkeypatch, capsys):
    root = _class(tmp_path)
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    monkeypatch.chdir(project)
    assert main(["class-summary", str(root)]) == 0
    assert (project / "build" / "class-summary" / "class_summary.html").is_file()
    capsys.readouterr()


# ---- The page and the CSV -----------------------------------------------------------


def test_every_answer_and_name_is_shown_as_text(tmp_path):
    root = tmp_path / "class"
    evil = "<script>alert(1)</script>"
    put(
        root / "<b>kim&" / "01.ipynb",
        notebook(
            exercise(given=((evil, False),), kernel="a" * 16),
            task(checked=(("<i>line</i>", False),), kernel="a" * 16),
        ),
    )
    summary = cs.summarise([root])
    page = render_html(summary, [root])
    assert "<script>" not in page and "<b>kim" not in page and "<i>line" not in page
    assert html_escaped(evil) in page and html_escaped("<b>kim&") in page
    assert html_escaped("<i>line</i>") in page


def html_escaped(text: str) -> str:
    import html

    return html.escape(text)


def test_the_page_shows_the_counts(tmp_path):
    root = _class(tmp_path)
    put(root / "eve" / "bad.ipynb", "nope")
    summary = cs.summarise([root])
    page = render_html(summary, [root])
    assert "4 notebooks of 5 students counted, of 5 found" in re.sub(r"<[^>]+>", "", page)
    assert "eve: bad.ipynb: not a notebook (not JSON)" in page
    assert '<td class="n">1 of 3</td><td class="n">2 of 3</td>' in page  # timeline_gap
    assert "16</span> (2 students)" in page
    assert "Is 30 to 150 words long. (1 answer)" in page
    assert 'alt="Bar chart of 2 exercises' in page and "data:image/png;base64," in page
    assert "not to grade" in page


def test_the_csv_has_a_row_per_student_and_item(tmp_path):
    root = _class(tmp_path)
    summary = cs.summarise([root])
    out = tmp_path / "out"
    main(["class-summary", str(root), "--out", str(out)])
    with open(out / "class_summary.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    items = len(summary.exercises) + len(summary.tasks)
    assert len(rows) == 4 * items
    ben = next(r for r in rows if r["student"] == "ben" and r["item"] == "timeline_gap")
    assert ben == {
        "student": "ben",
        "lesson": "01",
        "kind": "exercise",
        "item": "timeline_gap",
        "handed_in": "yes",
        "attempts": "2",
        "right_first": "no",
        "right_end": "no",
        "wrong_answers": "16 | 18",
        "last_answer": "18",
        "automatic_lines_met": "",
        "automatic_lines": "",
        "lines_not_met": "",
    }
    ben_task = next(r for r in rows if r["student"] == "ben" and r["item"] == "timeline_cause")
    assert (ben_task["automatic_lines_met"], ben_task["automatic_lines"]) == ("1", "2")
    assert ben_task["lines_not_met"] == "Is 30 to 150 words long."
    assert ben_task["last_answer"] == ""  # free text stays out of the spreadsheet
    dee = next(r for r in rows if r["student"] == "dee" and r["item"] == "timeline_gap")
    assert (dee["handed_in"], dee["attempts"], dee["right_end"]) == ("yes", "0", "")


def test_csv_cells_never_start_a_formula(tmp_path):
    root = tmp_path / "class"
    put(root / "kim" / "01.ipynb", notebook(exercise(given=(("=HYPERLINK(1)", False),))))
    out = tmp_path / "out"
    main(["class-summary", str(root), "--out", str(out)])
    text = (out / "class_summary.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text and ",=HYPERLINK" not in text


def test_the_chart_puts_the_hardest_on_top():
    rows = [
        cs.ExerciseRow("easy", "01", 4, 4, 4, 4, 4, ()),
        cs.ExerciseRow("hard", "01", 4, 4, 0, 2, 9, ()),
        cs.ExerciseRow("untried", "01", 4, 0, 0, 0, 0, ()),
    ]
    chart = hardest_chart(rows)
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["easy (01)", "hard (01)"]  # drawn bottom up: the hardest at the top
    assert chart.alt.startswith("Bar chart of 2 exercises")
    assert "Hardest: hard, 0 of 4 right at the first attempt and 2 in the end; easy" in chart.alt
    assert chart.min_font_pt >= 11
    assert hardest_chart([rows[2]]) is None


def test_every_exercise_has_its_lesson_and_the_notebooks_agree():
    assert set(EXERCISES) <= set(EXERCISE_LESSONS), "give each new exercise its lesson"
    calls = re.compile(r"""\b(check|review)\(\s*["'](\w+)["']""")
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in (c for c in nb["cells"] if c["cell_type"] == "code"):
            for call, item in calls.findall("".join(cell["source"])):
                lesson = EXERCISE_LESSONS[item] if call == "check" else TASKS[item].lesson
                assert path.name.startswith(lesson + "_"), (path.name, item)


def test_lesson_titles():
    assert cs.lesson_title("01") == "01 Timeline"
    assert cs.lesson_title("99") == "99"


def test_odd_cells_are_passed_over(tmp_path):
    record = exercise(given=(("17", True),))
    cells = [
        "not a cell",
        {"cell_type": "markdown", "source": 'check("source_sort", answer)'},
        {"cell_type": "code", "source": ["from s400_lesson import check\n", 'check("six', 7]},
        {"cell_type": "code", "source": 'check("nope", answer)', "outputs": None},
        {"cell_type": "code", "source": None, "outputs": ["text", {"data": []}, {"x": 1}]},
        {
            "cell_type": "code",
            "source": ['review("six_more", a)'],
            "outputs": [{"data": {MIME: record}}],
        },
    ]
    put(tmp_path / "c" / "ada.ipynb", {"nbformat": 4, "cells": cells})
    summary = cs.summarise([tmp_path / "c"])
    (ada,) = summary.students
    assert ada.lessons == {"01", "03"} and list(ada.results) == ["timeline_gap"]
    assert summary.notes == []


def test_the_most_common_wrong_answers_come_first(tmp_path):
    # Seen first: z, b, a, c; counted: z 4, b 2, a 2, then once each c to f.
    for n, answers in enumerate(["zb", "zba", "za", "zcdef"]):
        given = tuple((a, False) for a in answers)
        lines = tuple((f"line {x}", False) for x in answers)
        kernel = f"{n:016x}"
        records = (exercise(given=given, kernel=kernel), task(checked=lines, kernel=kernel))
        put(tmp_path / "c" / f"s{n}.ipynb", notebook(*records))
    summary = cs.summarise([tmp_path / "c"])
    gap = next(r for r in summary.exercises if r.item == "timeline_gap")
    assert gap.wrong_answers == (("z", 4), ("a", 2), ("b", 2), ("c", 1), ("d", 1))
    assert (gap.attempted, gap.right_first, gap.right_end, gap.attempts) == (4, 0, 0, 12)
    cause = next(r for r in summary.tasks if r.item == "timeline_cause")
    assert [line for line, _ in cause.failed_lines] == [f"line {x}" for x in "zabcdef"]
    assert [n for _, n in cause.failed_lines] == [4, 2, 2, 1, 1, 1, 1]
    assert (cause.wrote, cause.all_passed) == (4, 0)


def test_merge_breaks_ties_by_time_then_kernel():
    same = "2026-12-01T09:00:00+00:00"
    later = "2026-12-01T09:05:00+00:00"
    old = _record("a" * 16, same, (("16", False), ("15", False)))
    new = _record("a" * 16, later, (("16", False), ("17", True)))
    assert cs.merge([new, old]).last_correct is True
    assert cs.merge([old, new]).last_correct is True
    first = _record("1" * 16, same, (("17", True),))
    second = _record("2" * 16, same, (("16", False),))
    assert cs.merge([second, first]) == cs.ItemResult(2, True, False, ("16",), "16")


def test_ten_students_or_more_are_numbered_to_the_same_width(tmp_path):
    for n in range(10):
        put(tmp_path / "c" / f"s{n}.ipynb", notebook())
    (tmp_path / "c" / "readme.txt").write_text("not a student", encoding="utf-8")
    put(tmp_path / "c" / "s3" / ".secret.ipynb", "not json")
    summary = cs.summarise([tmp_path / "c"], anonymous=True)
    assert sorted(summary.names.values()) == [f"Student {n:02d}" for n in range(1, 12)]
    assert [summary.line(n) for n in summary.notes] == [
        f"{summary.names['s3']}: no notebooks in this folder"
    ]
    named = cs.summarise([tmp_path / "c"])
    assert named.names["s3"] == "s3" and len(named.students) == 11


def test_one_notebook_of_one_student_is_said_so(tmp_path, capsys):
    put(tmp_path / "c" / "kim.ipynb", notebook(exercise()))
    assert main(["class-summary", str(tmp_path / "c"), "--out", str(tmp_path / "out")]) == 0
    assert "1 notebook of 1 student (" in capsys.readouterr().out
    page = (tmp_path / "out" / "class_summary.html").read_text(encoding="utf-8")
    assert "1 notebook of 1 student counted, of 1 found" in page


def test_folders_that_cannot_be_listed_get_their_line(tmp_path, monkeypatch):
    root = _class(tmp_path)
    real_walk, real_iterdir = os.walk, Path.iterdir

    def walk(top, onerror=None, **kwargs):
        if Path(top).name == "ben":
            onerror(PermissionError(13, "Permission denied", str(Path(top) / "lessons")))
            onerror(OSError(5, "Input/output error"))
            return iter(())
        return real_walk(top, onerror=onerror, **kwargs)

    monkeypatch.setattr(os, "walk", walk)
    summary = cs.summarise([root])
    assert [summary.line(n) for n in summary.notes] == [
        "ben: lessons: cannot be read (Permission denied)",
        "ben: cannot be read (Input/output error)",
        "ben: no notebooks in this folder",
    ]
    assert summary.notes[1] == cs.Note("ben", "", "cannot be read (Input/output error)")

    def iterdir(self):
        if self == root:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    summary = cs.summarise([root])
    assert [summary.line(n) for n in summary.notes] == [
        f"{root}: cannot be read (Permission denied)"
    ]


def test_a_file_that_fails_to_open_gets_its_reason(tmp_path, monkeypatch):
    root = _class(tmp_path)
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "cem.ipynb":
            raise PermissionError(13, "Permission denied", str(self))
        if self.parent.name == "dee":
            raise OSError  # no reason given
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    summary = cs.summarise([root])
    assert [summary.line(n) for n in summary.notes] == [
        "cem: cannot be read (Permission denied)",
        "dee: 01_timeline.ipynb: cannot be read (OSError)",
    ]


def test_a_lesson_with_other_cells_is_still_the_units(tmp_path):
    nb = notebook()
    nb["cells"].append({**nb["cells"][0], "id": "c1", "source": "import pandas as pd"})
    put(tmp_path / "c" / "kim.ipynb", nb)
    summary = cs.summarise([tmp_path / "c"])
    assert summary.notes == [] and summary.counted == 1


def test_the_size_limit_is_said_in_megabytes(tmp_path):
    big = tmp_path / "c" / "kim.ipynb"
    big.parent.mkdir()
    with open(big, "wb") as handle:
        handle.truncate(1_050_000)
    summary = cs.summarise([tmp_path / "c"], limit=1_000_000)
    assert [summary.line(n) for n in summary.notes] == [
        "kim: 1.1 MB, over the 1.0 MB limit: not read"
    ]


def test_merge_keeps_the_first_of_two_equal_records():
    one = _record("a" * 16, T0, (("16", False),))
    other = _record("a" * 16, T0, (("15", False),))
    assert cs.merge([one, other]).last_answer == "16"
    assert cs.merge([other, one]).last_answer == "15"


def test_a_cell_with_a_bad_record_and_a_good_one(tmp_path):
    nb = notebook(exercise(attempt=0), exercise(given=(("17", True),)))
    first, second = nb["cells"]
    first["outputs"] += second["outputs"]
    nb["cells"] = [first]
    put(tmp_path / "c" / "kim.ipynb", nb)
    summary = cs.summarise([tmp_path / "c"])
    assert [summary.line(n) for n in summary.notes] == [
        "kim: 1 record not counted: 1 malformed (attempt 0)"
    ]
    assert summary.students[0].results["timeline_gap"].last_correct is True


def test_a_call_split_over_source_lines_is_read(tmp_path):
    nb = notebook(source=["from s400_lesson import review\n", "review(\n", '    "six_more", a)'])
    put(tmp_path / "c" / "kim.ipynb", nb)
    assert cs.summarise([tmp_path / "c"]).students[0].items == {"six_more"}


def test_student_names_keep_their_dots(tmp_path):
    put(tmp_path / "c" / "ada.smith" / "01.ipynb", notebook())
    put(tmp_path / "c" / "kim.ipynb" / "01.ipynb", notebook())
    put(tmp_path / "c" / "lee.ipynb", notebook())
    summary = cs.summarise([tmp_path / "c"])
    assert [s.name for s in summary.students] == ["ada.smith", "kim.ipynb", "lee"]

"""The class summary on real lessons: scripted students run them in fresh kernels, save, and the
summary's counts must equal what they typed. Bad files beside them get one line each."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from scripted_class import answer_cells, run_scripted, task_answers, wrong_answers

from s400_lesson.__main__ import main
from s400_lesson.exercises.answer_checks import check, solution
from s400_lesson.exercises.attempt_record import MIME, shown_answer
from s400_lesson.exercises.writing_review import review
from s400_lesson.teacher.class_summary import summarise

pytestmark = pytest.mark.slow
NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def scripts() -> dict[str, dict[str, dict[str, list]]]:
    """student -> lesson stem -> item -> answers as values (exercises) or texts (tasks)."""
    plans: dict[str, dict[str, dict[str, list]]] = {"ada": {}, "ben": {}, "cem": {}}
    for path in NOTEBOOKS:
        items = answer_cells(nbformat.read(path, as_version=4))
        for name in plans:
            plans[name][path.stem] = {}
        for k, item in enumerate(sorted(items)):
            if _is_task(item):
                poor, full = task_answers(item)
                plans["ada"][path.stem][item] = [full]
                plans["ben"][path.stem][item] = [poor, full]
                if k % 2:
                    plans["cem"][path.stem][item] = [poor]
                continue
            right, wrong = solution(item), wrong_answers(item)
            plans["ada"][path.stem][item] = [right]
            plans["ben"][path.stem][item] = [*wrong, right]  # every slip, then right
            if k % 2 == 0:  # cem leaves every other exercise blank
                plans["cem"][path.stem][item] = [wrong[0]]
    return plans


def _is_task(item: str) -> bool:
    from s400_lesson.exercises.writing_tasks import TASKS

    return item in TASKS


@pytest.fixture(scope="module")
def scripted(tmp_path_factory) -> tuple[Path, dict]:
    """A class folder: ada, ben and cem ran every lesson; dee handed in untouched lessons."""
    root = tmp_path_factory.mktemp("class")
    workdir = tmp_path_factory.mktemp("cwd")
    plans = scripts()
    for student, lessons in plans.items():
        (root / student).mkdir()
        for path in NOTEBOOKS:
            typed = {item: [repr(v) for v in tries] for item, tries in lessons[path.stem].items()}
            nb = run_scripted(path, workdir, typed)
            nbformat.validate(nb)  # the records keep the notebook valid nbformat 4.5
            nbformat.write(nb, root / student / path.name)
    (root / "dee").mkdir()
    for path in NOTEBOOKS:
        shutil.copy(path, root / "dee" / path.name)
    return root, plans


def expected_exercises(plans: dict) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for lessons in plans.values():
        for items in lessons.values():
            for item, tries in items.items():
                if _is_task(item):
                    continue
                row = out.setdefault(
                    item, {"attempted": 0, "first": 0, "end": 0, "attempts": 0, "wrong": Counter()}
                )
                verdicts = [bool(check(item, v)) for v in tries]
                row["attempted"] += 1
                row["first"] += verdicts[0]
                row["end"] += verdicts[-1]
                row["attempts"] += len(tries)
                wrong = dict.fromkeys(
                    shown_answer(v) for v, ok in zip(tries, verdicts, strict=True) if not ok
                )
                row["wrong"].update(list(wrong))
    return out


def test_exercise_counts_equal_what_was_typed(scripted):
    root, plans = scripted
    summary = summarise([root])
    expected = expected_exercises(plans)
    rows = {r.item: r for r in summary.exercises}
    assert set(rows) == set(expected)
    for item, want in expected.items():
        row = rows[item]
        assert row.had == 4, item  # dee handed the lesson in too
        assert (row.attempted, row.right_first, row.right_end, row.attempts) == (
            want["attempted"],
            want["first"],
            want["end"],
            want["attempts"],
        ), item
        top = sorted(want["wrong"].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        assert list(row.wrong_answers) == top, item


def test_task_counts_equal_what_was_typed(scripted):
    root, plans = scripted
    summary = summarise([root])
    for row in summary.tasks:
        answers = [
            lessons[stem][row.item]
            for lessons in plans.values()
            for stem in lessons
            if row.item in lessons[stem]
        ]
        assert row.wrote == len(answers), row.item
        failed: Counter[str] = Counter()
        passed_all = 0
        for tries in answers:
            items = review(row.item, tries[-1]).items
            auto = [i for i in items if i.status in ("passed", "not_yet")]
            failed.update(i.criterion for i in auto if i.status == "not_yet")
            passed_all += all(i.status == "passed" for i in auto)
        assert dict(row.failed_lines) == dict(failed), row.item
        assert row.all_passed == passed_all, row.item


def test_students_and_who_never_started(scripted):
    root, plans = scripted
    summary = summarise([root])
    students = {s.name: s for s in summary.students}
    assert set(students) == {"ada", "ben", "cem", "dee"}
    assert students["dee"].results == {}
    assert len(students["dee"].notebooks) == len(NOTEBOOKS)
    exercises = {r.item for r in summary.exercises}
    for name in ("ada", "ben", "cem"):
        typed = {i for items in plans[name].values() for i in items if i in exercises}
        assert {i for i in students[name].results if i in exercises} == typed
    assert all(students["ada"].results[i].first_correct for i in exercises)


def test_bad_files_beside_real_lessons_get_one_line_each(scripted, tmp_path, capsys):
    root, _ = scripted
    folder = tmp_path / "class"
    shutil.copytree(root, folder)
    ada = folder / "ada" / NOTEBOOKS[1].name
    nb = json.loads(ada.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if MIME in output.get("data", {}):
                output["data"][MIME]["correct"] = not output["data"][MIME].get("correct")
    forged = folder / "eve" / "forged.ipynb"
    forged.parent.mkdir()
    forged.write_text(json.dumps(nb), encoding="utf-8")
    (folder / "eve" / "notes.ipynb").write_text("not json {", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["class-summary", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    lines = printed.out.splitlines()
    assert "Traceback" not in printed.out + printed.err
    assert len([line for line in lines if "forged.ipynb" in line]) == 1
    assert len([line for line in lines if "notes.ipynb" in line]) == 1
    summary = summarise([folder])
    assert {s.name for s in summary.students} >= {"ada", "ben", "cem", "dee"}
    # Every record of eve's copy was refused; the file itself is a notebook of the unit.
    assert summary.counted == 4 * len(NOTEBOOKS) + 1
    counts = [(r.attempted, r.right_first, r.right_end, r.wrong_answers) for r in summary.exercises]
    clean = summarise([root]).exercises
    assert counts == [(r.attempted, r.right_first, r.right_end, r.wrong_answers) for r in clean]
    assert (out / "class_summary.html").is_file() and (out / "class_summary.csv").is_file()

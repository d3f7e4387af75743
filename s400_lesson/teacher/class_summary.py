"""The class summary's reader: what a class did, from the notebooks the students saved.

Every ``check`` and ``review`` leaves a record in its output (``exercises/attempt_record.py``).
This module finds the ``.ipynb`` files under the folders a teacher gives, reads each as JSON text
and nothing more (it never runs a cell, never imports a student's code, never writes), refuses
bad files and records with one line each, and counts per exercise, per writing task and per
student. ``class_summary_page.py`` turns the counts into the page and the CSV.

Students: with one folder, each file or folder directly in it is one student's (a folder of
hand-ins, or ``/home`` on a hub); with several folders (``/home/jupyter-*/``), each folder is one
student's. Hidden folders (``.ipynb_checkpoints``) and links are not followed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..data.lessons import LESSONS
from ..exercises.attempt_record import FORMAT, MAX_ANSWER, MAX_LINE, MAX_TRIES, MIME, seal
from ..exercises.exercise_lessons import EXERCISE_LESSONS
from ..exercises.writing_tasks import TASKS

MAX_BYTES = 20_000_000  # an executed lesson is well under 1 MB; a bigger file is not read
MAX_ATTEMPT = 10_000
MAX_LINES = 50
MAX_WORDS = 1_000_000
_KERNEL = re.compile(r"[0-9a-f]{16}")
_CALL = re.compile(r"""\b(check|review)\(\s*["']([A-Za-z0-9_]{1,80})["']""")
_LESSON_FILE = re.compile(r"(\d\d)_")
_KINDS = {"check": "exercise", "review": "task"}
_COMMON: dict[str, type] = {
    "format": int,
    "kind": str,
    "id": str,
    "lesson": str,
    "attempt": int,
    "kernel": str,
    "time": str,
    "seal": str,
}
_FIELDS: dict[str, dict[str, type]] = {
    "exercise": {"correct": bool, "answer": str, "type": str, "tries": list},
    "task": {"answer": str, "words": int, "lines": list},
}
REASONS = {
    "forged": "edited by hand (the seal does not match)",
    "malformed": "malformed",
    "unknown": "for an exercise or task this version of the package does not have",
}


class RecordError(ValueError):
    """A record that cannot be counted; ``reason`` is version, forged, malformed or unknown."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Record:
    """One check or review as its output recorded it."""

    kind: str
    item: str
    lesson: str
    attempt: int
    kernel: str
    time: str
    correct: bool | None = None
    answer: str = ""
    tries: tuple[tuple[str, bool], ...] = ()
    lines: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Note:
    """One line about a file, a folder or a record that was not counted (or counted once)."""

    student: str | None
    where: str
    message: str


@dataclass
class Reading:
    """What one file held: its lessons, the exercises and tasks its cells check, and its
    records; or why it was skipped."""

    ours: bool = False
    lessons: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)
    records: list[Record] = field(default_factory=list)
    skipped: str | None = None
    refused: str | None = None
    digest: str = ""


@dataclass(frozen=True)
class ItemResult:
    """One student's work on one exercise or task, over every kernel their notebooks recorded."""

    attempts: int
    first_correct: bool | None
    last_correct: bool | None
    wrong: tuple[str, ...] = ()
    last_answer: str = ""
    lines: tuple[tuple[str, bool], ...] = ()


@dataclass
class Student:
    name: str
    notebooks: list[str] = field(default_factory=list)
    lessons: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)
    records: list[Record] = field(default_factory=list)
    results: dict[str, ItemResult] = field(default_factory=dict)


@dataclass(frozen=True)
class ExerciseRow:
    item: str
    lesson: str
    had: int
    attempted: int
    right_first: int
    right_end: int
    attempts: int
    wrong_answers: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class TaskRow:
    item: str
    lesson: str
    title: str
    had: int
    wrote: int
    all_passed: int
    failed_lines: tuple[tuple[str, int], ...]


@dataclass
class ClassSummary:
    """Everything the page and the CSV show."""

    students: list[Student]
    exercises: list[ExerciseRow]
    tasks: list[TaskRow]
    notes: list[Note]
    files: int
    counted: int
    names: dict[str, str]
    anonymous: bool = False

    def line(self, note: Note) -> str:
        """A note as one line, naming the student as the page does (with --anonymous, by
        number, and a file in their folder without its name, which may hold theirs)."""
        who = self.names[note.student] if note.student else None
        where = "one of their notebooks" if self.anonymous and who and note.where else note.where
        return ": ".join(part for part in (who, where, note.message) if part)


# ---- Records ------------------------------------------------------------------------


def parse_record(data: Any) -> Record:
    """The record in an output's bundle, checked field by field; RecordError if it cannot count."""
    if not isinstance(data, dict):
        raise RecordError("malformed", "not a JSON object")
    version = data.get("format")
    if type(version) is not int:
        raise RecordError("malformed", "no format version")
    if version != FORMAT:
        raise RecordError("version", str(version)[:10])
    kind = data.get("kind")
    if kind is None:
        raise RecordError("malformed", "no kind")
    if kind not in _FIELDS:
        raise RecordError("malformed", f"kind {str(kind)[:20]!r}")
    expected = {**_COMMON, **_FIELDS[kind]}
    if missing := sorted(set(expected) - set(data)):
        raise RecordError("malformed", f"no {missing[0]}")
    if extra := sorted(set(data) - set(expected)):
        raise RecordError("malformed", f"unexpected field {extra[0][:30]!r}")
    for key, kind_of in expected.items():
        if type(data[key]) is not kind_of:
            raise RecordError("malformed", f"{key} is not {_TYPE_NAMES[kind_of]}")
    if data["seal"] != seal(data):
        raise RecordError("forged", "seal")
    return _checked(data)


_TYPE_NAMES = {int: "a whole number", str: "text", bool: "true or false", list: "a list"}


def _checked(data: dict[str, Any]) -> Record:
    kind, item, lesson = data["kind"], data["id"], data["lesson"]
    expected = EXERCISE_LESSONS.get(item) if kind == "exercise" else _task_lesson(item)
    if expected is None:
        raise RecordError("unknown", f"{item[:40]!r}")
    if lesson != expected:
        raise RecordError("malformed", f"{item} names lesson {lesson[:10]!r}, not {expected}")
    if not 1 <= data["attempt"] <= MAX_ATTEMPT:
        raise RecordError("malformed", f"attempt {data['attempt']}")
    if not _KERNEL.fullmatch(data["kernel"]):
        raise RecordError("malformed", "kernel id")
    if not _is_time(data["time"]):
        raise RecordError("malformed", "time")
    if len(data["answer"]) > MAX_ANSWER:
        raise RecordError("malformed", "answer too long")
    common = {"kind": kind, "item": item, "lesson": lesson, "attempt": data["attempt"]}
    common |= {"kernel": data["kernel"], "time": data["time"], "answer": data["answer"]}
    if kind == "exercise":
        tries = _tries(data["tries"], data["attempt"])
        if tries[-1] != (data["answer"], data["correct"]):
            raise RecordError("malformed", "the last try is not the answer recorded")
        return Record(**common, correct=data["correct"], tries=tries)
    if not 0 <= data["words"] <= MAX_WORDS:
        raise RecordError("malformed", "word count")
    return Record(**common, lines=_lines(data["lines"]))


def _task_lesson(item: str) -> str | None:
    task = TASKS.get(item)
    return None if task is None else task.lesson


def _is_time(text: str) -> bool:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return False
    return when.tzinfo is not None


def _tries(raw: list[Any], attempt: int) -> tuple[tuple[str, bool], ...]:
    if not 1 <= len(raw) <= min(MAX_TRIES, attempt):
        raise RecordError("malformed", "tries")
    tries = []
    for one in raw:
        if not (
            isinstance(one, dict)
            and set(one) == {"answer", "correct"}
            and type(one["answer"]) is str
            and type(one["correct"]) is bool
            and len(one["answer"]) <= MAX_ANSWER
        ):
            raise RecordError("malformed", "a try")
        tries.append((one["answer"], one["correct"]))
    return tuple(tries)


def _lines(raw: list[Any]) -> tuple[tuple[str, bool], ...]:
    if len(raw) > MAX_LINES:
        raise RecordError("malformed", "too many checklist lines")
    lines = []
    for one in raw:
        if not (
            isinstance(one, dict)
            and set(one) == {"line", "passed"}
            and type(one["line"]) is str
            and type(one["passed"]) is bool
            and 0 < len(one["line"]) <= MAX_LINE
        ):
            raise RecordError("malformed", "a checklist line")
        lines.append((one["line"], one["passed"]))
    return tuple(lines)


# ---- Files --------------------------------------------------------------------------


def read_notebook(path: Path, limit: int = MAX_BYTES) -> Reading:
    """One file's lessons and records, read as JSON text; ``skipped`` says why when it is not."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return Reading(skipped="a link: not followed")
        if not stat.S_ISREG(info.st_mode):
            return Reading(skipped="not a regular file")
        if info.st_size > limit:
            return Reading(skipped=f"{_mb(info.st_size)}, over the {_mb(limit)} limit: not read")
        raw = path.read_bytes()
    except OSError as exc:
        return Reading(skipped=_unreadable(exc))
    try:
        nb = json.loads(raw)
    except (ValueError, RecursionError):
        return Reading(skipped="not a notebook (not JSON)")
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list) or nb.get("nbformat") != 4:
        return Reading(skipped="not a Jupyter notebook (format 4)")
    reading = _read_cells(cells)
    reading.digest = hashlib.sha256(raw).hexdigest()
    if not reading.ours:
        reading.skipped = "not a notebook of this unit (no s400_lesson in it)"
    return reading


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _read_cells(cells: list[Any]) -> Reading:
    reading = Reading()
    refused: Counter[str] = Counter()
    first: dict[str, str] = {}
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = _text(cell.get("source"))
        reading.ours |= "s400_lesson" in source
        for call, item in _CALL.findall(source):
            lesson = _lesson_of(_KINDS[call], item)
            if lesson:
                reading.lessons.add(lesson)
                reading.items.add(item)
        for data in _bundles(cell.get("outputs")):
            reading.ours = True
            try:
                record = parse_record(data)
            except RecordError as exc:
                key = f"format {exc.detail}" if exc.reason == "version" else exc.reason
                refused[key] += 1
                first.setdefault(key, exc.detail)
                continue
            reading.records.append(record)
            reading.lessons.add(record.lesson)
            reading.items.add(record.item)
    if refused:
        reading.refused = _refusal(refused, first)
    return reading


def _text(source: Any) -> str:
    if isinstance(source, str):
        return source
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return ""


def _bundles(outputs: Any) -> Iterable[Any]:
    if not isinstance(outputs, list):
        return
    for output in outputs:
        data = output.get("data") if isinstance(output, dict) else None
        if isinstance(data, dict) and MIME in data:
            yield data[MIME]


def _lesson_of(kind: str, item: str) -> str | None:
    return EXERCISE_LESSONS.get(item) if kind == "exercise" else _task_lesson(item)


def _refusal(refused: Counter[str], first: dict[str, str]) -> str:
    total = sum(refused.values())
    parts = []
    for key, n in sorted(refused.items()):
        if key.startswith("format "):
            parts.append(
                f"{n} of {key}, which this version of the package cannot read (it reads format "
                f"{FORMAT}): update the package"
            )
        else:
            detail = "" if key == "forged" else f" ({first[key]})"
            parts.append(f"{n} {REASONS[key]}{detail}")
    return f"{total} record{'s' * (total != 1)} not counted: " + "; ".join(parts)


# ---- Folders ------------------------------------------------------------------------


def find_notebooks(
    folders: Sequence[Path], skip: Sequence[Path] = ()
) -> tuple[list[tuple[Path, str, str]], list[Note]]:
    """(notebook, student, path within the student's folder) for every notebook, and notes."""
    notes: list[Note] = []
    skip = [Path(s).resolve() for s in skip]
    entries = _entries(folders, notes, skip)
    found = []
    for student, root in entries:
        mine = [(p, student, _relative(p, root)) for p in _walk(root, skip, notes, student)]
        if not mine:
            notes.append(Note(student, "", "no notebooks in this folder"))
        found += mine
    return found, notes


def _entries(
    folders: Sequence[Path], notes: list[Note], skip: list[Path]
) -> list[tuple[str, Path]]:
    """(student, their folder or file): the folder's entries, or each folder given."""
    given = []
    for folder in map(Path, folders):
        if not folder.exists():
            notes.append(Note(None, str(folder), "no such folder"))
        elif folder.is_dir() or folder.suffix == ".ipynb":
            given.append(folder)
        else:
            notes.append(Note(None, str(folder), "not a folder or a notebook"))
    if len(given) == 1 and given[0].is_dir():
        try:
            children = sorted(given[0].iterdir())
        except OSError as exc:
            notes.append(Note(None, str(given[0]), _unreadable(exc)))
            return []
        chosen = [c for c in children if _student_entry(c) and c.resolve() not in skip]
        if not chosen:
            notes.append(Note(None, str(given[0]), "no notebooks in this folder"))
        given = chosen
    names: Counter[str] = Counter()
    entries = []
    for path in given:
        name = path.stem if path.suffix == ".ipynb" and not path.is_dir() else path.name
        names[name] += 1
        entries.append((name if names[name] == 1 else f"{name} ({names[name]})", path))
    return entries


def _student_entry(path: Path) -> bool:
    if path.name.startswith(".") or path.is_symlink():
        return False
    return path.is_dir() or path.suffix == ".ipynb"


def _walk(root: Path, skip: list[Path], notes: list[Note], student: str) -> list[Path]:
    if not root.is_dir():
        return [root]
    found = []

    def unreadable(exc: OSError) -> None:
        where = _relative(Path(exc.filename), root) if exc.filename else ""
        notes.append(Note(student, where, _unreadable(exc)))

    for here, dirs, files in os.walk(root, onerror=unreadable):
        base = Path(here)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (base / d).resolve() not in skip
        )
        found += [base / f for f in sorted(files) if f.endswith(".ipynb") and f[0] != "."]
    return found


def _unreadable(exc: OSError) -> str:
    return f"cannot be read ({exc.strerror or type(exc).__name__})"


def _relative(path: Path, root: Path) -> str:
    return "" if path == root else str(path.relative_to(root))


# ---- Counting -----------------------------------------------------------------------


def merge(records: Sequence[Record]) -> ItemResult:
    """One student's result on one item from its records: the latest record of each kernel,
    kernels in time order; tries before a restart are counted, the first try of all is first."""
    best: dict[str, Record] = {}
    for record in records:
        held = best.get(record.kernel)
        if held is None or (record.attempt, record.time) > (held.attempt, held.time):
            best[record.kernel] = record
    runs = sorted(best.values(), key=lambda r: (r.time, r.kernel))
    first, last = runs[0], runs[-1]
    attempts = sum(r.attempt for r in runs)
    if first.kind == "task":
        return ItemResult(attempts, None, None, last_answer=last.answer, lines=last.lines)
    wrong = dict.fromkeys(a for r in runs for a, right in r.tries if not right)
    return ItemResult(attempts, first.tries[0][1], last.correct, tuple(wrong), last.answer)


def summarise(
    folders: Sequence[Path],
    *,
    anonymous: bool = False,
    skip: Sequence[Path] = (),
    limit: int = MAX_BYTES,
) -> ClassSummary:
    """Read every notebook under ``folders`` and count what the class did."""
    found, notes = find_notebooks(folders, skip)
    students: dict[str, Student] = {}
    for _, student, _ in found:
        students.setdefault(student, Student(student))
    for note in notes:
        if note.student is not None and note.student not in students:
            students[note.student] = Student(note.student)
    # A student's file seen twice (a backup, a folder given twice) counts once; the same file
    # under two students is left to _drop_copied, since every untouched lesson is the same file.
    seen: dict[tuple[str, str], str] = {}
    counted = 0
    for path, student, where in found:
        reading = _read(path, limit)
        shown = where or path.name
        if reading.skipped is not None:
            notes.append(Note(student, where, reading.skipped))
            continue
        if (student, reading.digest) in seen:
            notes.append(
                Note(
                    student,
                    where,
                    f"the same file as {seen[student, reading.digest]}: counted once",
                )
            )
            continue
        seen[student, reading.digest] = shown
        if reading.refused is not None:
            notes.append(Note(student, where, reading.refused))
        counted += 1
        mine = students[student]
        mine.notebooks.append(shown)
        mine.lessons |= reading.lessons
        mine.items |= reading.items
        mine.records += reading.records
    notes += _drop_copied(students)
    names = _names(students, anonymous)
    # The exercises and tasks the class's notebooks hold, so a lesson's version decides.
    scope = {item for s in students.values() for item in s.items}
    for mine in students.values():
        by_item: dict[str, list[Record]] = defaultdict(list)
        for record in mine.records:
            by_item[record.item].append(record)
        mine.results = {item: merge(records) for item, records in by_item.items()}
    ordered = sorted(students.values(), key=lambda s: (names[s.name], s.name))
    return ClassSummary(
        students=ordered,
        exercises=_exercise_rows(ordered, scope),
        tasks=_task_rows(ordered, scope),
        notes=notes,
        files=len(found),
        counted=counted,
        names=names,
        anonymous=anonymous,
    )


def _read(path: Path, limit: int) -> Reading:
    try:
        return read_notebook(path, limit)
    except Exception as exc:  # one strange file must not stop the summary of the others
        return Reading(skipped=f"could not be read ({type(exc).__name__})")


def _drop_copied(students: dict[str, Student]) -> list[Note]:
    """Records of one kernel found under two students were copied: count them for neither."""
    owners: dict[str, set[str]] = defaultdict(set)
    for student in students.values():
        for record in student.records:
            owners[record.kernel].add(student.name)
    shared = {kernel for kernel, who in owners.items() if len(who) > 1}
    notes = []
    for student in students.values():
        copied = [r for r in student.records if r.kernel in shared]
        if copied:
            student.records = [r for r in student.records if r.kernel not in shared]
            n = len(copied)
            notes.append(
                Note(
                    student.name,
                    "",
                    f"{n} record{'s' * (n != 1)} also found in another student's notebook "
                    "(copied from one kernel): counted for neither",
                )
            )
    return notes


def _names(students: dict[str, Student], anonymous: bool) -> dict[str, str]:
    if not anonymous:
        return {name: name for name in students}
    # Numbered in an order that follows neither the names nor the folders.
    order = sorted(students, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    width = len(str(len(order)))
    return {name: f"Student {i:0{width}d}" for i, name in enumerate(order, 1)}


def _exercise_rows(students: list[Student], scope: set[str]) -> list[ExerciseRow]:
    rows = []
    for item, lesson in EXERCISE_LESSONS.items():
        if item not in scope:
            continue
        results = [s.results[item] for s in students if item in s.results]
        wrong: Counter[str] = Counter(a for r in results for a in r.wrong)
        rows.append(
            ExerciseRow(
                item=item,
                lesson=lesson,
                had=sum(item in s.items for s in students),
                attempted=len(results),
                right_first=sum(bool(r.first_correct) for r in results),
                right_end=sum(bool(r.last_correct) for r in results),
                attempts=sum(r.attempts for r in results),
                wrong_answers=tuple(sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))[:5]),
            )
        )
    return rows


def _task_rows(students: list[Student], scope: set[str]) -> list[TaskRow]:
    rows = []
    for item, task in TASKS.items():
        if item not in scope:
            continue
        results = [s.results[item] for s in students if item in s.results]
        failed: Counter[str] = Counter(
            line for r in results for line, passed in r.lines if not passed
        )
        rows.append(
            TaskRow(
                item=item,
                lesson=task.lesson,
                title=task.title,
                had=sum(item in s.items for s in students),
                wrote=len(results),
                all_passed=sum(all(p for _, p in r.lines) for r in results),
                failed_lines=tuple(sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    return rows


def lesson_title(code: str) -> str:
    """'01' -> '01 Timeline', from the package's list of lessons."""
    for lesson in LESSONS:
        if _LESSON_FILE.match(lesson.notebook) and lesson.notebook[:2] == code:
            return f"{code} {lesson.title}"
    return code

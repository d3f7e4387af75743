"""Benchmark of ``python -m s400_lesson class-summary``: a class of N students, every lesson each.

    python benchmarks/class_summary.py [--students 60] [--runs 3] [--keep DIR]

Each lesson is run once in a fresh kernel with scripted answers typed into its answer cells
(tests/scripted_class.py), so its saved outputs are real (charts, tables, widget pictures,
records). Each student's copy then gets records of its own: a kernel id per student and seeded
random tries (right, wrong, slips, blanks), made by the package's own ``check`` and ``review``.
The command is timed as a teacher runs it, in a new process, imports included: wall-clock
seconds and the CPU seconds it used (which a busy machine does not inflate). ``--keep DIR``
keeps the class in DIR, and a second run with the same DIR times it again without remaking
it. Prints a Markdown table for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import copy
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the scripted class helpers live with the tests

from scripted_class import answer_cells, run_scripted, task_answers, wrong_answers  # noqa: E402

from s400_lesson import check, review, solution  # noqa: E402
from s400_lesson.exercises import attempt_record as ar  # noqa: E402
from s400_lesson.exercises.writing_tasks import TASKS  # noqa: E402


def executed_lessons(workdir: Path) -> dict[str, nbformat.NotebookNode]:
    """Every lesson run once, each exercise answered wrong then right, each task twice."""
    done = {}
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        items = answer_cells(nbformat.read(path, as_version=4))
        script = {
            item: [repr(a) for a in task_answers(item)]
            if item in TASKS
            else [repr(wrong_answers(item)[0]), repr(solution(item))]
            for item in items
        }
        done[path.stem] = run_scripted(path, workdir, script)
    return done


def student_record(item: str, rng: random.Random) -> dict | None:
    """The last record a student's kernel would leave for ``item``, or None (left blank)."""
    if rng.random() < 0.1:
        return None
    if item in TASKS:
        poor, full = task_answers(item)
        tries = [poor] * rng.randint(0, 2) + [full]
        results = [review(item, t) for t in tries]
    else:
        wrong = wrong_answers(item)
        tries = [rng.choice(wrong) for _ in range(rng.choice((0, 0, 1, 2, 3)))]
        if rng.random() < 0.8:
            tries.append(solution(item))
        results = [check(item, t) for t in tries or [wrong[0]]]
    return ar.bundle(results[-1]).get(ar.MIME)


def student_copy(nb: nbformat.NotebookNode, rng: random.Random) -> nbformat.NotebookNode:
    """``nb`` with each record replaced by this student's, made in a kernel of their own."""
    ar._KERNEL = f"{rng.getrandbits(64):016x}"
    ar._COUNTS.clear()
    ar._TRIES.clear()
    mine = copy.deepcopy(nb)
    for cell in mine.cells:
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(ar.MIME)
            if record is None:
                continue
            new = student_record(record["id"], rng)
            if new is None:
                del output["data"][ar.MIME]
            else:
                output["data"][ar.MIME] = new
    return mine


def make_class(root: Path, lessons: dict[str, nbformat.NotebookNode], students: int) -> int:
    """Write every student's copy of every lesson under ``root``; return the bytes written."""
    rng = random.Random(23)
    size = 0
    for n in range(1, students + 1):
        folder = root / f"student_{n:02d}"
        folder.mkdir(parents=True)
        for stem, nb in lessons.items():
            path = folder / f"{stem}.ipynb"
            nbformat.write(student_copy(nb, rng), path)
            size += path.stat().st_size
    return size


def time_command(root: Path, out: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run of the command."""
    command = [sys.executable, "-m", "s400_lesson", "class-summary", str(root), "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if result.returncode != 0:
            sys.exit(f"class-summary failed:\n{result.stdout}\n{result.stderr}")
    print(result.stdout.strip().splitlines()[-1], file=sys.stderr)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="make the class here and keep it (or reuse it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        root = args.keep or tmp_path / "class"
        if not root.exists():
            (tmp_path / "cwd").mkdir()
            start = time.perf_counter()
            lessons = executed_lessons(tmp_path / "cwd")
            make_class(root, lessons, args.students)
            print(f"Made the class in {time.perf_counter() - start:.0f} s.", file=sys.stderr)
        walls, cpus = time_command(root, tmp_path / "out", args.runs)
        files = sorted(root.rglob("*.ipynb"))
        size = sum(f.stat().st_size for f in files)
        records = sum(f.read_text(encoding="utf-8").count(ar.MIME) for f in files)
    load = os.getloadavg()[0]
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {load:.1f}.")
    print()
    print(
        "| Class | Notebooks | MB | Records | Median wall s | Median CPU s | Runs (wall / CPU s) |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    runs = ", ".join(f"{w:.1f} / {c:.1f}" for w, c in zip(walls, cpus, strict=True))
    students = len({f.relative_to(root).parts[0] for f in files})
    print(
        f"| {students} students, every lesson | {len(files)} | {size / 1e6:.0f} | {records} | "
        f"{statistics.median(walls):.2f} | {statistics.median(cpus):.2f} | {runs} |"
    )


if __name__ == "__main__":
    main()

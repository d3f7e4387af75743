"""Speed and memory of the lessons: prints a table of figures (not a test).

Usage: python benchmarks/run.py [--runs N] [--changes N] [--slides] [--suite [--suite-runs N]]

- Execution of each lesson in a fresh kernel, and of all of them, against a floor measured in the
  same run: a notebook that only starts a kernel and imports the same libraries.
- Peak memory (max RSS) of the kernel after running each lesson, against the same floor.
- Widget response: single filter changes in the positions explorer and year changes in the
  F-35 what-if along a seeded random walk (median and worst over all changes, and over the
  changes that showed a view for the first time and so had to draw a chart).
- Optionally the slide build (--slides) and the whole test suite's wall time (--suite).
Medians over --runs runs (--suite-runs for the suite). Record results in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FLOOR_SOURCE = """import ipywidgets, matplotlib, pandas
import s400_lesson, s400_lesson.drawing.static_charts, s400_lesson.exercises
import s400_lesson.widgets"""
RSS_PROBE = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def run_notebook(nb: nbformat.NotebookNode, cwd: str) -> tuple[float, float]:
    """Seconds to start a kernel and run ``nb``, and the kernel's peak RSS in MiB afterwards."""
    nb = nbformat.from_dict(nb)
    nb.cells.append(nbformat.v4.new_code_cell(RSS_PROBE))
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": cwd}}
    ).execute()
    seconds = time.perf_counter() - start
    kib = int(nb.cells[-1].outputs[0]["text"].strip())
    return seconds, kib / 1024


def floor_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
    return nb


def bench_notebooks(runs: int) -> list[tuple[str, float, float]]:
    """Median seconds and MiB per lesson, with the floor first."""
    results = []
    with tempfile.TemporaryDirectory() as cwd:
        cases = [("floor (kernel + imports)", floor_notebook())]
        cases += [(p.stem, nbformat.read(p, as_version=4)) for p in NOTEBOOKS]
        for name, nb in cases:
            samples = [run_notebook(nb, cwd) for _ in range(runs)]
            results.append(
                (
                    name,
                    statistics.median(s for s, _ in samples),
                    statistics.median(m for _, m in samples),
                )
            )
    return results


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def bench_explorer(changes: int) -> tuple[list[float], list[float]]:
    """Times of single filter changes on a seeded random walk: all, and those drawing a new view."""
    from s400_lesson.widgets.explorer import PositionsExplorer

    explorer = PositionsExplorer()
    rng = random.Random(400)
    every, drawn = [], []
    for _ in range(changes):
        column = rng.choice(list(explorer.dropdowns))
        dropdown = explorer.dropdowns[column]
        value = rng.choice([v for _, v in dropdown.options if v != dropdown.value])
        seen = len(explorer._charts)
        every.append(timed(lambda d=dropdown, v=value: setattr(d, "value", v)))
        if len(explorer._charts) > seen:
            drawn.append(every[-1])
    return every, drawn


def bench_whatif(changes: int) -> tuple[list[float], list[float]]:
    """Times of year changes on a seeded random walk: all, and first visits to a year."""
    from s400_lesson.widgets.whatif import WhatIfExclusion

    whatif = WhatIfExclusion()
    rng = random.Random(35)
    years = range(whatif.slider.min, whatif.slider.max + 1)
    seen, every, drawn = {whatif.year}, [], []
    for _ in range(changes):
        year = rng.choice([y for y in years if y != whatif.year])
        every.append(timed(lambda y=year: setattr(whatif.slider, "value", y)))
        if year not in seen:
            seen.add(year)
            drawn.append(every[-1])
    return every, drawn


def bench_command(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_handouts(runs: int) -> None:
    """Every handout built by the command a teacher runs; prints the time and page counts."""
    samples, pages = [], {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            command = [sys.executable, "-m", "s400_lesson", "handouts", "--out", out]
            samples.append(bench_command(command))
            from pypdf import PdfReader

            pages = {p.name: len(PdfReader(p).pages) for p in sorted(Path(out).glob("*.pdf"))}
    print(
        f"\nAll handouts (A4): median {statistics.median(samples):.1f} s over {len(samples)} "
        f"builds; all: {_seconds(samples)}; {sum(pages.values())} pages: "
        + ", ".join(f"{name} {n}" for name, n in pages.items())
    )


def bench_slide_pdfs(runs: int) -> None:
    """Every deck built once, then printed to its two PDFs by ``slides --pdf``'s printer."""
    import io

    from pypdf import PdfReader

    from s400_lesson.teacher import slide_pdfs

    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "s400_lesson", "slides", "--out", out]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        decks = sorted(Path(out).glob("*.slides.html"))
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            failed = slide_pdfs.print_decks(decks, out=io.StringIO())
            samples.append(time.perf_counter() - start)
            if failed:
                raise SystemExit(f"{failed} decks did not print")
        pdfs = sorted(Path(out).glob("*.pdf"))
        notes = sum(len(PdfReader(p).pages) for p in pdfs if p.name.endswith(".notes.pdf"))
        slides = sum(len(PdfReader(p).pages) for p in pdfs) - notes
    print(
        f"\nAll {len(decks)} decks printed ({slides} slide pages, {notes} notes pages): median "
        f"{statistics.median(samples):.1f} s over {len(samples)} runs; all: {_seconds(samples)}"
    )


def _seconds(samples: list[float]) -> str:
    return ", ".join(f"{s:.1f} s" for s in samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--slides", action="store_true", help="also time the slide build")
    parser.add_argument("--handouts", action="store_true", help="also time the handouts build")
    parser.add_argument(
        "--slide-pdfs", action="store_true", help="also time printing the decks to PDF"
    )
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite")
    parser.add_argument(
        "--suite-runs", type=int, default=3, help="runs of the suite (about 2.5 min each)"
    )
    args = parser.parse_args()
    machine = f"{platform.platform()}, {os.cpu_count()} cores"
    print(f"Machine: {machine}, Python {platform.python_version()}")
    print(f"Medians over {args.runs} runs.\n")

    rows = bench_notebooks(args.runs)
    floor_s, floor_mib = rows[0][1], rows[0][2]
    print("| Notebook | Seconds | x floor | Peak MiB | MiB over floor |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds, mib in rows:
        ratio, extra = seconds / floor_s, mib - floor_mib
        print(f"| {name} | {seconds:.2f} | {ratio:.2f} | {mib:.0f} | {extra:+.0f} |")
    total = sum(s for _, s, _ in rows[1:])
    print(f"| all lessons | {total:.2f} | | | |\n")

    print("| Widget change | n | Median ms | Worst ms |")
    print("|---|---:|---:|---:|")
    for label, (every, drawn) in (
        ("Explorer filter", bench_explorer(args.changes)),
        ("What-if year", bench_whatif(args.changes)),
    ):
        for kind, samples in (("any", every), ("new view, drawn", drawn)):
            print(
                f"| {label}, {kind} | {len(samples)} | {statistics.median(samples):.1f} "
                f"| {max(samples):.1f} |"
            )

    if args.slides:
        samples = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as out:
                command = [sys.executable, "-m", "s400_lesson", "slides", "--out", out]
                samples.append(bench_command(command))
        seconds = statistics.median(samples)
        print(
            f"\nAll slide decks: median {seconds:.1f} s over {len(samples)} builds "
            f"({seconds / total:.2f} x executing the lessons); all: {_seconds(samples)}"
        )
    if args.handouts:
        bench_handouts(args.runs)
    if args.slide_pdfs:
        bench_slide_pdfs(args.runs)
    if args.suite:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        samples = [bench_command(command) for _ in range(args.suite_runs)]
        print(
            f"Whole test suite: median {statistics.median(samples):.0f} s over "
            f"{len(samples)} runs; all: {_seconds(samples)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Mutation scores of the engines, one engine at a time (mutmut 3; a benchmark, not part of CI).

For each engine named in ``[tool.s400_mutation.engines]`` of pyproject.toml (its files and the
fast tests that exercise it), the project is copied into a scratch folder, mutmut is told to
mutate those files only and to run only those tests, and the score is printed:

    python benchmarks/mutation.py                   # every engine, one after another
    python benchmarks/mutation.py "answer checks"   # one engine
    python benchmarks/mutation.py --survivors       # also list the mutants that survived

The shared settings are ``[tool.mutmut]`` in pyproject.toml. Mutation runs are CPU heavy: they
run under ``nice`` with one worker unless ``--jobs`` says otherwise. Score = killed (or timed
out) / mutants that had tests, as mutmut's own badge counts it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Left out of the scratch copy: nothing the engines' tests read.
SKIPPED = (".git", ".venv", "venv", "mutants", "build", "dist", "__pycache__", "*.egg-info")


def engines(pyproject: dict) -> dict[str, dict]:
    """Each engine's name -> {"files": [paths], "tests": [test files]} from pyproject.toml."""
    return pyproject["tool"]["s400_mutation"]["engines"]


def scratch_copy(engine: dict, base: dict, where: Path) -> Path:
    """A copy of the project whose [tool.mutmut] mutates ``engine``'s file with its tests."""
    shutil.copytree(ROOT, where, ignore=shutil.ignore_patterns(*SKIPPED), dirs_exist_ok=True)
    # mutmut runs the tests inside mutants/, which holds only the source and tests/ unless told:
    # every other top-level file and folder the tests may read goes along.
    others = sorted(p.name for p in where.iterdir() if p.name not in ("s400_lesson", "tests"))
    settings = {
        **base,
        "also_copy": sorted({*base.get("also_copy", []), *others}),
        "only_mutate": list(engine["files"]),
        "pytest_add_cli_args_test_selection": list(engine["tests"]),
    }
    lines = ["[tool.mutmut]"] + [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    # mutmut reads only [tool.mutmut]; the copy's pyproject holds just that.
    (where / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


def run_engine(name: str, engine: dict, base: dict, jobs: int, survivors: bool) -> dict:
    """Run mutmut on one engine in a scratch copy; its counts, score and survivors."""
    with tempfile.TemporaryDirectory(prefix="s400-mutation-") as tmp:
        where = scratch_copy(engine, base, Path(tmp))
        env = {**os.environ, "PYTHONPATH": str(where)}
        mutmut = [sys.executable, "-m", "mutmut"]
        start = time.monotonic()
        done = subprocess.run(
            ["nice", "-n", "15", *mutmut, "run", "--max-children", str(jobs)],
            cwd=where,
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - start
        if done.returncode != 0:  # most often: the engine's tests fail before any mutation
            tail = "\n".join(done.stdout.splitlines()[-25:])
            raise SystemExit(f"mutmut stopped on {name} (exit {done.returncode}):\n{tail}")
        subprocess.run(
            [*mutmut, "export-cicd-stats"],
            cwd=where,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        stats = json.loads((where / "mutants" / "mutmut-cicd-stats.json").read_text())
        left = []
        if survivors:
            listing = subprocess.run(
                [*mutmut, "results"], cwd=where, env=env, capture_output=True, text=True
            ).stdout
            left = [line.strip() for line in listing.splitlines() if "survived" in line]
    tested = stats["total"] - stats["skipped"]  # a mutant no test runs counts as surviving
    caught = stats["killed"] + stats["timeout"]
    return {
        "engine": name,
        "files": engine["files"],
        "mutants": stats["total"],
        "killed": caught,
        "survived": stats["survived"],
        "no_tests": stats["no_tests"],
        "score": 100 * caught / tested if tested else 0.0,
        "seconds": seconds,
        "survivors": left,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="engines to run (default: all)")
    parser.add_argument("--jobs", type=int, default=1, help="mutmut workers (default 1)")
    parser.add_argument("--survivors", action="store_true", help="list surviving mutants")
    args = parser.parse_args(argv)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    table = engines(pyproject)
    unknown = [n for n in args.names if n not in table]
    if unknown:
        parser.error(f"no engine {', '.join(unknown)}; the engines are: {', '.join(table)}")
    base = pyproject["tool"].get("mutmut", {})
    print("| engine | files | mutants | killed | survived | no tests | score | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    results = []
    for name in args.names or list(table):
        r = run_engine(name, table[name], base, args.jobs, args.survivors)
        results.append(r)
        files = ", ".join(f"`{Path(f).name}`" for f in r["files"])
        print(
            f"| {name} | {files} | {r['mutants']} | {r['killed']} | {r['survived']} | "
            f"{r['no_tests']} | {r['score']:.1f} % | {r['seconds']:.0f} |",
            flush=True,
        )
    for r in results:
        if r["survivors"]:
            print(f"\nSurvivors in {r['engine']}:")
            print("\n".join(f"- {s}" for s in r["survivors"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

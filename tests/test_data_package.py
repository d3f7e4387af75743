"""The shipped data is a valid Frictionless Data Package and loads with real types."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import frictionless
import pandas as pd
import pytest

import s400_lesson

LOADERS = {
    "actors": s400_lesson.load_actors,
    "statements": s400_lesson.load_statements,
    "events": s400_lesson.load_events,
    "f35_delivery_plan": s400_lesson.load_f35_delivery_plan,
    "f35_turkish_aircraft": s400_lesson.load_f35_turkish_aircraft,
    "measures": s400_lesson.load_measures,
    "sanction_targets": s400_lesson.load_sanction_targets,
    "glossary": s400_lesson.load_glossary,
    "air_defence_history": s400_lesson.load_air_defence_history,
    "outside_statements": s400_lesson.load_outside_statements,
    "source_checks": s400_lesson.load_source_checks,
    "article_outline": s400_lesson.load_article_outline,
    "later_events": s400_lesson.load_later_events,
    "predictions": s400_lesson.load_predictions,
}
ROW_COUNTS = {  # sane ranges for a dataset hand-extracted from one article
    "actors": (10, 60),
    "statements": (20, 35),
    "events": (8, 30),
    "f35_delivery_plan": (10, 10),  # one row per year, 2018-2027
    "f35_turkish_aircraft": (1, 5),
    "measures": (5, 30),
    "sanction_targets": (1, 10),
    "glossary": (10, 60),
    "air_defence_history": (3, 20),  # outside rows: the search before the S-400
    "outside_statements": (6, 40),  # outside rows: each side's and NATO's own records
    "source_checks": (8, 40),  # at least eight checked claims (lesson 06)
    "article_outline": (20, 60),  # the passages that quote or report someone, in order
    "later_events": (20, 60),  # events after the article, each with its record
    "predictions": (5, 12),  # the article's expectations
}
DATE_COLUMNS = ("date", "date_end")


def frictionless_errors(descriptor: Path) -> list[str]:
    """Frictionless's verdict on a package: one line per error, empty when valid."""
    report = frictionless.validate(str(descriptor))
    return [
        f"{task.name} row {getattr(err, 'row_number', '-')} "
        f"field {getattr(err, 'field_name', '-')}: {err.type}: {err.note}"
        for task in report.tasks
        for err in task.errors
    ] + [f"package: {err.type}: {err.note}" for err in report.errors]


def resources(lesson_data_dir: Path) -> dict[str, dict[str, Any]]:
    descriptor = json.loads((lesson_data_dir / "datapackage.json").read_text(encoding="utf-8"))
    return {res["name"]: res for res in descriptor["resources"]}


def test_frictionless_accepts_the_shipped_package(lesson_data_dir: Path) -> None:
    errors = frictionless_errors(lesson_data_dir / "datapackage.json")
    assert not errors, "Frictionless validation failed:\n" + "\n".join(errors)


def test_frictionless_check_can_fail(data_copy: Path) -> None:
    """A value outside its enum makes the same check report the file, row and field."""
    path = data_copy / "statements.csv"
    text = path.read_text(encoding="utf-8")
    assert ",no_position," in text
    path.write_text(text.replace(",no_position,", ",hostile,", 1), encoding="utf-8")
    errors = frictionless_errors(data_copy / "datapackage.json")
    assert len(errors) == 1 and "statements" in errors[0] and "s400_position" in errors[0]


def test_descriptor_lists_every_loader(lesson_data_dir: Path) -> None:
    """One resource per load_* function the package exports, and the tests cover them all."""
    exported = {n.removeprefix("load_") for n in s400_lesson.__all__ if n.startswith("load_")}
    assert set(resources(lesson_data_dir)) == exported - {"all"} == set(LOADERS)
    for name, loader in LOADERS.items():
        assert loader is getattr(s400_lesson, f"load_{name}")


@pytest.mark.parametrize("name", LOADERS)
def test_each_loader_matches_load_all(
    name: str, datasets: dict[str, pd.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each load_* function, called with no folder, returns its dataset from the package."""
    monkeypatch.delenv("S400_LESSON_DATA", raising=False)
    pd.testing.assert_frame_equal(LOADERS[name](), datasets[name])


@pytest.mark.parametrize("name", LOADERS)
def test_row_counts_are_sane(name: str, datasets: dict[str, pd.DataFrame]) -> None:
    low, high = ROW_COUNTS[name]
    assert low <= len(datasets[name]) <= high


@pytest.mark.parametrize("name", LOADERS)
def test_columns_have_real_types(
    name: str, datasets: dict[str, pd.DataFrame], lesson_data_dir: Path
) -> None:
    """Integers are int64, enums categorical with the schema's values, the rest strings."""
    frame = datasets[name]
    for field in resources(lesson_data_dir)[name]["schema"]["fields"]:
        column = "date_iso" if field["name"] == "date" else field["name"]
        dtype = frame[column].dtype
        enum = field.get("constraints", {}).get("enum")
        if field["type"] == "integer":
            assert dtype == "int64", column
        elif enum:
            assert isinstance(dtype, pd.CategoricalDtype), column
            assert list(dtype.categories) == enum, column
        else:
            assert isinstance(dtype, pd.StringDtype), column


@pytest.mark.parametrize("name", ["statements", "events", "f35_turkish_aircraft", "measures"])
def test_dates_are_datetimes_with_a_label(name: str, datasets: dict[str, pd.DataFrame]) -> None:
    frame = datasets[name]
    for column in DATE_COLUMNS:
        assert pd.api.types.is_datetime64_dtype(frame[column]), column
    assert isinstance(frame["date_label"].dtype, pd.StringDtype)
    dated = frame["date"].notna()
    assert (frame.loc[dated, "date_end"] >= frame.loc[dated, "date"]).all()
    assert (frame.loc[~dated, "date_label"] == "undated").all()
    assert frame["date_end"].isna().equals(~dated)


def test_partial_dates_become_spans(datasets: dict[str, pd.DataFrame]) -> None:
    """A year, a month and a day each become the right first day, last day and label."""
    events = datasets["events"].set_index("event_id")
    expected = {
        "E03": ("2018-01-01", "2018-12-31", "2018"),
        "E11": ("2021-02-01", "2021-02-28", "Feb 2021"),
        "E10": ("2021-01-20", "2021-01-20", "20 Jan 2021"),
    }
    for event_id, (start, end, label) in expected.items():
        row = events.loc[event_id]
        assert (row["date"], row["date_end"], row["date_label"]) == (
            pd.Timestamp(start),
            pd.Timestamp(end),
            label,
        ), event_id


def test_integer_columns_hold_numbers(datasets: dict[str, pd.DataFrame]) -> None:
    plan = datasets["f35_delivery_plan"]
    assert plan["year"].tolist() == list(range(2018, 2028))
    assert int(plan["planned_deliveries"].sum()) == 100


def test_loaded_frames_are_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing a returned frame does not change what the next call returns."""
    monkeypatch.delenv("S400_LESSON_DATA", raising=False)
    first = s400_lesson.load_statements()
    first.loc[:, "text"] = "changed"
    assert (s400_lesson.load_statements()["text"] != "changed").all()


def test_session_fails_if_a_data_file_changes(tmp_path: Path) -> None:
    """The autouse guard in conftest.py turns a write into lesson_data/ into a failure."""
    tests = Path(__file__).resolve().parent
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    shutil.copytree(tests.parent / "lesson_data", repo / "lesson_data")
    for helper in ("conftest.py", "textmatch.py"):
        shutil.copy(tests / helper, repo / "tests" / helper)
    (repo / "tests" / "test_writes.py").write_text(
        "from pathlib import Path\n\n\ndef test_writes():\n"
        "    path = Path(__file__).parent.parent / 'lesson_data' / 'glossary.csv'\n"
        "    path.write_text(path.read_text() + 'x,y,,z,external,w\\n')\n"
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True)
    assert result.returncode != 0
    assert "lesson_data/ was modified during the test session: glossary.csv" in result.stdout

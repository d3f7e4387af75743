"""Load the lesson datasets as typed pandas DataFrames, validated against their schema.

The data is found through the package, never the working directory: the wheel
carries a copy inside ``s400_lesson/lesson_data``; a checkout or an editable
install reads the repository's ``lesson_data/``. Setting the environment
variable ``S400_LESSON_DATA`` to a folder points every loader at another copy
(the tests use this). Nothing here writes to the data folder.

>>> from s400_lesson import load_statements
>>> load_statements().query("country == 'Turkey'").shape[0] > 0
True
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .validation import (
    LessonDataError,
    Table,
    check_foreign_keys,
    check_row_links,
    parse_partial_date,
    read_table,
)

DESCRIPTOR = "datapackage.json"
ENV_VAR = "S400_LESSON_DATA"
SUPPORTED_TYPES = ("string", "integer")  # a field without a type is a string (Table Schema)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

__all__ = [
    "LessonDataError",
    "actor_names",
    "data_dir",
    "load_actors",
    "load_air_defence_history",
    "load_all",
    "load_article_outline",
    "load_events",
    "load_f35_delivery_plan",
    "load_f35_turkish_aircraft",
    "load_glossary",
    "load_later_events",
    "load_measures",
    "load_outside_statements",
    "load_predictions",
    "load_sanction_targets",
    "load_source_checks",
    "load_statements",
]


def data_dir() -> Path:
    """The folder the loaders read: $S400_LESSON_DATA, the packaged copy, or the checkout's."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    packaged = Path(str(resources.files("s400_lesson") / "lesson_data"))
    if (packaged / DESCRIPTOR).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "lesson_data"  # s400_lesson/data/ -> checkout


def load_actors(folder: Path | str | None = None) -> pd.DataFrame:
    """People, institutions and countries that act or speak (key: ``actor_id``)."""
    return _load("actors", folder)


def actor_names(folder: Path | str | None = None) -> dict[str, str]:
    """Each ``actor_id`` and the name a reader knows it by ('us_air_force' -> 'US Air Force')."""
    actors = load_actors(folder)
    return dict(zip(actors["actor_id"], actors["name"], strict=True))


def load_statements(folder: Path | str | None = None) -> pd.DataFrame:
    """Every statement the article reports, one per row (key: ``statement_id``)."""
    return _load("statements", folder)


def load_events(folder: Path | str | None = None) -> pd.DataFrame:
    """The timeline from 2002 to March 2021, in date order (key: ``event_id``)."""
    return _load("events", folder)


def load_f35_delivery_plan(folder: Path | str | None = None) -> pd.DataFrame:
    """Turkey's planned F-35 deliveries, one row per year 2018-2027 (key: ``year``)."""
    return _load("f35_delivery_plan", folder)


def load_f35_turkish_aircraft(folder: Path | str | None = None) -> pd.DataFrame:
    """What became of the F-35s built for Turkey, and the 2020 contract (key: ``group_id``)."""
    return _load("f35_turkish_aircraft", folder)


def load_measures(folder: Path | str | None = None) -> pd.DataFrame:
    """Steps the United States and Turkey took in the dispute (key: ``measure_id``)."""
    return _load("measures", folder)


def load_sanction_targets(folder: Path | str | None = None) -> pd.DataFrame:
    """The agency and people named by the December 2020 sanctions (key: ``target_id``)."""
    return _load("sanction_targets", folder)


def load_glossary(folder: Path | str | None = None) -> pd.DataFrame:
    """Terms and their definitions (key: ``term_id``)."""
    return _load("glossary", folder)


def load_air_defence_history(folder: Path | str | None = None) -> pd.DataFrame:
    """Turkey's search for an air-defence system, 2012-2018, from records (key: ``history_id``)."""
    return _load("air_defence_history", folder)


def load_outside_statements(folder: Path | str | None = None) -> pd.DataFrame:
    """Each side's and NATO's words from their own records (key: ``outside_id``)."""
    return _load("outside_statements", folder)


def load_source_checks(folder: Path | str | None = None) -> pd.DataFrame:
    """Claims of the article checked against public records, with verdicts (key: ``check_id``)."""
    return _load("source_checks", folder)


def load_article_outline(folder: Path | str | None = None) -> pd.DataFrame:
    """The article's own words in its order: each passage that quotes or reports someone (with
    its ``statement_ids``), its headings and its photos' captions and credits (key: ``part_id``).
    """
    return _load("article_outline", folder)


def load_later_events(folder: Path | str | None = None) -> pd.DataFrame:
    """What happened after the article, April 2021 on, each with its record (key: ``event_id``)."""
    return _load("later_events", folder)


def load_predictions(folder: Path | str | None = None) -> pd.DataFrame:
    """The article's expectations, each checked against later records (key: ``prediction_id``)."""
    return _load("predictions", folder)


def load_all(folder: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Every dataset by resource name; validates the whole package."""
    package = _package(_resolve(folder))
    return {name: frame.copy() for name, frame in package.items()}


def _load(name: str, folder: Path | str | None) -> pd.DataFrame:
    return _package(_resolve(folder))[name].copy()


def _resolve(folder: Path | str | None) -> Path:
    return Path(folder).resolve() if folder is not None else data_dir().resolve()


def _package(folder: Path) -> dict[str, pd.DataFrame]:
    """Validated frames for ``folder``, cached until any of its files changes."""
    return _cached_package(folder, _fingerprint(folder))


def _fingerprint(folder: Path) -> tuple[tuple[str, str], ...]:
    if not folder.is_dir():
        raise LessonDataError(folder.name, f"data folder not found (looked for {folder})")
    # Content, not timestamps: a copy that keeps size and mtime (cp -p) must not hit the cache.
    return tuple(
        (p.name, hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest())
        for p in sorted(folder.iterdir())
        if p.is_file()
    )


@lru_cache(maxsize=4)
def _cached_package(folder: Path, _fingerprint: tuple) -> dict[str, pd.DataFrame]:
    descriptor = _read_descriptor(folder)
    tables: dict[str, Table] = {}
    schemas: dict[str, dict[str, Any]] = {}
    for res in descriptor["resources"]:
        schemas[res["name"]] = res["schema"]
        tables[res["name"]] = read_table(folder / res["path"], res["schema"])
    keys = {n: _names(s.get("primaryKey", [])) for n, s in schemas.items()}
    single = {n: k[0] for n, k in keys.items() if len(k) == 1}
    for name, table in tables.items():
        check_foreign_keys(table, schemas[name], tables)
        check_row_links(table, schemas[name], tables, single)
    return {name: _to_frame(tables[name], schemas[name]) for name in tables}


def _read_descriptor(folder: Path) -> dict[str, Any]:
    path = folder / DESCRIPTOR
    if not path.is_file():
        raise LessonDataError(DESCRIPTOR, f"file not found (looked for {path})")
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"))
        resources_ = descriptor["resources"]
        for res in resources_:
            _ = res["name"], res["path"], res["schema"]["fields"]
        fields = {r["name"]: {f["name"] for f in r["schema"]["fields"]} for r in resources_}
        for res in resources_:
            _check_schema(res["name"], res["schema"], fields)
    except UnicodeDecodeError as err:
        raise LessonDataError(DESCRIPTOR, f"is not UTF-8 text ({err.reason})") from None
    except json.JSONDecodeError as err:
        raise LessonDataError(DESCRIPTOR, f"is not valid JSON: {err.msg}", err.lineno) from None
    except (KeyError, TypeError, AttributeError) as err:
        raise LessonDataError(
            DESCRIPTOR, f"is not a data package descriptor (missing {err})"
        ) from None
    return descriptor


def _check_schema(resource: str, schema: dict[str, Any], fields: dict[str, set[str]]) -> None:
    """Reject what the loader cannot apply: other field types, keys that name no field."""
    for field in schema["fields"]:
        if field.get("type", "string") not in SUPPORTED_TYPES:
            problem = f"type '{field['type']}' is not supported (only string and integer)"
            raise LessonDataError(DESCRIPTOR, f"{resource}: {problem}", None, field["name"])
    keys = [(resource, k) for k in _names(schema.get("primaryKey", []))]
    for fk in schema.get("foreignKeys", []):
        keys += [(resource, k) for k in _names(fk["fields"])]
        target = fk["reference"]["resource"] or resource
        keys += [(target, k) for k in _names(fk["reference"]["fields"])]
    for link in schema.get("rowLinks", []):
        keys += [(resource, link["fields"]), (resource, link["resourceField"])]
    for owner, key in keys:
        if key not in fields.get(owner, ()):
            raise LessonDataError(DESCRIPTOR, f"{resource}: key '{owner}.{key}' names no field")


def _names(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _to_frame(table: Table, schema: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(table.rows, columns=table.columns)
    for field in schema["fields"]:
        frame[field["name"]] = _typed(frame[field["name"]], field)
    if "date" in frame.columns:
        frame = _add_date_columns(frame, table.rows)
    return frame


def _typed(column: pd.Series, field: dict[str, Any]) -> pd.Series:
    enum = field.get("constraints", {}).get("enum")
    blanks = column.replace("", pd.NA)
    if field.get("type", "string") == "integer":
        # An optional whole-number column may have gaps: pandas' nullable Int64 keeps them.
        return column.astype("int64") if blanks.notna().all() else blanks.astype("Int64")
    if enum:
        return blanks.astype(pd.CategoricalDtype(enum))
    return blanks.astype("string")


def _add_date_columns(frame: pd.DataFrame, rows: list[dict[str, str]]) -> pd.DataFrame:
    """Turn partial ISO dates into a start, an end and a label, keeping the precision honest."""
    spans = [_span(r["date"]) for r in rows]
    frame = frame.rename(columns={"date": "date_iso"})
    position = frame.columns.get_loc("date_iso")
    frame.insert(position, "date", pd.to_datetime([s[0] for s in spans]))
    frame.insert(position + 1, "date_end", pd.to_datetime([s[1] for s in spans]))
    frame.insert(position + 2, "date_label", pd.array([s[2] for s in spans], dtype="string"))
    return frame


def _span(value: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None, str]:
    if not value:
        return None, None, "undated"
    year, month, day = parse_partial_date(value)
    if month is None:
        return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31), str(year)
    start = pd.Timestamp(year, month, day or 1)
    if day is None:
        return start, start + pd.offsets.MonthEnd(0), f"{MONTHS[month - 1]} {year}"
    return start, start, f"{day} {MONTHS[month - 1]} {year}"

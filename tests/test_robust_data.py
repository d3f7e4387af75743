"""Random corruption of the shipped data: the loader loads or raises LessonDataError, nothing else.

Each example takes a fresh copy of lesson_data/, applies ONE mutation chosen by hypothesis
(kind, file, positions) and loads it. Besides "never another exception", every mutation
has an expected outcome worked out from the pristine data: an error at a known file, row
and column; a harmless change that must load; or, where either is right, only the
general rule (a CSV content error names its row and column).

Mutation kinds tried (CSV files unless marked):
  missing_file (any file, datapackage.json too), empty_file, header_only, drop_column,
  rename_header, swap_columns, bad_date, precision_mismatch, wrong_type (integer
  columns), bad_enum (includes a padded value, which is harmless: cells are trimmed),
  duplicate_key, dangling_fk, non_utf8 (a bad byte sequence inside a cell or the header),
  stray_quote (inside a quoted cell, at a cell's start, or inside an unquoted cell, where
  csv keeps it as text: harmless unless the column has a pattern, enum, type or foreign
  key), truncated_line, truncated_file, blank_line (harmless after the header), bom and
  line_endings (CRLF or CR: harmless); schema mutations in datapackage.json:
  schema_enum_shrunk, schema_type_changed, schema_type_removed (harmless: string is the
  default), schema_field_removed, schema_field_added, schema_required_added;
  descriptor_truncated, descriptor_non_utf8.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from s400_lesson import LessonDataError, load_all

DATA = Path(__file__).resolve().parent.parent / "lesson_data"
DESCRIPTOR = "datapackage.json"
RAW = {p.name: p.read_bytes() for p in DATA.iterdir() if p.is_file()}
PACKAGE = json.loads(RAW[DESCRIPTOR])
SCHEMAS = {res["path"]: res["schema"] for res in PACKAGE["resources"]}
CSVS = sorted(SCHEMAS)
ROWS = {f: list(csv.reader(io.StringIO(RAW[f].decode(), newline=""))) for f in CSVS}
BAD_BYTES = [b"\xff", b"\xfe", b"\x80", b"\xc0\xaf", b"\xe2\x80", b"\xed\xa0\x80"]
BAD_DATES = ["2020-13-45", "Feb 2021", "2021-02-30", "2019-7", "20210", "2021/02", "2020-00"]
NOT_INTEGERS = ["ten", "10.0", "1e3", "0x10", "99999999999999999999", "10 000", "", "½"]
OTHER_TYPES = ["integer", "string", "number", "boolean", "date", "any"]
MESSAGE = re.compile(
    r"^(?P<file>[^,:]+)(?:, (?:(?P<header>header row) \(line 1 of the file\)"
    r"|data row (?P<row>\d+) \(line \d+ of the file\)))?"
    r"(?:, column '(?P<column>[^']*)')?: "
)

Files = dict[str, bytes | None]  # file name -> new content (None: delete it)


@dataclass(frozen=True)
class Expect:
    """What loading must do: 'error' (at file/row/column where given), 'load', or 'either'."""

    outcome: str
    file: str | None = None
    row: int | None = None
    column: str | None = None


def error(file: str | None = None, row: int | None = None, column: str | None = None) -> Expect:
    return Expect("error", file, row, column)


LOAD, EITHER = Expect("load"), Expect("either")


# --- helpers on the pristine data -------------------------------------------------------


def fields(file: str) -> list[str]:
    return [f["name"] for f in SCHEMAS[file]["fields"]]


def field(file: str, column: str) -> dict[str, Any]:
    return next(f for f in SCHEMAS[file]["fields"] if f["name"] == column)


def fk_columns(file: str) -> list[str]:
    return [fk["fields"] for fk in SCHEMAS[file].get("foreignKeys", [])]


def linked_files() -> set[str]:
    """Files whose rows another file points at through a ``rowLinks`` column (source checks)."""
    linked = set()
    for other in CSVS:
        for link in SCHEMAS[other].get("rowLinks", []):
            column = fields(other).index(link["resourceField"])
            linked |= {f"{row[column]}.csv" for row in ROWS[other][1:]}
    return linked


def referenced_files() -> set[str]:
    """Files whose keys another file's foreign keys point at (actors, later_events ...)."""
    return {
        f"{fk['reference']['resource'] or other.removesuffix('.csv')}.csv"
        for other in CSVS
        for fk in SCHEMAS[other].get("foreignKeys", [])
    }


def key_fields(file: str) -> set[str]:
    """Fields named by this file's primary, foreign or row-link keys, or another file's keys."""
    stem = file.removesuffix(".csv")
    keys = set(SCHEMAS[file].get("primaryKey", [])) | set(fk_columns(file))
    for link in SCHEMAS[file].get("rowLinks", []):
        keys |= {link["fields"], link["resourceField"]}
    for other in CSVS:
        for fk in SCHEMAS[other].get("foreignKeys", []):
            if (fk["reference"]["resource"] or other.removesuffix(".csv")) == stem:
                keys.add(fk["reference"]["fields"])
    return keys


def constrained(file: str, column: str) -> bool:
    """Would a stray character in this column break a rule the loader checks?"""
    f, c = field(file, column), field(file, column).get("constraints", {})
    return f["type"] == "integer" or "enum" in c or "pattern" in c or column in fk_columns(file)


def serialise(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogateescape")


def pick(items: list, n: int) -> Any:
    return items[n % len(items)]


def data_row(file: str, n: int) -> int:
    return 1 + n % (len(ROWS[file]) - 1)


def with_cell(file: str, row: int, column: str, value: str) -> bytes:
    rows = copy.deepcopy(ROWS[file])
    rows[row][fields(file).index(column)] = value
    return serialise(rows)


def lines(file: str) -> list[bytes]:
    return RAW[file].split(b"\n")


def line_states(line: str) -> list[tuple[str, int]]:
    """CSV reader state (start, unquoted, quoted, after_quote) and field before each char."""
    states, state, index = [], "start", 0
    for char in line + "\n":
        states.append((state, index))
        if state in ("start", "unquoted") and char == ",":
            state, index = "start", index + 1
        elif state == "start":
            state = "quoted" if char == '"' else "unquoted"
        elif state == "quoted" and char == '"':
            state = "after_quote"
        elif state == "after_quote":
            state, index = ("quoted", index) if char == '"' else ("start", index + 1)
    return states


def first_row(file: str, column: str, test: Callable[[str], bool]) -> int | None:
    i = fields(file).index(column)
    return next((n for n, r in enumerate(ROWS[file][1:], 1) if test(r[i].strip())), None)


def with_schema(file: str, edit: Callable[[dict[str, Any]], None]) -> bytes:
    package = copy.deepcopy(PACKAGE)
    edit(next(r for r in package["resources"] if r["path"] == file)["schema"])
    return json.dumps(package, indent=2).encode()


# --- mutations: (file, a, b, c) -> (changed files, expectation) --------------------------


def missing_file(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    return {file: None}, error(file)


def empty_file(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    return {file: pick([b"", b"\n", b"  \n \n"], a)}, error(file, 0, fields(file)[0])


def header_only(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    """Harmless for the loader unless other files refer to this one's keys (actors)."""
    referenced = file in referenced_files() or file in linked_files()
    return {file: lines(file)[0] + b"\n"}, error() if referenced else LOAD


def drop_column(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    i = a % len(fields(file))
    rows = [r[:i] + r[i + 1 :] for r in ROWS[file]]
    return {file: serialise(rows)}, error(file, 0, fields(file)[i])


def rename_header(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    column = pick(fields(file), a)
    return {file: with_cell(file, 0, column, column + "_renamed")}, error(file, 0, column)


def swap_columns(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    n = len(fields(file))
    i, j = sorted((a % n, (a + 1 + b % (n - 1)) % n))
    rows = copy.deepcopy(ROWS[file])
    for r in rows:
        r[i], r[j] = r[j], r[i]
    return {file: serialise(rows)}, error(file, 0, fields(file)[i])


def bad_date(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    row = data_row(file, a)
    return {file: with_cell(file, row, "date", pick(BAD_DATES, b))}, error(file, row, "date")


def precision_mismatch(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    row = data_row(file, a)
    current = ROWS[file][row][fields(file).index("date_precision")]
    value = pick([v for v in ("day", "month", "year", "") if v != current], b)
    return {file: with_cell(file, row, "date_precision", value)}, error(file, row, "date_precision")


def wrong_type(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    row, column = data_row(file, a), pick([f for f in fields(file) if is_int(file, f)], b)
    return {file: with_cell(file, row, column, pick(NOT_INTEGERS, c))}, error(file, row, column)


def bad_enum(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    row, column = data_row(file, a), pick(enum_fields(file), b)
    current = ROWS[file][row][fields(file).index(column)]
    variant = c % 3
    if variant == 2:  # padding is trimmed, so the value is still allowed
        return {file: with_cell(file, row, column, f"  {current} ")}, LOAD
    value = current.swapcase() if variant == 1 and current else "not_allowed"
    return {file: with_cell(file, row, column, value)}, error(file, row, column)


def duplicate_key(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    (key,) = SCHEMAS[file]["primaryKey"]
    n = len(ROWS[file]) - 1
    first, second = 1 + a % n, 1 + (a + 1 + b % (n - 1)) % n
    value = ROWS[file][first][fields(file).index(key)]
    return {file: with_cell(file, second, key, value)}, error(file, max(first, second), key)


def dangling_fk(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    row, column = data_row(file, a), pick(fk_columns(file), b)
    return {file: with_cell(file, row, column, "nobody")}, error(file, row, column)


def non_utf8(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    """A bad byte sequence inside one cell (row 0: a header name)."""
    row, column = a % len(ROWS[file]), pick(fields(file), b)
    value = ROWS[file][row][fields(file).index(column)]
    at = c % (len(value) + 1)
    bad = pick(BAD_BYTES, c // 7).decode("utf-8", errors="surrogateescape")
    content = with_cell(file, row, column, value[:at] + bad + value[at:])
    return {file: content}, error(file, row, column if row else None)


def stray_quote(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    row = data_row(file, a)
    line = lines(file)[row].decode()
    at = b % (len(line) + 1)
    state, index = line_states(line)[at]
    new = line[:at] + '"' + line[at:]
    content = b"\n".join([*lines(file)[:row], new.encode(), *lines(file)[row + 1 :]])
    column = fields(file)[index]
    if state == "quoted" and line[at : at + 1] in (",", '"'):
        return {file: content}, error(file, row)  # ends the cell early: too many values
    if state != "unquoted":  # opens a quoted cell or closes one before text: bad CSV there
        return {file: content}, error(file, row, column)
    return {file: content}, error(file, row, column) if constrained(file, column) else LOAD


def truncated_line(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    """Cut one line short (at least one character kept and one removed)."""
    row = data_row(file, a)
    line = lines(file)[row].decode()
    at = 1 + b % (len(line) - 1)
    state, index = line_states(line)[at]
    content = b"\n".join([*lines(file)[:row], line[:at].encode(), *lines(file)[row + 1 :]])
    n = len(fields(file))
    if state == "quoted":  # the open quoted cell runs on into the next lines: bad CSV there
        return {file: content}, error(file, row, fields(file)[index])
    if index + 1 < n:
        return {file: content}, error(file, row, fields(file)[index + 1])
    return {file: content}, EITHER  # only the last cell got shorter


def truncated_file(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    return {file: RAW[file][: 1 + a % (len(RAW[file]) - 1)]}, EITHER


def blank_line(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    at = a % (len(lines(file)) - 1)
    blank = pick([b"", b"   ", b"," * (len(fields(file)) - 1), b"\r"], b)
    content = b"\n".join([*lines(file)[:at], blank, *lines(file)[at:]])
    return {file: content}, error(file, 0, fields(file)[0]) if at == 0 else LOAD


def bom(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    return {file: b"\xef\xbb\xbf" + RAW[file]}, LOAD


def line_endings(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    return {file: RAW[file].replace(b"\n", pick([b"\r\n", b"\r"], a))}, LOAD


def schema_enum_shrunk(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    column = pick(enum_fields(file), a)
    value = pick(field(file, column)["constraints"]["enum"], b)
    content = with_schema(file, lambda s: fld(s, column)["constraints"]["enum"].remove(value))
    row = first_row(file, column, lambda v: v == value)
    return {DESCRIPTOR: content}, LOAD if row is None else error(file, row, column)


def schema_type_changed(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    column = pick(fields(file), a)
    old = field(file, column)["type"]
    new = pick([t for t in OTHER_TYPES if t != old], b)
    content = with_schema(file, lambda s: fld(s, column).update(type=new))
    if new == "string":
        return {DESCRIPTOR: content}, LOAD
    if new != "integer":
        return {DESCRIPTOR: content}, error(DESCRIPTOR, None, column)
    row = first_row(file, column, lambda v: v != "" and not re.fullmatch(r"[+-]?\d+", v))
    return {DESCRIPTOR: content}, LOAD if row is None else error(file, row, column)


def schema_type_removed(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    column = pick(fields(file), a)
    return {DESCRIPTOR: with_schema(file, lambda s: fld(s, column).pop("type"))}, LOAD


def schema_field_removed(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    """The CSV has a column the schema lacks; or, for a key field, the descriptor is broken."""
    i = a % len(fields(file))
    content = with_schema(file, lambda s: s["fields"].pop(i))
    if fields(file)[i] in key_fields(file):
        return {DESCRIPTOR: content}, error(DESCRIPTOR)
    return {DESCRIPTOR: content}, error(file, 0, fields(file)[i])


def schema_field_added(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    i = a % (len(fields(file)) + 1)
    new = {"name": "added_field", "type": "string"}
    content = with_schema(file, lambda s: s["fields"].insert(i, new))
    return {DESCRIPTOR: content}, error(file, 0, "added_field")


def schema_required_added(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    column = pick(fields(file), a)
    content = with_schema(
        file, lambda s: fld(s, column).setdefault("constraints", {}).update(required=True)
    )
    row = first_row(file, column, lambda v: v == "")
    return {DESCRIPTOR: content}, LOAD if row is None else error(file, row, column)


def descriptor_truncated(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    raw = RAW[DESCRIPTOR]
    kept = raw[: a % len(raw)]
    return {DESCRIPTOR: kept}, LOAD if kept.strip() == raw.strip() else error(DESCRIPTOR)


def descriptor_non_utf8(file: str, a: int, b: int, c: int) -> tuple[Files, Expect]:
    raw = RAW[DESCRIPTOR]
    at = a % (len(raw) + 1)
    return {DESCRIPTOR: raw[:at] + pick(BAD_BYTES, b) + raw[at:]}, error(DESCRIPTOR)


def fld(schema: dict[str, Any], column: str) -> dict[str, Any]:
    return next(f for f in schema["fields"] if f["name"] == column)


def is_int(file: str, column: str) -> bool:
    return field(file, column)["type"] == "integer"


def enum_fields(file: str) -> list[str]:
    return [f for f in fields(file) if "enum" in field(file, f).get("constraints", {})]


def has_date(file: str) -> bool:
    return "date" in fields(file)


ALL = [*CSVS, DESCRIPTOR]
Mutation = Callable[[str, int, int, int], tuple[Files, Expect]]
# kind -> (mutation, the files it applies to)
KINDS: dict[str, tuple[Mutation, list[str]]] = {
    "missing_file": (missing_file, ALL),
    "empty_file": (empty_file, CSVS),
    "header_only": (header_only, CSVS),
    "drop_column": (drop_column, CSVS),
    "rename_header": (rename_header, CSVS),
    "swap_columns": (swap_columns, CSVS),
    "bad_date": (bad_date, [f for f in CSVS if has_date(f)]),
    "precision_mismatch": (precision_mismatch, [f for f in CSVS if has_date(f)]),
    "wrong_type": (wrong_type, [f for f in CSVS if any(is_int(f, c) for c in fields(f))]),
    "bad_enum": (bad_enum, [f for f in CSVS if enum_fields(f)]),
    "duplicate_key": (duplicate_key, CSVS),
    "dangling_fk": (dangling_fk, [f for f in CSVS if fk_columns(f)]),
    "non_utf8": (non_utf8, CSVS),
    "stray_quote": (stray_quote, CSVS),
    "truncated_line": (truncated_line, CSVS),
    "truncated_file": (truncated_file, CSVS),
    "blank_line": (blank_line, CSVS),
    "bom": (bom, CSVS),
    "line_endings": (line_endings, CSVS),
    "schema_enum_shrunk": (schema_enum_shrunk, [f for f in CSVS if enum_fields(f)]),
    "schema_type_changed": (schema_type_changed, CSVS),
    "schema_type_removed": (schema_type_removed, CSVS),
    "schema_field_removed": (schema_field_removed, CSVS),
    "schema_field_added": (schema_field_added, CSVS),
    "schema_required_added": (schema_required_added, CSVS),
    "descriptor_truncated": (descriptor_truncated, [DESCRIPTOR]),
    "descriptor_non_utf8": (descriptor_non_utf8, [DESCRIPTOR]),
}
POSITION = st.integers(min_value=0, max_value=10_000)
EXAMPLES_PER_KIND = 6  # 27 kinds: about 160 examples in all


def mutations(kind: str) -> st.SearchStrategy[tuple[str, Files, Expect]]:
    """Pick a file this kind applies to and three positions, then apply the mutation."""
    mutate, files = KINDS[kind]

    def apply(args: tuple[str, int, int, int]) -> tuple[str, Files, Expect]:
        return (args[0], *mutate(*args))

    return st.tuples(st.sampled_from(files), POSITION, POSITION, POSITION).map(apply)


def load_mutated(changed: Files) -> LessonDataError | None:
    """Load a fresh copy of lesson_data/ with ``changed`` applied; the error, if any."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(shutil.copytree(DATA, Path(tmp) / "lesson_data"))
        for name, content in changed.items():
            if content is None:
                (folder / name).unlink()
            else:
                (folder / name).write_bytes(content)
        try:
            load_all(folder)
        except LessonDataError as err:
            return err
    return None


def check_message(err: LessonDataError, changed: Files) -> dict[str, Any]:
    """The message names a package file and, for a CSV's content, the row and the column."""
    match = MESSAGE.match(str(err))
    assert match, f"message does not start with a file name: {err}"
    where = match.groupdict()
    assert where["file"] in ALL, f"message names no file of the package: {err}"
    row = 0 if where["header"] else None if where["row"] is None else int(where["row"])
    is_content = where["file"] in CSVS and changed.get(where["file"], b"") is not None
    if is_content and "file not found" not in str(err):
        assert row is not None and where["column"] is not None, f"row or column missing: {err}"
    return {"file": where["file"], "row": row, "column": where["column"]}


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(
    max_examples=EXAMPLES_PER_KIND,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_loader_loads_or_names_the_problem(kind: str, data: st.DataObject) -> None:
    file, changed, expect = data.draw(mutations(kind), label="file, changes, expectation")
    err = load_mutated(changed)  # any exception but LessonDataError fails the test here
    event(f"{kind}: {'loaded' if err is None else 'LessonDataError'}")
    if err is None:
        assert expect.outcome != "error", f"{kind} on {file} loaded; expected {expect}"
        return
    assert expect.outcome != "load", f"{kind} on {file} should be harmless, got: {err}"
    found = check_message(err, changed)
    for key in ("file", "row", "column"):
        wanted = getattr(expect, key)
        assert wanted is None or found[key] == wanted, f"{kind}: expected {expect}, got: {err}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_mutation_kind_applies(kind: str) -> None:
    """Each kind changes something, so the random test exercises every one."""
    mutate, files = KINDS[kind]
    for file in files:
        changed, _ = mutate(file, 3, 5, 7)
        assert any(content != RAW[name] for name, content in changed.items())

"""Check CSV files against their Table Schema (in lesson_data/datapackage.json).

Only the parts of the Frictionless Table Schema that the lesson data uses are
implemented: string and integer fields; required, enum, pattern, minimum and
maximum constraints; primary keys; foreign keys. Every problem becomes one
LessonDataError that names the file, the row and the column.
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISION_BY_PARTS = {1: "year", 2: "month", 3: "day"}


class LessonDataError(ValueError):
    """A lesson data file is missing or does not match its schema.

    ``file``, ``row`` (1 = first data row, 0 = the header) and ``column`` say where;
    row and column are None only when the file itself cannot be found or read.
    """

    def __init__(
        self, file: str, problem: str, row: int | None = None, column: str | None = None
    ) -> None:
        self.file, self.problem, self.row, self.column = file, problem, row, column
        super().__init__(self._message())

    def _message(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append("header row" if self.row == 0 else f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.problem}"


@dataclass(frozen=True)
class Table:
    """A validated CSV file: its name, column names and rows as dicts of strings."""

    name: str
    columns: list[str]
    rows: list[dict[str, str]]


def read_table(path: Path, schema: Mapping[str, Any]) -> Table:
    """Read ``path`` and check it against ``schema``; raise LessonDataError on any problem."""
    text = _read_text(path)
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    header, records = _parse_csv(path.name, text, expected)
    _check_header(path.name, header, expected)
    rows = [_check_record(path.name, n, rec, fields) for n, rec in enumerate(records, start=1)]
    _check_primary_key(path.name, rows, schema.get("primaryKey", []))
    return Table(path.name, expected, rows)


def check_foreign_keys(
    table: Table, schema: Mapping[str, Any], tables: Mapping[str, Table]
) -> None:
    """Check that every non-empty foreign key of ``table`` resolves in the referenced table."""
    for fk in schema.get("foreignKeys", []):
        (column,) = _as_list(fk["fields"])
        (ref_column,) = _as_list(fk["reference"]["fields"])
        target = tables[fk["reference"]["resource"] or _stem(table.name)]
        known = {r[ref_column] for r in target.rows}
        for n, row in enumerate(table.rows, start=1):
            value = row[column]
            if value and value not in known:
                raise LessonDataError(
                    table.name, f"'{value}' is not a {ref_column} in {target.name}", n, column
                )


def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """Split 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' into numbers; ValueError if it is no real date."""
    m = DATE_RE.match(value)
    if not m:
        raise ValueError("expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"month {month} does not exist")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"day {day} does not exist in {year}-{month:02d}")
    return year, month, day


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise LessonDataError(path.name, f"file not found (looked for {path})")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        row, column = _locate_offset(raw, err.start)
        raise LessonDataError(
            path.name, f"is not UTF-8 text (byte 0x{raw[err.start]:02x})", row, column
        ) from None


def _locate_offset(raw: bytes, offset: int) -> tuple[int, str | None]:
    """Find the data row and column holding byte ``offset`` (for non-UTF-8 errors)."""
    before = raw[:offset].decode("utf-8", errors="replace")
    lines = before.split("\n")
    header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8", errors="replace")]), [])
    fields_so_far = next(csv.reader([lines[-1]]), [""])
    index = max(len(fields_so_far) - 1, 0)
    column = header[index] if index < len(header) else None
    return len(lines) - 1, column


def _parse_csv(name: str, text: str, expected: list[str]) -> tuple[list[str], list[list[str]]]:
    if not text.strip():
        raise LessonDataError(name, "the file is empty: expected a header row", 0, expected[0])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        header = next(reader)
        for rec in reader:
            if any(cell.strip() for cell in rec):
                records.append(rec)
    except csv.Error as err:
        row = len(records) + 1
        raise LessonDataError(
            name,
            f"malformed CSV near line {reader.line_num} ({err}); check for a stray quote mark",
            row,
            _column_at(expected, records, row),
        ) from None
    return header, records


def _column_at(expected: list[str], records: list[list[str]], row: int) -> str:
    """Best guess at the column where a broken row went wrong: the one after its last field."""
    return (
        expected[0]
        if row > len(records)
        else expected[min(len(records[row - 1]), len(expected) - 1)]
    )


def _check_header(name: str, header: list[str], expected: list[str]) -> None:
    header = [h.strip() for h in header]
    for column in expected:
        if column not in header:
            found = ", ".join(header) or "nothing"
            raise LessonDataError(name, f"missing column (the header has: {found})", 0, column)
    if header != expected:
        extra = [h for h in header if h not in expected]
        problem = f"unexpected column '{extra[0]}'" if extra else "columns are out of order"
        raise LessonDataError(
            name, f"{problem}; expected: {', '.join(expected)}", 0, extra[0] if extra else None
        )


def _check_record(
    name: str, n: int, rec: list[str], fields: list[Mapping[str, Any]]
) -> dict[str, str]:
    if len(rec) != len(fields):
        index = min(len(rec), len(fields) - 1)
        problem = (
            f"has {len(rec)} values but the header has {len(fields)} columns"
            " (a truncated line or an unquoted comma?)"
        )
        raise LessonDataError(name, problem, n, fields[index]["name"])
    row = {f["name"]: value.strip() for f, value in zip(fields, rec, strict=True)}
    for field in fields:
        problem = _cell_problem(row[field["name"]], field)
        if problem:
            raise LessonDataError(name, problem, n, field["name"])
    problem = _date_precision_problem(row)
    if problem:
        raise LessonDataError(name, problem, n, "date_precision")
    return row


def _cell_problem(value: str, field: Mapping[str, Any]) -> str | None:
    c = field.get("constraints", {})
    if not value:
        return "a value is required here" if c.get("required") else None
    if field.get("type") == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            return f"'{value}' is not a whole number"
        number = int(value)
        if "minimum" in c and number < c["minimum"]:
            return f"{number} is below the minimum {c['minimum']}"
        if "maximum" in c and number > c["maximum"]:
            return f"{number} is above the maximum {c['maximum']}"
    if "enum" in c and value not in c["enum"]:
        return f"'{value}' is not one of the allowed values: {', '.join(map(str, c['enum']))}"
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        return _pattern_problem(value, field)
    if field["name"] == "date":
        try:
            parse_partial_date(value)
        except ValueError as err:
            return f"'{value}' is not a valid date: {err}"
    return None


def _pattern_problem(value: str, field: Mapping[str, Any]) -> str:
    if field["name"] == "date":
        return f"'{value}' is not a valid date: expected YYYY, YYYY-MM or YYYY-MM-DD"
    return f"'{value}' does not have the expected form ({field['constraints']['pattern']})"


def _date_precision_problem(row: Mapping[str, str]) -> str | None:
    if "date" not in row or "date_precision" not in row:
        return None
    date, precision = row["date"], row["date_precision"]
    if bool(date) != bool(precision):
        return "date and date_precision must both be given or both be empty"
    actual = PRECISION_BY_PARTS[date.count("-") + 1] if date else precision
    if actual != precision:
        return f"date '{date}' has {actual} precision, not {precision}"
    return None


def _check_primary_key(name: str, rows: list[dict[str, str]], key: Iterable[str] | str) -> None:
    for column in _as_list(key):
        seen: dict[str, int] = {}
        for n, row in enumerate(rows, start=1):
            value = row[column]
            if value in seen:
                raise LessonDataError(
                    name, f"duplicate key '{value}' (also in row {seen[value]})", n, column
                )
            seen[value] = n


def _as_list(value: Iterable[str] | str) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _stem(filename: str) -> str:
    return filename.rsplit(".", 1)[0]

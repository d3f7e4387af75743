"""Check CSV files against their Table Schema (in lesson_data/datapackage.json).

Only the parts of the Frictionless Table Schema that the lesson data uses are
implemented: string and integer fields; required, enum, pattern, minimum and
maximum constraints; primary keys; foreign keys. One addition of our own,
``rowLinks`` in a schema, lets a row point into a table that another of its
columns names (a check of a claim in statements, events or measures); Table
Schema allows extra properties, and other tools ignore it. Every problem becomes
one LessonDataError that names the file, the row and the column.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .plural import counted

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
PRECISION_BY_PARTS = {1: "year", 2: "month", 3: "day"}
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # what pandas' int64 columns can hold


class LessonDataError(ValueError):
    """A lesson data file is missing or does not match its schema.

    ``file``, ``row`` (1 = first data row, 0 = the header) and ``column`` say where;
    row and column are None only when the file itself cannot be found or read. ``line``
    is the row's first line in the file, as a spreadsheet or editor numbers it (the header
    is line 1); by default the line after the row's number.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        row: int | None = None,
        column: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file, self.problem, self.row, self.column = file, problem, row, column
        self.line = line if line is not None or row is None else row + 1
        super().__init__(self._message())

    def _message(self) -> str:
        where = [self.file]
        if self.row is not None:
            # "Row 2" alone reads as line 2 to someone with the file open; say both.
            where.append(
                "header row (line 1 of the file)"
                if self.row == 0
                else f"data row {self.row} (line {self.line} of the file)"
            )
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.problem}"


@dataclass(frozen=True)
class Table:
    """A validated CSV file: its name, column names and rows as dicts of strings."""

    name: str
    columns: list[str]
    rows: list[dict[str, str]]
    lines: list[int] = dataclasses.field(default_factory=list)  # each row's first line in the file

    def line(self, row: int) -> int | None:
        """The line in the file where data row ``row`` (1-based) starts, if known."""
        return self.lines[row - 1] if 0 < row <= len(self.lines) else None


def read_table(path: Path, schema: Mapping[str, Any]) -> Table:
    """Read ``path`` and check it against ``schema``; raise LessonDataError on any problem."""
    text = _read_text(path)
    fields = schema["fields"]
    expected = [f["name"] for f in fields]
    header, records, lines = _parse_csv(path.name, text, expected)
    _check_header(path.name, header, expected)
    rows = [
        _check_record(path.name, n, rec, fields, line)
        for n, (rec, line) in enumerate(zip(records, lines, strict=True), start=1)
    ]
    table = Table(path.name, expected, rows, lines)
    _check_primary_key(table, schema.get("primaryKey", []))
    return table


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
                    table.name,
                    f"'{value}' is not a {ref_column} in {target.name}",
                    n,
                    column,
                    table.line(n),
                )


def check_row_links(
    table: Table,
    schema: Mapping[str, Any],
    tables: Mapping[str, Table],
    primary_keys: Mapping[str, str],
) -> None:
    """Check ``rowLinks``: each ``fields`` value is a key of the table its ``resourceField`` names.

    ``primary_keys`` gives each table's key column (tables with a one-column key).
    """
    for link in schema.get("rowLinks", []):
        column, table_column = link["fields"], link["resourceField"]
        for n, row in enumerate(table.rows, start=1):
            value, target = row[column], row[table_column]
            if not value:
                continue
            if target not in tables or target not in primary_keys:
                problem = f"'{target}' is not a table of this package with a one-column key"
                raise LessonDataError(table.name, problem, n, table_column)
            key = primary_keys[target]
            if value not in {r[key] for r in tables[target].rows}:
                raise LessonDataError(
                    table.name, f"'{value}' is not a {key} in {tables[target].name}", n, column
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


def _parse_csv(
    name: str, text: str, expected: list[str]
) -> tuple[list[str], list[list[str]], list[int]]:
    """Header, records and the line each record starts on (blank lines are skipped)."""
    if not text.strip():
        raise LessonDataError(name, "the file is empty: expected a header row", 0, expected[0])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    records: list[list[str]] = []
    lines: list[int] = []
    start = 0  # physical lines read before the record being parsed
    try:
        header = next(reader)
        start = reader.line_num
        for rec in reader:
            if any(cell.strip() for cell in rec):
                records.append(rec)
                lines.append(start + 1)
            start = reader.line_num
    except csv.Error as err:
        lines = io.StringIO(text, newline="").readlines()
        index = min(_field_at_error("".join(lines[start:])), len(expected) - 1)
        raise LessonDataError(
            name,
            f"malformed CSV near line {reader.line_num} ({err}); check for a stray quote mark",
            0 if header is None else len(records) + 1,
            expected[index],
            None if header is None else start + 1,
        ) from None
    return header, records, lines


def _field_at_error(record: str) -> int:
    """Index of the field a strict CSV reader was in when it failed on ``record``."""
    field, quoted, at_start, i = 0, False, True, 0
    while i < len(record):
        char, following = record[i], record[i + 1 : i + 2]
        if quoted:
            if char == '"' and following == '"':
                i += 1  # an escaped quote mark
            elif char == '"' and following not in (",", "\r", "\n", ""):
                return field  # text right after a closing quote mark
            elif char == '"':
                quoted = False
        elif char == ",":
            field += 1
            at_start = True
            i += 1
            continue
        elif char in "\r\n":
            return field
        elif char == '"' and at_start:
            quoted = True
        at_start = False
        i += 1
    return field  # the data ended inside a quoted field


def _check_header(name: str, header: list[str], expected: list[str]) -> None:
    header = [h.strip() for h in header]
    for column in expected:
        if column not in header:
            found = ", ".join(header) or "nothing"
            raise LessonDataError(name, f"missing column (the header has: {found})", 0, column)
    if header != expected:
        extra = [h for h in header if h not in expected]
        repeated = [h for i, h in enumerate(header) if h in header[:i]]
        if extra:
            column, problem = extra[0], f"unexpected column '{extra[0]}'"
        elif repeated:
            column, problem = repeated[0], f"column '{repeated[0]}' appears twice"
        else:  # the same columns in another order: name the first one out of place
            column = next(e for h, e in zip(header, expected, strict=True) if h != e)
            problem = "columns are out of order"
        raise LessonDataError(name, f"{problem}; expected: {', '.join(expected)}", 0, column)


def _check_record(
    name: str, n: int, rec: list[str], fields: list[Mapping[str, Any]], line: int
) -> dict[str, str]:
    if len(rec) != len(fields):
        index = min(len(rec), len(fields) - 1)
        problem = (
            f"has {counted(len(rec), 'value')} but the header has "
            f"{counted(len(fields), 'column')}"
            " (a truncated line or an unquoted comma?)"
        )
        raise LessonDataError(name, problem, n, fields[index]["name"], line)
    row = {f["name"]: value.strip() for f, value in zip(fields, rec, strict=True)}
    for field in fields:
        problem = _cell_problem(row[field["name"]], field)
        if problem:
            raise LessonDataError(name, problem, n, field["name"], line)
    problem = _date_precision_problem(row)
    if problem:
        raise LessonDataError(name, problem, n, "date_precision", line)
    return row


def _cell_problem(value: str, field: Mapping[str, Any]) -> str | None:
    c = field.get("constraints", {})
    if not value:
        return "a value is required here" if c.get("required") else None
    if field.get("type") == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            return f"'{value}' is not a whole number"
        if len(value.lstrip("+-0")) > 19 or not INT64_MIN <= int(value) <= INT64_MAX:
            return f"{value} is too large for a whole-number column"
        number = int(value)
        if "minimum" in c and number < c["minimum"]:
            return f"{number} is below the minimum {c['minimum']}"
        if "maximum" in c and number > c["maximum"]:
            return f"{number} is above the maximum {c['maximum']}"
    if "enum" in c and value not in c["enum"]:
        return f"'{value}' is not one of the allowed values: {', '.join(map(str, c['enum']))}"
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        return _pattern_problem(value, field)
    if _is_date(field):
        try:
            parse_partial_date(value)
        except ValueError as err:
            return f"'{value}' is not a valid date: {err}"
    return None


def _is_date(field: Mapping[str, Any]) -> bool:
    """A partial ISO date column: ``date``, or one named like ``record_date``."""
    return field["name"] == "date" or field["name"].endswith("_date")


def _pattern_problem(value: str, field: Mapping[str, Any]) -> str:
    if _is_date(field):
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


def _check_primary_key(table: Table, key: Iterable[str] | str) -> None:
    for column in _as_list(key):
        seen: dict[str, int] = {}
        for n, row in enumerate(table.rows, start=1):
            value = row[column]
            if value in seen:
                first = seen[value]
                raise LessonDataError(
                    table.name,
                    f"duplicate key '{value}' (also in data row {first}, line {table.line(first)})",
                    n,
                    column,
                    table.line(n),
                )
            seen[value] = n


def _as_list(value: Iterable[str] | str) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _stem(filename: str) -> str:
    return filename.rsplit(".", 1)[0]

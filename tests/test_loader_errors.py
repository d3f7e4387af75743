"""Bad data never loads quietly: each problem raises one LessonDataError saying where it is.

Every case corrupts a scratch copy of lesson_data/ and loads that folder; the message
must start with the file, the row (1 = first data row, "header row" for the header) and
the column, e.g. ``statements.csv, data row 3 (line 4 of the file), column 'speaker': ...``.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import s400_lesson
from s400_lesson import LessonDataError, load_all, load_statements

Mutation = Callable[[Path], None]


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    """Write CSV the way the shipped files are written (minimal quoting, LF line ends)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8", errors="surrogateescape"))


def set_cell(file: str, row: int, column: str, value: str) -> Mutation:
    def mutate(folder: Path) -> None:
        rows = read_rows(folder / file)
        rows[row][rows[0].index(column)] = value
        write_rows(folder / file, rows)

    return mutate


def drop_column(file: str, column: str) -> Mutation:
    def mutate(folder: Path) -> None:
        rows = read_rows(folder / file)
        index = rows[0].index(column)
        write_rows(folder / file, [r[:index] + r[index + 1 :] for r in rows])

    return mutate


def add_column(file: str, column: str) -> Mutation:
    def mutate(folder: Path) -> None:
        rows = read_rows(folder / file)
        write_rows(folder / file, [[*rows[0], column]] + [[*r, "x"] for r in rows[1:]])

    return mutate


def swap_columns(file: str, first: str, second: str) -> Mutation:
    def mutate(folder: Path) -> None:
        rows = read_rows(folder / file)
        i, j = rows[0].index(first), rows[0].index(second)
        for row in rows:
            row[i], row[j] = row[j], row[i]
        write_rows(folder / file, rows)

    return mutate


def edit_schema(resource: str, edit: Callable[[dict], None]) -> Mutation:
    """Change one resource's schema in datapackage.json."""

    def mutate(folder: Path) -> None:
        path = folder / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        (res,) = [r for r in descriptor["resources"] if r["name"] == resource]
        edit(res["schema"])
        path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")

    return mutate


def field(name: str, schema: dict) -> dict:
    (found,) = [f for f in schema["fields"] if f["name"] == name]
    return found


def edit_line(file: str, line: int, edit: Callable[[bytes], bytes]) -> Mutation:
    """Change one physical line (0 = header) of a file as bytes."""

    def mutate(folder: Path) -> None:
        lines = (folder / file).read_bytes().split(b"\n")
        lines[line] = edit(lines[line])
        (folder / file).write_bytes(b"\n".join(lines))

    return mutate


def cut_file(file: str, keep: Callable[[bytes], int]) -> Mutation:
    """Truncate a file: keep its first ``keep(content)`` bytes."""

    def mutate(folder: Path) -> None:
        raw = (folder / file).read_bytes()
        (folder / file).write_bytes(raw[: keep(raw)])

    return mutate


def write(file: str, content: bytes) -> Mutation:
    return lambda folder: (folder / file).write_bytes(content)


def delete(file: str) -> Mutation:
    return lambda folder: (folder / file).unlink()


def insert_at(marker: bytes, text: bytes, after: bool = False) -> Callable[[bytes], bytes]:
    def edit(line: bytes) -> bytes:
        i = line.index(marker) + (len(marker) if after else 0)
        return line[:i] + text + line[i:]

    return edit


# id -> (mutation, expected start of the message)
CASES: dict[str, tuple[Mutation, str]] = {
    "missing file": (delete("statements.csv"), "statements.csv: file not found"),
    "missing column": (
        drop_column("statements.csv", "date"),
        "statements.csv, header row (line 1 of the file), column 'date'",
    ),
    "renamed column": (
        edit_line("statements.csv", 0, lambda h: h.replace(b",topic,", b",subject,")),
        "statements.csv, header row (line 1 of the file), column 'topic'",
    ),
    "extra column": (
        add_column("events.csv", "extra"),
        "events.csv, header row (line 1 of the file), column 'extra'",
    ),
    "columns swapped": (
        swap_columns("statements.csv", "form", "topic"),
        "statements.csv, header row (line 1 of the file), column 'form'",
    ),
    "column repeated": (
        add_column("events.csv", "note"),
        "events.csv, header row (line 1 of the file), column 'note'",
    ),
    "impossible date": (
        set_cell("statements.csv", 10, "date", "2020-13-45"),
        "statements.csv, data row 10 (line 11 of the file), column 'date'",
    ),
    "date in words": (
        set_cell("statements.csv", 10, "date", "Feb 2021"),
        "statements.csv, data row 10 (line 11 of the file), column 'date'",
    ),
    "day not in month": (  # row 14 is E12, dated to the day (the file is in date order)
        set_cell("events.csv", 14, "date", "2021-02-30"),
        "events.csv, data row 14 (line 15 of the file), column 'date'",
    ),
    "precision disagrees": (  # row 12 is S12, dated to the month (2020-12)
        set_cell("statements.csv", 12, "date_precision", "day"),
        "statements.csv, data row 12 (line 13 of the file), column 'date_precision'",
    ),
    "date without precision": (  # row 5 is M08, undated
        set_cell("measures.csv", 5, "date", "2020"),
        "measures.csv, data row 5 (line 6 of the file), column 'date_precision'",
    ),
    "value outside enum": (
        set_cell("statements.csv", 3, "s400_position", "hostile"),
        "statements.csv, data row 3 (line 4 of the file), column 's400_position'",
    ),
    "required value empty": (
        set_cell("actors.csv", 2, "name", " "),
        "actors.csv, data row 2 (line 3 of the file), column 'name'",
    ),
    "key of wrong form": (
        set_cell("statements.csv", 4, "statement_id", "S4"),
        "statements.csv, data row 4 (line 5 of the file), column 'statement_id'",
    ),
    "word in integer column": (
        set_cell("f35_delivery_plan.csv", 2, "planned_deliveries", "ten"),
        "f35_delivery_plan.csv, data row 2 (line 3 of the file), column 'planned_deliveries'",
    ),
    "decimal in integer column": (
        set_cell("f35_delivery_plan.csv", 2, "planned_deliveries", "10.0"),
        "f35_delivery_plan.csv, data row 2 (line 3 of the file), column 'planned_deliveries'",
    ),
    "integer too large": (
        set_cell("f35_delivery_plan.csv", 3, "planned_cumulative", "99999999999999999999"),
        "f35_delivery_plan.csv, data row 3 (line 4 of the file), column 'planned_cumulative'",
    ),
    "integer below minimum": (
        set_cell("f35_turkish_aircraft.csv", 1, "aircraft", "0"),
        "f35_turkish_aircraft.csv, data row 1 (line 2 of the file), column 'aircraft'",
    ),
    "duplicate key": (
        set_cell("statements.csv", 5, "statement_id", "S04"),
        "statements.csv, data row 5 (line 6 of the file), column 'statement_id'",
    ),
    "dangling actor": (
        set_cell("statements.csv", 7, "actor_id", "nobody"),
        "statements.csv, data row 7 (line 8 of the file), column 'actor_id'",
    ),
    "dangling other party": (
        set_cell("measures.csv", 3, "other_party_id", "nobody"),
        "measures.csv, data row 3 (line 4 of the file), column 'other_party_id'",
    ),
    "dangling sanctioned step": (
        set_cell("sanction_targets.csv", 2, "measure_id", "M99"),
        "sanction_targets.csv, data row 2 (line 3 of the file), column 'measure_id'",
    ),
    "dangling buyer": (
        set_cell("f35_turkish_aircraft.csv", 1, "buyer_id", "nobody"),
        "f35_turkish_aircraft.csv, data row 1 (line 2 of the file), column 'buyer_id'",
    ),
    "checked claim that does not exist": (
        set_cell("source_checks.csv", 1, "claim_id", "S99"),
        "source_checks.csv, data row 1 (line 2 of the file), column 'claim_id'",
    ),
    "checked claim looked up in the wrong table": (
        set_cell("source_checks.csv", 2, "claim_table", "f35_turkish_aircraft"),
        "source_checks.csv, data row 2 (line 3 of the file), column 'claim_id'",
    ),
    "checked claim in a table the package lacks": (
        lambda f: (
            edit_schema(
                "source_checks",
                lambda s: field("claim_table", s)["constraints"]["enum"].append("nowhere"),
            )(f),
            set_cell("source_checks.csv", 3, "claim_table", "nowhere")(f),
        ),
        "source_checks.csv, data row 3 (line 4 of the file), column 'claim_table'",
    ),
    "checked claim of wrong form": (
        set_cell("source_checks.csv", 1, "claim_id", "statement 5"),
        "source_checks.csv, data row 1 (line 2 of the file), column 'claim_id'",
    ),
    "impossible record date": (
        set_cell("source_checks.csv", 4, "record_date", "2020-02-30"),
        "source_checks.csv, data row 4 (line 5 of the file), column 'record_date'",
    ),
    "record address not a web address": (
        set_cell("source_checks.csv", 4, "record_address", "state.gov somewhere"),
        "source_checks.csv, data row 4 (line 5 of the file), column 'record_address'",
    ),
    "verdict outside the coded set": (
        set_cell("source_checks.csv", 5, "verdict", "mostly true"),
        "source_checks.csv, data row 5 (line 6 of the file), column 'verdict'",
    ),
    "row link names no field": (
        edit_schema("source_checks", lambda s: s["rowLinks"][0].update(resourceField="table")),
        "datapackage.json",
    ),
    "empty file": (write("events.csv", b""), "events.csv"),
    "blank file": (write("events.csv", b" \n\n"), "events.csv"),
    "not UTF-8": (
        edit_line("statements.csv", 4, insert_at(b"Spokesman", b"\xff", after=True)),
        "statements.csv, data row 4 (line 5 of the file), column 'role'",
    ),
    "not UTF-8 in a quoted cell": (
        edit_line("actors.csv", 1, insert_at(b"The Republic", b"\xff")),
        "actors.csv, data row 1 (line 2 of the file), column 'role'",
    ),
    "Latin-1 file": (
        lambda f: (f / "actors.csv").write_bytes(
            (f / "actors.csv").read_text().encode("latin-1", "replace")
        ),
        "actors.csv, data row 5 (line 6 of the file), column 'name'",
    ),
    "truncated line": (
        edit_line("f35_delivery_plan.csv", 3, lambda line: line[:7]),
        "f35_delivery_plan.csv, data row 3 (line 4 of the file), column 'planned_cumulative'",
    ),
    "truncated file, unquoted cell": (
        cut_file("glossary.csv", lambda raw: raw.index(b"aerospace company")),
        "glossary.csv, data row 23 (line 24 of the file), column 'source'",
    ),
    "truncated file, quoted cell": (
        cut_file("statements.csv", lambda raw: raw.index(b"yields to direct")),
        "statements.csv, data row 34 (line 35 of the file), column 'text'",
    ),
    "stray quote opening a cell": (
        edit_line("statements.csv", 3, insert_at(b"\xc4\xb0brahim", b'"')),
        "statements.csv, data row 3 (line 4 of the file), column 'speaker'",
    ),
    "stray quote closing a cell early": (
        edit_line("actors.csv", 1, insert_at(b"of Turkey", b'"')),
        "actors.csv, data row 1 (line 2 of the file), column 'role'",
    ),
    "missing descriptor": (delete("datapackage.json"), "datapackage.json: file not found"),
    "descriptor not JSON": (write("datapackage.json", b'{"resources": [\n'), "datapackage.json"),
    "descriptor without resources": (write("datapackage.json", b"{}"), "datapackage.json"),
    "field type the loader lacks": (
        edit_schema("statements", lambda s: field("date", s).update(type="date")),
        "datapackage.json, column 'date'",
    ),
    "enum no longer fits": (
        edit_schema("actors", lambda s: field("kind", s)["constraints"]["enum"].remove("media")),
        "actors.csv, data row 22 (line 23 of the file), column 'kind'",
    ),
    "field removed from schema": (
        edit_schema("events", lambda s: s["fields"].remove(field("title", s))),
        "events.csv, header row (line 1 of the file), column 'title'",
    ),
    "foreign key to unknown resource": (
        edit_schema("statements", lambda s: s["foreignKeys"][0]["reference"].update(resource="x")),
        "datapackage.json",
    ),
    "primary key names no field": (
        edit_schema("glossary", lambda s: s.update(primaryKey=["id"])),
        "datapackage.json",
    ),
    "descriptor not UTF-8": (write("datapackage.json", b'{"name": "\xff"}'), "datapackage.json"),
}


@pytest.mark.parametrize(("mutate", "where"), CASES.values(), ids=CASES.keys())
def test_bad_data_names_file_row_and_column(mutate: Mutation, where: str, data_copy: Path) -> None:
    mutate(data_copy)
    with pytest.raises(LessonDataError) as caught:
        load_all(data_copy)
    assert str(caught.value).startswith(where)


def test_field_without_type_is_a_string(data_copy: Path) -> None:
    """Table Schema's default type is string; the loader reads such a field as text."""
    edit_schema("f35_delivery_plan", lambda s: field("year", s).pop("type"))(data_copy)
    assert load_all(data_copy)["f35_delivery_plan"]["year"].tolist()[0] == "2018"


def test_optional_whole_number_column_may_have_gaps(data_copy: Path) -> None:
    """Table Schema allows an empty cell in an optional integer field; it loads as missing."""
    optional = edit_schema(
        "f35_delivery_plan", lambda s: field("planned_deliveries", s)["constraints"].clear()
    )
    optional(data_copy)
    set_cell("f35_delivery_plan.csv", 2, "planned_deliveries", "")(data_copy)
    column = load_all(data_copy)["f35_delivery_plan"]["planned_deliveries"]
    assert column.isna().tolist() == [False, True] + [False] * 8
    assert column.iloc[0] == 10


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(LessonDataError, match="no_such_folder"):
        load_statements(tmp_path / "no_such_folder")


def test_each_loader_reports_problems_in_other_files(data_copy: Path) -> None:
    """load_statements validates the whole package, so a broken actors.csv is reported."""
    set_cell("actors.csv", 3, "kind", "wizard")(data_copy)
    with pytest.raises(
        LessonDataError, match=r"^actors\.csv, data row 3 \(line 4 of the file\), column 'kind'"
    ):
        load_statements(data_copy)


def test_cache_does_not_hide_a_change(data_copy: Path) -> None:
    assert len(load_statements(data_copy)) > 0
    set_cell("statements.csv", 10, "date", "2020-13")(data_copy)
    with pytest.raises(
        LessonDataError, match=r"data row 10 \(line 11 of the file\), column 'date'"
    ):
        load_statements(data_copy)


def test_cache_does_not_hide_a_change_that_keeps_size_and_time(data_copy: Path) -> None:
    """A file replaced by one of the same size and timestamp (as `cp -p` does) is re-read."""
    path = data_copy / "statements.csv"
    assert len(load_statements(data_copy)) > 0
    stat = path.stat()
    path.write_bytes(path.read_bytes().replace(b",2020-12,", b",2020-13,", 1))  # S12, row 12
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    with pytest.raises(
        LessonDataError, match=r"data row 12 \(line 13 of the file\), column 'date'"
    ):
        load_statements(data_copy)


def test_repaired_file_loads_again(data_copy: Path) -> None:
    """An error is not cached: once the file is fixed, it loads."""
    good = (data_copy / "statements.csv").read_bytes()
    set_cell("statements.csv", 3, "s400_position", "hostile")(data_copy)
    with pytest.raises(LessonDataError):
        load_statements(data_copy)
    (data_copy / "statements.csv").write_bytes(good)
    assert len(load_statements(data_copy)) == len(read_rows(data_copy / "statements.csv")) - 1


def test_environment_variable_points_the_loaders_elsewhere(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_cell("statements.csv", 3, "s400_position", "hostile")(data_copy)
    monkeypatch.setenv("S400_LESSON_DATA", str(data_copy))
    assert s400_lesson.data_dir() == data_copy
    with pytest.raises(
        LessonDataError,
        match=r"^statements\.csv, data row 3 \(line 4 of the file\), column 's400_position'",
    ):
        load_statements()


def test_loads_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lesson_data_dir: Path
) -> None:
    monkeypatch.delenv("S400_LESSON_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    assert s400_lesson.data_dir().resolve() == lesson_data_dir
    assert len(load_statements()) == len(read_rows(lesson_data_dir / "statements.csv")) - 1


def test_line_counts_the_lines_of_a_quoted_cell_that_spans_several(data_copy: Path) -> None:
    """A cell with line breaks inside quotes pushes later rows down the file: the line says so."""
    rows = read_rows(data_copy / "statements.csv")
    text = rows[0].index("text")
    rows[1][text] = rows[1][text] + "\nsecond line\nthird line"
    rows[3][rows[0].index("s400_position")] = "hostile"
    write_rows(data_copy / "statements.csv", rows)
    with pytest.raises(LessonDataError) as caught:
        load_statements(data_copy)
    assert str(caught.value).startswith(
        "statements.csv, data row 3 (line 6 of the file), column 's400_position'"
    )
    physical = (data_copy / "statements.csv").read_text(encoding="utf-8").split("\n")
    assert physical[6 - 1].startswith(rows[3][0]), "line 6 is where data row 3 starts"


def test_a_skipped_blank_line_moves_the_line_but_not_the_row(data_copy: Path) -> None:
    set_cell("statements.csv", 3, "s400_position", "hostile")(data_copy)
    path = data_copy / "statements.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(2, "")  # a blank line after data row 1
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(LessonDataError, match=r"^statements\.csv, data row 3 \(line 5 of"):
        load_statements(data_copy)

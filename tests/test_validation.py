"""The data validation a teacher relies on, message by message: each schema constraint just
inside and just past its limit, the first and last day of a month, and every error message's
explanation as well as its location."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from s400_lesson import LessonDataError, load_all
from s400_lesson.data.validation import (
    Table,
    check_foreign_keys,
    check_row_links,
    parse_partial_date,
    read_table,
)

SCHEMA = {
    "fields": [
        {
            "name": "item_id",
            "type": "string",
            "constraints": {"required": True, "pattern": "^I\\d{2}$"},
        },
        {"name": "count", "type": "integer", "constraints": {"minimum": 1, "maximum": 9}},
        {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
        {"name": "date", "type": "string"},
        {"name": "date_precision", "type": "string"},
    ],
    "primaryKey": ["item_id"],
}
HEADER = "item_id,count,kind,date,date_precision\n"


def table(tmp_path: Path, body: str, header: str = HEADER, schema=SCHEMA) -> Table:
    path = tmp_path / "items.csv"
    path.write_text(header + body, encoding="utf-8")
    return read_table(path, schema)


def problem(tmp_path: Path, body: str, header: str = HEADER) -> LessonDataError:
    with pytest.raises(LessonDataError) as caught:
        table(tmp_path, body, header)
    return caught.value


# ---- Dates: the first and last day of each kind of month ----------------------------------


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("2020", (2020, None, None)),
        ("2020-01", (2020, 1, None)),
        ("2020-12", (2020, 12, None)),
        ("2020-01-01", (2020, 1, 1)),
        ("2020-01-31", (2020, 1, 31)),
        ("2020-04-30", (2020, 4, 30)),
        ("2020-02-29", (2020, 2, 29)),
        ("2021-02-28", (2021, 2, 28)),
        ("2020-12-31", (2020, 12, 31)),
    ],
)
def test_real_dates_parse(value, parts):
    assert parse_partial_date(value) == parts


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2020-00", "month 0 does not exist"),
        ("2020-13", "month 13 does not exist"),
        ("2020-01-00", "day 0 does not exist in 2020-01"),
        ("2020-01-32", "day 32 does not exist in 2020-01"),
        ("2020-04-31", "day 31 does not exist in 2020-04"),
        ("2021-02-29", "day 29 does not exist in 2021-02"),
        ("2020-02-30", "day 30 does not exist in 2020-02"),
        ("20-01-01", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2020-1-01", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2020-01-01x", "expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_impossible_dates_say_why(value, said):
    with pytest.raises(ValueError) as caught:
        parse_partial_date(value)
    assert str(caught.value) == said


def test_a_date_cell_names_the_date_problem(tmp_path):
    error = problem(tmp_path, "I01,1,a,2021-02-29,day\n")
    assert str(error) == (
        "items.csv, data row 1 (line 2 of the file), column 'date': '2021-02-29' is not a valid "
        "date: day 29 does not exist in 2021-02"
    )
    assert (error.file, error.row, error.column, error.line) == ("items.csv", 1, "date", 2)
    assert table(tmp_path, "I01,1,a,2020-02-29,day\n").rows[0]["date"] == "2020-02-29"


def test_date_and_precision_go_together(tmp_path):
    assert str(problem(tmp_path, "I01,1,a,2020-02,day\n")) == (
        "items.csv, data row 1 (line 2 of the file), column 'date_precision': date '2020-02' has "
        "month precision, not day"
    )
    assert str(problem(tmp_path, "I01,1,a,2020,\n")).endswith(
        "column 'date_precision': date and date_precision must both be given or both be empty"
    )
    assert str(problem(tmp_path, "I01,1,a,,year\n")).endswith(
        "date and date_precision must both be given or both be empty"
    )
    for date, precision in (("2020", "year"), ("2020-02", "month"), ("", "")):
        assert table(tmp_path, f"I01,1,a,{date},{precision}\n").rows


# ---- Each constraint, just inside and just past ---------------------------------------------


def test_minimum_and_maximum_hold_at_the_limit_and_fail_past_it(tmp_path):
    assert table(tmp_path, "I01,1,a,,\n").rows[0]["count"] == "1"
    assert table(tmp_path, "I01,9,a,,\n").rows[0]["count"] == "9"
    assert str(problem(tmp_path, "I01,0,a,,\n")) == (
        "items.csv, data row 1 (line 2 of the file), column 'count': 0 is below the minimum 1"
    )
    assert str(problem(tmp_path, "I01,10,a,,\n")) == (
        "items.csv, data row 1 (line 2 of the file), column 'count': 10 is above the maximum 9"
    )


def test_whole_numbers_and_their_size(tmp_path):
    assert str(problem(tmp_path, "I01,1.5,a,,\n")).endswith(
        "column 'count': '1.5' is not a whole number"
    )
    assert str(problem(tmp_path, "I01,x,a,,\n")).endswith(
        "column 'count': 'x' is not a whole number"
    )
    big = "9" * 20
    assert str(problem(tmp_path, f"I01,{big},a,,\n")).endswith(
        f"column 'count': {big} is too large for a whole-number column"
    )
    limit = str(2**63)
    assert str(problem(tmp_path, f"I01,{limit},a,,\n")).endswith(
        f"{limit} is too large for a whole-number column"
    )
    assert table(tmp_path, "I01,+5,a,,\n").rows[0]["count"] == "+5"
    assert table(tmp_path, "I01,,a,,\n").rows[0]["count"] == ""  # not required: may be empty


def test_a_19_digit_number_within_int64_is_not_too_large(tmp_path):
    schema = {"fields": [{"name": "n", "type": "integer"}]}
    top = str(2**63 - 1)
    assert len(top) == 19
    assert table(tmp_path, f"{top}\n", "n\n", schema).rows[0]["n"] == top
    bottom = str(-(2**63))
    assert table(tmp_path, f"{bottom}\n", "n\n", schema).rows[0]["n"] == bottom
    with pytest.raises(LessonDataError, match="too large"):
        table(tmp_path, f"{-(2**63) - 1}\n", "n\n", schema)


def test_required_enum_and_pattern_say_what_they_expect(tmp_path):
    assert str(problem(tmp_path, ",1,a,,\n")) == (
        "items.csv, data row 1 (line 2 of the file), column 'item_id': a value is required here"
    )
    assert str(problem(tmp_path, "I01,1,c,,\n")).endswith(
        "column 'kind': 'c' is not one of the allowed values: a, b"
    )
    assert str(problem(tmp_path, "I1,1,a,,\n")).endswith(
        "column 'item_id': 'I1' does not have the expected form (^I\\d{2}$)"
    )


def test_a_date_pattern_problem_reads_as_a_date_problem(tmp_path):
    schema = {
        "fields": [
            {
                "name": "record_date",
                "type": "string",
                "constraints": {"pattern": "^\\d{4}(-\\d{2}(-\\d{2})?)?$"},
            },
        ]
    }
    with pytest.raises(LessonDataError) as caught:
        table(tmp_path, "14 Dec 2020\n", "record_date\n", schema)
    assert str(caught.value).endswith(
        "column 'record_date': '14 Dec 2020' is not a valid date: expected YYYY, YYYY-MM or "
        "YYYY-MM-DD"
    )


def test_a_duplicate_key_names_both_rows(tmp_path):
    error = problem(tmp_path, "I01,1,a,,\nI02,1,a,,\nI01,2,b,,\n")
    assert str(error) == (
        "items.csv, data row 3 (line 4 of the file), column 'item_id': duplicate key 'I01' "
        "(also in data row 1, line 2)"
    )


# ---- The shipped schema's own limits ----------------------------------------------------------


def rewrite(path: Path, column: str, row: int, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "column", "inside", "past", "said"),
    [
        ("f35_delivery_plan.csv", "year", "2027", "2028", "2028 is above the maximum 2027"),
        ("f35_delivery_plan.csv", "year", "2018", "2017", "2017 is below the minimum 2018"),
        ("f35_delivery_plan.csv", "planned_deliveries", "0", "-1", "-1 is below the minimum 0"),
        ("f35_turkish_aircraft.csv", "aircraft", "1", "0", "0 is below the minimum 1"),
    ],
)
def test_the_shipped_limits_hold(data_copy, file, column, inside, past, said):
    path = data_copy / file
    row = 10 if column == "year" and inside == "2027" else 1
    rewrite(path, column, row, inside)
    if column != "year":
        load_all(data_copy)  # just inside loads
    rewrite(path, column, row, past)
    with pytest.raises(LessonDataError) as caught:
        load_all(data_copy)
    assert str(caught.value).endswith(f"column '{column}': {said}")


# ---- Whole files: missing, not text, empty, malformed, wrong header ---------------------------


def test_a_missing_file_says_where_it_was_looked_for(tmp_path):
    path = tmp_path / "gone.csv"
    with pytest.raises(LessonDataError) as caught:
        read_table(path, SCHEMA)
    assert str(caught.value) == f"gone.csv: file not found (looked for {path})"
    assert caught.value.row is None and caught.value.column is None and caught.value.line is None


def test_a_file_that_is_not_utf8_names_the_byte_and_the_cell(tmp_path):
    path = tmp_path / "items.csv"
    path.write_bytes(HEADER.encode() + b"I01,1,\xe9,,\n")
    with pytest.raises(LessonDataError) as caught:
        read_table(path, SCHEMA)
    assert str(caught.value) == (
        "items.csv, data row 1 (line 2 of the file), column 'kind': is not UTF-8 text (byte 0xe9)"
    )


def test_an_empty_file_asks_for_a_header(tmp_path):
    assert str(problem(tmp_path, "", header="")) == (
        "items.csv, header row (line 1 of the file), column 'item_id': the file is empty: "
        "expected a header row"
    )


def test_a_stray_quote_mark_is_named(tmp_path):
    error = problem(tmp_path, 'I01,1,"a"x,,\n')
    assert str(error).startswith(
        "items.csv, data row 1 (line 2 of the file), column 'kind': malformed CSV near line 2 ("
    )
    assert str(error).endswith("); check for a stray quote mark")


def test_a_row_with_too_few_values_is_named(tmp_path):
    assert str(problem(tmp_path, "I01,1\n")) == (
        "items.csv, data row 1 (line 2 of the file), column 'kind': has 2 values but the header "
        "has 5 columns (a truncated line or an unquoted comma?)"
    )
    assert str(problem(tmp_path, "I01,1,a,,,x\n")).endswith(
        "column 'date_precision': has 6 values but the header has 5 columns (a truncated line or "
        "an unquoted comma?)"
    )


@pytest.mark.parametrize(
    ("header", "said"),
    [
        (
            "item_id,count,kind,date\n",
            "column 'date_precision': missing column (the header has: item_id, count, kind, date)",
        ),
        (
            "item_id,count,kind,date,date_precision,extra\n",
            "column 'extra': unexpected column 'extra'; expected: item_id, count, kind, date, "
            "date_precision",
        ),
        (
            "item_id,count,kind,date,date_precision,kind\n",
            "column 'kind': column 'kind' appears twice; expected: item_id, count, kind, date, "
            "date_precision",
        ),
        (
            "count,item_id,kind,date,date_precision\n",
            "column 'item_id': columns are out of order; expected: item_id, count, kind, date, "
            "date_precision",
        ),
    ],
)
def test_header_problems_say_what_was_expected(tmp_path, header, said):
    error = problem(tmp_path, "", header=header)
    assert str(error) == f"items.csv, header row (line 1 of the file), {said}"
    assert error.row == 0 and error.line == 1


def test_an_empty_header_says_nothing_was_found(tmp_path):
    error = problem(tmp_path, "I01,1,a,,\n", header="\n")
    assert str(error).endswith("missing column (the header has: nothing)")


# ---- Links between tables --------------------------------------------------------------------


def linked(rows: list[dict[str, str]], name: str = "links.csv") -> Table:
    # Each row starts three lines lower than its number says (blank lines), so the line
    # reported is seen to be the table's own and not the row's number plus one.
    return Table(name, list(rows[0]), rows, [n + 4 for n in range(len(rows))])


def test_a_foreign_key_names_the_value_and_the_table():
    items = linked([{"item_id": "I01"}], "items.csv")
    links = linked([{"link_id": "L1", "item_id": "I01"}, {"link_id": "L2", "item_id": "I09"}])
    schema = {
        "foreignKeys": [
            {"fields": "item_id", "reference": {"resource": "items", "fields": "item_id"}}
        ]
    }
    with pytest.raises(LessonDataError) as caught:
        check_foreign_keys(links, schema, {"items": items})
    assert str(caught.value) == (
        "links.csv, data row 2 (line 5 of the file), column 'item_id': 'I09' is not a item_id "
        "in items.csv"
    )
    empty = linked([{"link_id": "L1", "item_id": ""}])
    check_foreign_keys(empty, schema, {"items": items})  # an empty key points nowhere: allowed


def test_a_foreign_key_into_its_own_table():
    rows = linked([{"item_id": "I01", "parent": ""}, {"item_id": "I02", "parent": "I01"}])
    schema = {
        "foreignKeys": [
            {"fields": ["parent"], "reference": {"resource": "", "fields": ["item_id"]}}
        ]
    }
    check_foreign_keys(rows, schema, {"links": rows})


def test_row_links_name_the_row_the_claim_points_to():
    claims = linked([{"claim_id": "I01"}], "items.csv")
    checks = linked(
        [
            {"check_id": "C1", "claim_table": "items", "claim_id": "I01"},
            {"check_id": "C2", "claim_table": "items", "claim_id": "I07"},
        ],
        "checks.csv",
    )
    schema = {"rowLinks": [{"fields": "claim_id", "resourceField": "claim_table"}]}
    with pytest.raises(LessonDataError) as caught:
        check_row_links(checks, schema, {"items": claims}, {"items": "claim_id"})
    assert str(caught.value) == (
        "checks.csv, data row 2 (line 5 of the file), column 'claim_id': 'I07' is not a "
        "claim_id in items.csv"
    )
    unknown = linked([{"check_id": "C1", "claim_table": "nowhere", "claim_id": "I01"}])
    with pytest.raises(LessonDataError) as caught:
        check_row_links(unknown, schema, {"items": claims}, {"items": "claim_id"})
    assert str(caught.value) == (
        "links.csv, data row 1 (line 4 of the file), column 'claim_table': 'nowhere' is not a "
        "table of this package with a one-column key"
    )
    blank = linked([{"check_id": "C1", "claim_table": "nowhere", "claim_id": ""}])
    check_row_links(blank, schema, {"items": claims}, {"items": "claim_id"})


def test_the_line_of_a_row_is_known_only_for_its_rows():
    rows = linked([{"a": "1"}, {"a": "2"}])
    assert [rows.line(0), rows.line(1), rows.line(2), rows.line(3)] == [None, 4, 5, None]


def test_an_error_names_line_and_row_apart():
    error = LessonDataError("x.csv", "bad", 3, "col", 9)
    assert str(error) == "x.csv, data row 3 (line 9 of the file), column 'col': bad"
    assert str(LessonDataError("x.csv", "bad", 3)) == "x.csv, data row 3 (line 4 of the file): bad"
    assert str(LessonDataError("x.csv", "bad")) == "x.csv: bad"
    assert isinstance(error, ValueError) and error.problem == "bad"


# ---- Where a broken byte or a stray quote mark is --------------------------------------------


def test_a_broken_byte_in_the_first_column_names_that_column(tmp_path):
    path = tmp_path / "items.csv"
    path.write_bytes(HEADER.encode() + b"I01,1,a,,\n\xe9I02,1,a,,\n")
    with pytest.raises(LessonDataError) as caught:
        read_table(path, SCHEMA)
    assert (caught.value.row, caught.value.column) == (2, "item_id")


def test_a_broken_byte_past_the_last_column_names_no_column(tmp_path):
    path = tmp_path / "items.csv"
    path.write_bytes(HEADER.encode() + b"I01,1,a,,,\xe9\n")
    with pytest.raises(LessonDataError) as caught:
        read_table(path, SCHEMA)
    assert (caught.value.row, caught.value.column) == (1, None)
    assert str(caught.value) == (
        "items.csv, data row 1 (line 2 of the file): is not UTF-8 text (byte 0xe9)"
    )


def test_a_broken_byte_in_the_header_is_named_too(tmp_path):
    path = tmp_path / "items.csv"
    path.write_bytes(b"item_id,co\xe9nt,kind,date,date_precision\nI01,1,a,,\n")
    with pytest.raises(LessonDataError) as caught:
        read_table(path, SCHEMA)
    assert (caught.value.row, caught.value.column) == (0, "co\ufffdnt")


def test_columns_with_spaces_in_their_names_are_located(tmp_path):
    schema = {"fields": [{"name": "first name"}, {"name": "last name"}]}
    path = tmp_path / "people.csv"
    path.write_bytes(b"first name,last name\nAda,Lo\xe9\n")
    with pytest.raises(LessonDataError) as caught:
        read_table(path, schema)
    assert caught.value.column == "last name"


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ('"a"x,b', 0),
        ('a,"b"x', 1),
        ('a,"b""c"x', 1),
        ('"a,b"x,c', 0),
        ('ab"c,d"x,e', 2),
        ('X,"b"x', 1),
        ("a,b\nc", 1),
        ('a,"b', 1),
        ('"a""",b"x', 1),  # an escaped quote mark, then the closing one
    ],
)
def test_the_field_of_a_stray_quote_mark(record, field):
    from s400_lesson.data.validation import _field_at_error

    assert _field_at_error(record) == field


def test_a_table_with_dots_in_its_file_name_refers_to_itself():
    from s400_lesson.data.validation import _stem

    assert _stem("links.v2.csv") == "links.v2"
    rows = Table("links.v2.csv", ["item_id", "parent"], [{"item_id": "I01", "parent": "I09"}], [2])
    schema = {
        "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "item_id"}}]
    }
    with pytest.raises(LessonDataError, match=re.escape("'I09' is not a item_id in links.v2.csv")):
        check_foreign_keys(rows, schema, {"links.v2": rows})


def test_a_blank_claim_before_a_broken_one_does_not_hide_it():
    claims = linked([{"claim_id": "I01"}], "items.csv")
    checks = linked(
        [
            {"check_id": "C1", "claim_table": "items", "claim_id": ""},
            {"check_id": "C2", "claim_table": "items", "claim_id": "I07"},
        ]
    )
    schema = {"rowLinks": [{"fields": "claim_id", "resourceField": "claim_table"}]}
    with pytest.raises(LessonDataError, match="'I07' is not a claim_id"):
        check_row_links(checks, schema, {"items": claims}, {"items": "claim_id"})


def test_a_row_link_into_a_table_without_a_one_column_key_is_refused():
    pairs = linked([{"a": "1", "b": "2"}], "pairs.csv")
    checks = linked([{"check_id": "C1", "claim_table": "pairs", "claim_id": "1"}])
    schema = {"rowLinks": [{"fields": "claim_id", "resourceField": "claim_table"}]}
    with pytest.raises(LessonDataError, match="'pairs' is not a table of this package"):
        check_row_links(checks, schema, {"pairs": pairs}, {})


def test_a_date_column_without_a_precision_column_is_just_a_date(tmp_path):
    schema = {"fields": [{"name": "date"}]}
    assert table(tmp_path, "2020-02\n", "date\n", schema).rows == [{"date": "2020-02"}]


def test_a_duplicate_key_after_a_blank_line_names_the_real_lines(tmp_path):
    error = problem(tmp_path, "I01,1,a,,\n\nI02,1,a,,\nI01,2,b,,\n")
    assert str(error) == (
        "items.csv, data row 3 (line 5 of the file), column 'item_id': duplicate key 'I01' "
        "(also in data row 1, line 2)"
    )
    assert error.line == 5


# ---- Lines after blank lines, and problems in the header itself -------------------------------


def test_a_short_row_after_a_blank_line_names_its_real_line(tmp_path):
    error = problem(tmp_path, "I01,1,a,,\n\n\nI02,1\n")
    assert (error.row, error.line) == (2, 5)


def test_a_date_precision_problem_after_a_blank_line_names_its_real_line(tmp_path):
    error = problem(tmp_path, "\nI01,1,a,2020,day\n")
    assert (error.row, error.column, error.line) == (1, "date_precision", 3)


def test_a_stray_quote_after_a_blank_line_names_its_real_line(tmp_path):
    error = problem(tmp_path, 'I01,1,a,,\n\nI02,1,"a"x,,\n')
    assert (error.row, error.column, error.line) == (2, "kind", 4)


def test_a_stray_quote_in_the_last_column_or_past_it(tmp_path):
    assert problem(tmp_path, 'I01,1,a,2020,"year"x\n').column == "date_precision"
    assert problem(tmp_path, 'I01,1,a,,,,"x"y\n').column == "date_precision"


def test_a_stray_quote_in_the_header_is_in_the_header_row(tmp_path):
    error = problem(tmp_path, "", header='item_id,"count"x,kind,date,date_precision\n')
    assert (error.row, error.column, error.line) == (0, "count", 1)
    assert str(error).startswith(
        "items.csv, header row (line 1 of the file), column 'count': malformed CSV near line 1 ("
    )


def test_a_line_break_inside_a_quoted_cell_is_kept_as_written(tmp_path):
    schema = {"fields": [{"name": "item_id"}, {"name": "note"}]}
    path = tmp_path / "items.csv"
    path.write_bytes(b'item_id,note\r\nI01,"two\r\nlines"\r\nI02,x\r\n')
    read = read_table(path, schema)
    assert read.rows[0]["note"] == "two\r\nlines"
    assert read.lines == [2, 4]

"""Tests of s400_lesson.tables: what a table on a slide or in a notebook shows a reader."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from s400_lesson.drawing.tables import MISSING, label, show_counts, show_table, words


class _Cells(HTMLParser):
    """The text of every th/td, row by row, and the tags seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in {"td", "th"}:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"} and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def cells(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


@pytest.fixture
def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["E01", "E02", "E03"],
            "date": pd.to_datetime(["2002-01-01 00:00", "2019-07-12 15:30", None]),
            "actor_kind": ["head_of_state", "ministry", None],
            "title": ["Talks on the F-35 <b>begin</b>", "Delivery starts", "Washington replies"],
            "count": [1, 22, 333],
        },
        index=[10, 11, 12],
    )


@pytest.mark.parametrize(
    ("code", "heading"),
    [
        ("date_label", "Date"),
        ("actor_id", "Actor"),
        ("nato_obligations", "NATO obligations"),
        ("f35_programme", "F-35 programme"),
        ("text", "Text"),
        ("us", "US"),
    ],
)
def test_label_reads_as_a_heading(code: str, heading: str) -> None:
    assert label(code) == heading


def test_words_keep_their_case() -> None:
    assert words("head_of_state") == "head of state"
    assert words("us_step") == "US step"


def test_chosen_columns_in_order_under_readable_headers(events: pd.DataFrame) -> None:
    table = show_table(events, ["title", "date", "actor_kind"])
    assert list(table.frame.columns) == ["Title", "Date", "Actor kind"]
    table = show_table(events, {"count": "Statements", "title": "What happened"})
    assert list(table.frame.columns) == ["Statements", "What happened"]
    assert cells(table._repr_html_()).rows[0] == ["Statements", "What happened"]


def test_values_in_words_dates_without_time_missing_as_dash(events: pd.DataFrame) -> None:
    frame = show_table(events, ["date", "actor_kind", "count"]).frame
    assert frame["Date"].tolist() == ["2002-01-01", "2019-07-12", MISSING]
    assert frame["Actor kind"].tolist() == ["head of state", "ministry", MISSING]
    assert frame["Count"].tolist() == ["1", "22", "333"]
    raw = show_table(events, ["actor_kind"], codes=False).frame
    assert raw["Actor kind"].tolist()[0] == "head_of_state"


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA, pd.NaT])
def test_every_kind_of_missing_value_is_a_dash(missing: object) -> None:
    frame = pd.DataFrame({"a": pd.Series(["x", missing], dtype=object)})
    assert show_table(frame).frame["A"].tolist() == ["x", MISSING]
    assert "<NA>" not in show_table(frame)._repr_html_()
    assert "nan" not in repr(show_table(frame))


def test_prose_with_underscores_is_left_alone() -> None:
    frame = pd.DataFrame({"note": ["see lesson_data/ for more", "Ankara_2019", "neutral"]})
    assert show_table(frame).frame["Note"].tolist() == [
        "see lesson_data/ for more",
        "Ankara_2019",
        "neutral",
    ]


def test_booleans_and_numbers() -> None:
    frame = pd.DataFrame({"ok": [True, False], "share": [0.5, 2.0], "n": np.array([3, 4])})
    shown = show_table(frame).frame
    assert shown["Ok"].tolist() == ["yes", "no"]
    assert shown["Share"].tolist() == ["0.5", "2"]
    assert shown["N"].tolist() == ["3", "4"]


def test_no_index_is_shown(events: pd.DataFrame) -> None:
    parsed = cells(show_table(events, ["title"])._repr_html_())
    assert parsed.rows == [["Title"]] + [[t] for t in events["title"]]
    assert "10" not in repr(show_table(events, ["title"]))


def test_markup_in_the_data_is_text(events: pd.DataFrame) -> None:
    html = show_table(events, ["title"])._repr_html_()
    assert "<b>" not in html and "&lt;b&gt;begin&lt;/b&gt;" in html
    assert "b" not in cells(html).tags
    assert cells(html).rows[1] == ["Talks on the F-35 <b>begin</b>"]


def test_header_markup_is_text() -> None:
    html = show_table(pd.DataFrame({"a": [1]}), {"a": "<i>x</i>"})._repr_html_()
    assert "<i>" not in html and cells(html).rows[0] == ["<i>x</i>"]


def test_max_rows_says_how_many_more(events: pd.DataFrame) -> None:
    table = show_table(events, ["title"], max_rows=2)
    assert len(table.frame) == 2
    assert "… and 1 more row (see the notebook)" in table._repr_html_()
    assert repr(table).endswith("… and 1 more row (see the notebook)")
    whole = show_table(events, ["title"], max_rows=3)
    assert "more row" not in whole._repr_html_() and "more row" not in repr(whole)
    assert "… and 2 more rows" in repr(show_table(events, ["title"], max_rows=1))


def test_caption_in_html_and_text(events: pd.DataFrame) -> None:
    table = show_table(events, ["title"], caption="Three <events>")
    assert "<caption>Three &lt;events&gt;</caption>" in table._repr_html_()
    assert repr(table).splitlines()[0] == "Three <events>"


def test_layout_prose_left_numbers_right_words_whole(events: pd.DataFrame) -> None:
    html = show_table(events, ["title", "count"])._repr_html_()
    assert re.search(r"table\.s400-table\.s400-table th, [^{]+ td \{text-align: left", html)
    for rule in ("word-break: normal", "overflow-wrap: normal", "hyphens: manual"):
        assert rule in html
    assert "table-layout: auto" in html
    assert '<td class="s400-num">22</td>' in html
    assert '<td class="s400-num">' not in show_table(events, ["title"])._repr_html_()
    # "F-35" would break at its hyphen: it is kept on one line.
    assert '<span class="s400-whole">F-35</span>' in html


def test_unknown_column_is_named(events: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match="no column 'titel'"):
        show_table(events, ["titel"])
    with pytest.raises(TypeError):
        show_table(events, "title")
    with pytest.raises(TypeError):
        show_table(events["title"])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        show_table(events, max_rows=0)


def test_show_counts_of_value_counts() -> None:
    counts = pd.Series(["direct_quote", "paraphrase", "direct_quote"], name="form").value_counts()
    table = show_counts(counts, "Form", "Statements")
    assert table.frame.to_dict("list") == {
        "Form": ["direct quote", "paraphrase"],
        "Statements": ["2", "1"],
    }
    text = repr(table)
    assert "dtype" not in text and "Name:" not in text
    assert '<td class="s400-num">2</td>' in table._repr_html_()


def test_show_counts_of_a_grouped_count() -> None:
    frame = pd.DataFrame({"country": ["Turkey", "Turkey", "USA"], "kind": ["a_b", "a_b", "c"]})
    counts = frame.groupby(["country", "kind"]).size()
    table = show_counts(counts, ["Country", "Kind"])
    assert table.frame.to_dict("list") == {
        "Country": ["Turkey", "USA"],
        "Kind": ["a b", "c"],
        "Count": ["2", "1"],
    }
    with pytest.raises(ValueError, match="2 label"):
        show_counts(counts, "Country")


def test_show_counts_refuses_what_is_not_a_count() -> None:
    with pytest.raises(TypeError, match="value_counts"):
        show_counts(pd.Series(["a", "b"]), "Letter")


def test_ids_read_as_the_names_given() -> None:
    """``names`` turns ids into names ('turkey' -> 'Turkey'); other values are as before."""
    from s400_lesson import actor_names

    aircraft = pd.DataFrame({"built_for": ["turkey", "us_air_force", "head_of_state"]})
    named = show_table(aircraft, names=actor_names())
    assert list(named.frame["Built for"]) == ["Turkey", "US Air Force", "head of state"]
    plain = show_table(aircraft)
    assert list(plain.frame["Built for"]) == ["turkey", "US air force", "head of state"]


def test_actor_names_cover_every_actor() -> None:
    from s400_lesson import actor_names, load_actors

    names = actor_names()
    assert len(names) == len(load_actors())
    assert names["us_air_force"] == "US Air Force"

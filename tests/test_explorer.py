"""The positions explorer: filtering, what the widget shows, escaping and the display bundle."""

from __future__ import annotations

import csv
import html
import itertools
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from s400_lesson import load_actors, load_events, load_glossary, load_statements
from s400_lesson.drawing import style
from s400_lesson.drawing.static_charts import timeline_chart
from s400_lesson.widgets.explorer import (
    ALL,
    FILTERS,
    STATIC_ROWS,
    PositionsExplorer,
    explorer_data,
    filter_statements,
)
from s400_lesson.widgets.static_picture import img_html

REPO = Path(__file__).resolve().parent.parent
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
MARKUP = "<b>bold</b><script>alert(1)</script>"
COUNTRIES = ["Turkey", "United States", "Russia"]
EMPTY = {"country": "Russia", "kind": "spokesperson"}  # Russia speaks only through analysts


class TableParser(HTMLParser):
    """The header and body cells of an HTML table, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.section, self.cell = "", None
        self.head: list[str] = []
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "details":  # a chart's "The numbers" table is not the statements
            self.section = "details"
        elif self.section == "details":
            return
        elif tag in ("thead", "tbody"):
            self.section = tag
        elif tag == "tr" and self.section == "tbody":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "details":
            self.section = ""
        elif tag in ("td", "th") and self.cell is not None:
            target = self.head if self.section == "thead" else self.rows[-1]
            target.append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table_rows(markup: str) -> list[dict[str, str]]:
    """The body rows of the first table in ``markup``, keyed by column header."""
    parser = TableParser()
    parser.feed(markup)
    return [dict(zip(parser.head, row, strict=True)) for row in parser.rows]


def alt_of(markup: str) -> str:
    """The (unescaped) alt text of the <img> in ``markup``."""
    found = re.search(r'<img [^>]*alt="([^"]*)"', markup)
    assert found, f"no <img> with alt in {markup[:200]!r}"
    return html.unescape(found.group(1))


def alt_counts(alt: str) -> dict[str, int]:
    """Statements per country as the position chart's alt text gives them."""
    pattern = r"(" + "|".join(COUNTRIES) + r"): (\d+) \("
    return {country: int(n) for country, n in re.findall(pattern, alt)}


def csv_rows() -> list[dict[str, str]]:
    """The shipped statements.csv, read without pandas."""
    with open(REPO / "lesson_data" / "statements.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def csv_count(column: str, value: str) -> int:
    """Rows of the shipped statements.csv with ``column == value``."""
    return sum(row[column] == value for row in csv_rows())


@pytest.fixture(scope="module")
def data():
    return explorer_data(load_statements(), load_actors())


@pytest.fixture(scope="module")
def shared_explorer():
    return PositionsExplorer()


@pytest.fixture
def explorer(shared_explorer):
    """One explorer for the module, reset to no filter for each test."""
    return shared_explorer.select(**dict.fromkeys(FILTERS, ALL))


def assert_agrees(explorer: PositionsExplorer, data, choices: dict[str, str]) -> None:
    """Count text, table rows and chart alt all match filter_statements for ``choices``."""
    expected = filter_statements(data, **choices)
    n = len(expected)
    assert f"<b>{n} statement" in explorer.count.value
    rows = table_rows(explorer.table.value)
    assert len(rows) == n
    assert Counter(r["Country"] for r in rows) == Counter(expected["country"].astype(str))
    assert alt_counts(alt_of(explorer.chart.value)) == dict(
        Counter(expected["country"].astype(str))
    )


@pytest.mark.parametrize("country", COUNTRIES)
def test_each_country_alone(explorer, data, country):
    rows = filter_statements(data, country=country)
    assert len(rows) == csv_count("country", country) > 0
    assert set(rows["country"].astype(str)) == {country}
    explorer.select(country=country)
    assert_agrees(explorer, data, {"country": country})
    assert {r["Country"] for r in table_rows(explorer.table.value)} == {country}


@pytest.mark.parametrize(
    "choices",
    [
        {"country": "United States", "form": "direct_quote"},
        {"country": "Turkey", "form": "reported"},
        {"country": "Turkey", "topic": "dialogue", "kind": "spokesperson"},
        {"country": "Russia", "topic": "sovereignty", "kind": "analyst"},
    ],
)
def test_combinations(explorer, data, choices):
    rows = filter_statements(data, **choices)
    assert len(rows) > 0
    for column, value in choices.items():
        assert set(rows[column].astype(str)) == {value}
    explorer.select(**choices)
    assert_agrees(explorer, data, choices)


def test_no_filter_shows_everything(explorer, data):
    assert len(filter_statements(data)) == len(data) == len(csv_rows())
    assert_agrees(explorer, data, {})


def test_nothing_matches(explorer, data):
    assert filter_statements(data, **EMPTY).empty
    explorer.select(**EMPTY)
    assert "No statements match" in explorer.empty.value
    assert explorer.empty.layout.display is None
    assert explorer.table.value == "" and explorer.chart.value == ""
    assert "<b>0 statements</b>" in explorer.count.value
    assert explorer.matches.empty


def test_message_hidden_when_rows_match(explorer):
    assert explorer.empty.value == ""
    assert explorer.empty.layout.display == "none"


def test_unknown_filter_is_refused(data):
    with pytest.raises(ValueError, match="unknown filter"):
        filter_statements(data, colour="red")


def all_choices(explorer: PositionsExplorer) -> list[dict[str, str]]:
    """Every combination of the four dropdowns' values."""
    options = [[value for _, value in dd.options] for dd in explorer.dropdowns.values()]
    return [dict(zip(FILTERS, combo, strict=True)) for combo in itertools.product(*options)]


def assert_rows_or_message(explorer: PositionsExplorer, data, choices: dict[str, str]) -> None:
    explorer.select(**choices)
    n = len(filter_statements(data, **choices))
    assert f"<b>{n} statement" in explorer.count.value, choices
    if n:
        assert explorer.empty.value == "" and len(table_rows(explorer.table.value)) == n
    else:
        assert "No statements match" in explorer.empty.value and explorer.table.value == ""


def test_every_dropdown_combination(explorer, data, monkeypatch):
    """All combinations (charts built but not rasterised, to stay fast)."""
    combos = all_choices(explorer)
    assert len(combos) == 4 * 7 * 12 * 3
    monkeypatch.setattr(style.Chart, "png", lambda self: b"")
    for choices in combos:
        assert_rows_or_message(explorer, data, choices)


def test_sampled_combinations_with_real_charts(explorer, data):
    """A deterministic sample of matching combinations, rendered for real."""
    matching = [c for c in all_choices(explorer) if len(filter_statements(data, **c))]
    for choices in matching[::12]:
        assert_rows_or_message(explorer, data, choices)
        assert alt_of(explorer.chart.value)
        assert 'src="data:image/png;base64,' in explorer.chart.value


def rewrite_csv(path: Path, key: str, key_value: str, column: str, value: str) -> None:
    """Set ``column`` to ``value`` in the row of ``path`` whose ``key`` is ``key_value``."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        if row[key] == key_value:
            row[column] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def marked_copy(data_copy: Path) -> Path:
    """A data copy with markup in a statement, a glossary definition and an event title."""
    rewrite_csv(data_copy / "statements.csv", "statement_id", "S01", "text", MARKUP)
    rewrite_csv(data_copy / "glossary.csv", "term_id", "s400", "definition", MARKUP)
    rewrite_csv(data_copy / "events.csv", "event_id", "E02", "title", MARKUP)
    return data_copy


def assert_escaped(markup: str) -> None:
    assert "&lt;script&gt;" in markup
    assert "<script>alert" not in markup and "<b>bold" not in markup


def test_markup_in_statements_stays_text(marked_copy):
    explorer = PositionsExplorer(load_statements(marked_copy), load_actors(marked_copy))
    assert MARKUP in {r["Words"] for r in table_rows(explorer.table.value)}
    assert_escaped(explorer.table.value)
    assert_escaped(explorer._repr_mimebundle_()["text/html"])


def test_markup_in_glossary_stays_text(marked_copy):
    glossary = load_glossary(marked_copy)
    assert MARKUP in set(glossary["definition"])
    assert_escaped(glossary._repr_html_())


def test_markup_in_event_title_stays_text(marked_copy):
    chart = timeline_chart(load_events(marked_copy))
    assert MARKUP in chart.alt
    embedded = img_html(chart.data_uri(), chart.alt)
    assert_escaped(embedded)
    assert alt_of(embedded) == chart.alt
    png = chart.png()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and b"<script" not in png
    bundle, metadata = chart._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert_escaped(bundle["text/html"])
    assert alt_of(bundle["text/html"]) == chart.alt
    assert metadata["image/png"]["alt"] == chart.alt


def test_display_bundle(explorer, data):
    bundle = explorer._repr_mimebundle_()
    assert {WIDGET_MIME, "text/html", "text/plain"} <= set(bundle)
    assert bundle[WIDGET_MIME]["model_id"] == explorer.model_id
    static = bundle["text/html"]
    assert f"<b>{len(data)} statements</b>" in static
    assert alt_counts(alt_of(static)) == dict(Counter(data["country"].astype(str)))
    assert len(table_rows(static)) == STATIC_ROWS < len(data)
    first = "The first row" if STATIC_ROWS == 1 else f"The first {STATIC_ROWS}"
    assert f"{first} of {len(data)}" in static and "The first 1 of" not in static
    assert len(table_rows(explorer.table.value)) == len(data)
    assert bundle["text/plain"] == f"Positions explorer: {len(data)} statements (no filter)"


def test_display_bundle_follows_the_filters(explorer, data):
    explorer.select(country="Russia")
    bundle = explorer._repr_mimebundle_()
    n = len(filter_statements(data, country="Russia"))
    assert {r["Country"] for r in table_rows(bundle["text/html"])} == {"Russia"}
    assert bundle["text/plain"] == f"Positions explorer: {n} statements (Country: Russia)"
    explorer.select(**EMPTY)
    assert "No statements match" in explorer._repr_mimebundle_()["text/html"]

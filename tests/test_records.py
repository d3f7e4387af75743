"""Record cards show each check whole, as text, and never fail on odd input."""

from __future__ import annotations

import pandas as pd
import pytest

from s400_lesson import load_source_checks
from s400_lesson.drawing.record_cards import COLUMNS, VERDICTS, RecordCards, record_cards
from s400_lesson.drawing.tables import reader_date

MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>"'


@pytest.fixture(scope="module")
def checks() -> pd.DataFrame:
    return load_source_checks()


def test_one_card_per_row_in_order(checks: pd.DataFrame) -> None:
    cards = record_cards(checks)
    assert len(cards) == len(checks)
    text = repr(cards)
    positions = [text.index(c) for c in checks["check_id"]]
    assert positions == sorted(positions)


def test_cards_show_every_field(checks: pd.DataFrame) -> None:
    row = checks.iloc[0]
    shown_text, shown_html = repr(record_cards(checks.head(1))), record_cards(checks.head(1))
    for column in COLUMNS:
        if column in ("verdict", "record_kind", "claim_table"):
            continue
        value = str(row[column])
        if column == "record_date":  # as a reader writes it: 14 December 2020
            value = reader_date(value)
        assert value in shown_text, column
        assert value.replace("'", "&#x27;") in shown_html._repr_html_(), column


@pytest.mark.parametrize("verdict", list(VERDICTS))
def test_verdict_is_read_from_a_symbol_and_words_not_colour(
    verdict: str, checks: pd.DataFrame
) -> None:
    symbol, words, _ = VERDICTS[verdict]
    row = checks.head(1).copy()
    row["verdict"] = verdict
    for shown in (repr(record_cards(row)), record_cards(row)._repr_html_()):
        assert f"{symbol} {words}" in shown


def test_markup_in_the_data_is_shown_as_text(checks: pd.DataFrame) -> None:
    marked = checks.head(2).copy()
    for column in COLUMNS:
        marked[column] = marked[column].astype("string") + MARKUP
    shown = record_cards(marked)._repr_html_()
    assert "<script>" not in shown and "<img" not in shown
    assert "&lt;script&gt;" in shown


def test_filtered_and_empty_selections(checks: pd.DataFrame) -> None:
    not_confirmed = checks[checks["verdict"] != "confirmed"]
    assert len(record_cards(not_confirmed)) == len(not_confirmed) > 0
    empty = record_cards(checks[checks["check_id"] == "nothing"])
    assert empty.problem and "empty" in repr(empty)


@pytest.mark.parametrize("odd", [None, "C01", 42, ["C01"], pd.Series([1, 2])])
def test_odd_input_gets_a_message(odd) -> None:
    result = record_cards(odd)
    assert isinstance(result, RecordCards) and result.problem
    assert "checks" in repr(result) and "checks" in result._repr_html_()


def test_a_table_without_the_columns_gets_a_message(checks: pd.DataFrame) -> None:
    result = record_cards(checks.drop(columns=["record_says"]))
    assert result.problem and "record_says" in result.problem


def test_cards_name_the_claims_row_and_date_in_words(checks: pd.DataFrame) -> None:
    """'Claim (aircraft group T2)', '22 July 2020': no table name or ISO date on a card."""
    card = record_cards(checks[checks["check_id"] == "C08"])
    for shown in (repr(card), card._repr_html_()):
        assert "Claim (aircraft group T2)" in shown
        assert "22 July 2020" in shown
        assert "f35_turkish_aircraft" not in shown and "2020-07-22" not in shown

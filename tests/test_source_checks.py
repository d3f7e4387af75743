"""The checks of the article against public records keep to the lesson's editorial rules.

The loader already checks types, coded values and that each claim exists; these tests add
what a teacher adding a row should also keep to.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from test_consistency import copied

OWN_WORDS = ["claim", "record_says", "verdict_reason"]
MAX_PHRASE_WORDS = 30  # a short phrase of the record, not a copy of it


@pytest.fixture(scope="module")
def checks(datasets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return datasets["source_checks"]


def test_enough_checks_with_every_kind_of_outcome(checks: pd.DataFrame) -> None:
    """At least eight claims, some confirmed and some not (lesson 06 needs both)."""
    assert len(checks) >= 8
    verdicts = set(checks["verdict"].astype(str))
    assert "confirmed" in verdicts
    assert verdicts & {"partly_confirmed", "contradicted"}
    assert "not_checkable" in verdicts


def test_check_ids_are_numbered_in_order(checks: pd.DataFrame) -> None:
    assert checks["check_id"].tolist() == [f"C{i:02d}" for i in range(1, len(checks) + 1)]


@pytest.mark.parametrize("column", OWN_WORDS)
def test_own_words_do_not_copy_the_article(
    column: str, checks: pd.DataFrame, article_text: str
) -> None:
    problems = copied(checks.set_index("check_id")[column], article_text)
    assert not problems, f"source_checks.csv, {column} copied:\n" + "\n".join(problems)


def test_record_phrases_are_short(checks: pd.DataFrame) -> None:
    phrases = checks["record_phrase"].dropna()
    long = [i for i, p in phrases.items() if len(p.split()) > MAX_PHRASE_WORDS]
    assert not long, f"rows {long}: record_phrase over {MAX_PHRASE_WORDS} words"


def test_references_to_other_checks_exist(checks: pd.DataFrame) -> None:
    known = set(checks["check_id"])
    for column in OWN_WORDS:
        for check_id, text in checks.set_index("check_id")[column].items():
            for ref in re.findall(r"\bC\d{2}\b", text):
                assert ref in known and ref != check_id, f"{check_id} {column}: {ref}"


def test_record_dates_fall_within_2002_to_2021(checks: pd.DataFrame) -> None:
    """Records date from the dispute's years; a typo such as 2102 or 1921 is caught."""
    years = checks["record_date"].str[:4].astype(int)
    assert years.between(2002, 2021).all(), checks.loc[~years.between(2002, 2021), "check_id"]

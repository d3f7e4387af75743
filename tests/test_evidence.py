"""Every quotation in the lesson data is found in the source article.

Checked: each ``evidence`` cell of every dataset that has that column (the checks of
source_checks.csv too: their evidence is the article's words for the claim checked), and
the ``text`` of each statement whose form is ``direct_quote``. Matching ignores quote-mark style and
whitespace (see textmatch.py). Without the article these tests skip, except in CI.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from descriptor import PRIMARY_KEYS, RESOURCES
from textmatch import found_in, normalise, read_article

# The tables whose rows carry the article's words (an `evidence` field in the descriptor),
# with their key columns; a new table with evidence is checked without editing this file.
KEYS = {
    r["name"]: PRIMARY_KEYS[r["name"]]
    for r in RESOURCES
    if any(f["name"] == "evidence" for f in r["schema"]["fields"])
}
# Tables that must keep their evidence: dropping the field from the descriptor fails a test.
MUST_HAVE_EVIDENCE = {
    "actors",
    "statements",
    "events",
    "f35_delivery_plan",
    "f35_turkish_aircraft",
    "measures",
    "sanction_targets",
    "source_checks",
}


def quotations(datasets: dict[str, pd.DataFrame]) -> list[tuple[str, str, str]]:
    """(where, column, words) for every evidence cell and every direct quote."""
    found = []
    for name, frame in datasets.items():
        if "evidence" not in frame.columns:
            continue
        for _, row in frame.iterrows():
            where = f"{name}.csv, {KEYS[name]} {row[KEYS[name]]}"
            found.append((where, "evidence", row["evidence"]))
            if name == "statements" and row["form"] == "direct_quote":
                found.append((where, "text", row["text"]))
    return found


def missing_from(article: str, datasets: dict[str, pd.DataFrame]) -> list[str]:
    return [
        f"{where}, column '{column}': not in the article: {words!r}"
        for where, column, words in quotations(datasets)
        if not found_in(words, article)
    ]


def test_every_dataset_with_evidence_is_known(datasets: dict[str, pd.DataFrame]) -> None:
    """Every loaded table with an evidence column is checked, and none has lost it."""
    assert {n for n, f in datasets.items() if "evidence" in f.columns} == set(KEYS)
    assert set(KEYS) >= MUST_HAVE_EVIDENCE


def test_quotations_are_in_the_article(
    article_text: str, datasets: dict[str, pd.DataFrame]
) -> None:
    checked = quotations(datasets)
    assert len(checked) > 100
    missing = missing_from(article_text, datasets)
    assert not missing, "\n".join(missing)


def test_a_made_up_quote_is_not_found(article_text: str, datasets: dict[str, pd.DataFrame]) -> None:
    """The check can fail: an invented quote, or a real one with a changed word, is reported."""
    statements = datasets["statements"].copy()
    row = statements.index[statements["statement_id"] == "S06"][0]
    statements.loc[row, "text"] = "They are directly related to our economic security."
    missing = missing_from(article_text, {**datasets, "statements": statements})
    assert missing == [
        "statements.csv, statement_id S06, column 'text': not in the article: "
        "'They are directly related to our economic security.'"
    ]
    assert not found_in("Turkey will never give up the S-400, Kalyn said.", article_text)


def test_quote_styles_and_stray_spaces_still_match() -> None:
    """The article's ``overnight, ”Ibrahim`` matches data written with straight quotes."""
    article = "was not made overnight, ”Ibrahim Kalyn said. He said “yes ” twice."
    assert found_in('made overnight,"Ibrahim Kalyn', article)
    assert found_in('He said "yes" twice.', article)
    assert normalise("a  “ b ”\n c") == 'a"b"c'


def test_missing_article_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not found"):
        read_article(tmp_path / "article.txt")


def test_missing_article_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="in CI it must run"):
        read_article(tmp_path / "article.txt")

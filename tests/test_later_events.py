"""Lesson 07's two tables: what happened after the article, and its expectations checked.

Every later event rests on one record (issuer, title, date, address, owner); every expectation
links to its statement and to later events that exist, with a verdict from the coded set.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from textmatch import normalise, shared_run

from s400_lesson import LessonDataError, load_all

ID = re.compile(r"\bN\d{2}\b")
FIRST_DAY, LAST_DAY = pd.Timestamp("2021-04-01"), pd.Timestamp("2026-12-31")
RECORD_COLUMNS = ["record_issuer", "record_title", "record_date", "record_address", "record_owner"]


def test_every_event_names_its_record(datasets: dict[str, pd.DataFrame]) -> None:
    later = datasets["later_events"]
    assert (later["source"] == "external").all()
    for column in [*RECORD_COLUMNS, "record_phrase"]:
        empty = later[column].isna() | (later[column].str.strip() == "")
        assert not empty.any(), (
            f"later_events.csv rows {list(later.loc[empty, 'event_id'])}: no {column}"
        )


def test_events_fall_after_the_article_in_date_order(datasets: dict[str, pd.DataFrame]) -> None:
    later = datasets["later_events"]
    assert later["date"].min() >= FIRST_DAY and later["date_end"].max() <= LAST_DAY
    ids = later.sort_values(["date", "event_id"])["event_id"].tolist()
    assert ids == sorted(ids), "event ids must follow the dates"


def test_no_record_is_older_than_its_event(datasets: dict[str, pd.DataFrame]) -> None:
    later = datasets["later_events"]
    recorded = pd.to_datetime(later["record_date"], format="ISO8601")
    early = recorded < later["date"].dt.to_period("M").dt.start_time
    assert not early.any(), (
        f"records dated before their event: {list(later.loc[early, 'event_id'])}"
    )


def test_ids_named_in_the_text_exist(datasets: dict[str, pd.DataFrame]) -> None:
    later, predictions = datasets["later_events"], datasets["predictions"]
    known = set(later["event_id"])
    texts = pd.concat(
        [later["summary"], later["note"].fillna(""), predictions["other_event_ids"].fillna("")]
    )
    named = {i for text in texts for i in ID.findall(text)}
    assert named and named <= known, f"no such event: {sorted(named - known)}"


def test_every_prediction_of_the_article_is_checked(datasets: dict[str, pd.DataFrame]) -> None:
    statements = datasets["statements"].set_index("statement_id")
    predictions = datasets["predictions"]
    coded = set(statements.index[statements["claim_kind"] == "prediction"])
    spoken = predictions.loc[predictions["whose_expectation"] == "speaker", "statement_id"]
    assert coded <= set(spoken), f"predictions not checked: {sorted(coded - set(spoken))}"
    assert "too_early_or_not_checkable" in set(predictions["verdict"])


def test_own_words_are_not_the_articles(
    article_text: str, datasets: dict[str, pd.DataFrame]
) -> None:
    texts = pd.concat(
        [
            datasets["later_events"].set_index("event_id")[["title", "summary"]].stack(),
            datasets["predictions"]
            .set_index("prediction_id")[["expectation", "record_shows", "verdict_reason"]]
            .stack(),
        ]
    )
    copied = [k for k, t in texts.items() if shared_run(t, article_text, 12)]
    whole = [k for k, t in texts.items() if normalise(t).lower() in normalise(article_text).lower()]
    assert not copied and not whole, f"copied from the article: {copied + whole}"


def test_a_broken_link_is_one_clear_error(lesson_data_dir: Path, tmp_path: Path) -> None:
    """The loader rejects a later event that bears on a statement the article lacks."""
    folder = tmp_path / "data"
    shutil.copytree(lesson_data_dir, folder)
    path = folder / "later_events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",S09,", ",S99,", 1), "utf-8")
    with pytest.raises(LessonDataError, match="S99"):
        load_all(folder)


def test_a_missing_event_is_one_clear_error(lesson_data_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(lesson_data_dir, folder)
    path = folder / "predictions.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",N01,", ",N99,", 1), "utf-8")
    with pytest.raises(LessonDataError, match="N99"):
        load_all(folder)

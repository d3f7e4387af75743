"""Facts and framing the recoded data must keep (issue #10's "Done when").

Each test reads what a user sees (the data, the checker, the chart legends) and would fail on
the data before the recoding; the lessons' lengths are checked in test_consistency.py.
``test_each_fact_check_can_fail`` corrupts a scratch copy to show the data checks can fail.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from descriptor import RESOURCES

from s400_lesson import load_all
from s400_lesson.drawing.static_charts import CATEGORY_LABELS, STEP_STYLES
from s400_lesson.drawing.style import POSITION_STYLE
from s400_lesson.exercises.answer_checks import check, solution

REPO = Path(__file__).resolve().parent.parent

# Words that carry one side's account of who is to blame: a code or legend label using one
# makes the data speak for that side.
FRAME_WORDS = ("pressure", "response", "aggress", "regime", "punish", "retali")
# The coded values that name what a position or a step is, and whose words a chart shows.
CODED = [
    ("statements", "s400_position"),
    ("measures", "acting_country"),
    ("measures", "kind"),
    ("events", "category"),
]
# Allowed by name: Turkey's Foreign Ministry itself promised "retaliatory measures" (press
# release No. 321; the article: "promised to introduce retaliatory measures"), so coding its
# own step with its own word reports the actor rather than judging it.
ACTORS_OWN_WORDS = {("measures", "kind", "retaliation")}
# Kalın's Bloomberg interview (E15), published 8 March 2021: the article is from that day or
# later, so no date in the data may reach past it.
ARTICLE_EARLIEST = pd.Timestamp("2021-03-08")
DATED = ["statements", "events", "measures", "f35_turkish_aircraft"]
WITH_DATE_BASIS = ["statements", "events", "measures"]
RECORD = re.compile(r"\b(?:19|20)\d{2}\b|release|statement|report", re.IGNORECASE)
INFERRED = re.compile(r"infer|says only|In response", re.IGNORECASE)


def enum(resource: str, column: str) -> list[str]:
    (res,) = [r for r in RESOURCES if r["name"] == resource]
    (field,) = [f for f in res["schema"]["fields"] if f["name"] == column]
    return list(field.get("constraints", {}).get("enum", []))


def frame_words(text: str) -> list[str]:
    return [w for w in FRAME_WORDS if w in text.casefold()]


def row(frame: pd.DataFrame, key: str, value: str) -> pd.Series:
    (found,) = [r for _, r in frame.iterrows() if r[key] == value]
    return found


def explanation(frame: pd.DataFrame) -> pd.Series:
    """The row's note and source note joined (what a reader has to see where a fact comes from)."""
    columns = [frame[c].fillna("").astype(str) for c in ("note", "source_note") if c in frame]
    return pd.concat(columns, axis=1).agg(" ".join, axis=1).str.strip()


# --- the checker -------------------------------------------------------------------------


def test_checker_takes_the_articles_count_of_sanction_targets() -> None:
    """The article: 'the ... Directorate, its leader and three Turkish citizens': five, not 3."""
    assert solution("sanctions_targets") == 5
    assert check("sanctions_targets", 5).correct
    assert not check("sanctions_targets", 3).correct


def test_sanction_targets_are_the_articles_five(datasets: dict[str, pd.DataFrame]) -> None:
    targets = datasets["sanction_targets"]
    assert (targets["measure_id"] == "M01").all()
    written = targets["name_as_written"].astype(str).value_counts().to_dict()
    assert written == {
        "Turkish Defense Industry Directorate": 1,
        "its leader": 1,
        "three Turkish citizens": 3,
    }


def test_the_six_were_never_turkeys(datasets: dict[str, pd.DataFrame]) -> None:
    """T2, the 'six more' of the article, are US Air Force jets; Turkey's share is 8%, not 14%."""
    aircraft = datasets["f35_turkish_aircraft"]
    six = row(aircraft, "group_id", "T2")
    assert (six["aircraft"], six["built_for"]) == (6, "us_air_force")
    eight = row(aircraft, "group_id", "T1")
    assert (eight["aircraft"], eight["built_for"], eight["buyer_id"]) == (
        8,
        "turkey",
        "us_air_force",
    )


def test_checker_counts_only_jets_built_for_turkey() -> None:
    assert solution("plan_share_turkish") == 8.0
    assert check("plan_share_turkish", 8).correct
    assert not check("plan_share_turkish", 14).correct


# --- framing -----------------------------------------------------------------------------


@pytest.mark.parametrize(("resource", "column"), CODED, ids=lambda v: str(v))
def test_codes_use_no_sides_frame_word(resource: str, column: str) -> None:
    values = enum(resource, column)
    assert values, f"{resource}.{column} has no list of codes in datapackage.json"
    allowed = {v for r, c, v in ACTORS_OWN_WORDS if (r, c) == (resource, column)}
    framed = {v: frame_words(v) for v in values if frame_words(v) and v not in allowed}
    assert not framed, f"{resource}.{column}: {framed}"


def test_only_the_allowed_own_word_is_used(datasets: dict[str, pd.DataFrame]) -> None:
    """'retaliation' is the kind of M09 alone: Turkey's ministry's step, in its own word."""
    measures = datasets["measures"]
    own = measures.loc[measures["kind"] == "retaliation", ["measure_id", "acting_country"]]
    assert own.astype(str).values.tolist() == [["M09", "Turkey"]]


@pytest.mark.parametrize(
    ("legend", "labels"),
    [
        ("POSITION_STYLE", [label for *_, label in POSITION_STYLE.values()]),
        ("STEP_STYLES", [label for *_, label in STEP_STYLES.values()]),
        ("CATEGORY_LABELS", list(CATEGORY_LABELS.values())),
    ],
)
def test_chart_legends_use_no_sides_frame_word(legend: str, labels: list[str]) -> None:
    assert labels
    framed = {label: frame_words(label) for label in labels if frame_words(label)}
    assert not framed, f"{legend}: {framed}"


def test_legends_name_every_code_drawn(datasets: dict[str, pd.DataFrame]) -> None:
    """Every position, acting country and event category has a legend label of its own."""
    assert set(POSITION_STYLE) == set(enum("statements", "s400_position"))
    assert set(STEP_STYLES) == set(enum("measures", "acting_country"))
    assert set(datasets["events"]["category"].astype(str)) <= set(CATEGORY_LABELS)


def test_a_motive_claim_is_a_position(datasets: dict[str, pd.DataFrame]) -> None:
    statements = datasets["statements"]
    motive = statements["attributes_motive"] == "yes"
    assert motive.any()
    coded_neutral = motive & (statements["s400_position"] == "no_position")
    assert not coded_neutral.any(), (
        f"motive claims coded no_position: {sorted(statements.loc[coded_neutral, 'statement_id'])}"
    )


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DATED)
def test_nothing_is_dated_after_the_article(name: str, datasets: dict[str, pd.DataFrame]) -> None:
    frame = datasets[name]
    key = frame.columns[0]
    late = frame["date_end"].notna() & (frame["date_end"] > ARTICLE_EARLIEST)
    assert not late.any(), (
        f"{name}.csv rows {sorted(frame.loc[late, key])} end after {ARTICLE_EARLIEST:%d %B %Y}"
    )


def test_the_latest_event_is_the_interview_that_dates_the_article(
    datasets: dict[str, pd.DataFrame],
) -> None:
    events = datasets["events"]
    last = events.loc[events["date_end"].idxmax()]
    assert last["date_end"] == ARTICLE_EARLIEST
    assert last["event_id"] == "E15" and "Bloomberg" in last["title"]


@pytest.mark.parametrize("name", WITH_DATE_BASIS)
def test_dates_from_outside_or_inferred_say_what_they_rest_on(
    name: str, datasets: dict[str, pd.DataFrame]
) -> None:
    frame = datasets[name]
    key = frame.columns[0]
    basis = frame["date_basis"].astype("string")
    why = explanation(frame)
    problems = {
        "dated without a date_basis": frame["date"].notna() & basis.isna(),
        "a date_basis without a date": frame["date"].isna() & basis.notna(),
        "external with no record named in note/source_note": (basis == "external")
        & ~why.str.contains(RECORD),
        "inferred with no note saying what from": (basis == "inferred")
        & ~why.str.contains(INFERRED),
    }
    found = {what: sorted(frame.loc[mask.fillna(False), key]) for what, mask in problems.items()}
    assert not any(found.values()), f"{name}.csv: { {w: r for w, r in found.items() if r} }"


# --- the 2019 bill and the law ------------------------------------------------------------


def test_the_2019_bill_points_to_the_law_that_followed(datasets: dict[str, pd.DataFrame]) -> None:
    measures = datasets["measures"]
    bill, law = row(measures, "measure_id", "M07"), row(measures, "measure_id", "M14")
    assert bill["status"] == "proposed" and "M14" in str(bill["note"])
    assert (law["kind"], law["status"], law["source"]) == ("legislation", "taken", "external")
    assert "NDAA" in str(law["legal_basis"])
    assert law["date"] == pd.Timestamp("2019-12-20") and law["date_precision"] == "day"


def test_e01_does_not_say_more_than_the_article(datasets: dict[str, pd.DataFrame]) -> None:
    """The article: 'participating in the fighter aircraft production program since 2002'."""
    title = str(row(datasets["events"], "event_id", "E01")["title"])
    assert "begin making parts" not in title.casefold()


# --- each check can fail ------------------------------------------------------------------


def set_cell(folder: Path, file: str, key: str, column: str, value: str) -> None:
    """Write ``value`` into the row whose first cell is ``key``."""
    path = folder / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    (target,) = [r for r in rows if r[0] == key]
    target[rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


Check = Callable[[dict[str, pd.DataFrame]], None]
# check -> (file, key, column, value): one wrong cell that the check must catch.
BREAKS: dict[str, tuple[Check, tuple[str, str, str, str]]] = {
    "the six as Turkey's": (
        test_the_six_were_never_turkeys,
        ("f35_turkish_aircraft.csv", "T2", "built_for", "turkey"),
    ),
    "a target filed under another step": (
        test_sanction_targets_are_the_articles_five,
        ("sanction_targets.csv", "ST5", "measure_id", "M05"),
    ),
    "a motive claim coded neutral": (
        test_a_motive_claim_is_a_position,
        ("statements.csv", "S22", "s400_position", "no_position"),
    ),
    "an event after the article": (
        lambda d: test_nothing_is_dated_after_the_article("events", d),
        ("events.csv", "E12", "date", "2021-03-15"),
    ),
    "an outside date resting on nothing": (
        lambda d: test_dates_from_outside_or_inferred_say_what_they_rest_on("measures", d),
        ("measures.csv", "M05", "source_note", "See above."),
    ),
    "an inferred date unexplained": (
        lambda d: test_dates_from_outside_or_inferred_say_what_they_rest_on("events", d),
        ("events.csv", "E11", "note", "A briefing by Kirby."),
    ),
    "a dated row without a basis": (
        lambda d: test_dates_from_outside_or_inferred_say_what_they_rest_on("statements", d),
        ("statements.csv", "S10", "date_basis", ""),
    ),
    "the bill left unlinked": (
        test_the_2019_bill_points_to_the_law_that_followed,
        ("measures.csv", "M07", "note", "The article does not say what became of the bill."),
    ),
    "E01 says more than the article": (
        test_e01_does_not_say_more_than_the_article,
        ("events.csv", "E01", "title", "Turkish companies begin making parts for the F-35"),
    ),
    "the retaliation word used for a US step": (
        test_only_the_allowed_own_word_is_used,
        ("measures.csv", "M01", "kind", "retaliation"),
    ),
}


@pytest.mark.parametrize(("fact", "cell"), BREAKS.values(), ids=BREAKS.keys())
def test_each_fact_check_can_fail(fact: Check, cell: tuple[str, ...], data_copy: Path) -> None:
    set_cell(data_copy, *cell)
    with pytest.raises(AssertionError):
        fact(load_all(data_copy))


def test_checker_fails_when_the_six_count_as_turkeys(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_cell(data_copy, "f35_turkish_aircraft.csv", "T2", "built_for", "turkey")
    monkeypatch.setenv("S400_LESSON_DATA", str(data_copy))
    with pytest.raises(AssertionError):
        test_checker_counts_only_jets_built_for_turkey()

"""The datasets agree with each other and keep to the project's editorial rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from descriptor import PRIMARY_KEYS
from textmatch import normalise, shared_run

from s400_lesson import load_all
from s400_lesson.data.lessons import (
    ASSESSMENT,
    CORE,
    EXTENSION,
    LESSONS,
    MAX_PERIOD,
    Lesson,
    Section,
    total_minutes,
)
from s400_lesson.exercises.exercise_table import EXERCISES
from s400_lesson.exercises.writing_tasks import TASKS

# (dataset, column) -> (dataset, key column) it refers to.
REFERENCES = {
    ("statements", "actor_id"): ("actors", "actor_id"),
    ("measures", "actor_id"): ("actors", "actor_id"),
    ("measures", "other_party_id"): ("actors", "actor_id"),
    ("sanction_targets", "measure_id"): ("measures", "measure_id"),
    ("f35_turkish_aircraft", "buyer_id"): ("actors", "actor_id"),
    ("f35_turkish_aircraft", "built_for"): ("actors", "actor_id"),
    ("f35_turkish_aircraft", "reported_by_id"): ("actors", "actor_id"),
}
# statements column -> the actors column it must repeat for the same actor_id.
SPEAKER_COLUMNS = {
    "speaker": "name",
    "speaker_as_written": "name_as_written",
    "role": "role",
    "country": "country",
}
FIRST_DAY, LAST_DAY = pd.Timestamp("2002-01-01"), pd.Timestamp("2021-12-31")
MAX_SHARED_WORDS = 12


def ids(frame: pd.DataFrame, name: str, mask: pd.Series) -> list[str]:
    return [str(v) for v in frame.loc[mask, PRIMARY_KEYS[name]]]


@pytest.mark.parametrize("name", PRIMARY_KEYS)
def test_keys_are_unique_and_present(name: str, datasets: dict[str, pd.DataFrame]) -> None:
    keys = datasets[name][PRIMARY_KEYS[name]]
    assert keys.notna().all()
    assert not keys.duplicated().any(), f"{name}.csv repeats {sorted(keys[keys.duplicated()])}"


@pytest.mark.parametrize(("source", "target"), REFERENCES.items(), ids=lambda v: ".".join(v))
def test_references_resolve(
    source: tuple[str, str], target: tuple[str, str], datasets: dict[str, pd.DataFrame]
) -> None:
    (name, column), (target_name, target_column) = source, target
    frame = datasets[name]
    values = frame[column]
    dangling = values.notna() & ~values.isin(set(datasets[target_name][target_column]))
    assert not dangling.any(), (
        f"{name}.csv column '{column}': rows {ids(frame, name, dangling)} "
        f"refer to no {target_column} in {target_name}.csv"
    )


def test_sanction_targets_belong_to_sanctions_taken(datasets: dict[str, pd.DataFrame]) -> None:
    """Each target names a step of kind sanctions that was taken; none is listed twice."""
    targets, measures = datasets["sanction_targets"], datasets["measures"]
    assert len(targets) > 0
    steps = measures.set_index("measure_id")
    kind = targets["measure_id"].map(steps["kind"].astype(str))
    status = targets["measure_id"].map(steps["status"].astype(str))
    wrong = (kind != "sanctions") | (status != "taken")
    assert not wrong.any(), (
        f"sanction_targets.csv rows {ids(targets, 'sanction_targets', wrong)} "
        "name a step that is not a sanction taken"
    )
    named = targets["measure_id"].astype(str) + ": " + targets["name"].astype(str)
    assert not named.duplicated().any(), f"listed twice: {sorted(named[named.duplicated()])}"


def test_each_step_is_by_its_actors_country(datasets: dict[str, pd.DataFrame]) -> None:
    """measures.acting_country repeats the country of the actor who took the step."""
    measures = datasets["measures"]
    country = datasets["actors"].set_index("actor_id")["country"].astype(str)
    wrong = measures["acting_country"].astype(str) != measures["actor_id"].map(country)
    assert not wrong.any(), (
        f"measures.csv rows {ids(measures, 'measures', wrong)}: acting_country is not the "
        "country of actor_id in actors.csv"
    )


@pytest.mark.parametrize("column", SPEAKER_COLUMNS)
def test_statements_agree_with_actors(column: str, datasets: dict[str, pd.DataFrame]) -> None:
    statements = datasets["statements"]
    actors = datasets["actors"].set_index("actor_id")[SPEAKER_COLUMNS[column]].astype(str)
    expected = statements["actor_id"].map(actors)
    wrong = statements[column].astype(str) != expected
    assert not wrong.any(), (
        f"statements.csv column '{column}' disagrees with actors.csv "
        f"'{SPEAKER_COLUMNS[column]}' in rows {ids(statements, 'statements', wrong)}"
    )


def test_f35_plan_adds_up(datasets: dict[str, pd.DataFrame]) -> None:
    """About 100 aircraft, ten a year from 2018: a running total and no missing year."""
    plan = datasets["f35_delivery_plan"].sort_values("year")
    assert plan["planned_deliveries"].sum() == 100
    assert plan["planned_cumulative"].tolist() == plan["planned_deliveries"].cumsum().tolist()
    years = plan["year"].tolist()
    assert years == list(range(years[0], years[0] + len(years)))
    assert years[0] == 2018


def test_f35_plan_status_follows_the_exclusion_year(datasets: dict[str, pd.DataFrame]) -> None:
    plan = datasets["f35_delivery_plan"]
    before = plan["year"] < 2019
    assert (plan.loc[before, "plan_status"] == "due_before_exclusion").all()
    assert (plan.loc[~before, "plan_status"] == "due_after_exclusion").all()


@pytest.mark.parametrize("name", ["statements", "events", "f35_turkish_aircraft", "measures"])
def test_dates_fall_within_2002_to_2021(name: str, datasets: dict[str, pd.DataFrame]) -> None:
    frame = datasets[name]
    outside = frame["date"].notna() & ((frame["date"] < FIRST_DAY) | (frame["date_end"] > LAST_DAY))
    assert not outside.any(), f"{name}.csv rows {ids(frame, name, outside)} are outside 2002-2021"


@pytest.mark.parametrize(
    "name", ["actors", "events", "measures", "sanction_targets", "f35_turkish_aircraft", "glossary"]
)
def test_external_facts_say_what_they_rest_on(name: str, datasets: dict[str, pd.DataFrame]) -> None:
    frame = datasets[name]
    notes = [frame[c].fillna("").str.strip() for c in ("note", "source_note") if c in frame]
    explained = pd.concat(notes, axis=1).ne("").any(axis=1)
    unexplained = (frame["source"] == "external") & ~explained
    assert not unexplained.any(), (
        f"{name}.csv rows {ids(frame, name, unexplained)}: source=external without a note"
    )


def copied(texts: pd.Series, article: str) -> list[str]:
    """Which texts repeat the article: the whole text, or a run of 12+ words."""
    plain_article = normalise(article).lower()
    problems = []
    for key, text in texts.items():
        if normalise(text).lower() in plain_article:
            problems.append(f"{key}: the whole text is in the article")
        elif run := shared_run(text, article, MAX_SHARED_WORDS):
            problems.append(f"{key}: shares {MAX_SHARED_WORDS} words with the article: {run!r}")
    return problems


def test_copy_check_can_fail(article_text: str) -> None:
    texts = pd.Series(
        {
            "whole": "Turkey's decision on the S-400 was not made overnight",
            "run": "Washington imposed sanctions against Turkey for the purchase of the S-400 air",
            "own": "Kalyn says the S-400 decision was a long one.",
        }
    )
    assert [p.split(":")[0] for p in copied(texts, article_text)] == ["whole", "run"]


def test_reported_statements_are_in_the_projects_words(
    article_text: str, datasets: dict[str, pd.DataFrame]
) -> None:
    statements = datasets["statements"].set_index("statement_id")
    reported = statements.loc[statements["form"] == "reported", "text"]
    assert len(reported) > 5
    problems = copied(reported, article_text)
    assert not problems, "statements.csv, reported text copied:\n" + "\n".join(problems)


def test_glossary_definitions_are_in_the_projects_words(
    article_text: str, datasets: dict[str, pd.DataFrame]
) -> None:
    definitions = datasets["glossary"].set_index("term_id")["definition"]
    problems = copied(definitions, article_text)
    assert not problems, "glossary.csv, definition copied:\n" + "\n".join(problems)


def test_event_titles_are_in_the_projects_words(
    article_text: str, datasets: dict[str, pd.DataFrame]
) -> None:
    titles = datasets["events"].set_index("event_id")["title"]
    plain_article = normalise(article_text).lower()
    copied_titles = [k for k, t in titles.items() if normalise(t).lower() in plain_article]
    assert not copied_titles, f"events.csv titles copied from the article: {copied_titles}"


# --- the article's passages in order (article_outline.csv) ---------------------------------


def test_outline_follows_the_article_and_carries_every_statement_once(
    article_text: str, datasets: dict[str, pd.DataFrame]
) -> None:
    """Parts are in the article's order; each statement is in one passage that holds its words."""
    outline, statements = datasets["article_outline"], datasets["statements"]
    plain = normalise(article_text)
    where = [plain.find(normalise(words)) for words in outline["evidence"]]
    assert -1 not in where, "a part's words are not in the article (test_evidence says which)"
    assert where == sorted(where), "parts out of the article's order"
    assert outline["part_id"].tolist() == [f"A{i:02}" for i in range(1, len(outline) + 1)]
    passages = outline[outline["kind"] == "passage"]
    carried = [s for ids in passages["statement_ids"] for s in ids.split()]
    assert sorted(carried) == sorted(statements["statement_id"]), "not once each"
    assert outline.loc[outline["kind"] != "passage", "statement_ids"].isna().all()
    text = statements.set_index("statement_id")
    for ids, words in zip(passages["statement_ids"], passages["evidence"], strict=True):
        for sid in ids.split():
            quoted = text.loc[sid, "text"] if text.loc[sid, "form"] == "direct_quote" else ""
            assert normalise(text.loc[sid, "evidence"]) in normalise(words), sid
            assert normalise(quoted) in normalise(words), sid


def test_outline_check_can_fail(data_copy: Path, article_text: str) -> None:
    """Two parts swapped, or a statement carried twice, fail the outline test."""
    path = data_copy / "article_outline.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    swapped = [lines[0], lines[2].replace("A02", "A01", 1), lines[1].replace("A01", "A02", 1)]
    path.write_text("".join(swapped + lines[3:]), encoding="utf-8")
    with pytest.raises(AssertionError):
        test_outline_follows_the_article_and_carries_every_statement_once(
            article_text, load_all(data_copy)
        )


# --- the lessons: their sections' minutes, where they are stated, and their objectives ----

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
GUIDE = REPO / "teacher" / "teacher_guide.md"
NOTEBOOKS = REPO / "notebooks"
BY_NUMBER = {lesson.number: lesson for lesson in LESSONS}


def notebook_cells(lesson: Lesson) -> list[dict]:
    path = NOTEBOOKS / f"{lesson.notebook}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def test_every_notebook_is_a_lesson() -> None:
    found = {p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    assert found == {lesson.notebook for lesson in LESSONS}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.number)
def test_sections_add_up_and_each_period_fits(lesson: Lesson) -> None:
    """The length is the core sections' sum; no period's core passes MAX_PERIOD minutes."""
    core = [s.minutes for s in lesson.sections if s.part == CORE]
    assert lesson.minutes == sum(core) == sum(lesson.periods)
    assert all(s.minutes > 0 for s in lesson.sections)
    assert {s.part for s in lesson.sections} <= {CORE, EXTENSION, ASSESSMENT}
    assert max(lesson.periods) <= MAX_PERIOD, f"{lesson.number}: a period of {lesson.periods}"
    assert min(lesson.periods) > 0, "a period with no core section"


def test_a_period_longer_than_a_school_period_fails() -> None:
    long = Lesson("99_x", "X", "x", (Section("All of it", MAX_PERIOD + 1, "x"),), ())
    assert max(long.periods) > MAX_PERIOD


def test_the_controversy_has_thirty_to_forty_minutes() -> None:
    rounds = [s for s in BY_NUMBER["02"].sections if re.match(r"The controversy|Round", s.title)]
    assert len(rounds) >= 4
    assert 30 <= sum(s.minutes for s in rounds) <= 40


def test_lesson_00_starts_with_logging_in_and_jupyterlab() -> None:
    first, second = BY_NUMBER["00"].sections[:2]
    assert "Log in" in first.title and "JupyterLab" in second.title
    headings = [source(c).splitlines()[0] for c in notebook_cells(BY_NUMBER["00"]) if c["source"]]
    assert any("JupyterLab" in h for h in headings if h.startswith("## "))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.number)
def test_notebook_header_states_the_time(lesson: Lesson) -> None:
    header = source(notebook_cells(lesson)[0])
    match = re.search(r"^\*\*Time:\*\* (.+)$", header, re.MULTILINE)
    assert match and match.group(1).strip() == lesson.time_text


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.number)
def test_notebook_marks_its_periods_and_extensions(lesson: Lesson) -> None:
    """A second period opens with its own section; each extension's section says so."""
    headings = [
        source(c).splitlines()[0]
        for c in notebook_cells(lesson)
        if c["cell_type"] == "markdown" and source(c).startswith("## ")
    ]
    breaks = [h for h in headings if h.startswith("## The second period")]
    assert len(breaks) == len(lesson.periods) - 1
    extensions = [h for h in headings if h.startswith("## Extension:")]
    assert len(extensions) == sum(s.part == EXTENSION for s in lesson.sections)


def test_readme_gives_each_lesson_its_length() -> None:
    found = {}
    pattern = re.compile(r"^\|\s*`?notebooks/(\d\d_[^|`]*)\.ipynb`?\s*\|([^|]*)\|")
    for line in README.read_text(encoding="utf-8").splitlines():
        if match := pattern.match(line):
            found[match.group(1)] = match.group(2).strip()
    assert found == {lesson.notebook: readme_time(lesson) for lesson in LESSONS}


def readme_time(lesson: Lesson) -> str:
    periods = len(lesson.periods)
    return f"{lesson.minutes} min" + (f", {periods} periods" if periods > 1 else "")


def test_readme_and_guide_give_the_units_length() -> None:
    total = f"{total_minutes()} minutes"
    assert total in README.read_text(encoding="utf-8")
    assert total in GUIDE.read_text(encoding="utf-8")


def test_lesson_00_maps_the_lessons_with_their_minutes() -> None:
    cells = notebook_cells(BY_NUMBER["00"])
    (table,) = [source(c) for c in cells if source(c).startswith("## Seven lessons")]
    found = dict(re.findall(r"^\|\s*\[?(\d\d) [^|]*\|[^|]*\|\s*(\d+)", table, re.MULTILINE))
    assert {n: int(m) for n, m in found.items()} == {n: x.minutes for n, x in BY_NUMBER.items()}


def guide_lessons() -> dict[str, tuple[str, list[tuple[str, int, str]]]]:
    """NN -> (the time in its heading, its timing table's rows: section, minutes, when)."""
    sections: dict[str, tuple[str, list[tuple[str, int, str]]]] = {}
    current = None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = re.match(r"## (\d\d) [^(]*\((.*)\)\s*$", line)
            current = heading.group(1) if heading else None
            if heading:
                sections[current] = (heading.group(2), [])
        elif current and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and cells[1].isdigit():
                sections[current][1].append((cells[0], int(cells[1]), cells[2]))
    return sections


def when(lesson: Lesson, section: Section) -> str:
    if section.part != CORE:
        return section.part
    return f"period {section.period}" if len(lesson.periods) > 1 else "core"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.number)
def test_guide_gives_each_section_its_minutes(lesson: Lesson) -> None:
    """The guide's "## NN Title (time)" heading and its timing table repeat lessons.py."""
    time, rows = guide_lessons().get(lesson.number, (None, []))
    assert time == lesson.time_text
    assert rows == [(s.title, s.minutes, when(lesson, s)) for s in lesson.sections]


def test_guide_at_a_glance_gives_each_length() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    glance = text.split("## The unit at a glance", 1)[1].split("\n## ", 1)[0]
    found = dict(re.findall(r"^\|\s*(\d\d) [^|]*\|\s*(\d+)", glance, re.MULTILINE))
    assert {n: int(m) for n, m in found.items()} == {n: x.minutes for n, x in BY_NUMBER.items()}


def header_objectives(lesson: Lesson) -> list[str]:
    header = source(notebook_cells(lesson)[0])
    block = header.split("**Objectives**", 1)[1].split("\n\n", 1)[0]
    return [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.number)
def test_objectives_in_the_header_are_the_planned_ones(lesson: Lesson) -> None:
    """An objective added to a notebook, and not to lessons.py with its practice, fails."""
    assert header_objectives(lesson) == [o.text for o in lesson.objectives]


PRACTICE_CALL = re.compile(r"""\b(check|review)\(\s*["']([a-z_0-9]+)["']""")


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda x: x.number)
def test_every_objective_is_practised_in_its_lesson(lesson: Lesson) -> None:
    """Each objective names exercises or tasks that exist and that its notebook runs."""
    calls = {
        (kind, name)
        for cell in notebook_cells(lesson)
        if cell["cell_type"] == "code"
        for kind, name in PRACTICE_CALL.findall(source(cell))
    }
    for objective in lesson.objectives:
        assert objective.practice, f"{lesson.number}: nothing practises {objective.text!r}"
        for name in objective.practice:
            kind = "check" if name in EXERCISES else "review" if name in TASKS else None
            assert kind, f"{name} is neither an exercise nor a writing task"
            assert (kind, name) in calls, f"{lesson.number} never runs {kind}({name!r})"

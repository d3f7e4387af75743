"""Facts and framing, third pass: a reviewer's report on the printed materials, checked.

Each test reads what a student or teacher sees (the data, a lesson's text, the worksheet's table,
the guide, a model answer) and fails on the content before the third pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
from textmatch import found_in

from s400_lesson import load_all
from s400_lesson.exercises.writing_tasks import TASKS
from s400_lesson.teacher.handouts.needs import NEEDS

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "lesson_data"
GUIDE = REPO / "teacher" / "teacher_guide.md"
CODEBOOK = DATA / "README.md"
NOTES = REPO / "teacher" / "speaker_notes"


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces (markdown wraps lines)."""
    return re.sub(r"\s+", " ", text)


def lesson(stem: str) -> str:
    """A lesson's markdown, as a student reads it."""
    nb = nbformat.read(REPO / "notebooks" / f"{stem}.ipynb", as_version=4)
    return flat(" ".join(c.source for c in nb.cells if c.cell_type == "markdown"))


def row(frame: pd.DataFrame, value: str) -> pd.Series:
    (found,) = [r for _, r in frame.iterrows() if r.iloc[0] == value]
    return found


def field(resource: str, name: str) -> dict:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    (res,) = [r for r in package["resources"] if r["name"] == resource]
    (found,) = [f for f in res["schema"]["fields"] if f["name"] == name]
    return found


# --- 1. Eurofighters: only what the records say ---------------------------------------------


def test_the_eurofighter_summary_says_oman_was_only_expected(
    datasets: dict[str, pd.DataFrame],
) -> None:
    """N36's record (Hürriyet Daily News, 21 January 2026) has Qatar's jets bought and Oman's
    only expected; N27 and N33 are about the UK alone. The slide must not list Oman as a seller."""
    text = lesson("07_what_happened_next")
    assert "from the UK, Qatar and Oman" not in text
    assert "expected from Oman (N36)" in text
    later = datasets["later_events"]
    n36 = row(later, "N36")
    assert "Oman" in n36["summary"] and "expected" in n36["summary"]
    for event in ("N27", "N33"):
        assert "Oman" not in row(later, event)["summary"]


def test_report_az_is_not_said_to_count_qatar_and_oman(datasets: dict[str, pd.DataFrame]) -> None:
    """Report.az (27 October 2025) gives 44 jets from the UK and says nothing of Qatar or Oman."""
    note = row(datasets["later_events"], "N33")["note"]
    assert "counting 24 used jets" not in note
    assert "Report.az" in note and "44" in note


def test_the_2030_delivery_rests_on_a_named_record(datasets: dict[str, pd.DataFrame]) -> None:
    """No Daily Sabah record of January 2026 gives 2030; Protothema's English edition of
    27 October 2025 does ("according to the British government, the first deliveries of the
    new jets are scheduled for 2030")."""
    note = row(datasets["later_events"], "N33")["note"]
    assert "Daily Sabah" not in note
    assert "en.protothema.gr/2025/10/27/" in note and "2030" in note


# --- 2. P07: the article's own words, not Blinken's -----------------------------------------


def test_p07_is_credited_to_the_article_not_to_a_speaker(
    article_text: str, datasets: dict[str, pd.DataFrame]
) -> None:
    p07 = row(datasets["predictions"], "P07")
    assert p07["whose_expectation"] == "article"
    assert pd.isna(p07["statement_id"]), "P07's words are the article's, no official's"
    assert found_in(p07["evidence"], article_text)
    assert p07["evidence"].startswith("Statements by officials from the Joe Biden administration")
    # Only the article's own expectation goes without a speaker.
    predictions = datasets["predictions"]
    own = predictions["whose_expectation"] == "article"
    assert (predictions["statement_id"].isna() == own).all()
    assert not field("predictions", "statement_id").get("constraints", {}).get("required")


def test_the_worksheet_credits_p07_to_the_article() -> None:
    items = NEEDS["07"](load_all())
    (table,) = [i for i in items if getattr(i, "title", "").startswith("The seven expectations")]
    p07 = table.frame[table.frame["Expectation"] == "P07"].iloc[0]
    assert p07["Speaker"] == "the article itself"
    assert "Blinken" not in " ".join(map(str, p07.to_numpy()))
    assert p07["Country of the speaker"] in ("", "—")


def test_the_guide_and_lesson_say_p07_has_no_speaker() -> None:
    guide = flat(GUIDE.read_text(encoding="utf-8"))
    assert "| P07 | S20 |" not in guide
    assert "| P07 | none: the article's own words |" in guide
    assert "P07 has none: its words are the article's own" in lesson("07_what_happened_next")
    assert "linked to S20" not in flat(CODEBOOK.read_text(encoding="utf-8"))


# --- 3. M10: a status both sides accept -----------------------------------------------------


def test_m10_is_not_accepted_rather_than_rejected(datasets: dict[str, pd.DataFrame]) -> None:
    m10 = row(datasets["measures"], "M10")
    assert m10["status"] == "not_accepted"
    assert "matter of interpretation" in m10["note"] and "C14" in m10["note"]
    status = field("measures", "status")
    assert "rejected" not in status["constraints"]["enum"]
    assert "not_accepted" in status["constraints"]["enum"]
    assert "not_accepted" in status["description"]
    codebook = flat(CODEBOOK.read_text(encoding="utf-8"))
    assert "**`status`** = `not_accepted`" in codebook
    c14 = row(datasets["source_checks"], "C14")
    assert "matter of interpretation" in c14["verdict_reason"]
    assert "not accepted (M10)" in c14["verdict_reason"]
    assert "rejected or possible" not in lesson("04_sanctions")


def test_the_steps_diagram_gives_m10_status_in_words() -> None:
    from s400_lesson import load_measures
    from s400_lesson.drawing.static_charts import _step_label

    m10 = load_measures().set_index("measure_id").loc["M10"]
    assert "(not accepted, undated)" in _step_label(m10)


# --- 4. Lesson 04: the unit's own voice -----------------------------------------------------


def test_lesson_04_key_points_do_not_use_the_response_frame() -> None:
    text = lesson("04_sanctions")
    assert "answered with a promise of retaliation" not in text
    assert "Turkey's foreign ministry promised measures of its own" in text
    assert '"pressure" and "response" are the article\'s frame' in text


# --- 5. Lesson 06: the closing quote after the comma, as in the source pack -----------------


def test_the_outline_closes_each_quote_right_after_its_comma(
    article_text: str, datasets: dict[str, pd.DataFrame]
) -> None:
    """The article's comma stands inside the quotation (``direction, "Kalyn``: a stray space,
    then the closing mark). The outline now prints ``direction," Kalyn``, as the source pack."""
    outline = datasets["article_outline"]
    a02 = row(outline, "A02")["evidence"]
    assert 'direction," Kalyn said' in a02
    assert found_in(a02, article_text)
    stray = [
        r["part_id"]
        for _, r in outline.iterrows()
        if re.search(r', ["\u201d](?=\w)', r["evidence"])
    ]
    assert not stray, f"a closing quote set off from its comma: {stray}"
    pack = (REPO / "s400_lesson" / "teacher" / "handouts" / "source_pack.json").read_text(
        encoding="utf-8"
    )
    assert 'direction,\\" Kalyn said' in pack


# --- 6. No words about how the materials were made ------------------------------------------

MAKING = re.compile(
    r"these lessons found|authors of these lessons|records? read\b|found for these lessons"
    r"|read for these lessons|fact-check for these lessons|was not found|no record found",
    re.IGNORECASE,
)


def seen_texts() -> dict[str, str]:
    """Every text a student (or, for the guide, a teacher) reads, by where it is."""
    texts = {str(p.relative_to(REPO)): p.read_text(encoding="utf-8") for p in DATA.glob("*.csv")}
    texts["datapackage.json"] = (DATA / "datapackage.json").read_text(encoding="utf-8")
    texts["codebook"] = CODEBOOK.read_text(encoding="utf-8")
    texts["guide"] = GUIDE.read_text(encoding="utf-8")
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        texts[path.name] = lesson(path.stem)
    for path in sorted(NOTES.glob("*.md")):
        texts[path.name] = path.read_text(encoding="utf-8")
    for path in sorted((REPO / "s400_lesson").rglob("*.py")):
        texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    texts |= {f"task {k}": t.model or "" for k, t in TASKS.items()}
    return texts


def test_no_text_speaks_of_how_the_materials_were_made() -> None:
    found = {
        where: sorted({m.group(0) for m in MAKING.finditer(flat(text))})
        for where, text in seen_texts().items()
        if MAKING.search(flat(text))
    }
    assert not found, found


def test_the_reworded_cards_keep_their_meaning(datasets: dict[str, pd.DataFrame]) -> None:
    checks = datasets["source_checks"]
    assert "this one is not among these records" in row(checks, "C10")["how_to_find"]
    assert "compare several news reports" in row(checks, "C10")["how_to_find"]
    assert "this one is not among these records" in row(checks, "C12")["how_to_find"]
    c15 = row(checks, "C15")["verdict_reason"]
    assert "none of its passages in these records calls Russia an enemy" in c15
    assert "'Enemy' overstates what these passages say" in c15
    assert "The newest of these records" in row(datasets["later_events"], "N36")["note"]
    assert "The newest of these records is of 21 January 2026" in lesson("07_what_happened_next")
    assert "neither the article nor any of these records dates them" in lesson("04_sanctions")

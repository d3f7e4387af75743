"""The printable handouts: ``python -m s400_lesson handouts``.

The real build runs once, as a teacher runs it (a subprocess, from an unrelated folder),
under the network guard of test_offline_and_read_only.py. The PDFs are then read back with
pypdf: they open, have the pages the inputs call for, are A4 (or US Letter when asked), and
carry the text a student needs: every statement on the cards, every glossary term on the
vocabulary sheet, every exercise on its worksheet. A small notebook with an end-of-unit
assessment and a rubric shows those two PDFs are built and kept apart.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook
from pypdf import PdfReader
from test_offline_and_read_only import Guard, install_guard, sha256_files
from textmatch import normalise

from s400_lesson import load_glossary, load_statements
from s400_lesson.data.quoting import quoted_words
from s400_lesson.drawing.style import Chart
from s400_lesson.teacher.handouts import build_handouts
from s400_lesson.teacher.handouts.cards import PER_PAGE
from s400_lesson.teacher.handouts.needs import Note, Table, items_for
from s400_lesson.teacher.handouts.sources import read_lesson
from s400_lesson.teacher.handouts.worksheet import (
    COMPUTER_OBJECTIVES,
    for_computer,
    outline_headings,
    paper_sections,
)

REPO = Path(__file__).resolve().parent.parent
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
WATCHED = {"lesson_data": REPO / "lesson_data", "notebooks": REPO / "notebooks"}
A4, LETTER = (595, 842), (612, 792)  # points, portrait


@dataclass
class Build:
    result: subprocess.CompletedProcess[str]
    out: Path
    cwd: Path
    guard: Guard
    before: dict[str, dict[str, str]]
    after: dict[str, dict[str, str]]


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "s400_lesson", "handouts", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Every handout on A4, built once by the CLI under the network guard, away from the repo."""
    cwd = tmp_path_factory.mktemp("handouts-cwd")
    out = tmp_path_factory.mktemp("handouts") / "out"
    before = {name: sha256_files(folder) for name, folder in WATCHED.items()}
    with pytest.MonkeyPatch.context() as monkeypatch:
        guard = install_guard(tmp_path_factory.mktemp("guard"), monkeypatch)
        result = run_cli("--out", str(out), cwd=cwd)
    after = {name: sha256_files(folder) for name, folder in WATCHED.items()}
    return Build(result, out, cwd, guard, before, after)


def text_of(path: Path) -> list[str]:
    """Each page's text, normalised (one quote style, single spaces)."""
    return [normalise(page.extract_text() or "") for page in PdfReader(path).pages]


def sizes(path: Path) -> list[tuple[int, int]]:
    """Each page's (width, height) in points, rounded."""
    return [(round(p.mediabox.width), round(p.mediabox.height)) for p in PdfReader(path).pages]


def has_assessment() -> bool:
    return any(read_lesson(path).assessment for path in LESSONS)


# --- the build itself ---------------------------------------------------------------------


def test_build_succeeds_and_names_every_pdf(built: Build) -> None:
    assert built.result.returncode == 0, built.result.stderr
    expected = {f"worksheet_{p.stem}.pdf" for p in LESSONS}
    expected |= {"statement_cards.pdf", "vocabulary.pdf", "source_pack.pdf", "role_cards.pdf"}
    if has_assessment():
        expected |= {"assessment.pdf"}
    assert expected <= {p.name for p in built.out.glob("*.pdf")}
    for name in expected:
        assert f"wrote {built.out / name} (" in built.result.stdout


def test_build_makes_no_network_request(built: Build) -> None:
    assert built.guard.refused() == [], "\n".join(built.guard.refused())
    # The empty log counts only because the guard was loaded in the builder.
    assert any("-m s400_lesson handouts" in line for line in built.guard.processes())


def test_build_writes_only_to_its_out_folder(built: Build) -> None:
    for name in WATCHED:
        assert built.before[name] == built.after[name], f"{name}/ changed"
    assert list(built.cwd.iterdir()) == [], "files written to the working folder"


def test_without_an_assessment_the_build_says_it_skipped_it(tmp_path: Path) -> None:
    """Lessons with no end-of-unit assessment: the teacher is told, and no empty PDF is made."""
    folder, out = tmp_path / "notebooks", tmp_path / "out"
    folder.mkdir()
    lesson = nbformat.read(assessment_notebook(folder), as_version=4)
    lesson.cells = [c for c in lesson.cells if not _is_assessment_or_rubric(c)]
    nbformat.write(lesson, folder / "06_fixture.ipynb")
    result = run_cli("--notebooks", str(folder), "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "skipped assessment.pdf: no notebook has an end-of-unit assessment" in result.stdout
    assert "skipped assessment_rubric_teacher.pdf" in result.stdout
    assert not (out / "assessment.pdf").exists()
    assert (out / "worksheet_06_fixture.pdf").is_file()


def _is_assessment_or_rubric(cell: nbformat.NotebookNode) -> bool:
    tags = set(cell.metadata.get("tags", []))
    return bool(tags & {"assessment", "rubric"}) or cell.source.startswith(
        ("## End-of-unit", "### Judgement")
    )


# --- every PDF opens, on A4, with its pages ---------------------------------------------------


def test_every_pdf_opens_on_a4(built: Build) -> None:
    pdfs = sorted(built.out.glob("*.pdf"))
    assert pdfs
    for path in pdfs:
        for size in sizes(path):
            assert size in (A4, A4[::-1]), f"{path.name}: page of {size} pt is not A4"


def test_no_page_is_blank(built: Build) -> None:
    for path in sorted(built.out.glob("*.pdf")):
        for number, page in enumerate(PdfReader(path).pages, 1):
            footer_only = re.sub(r".*page \d+ of \d+", "", page.extract_text() or "").strip()
            assert footer_only or page.images, f"{path.name}: page {number} is blank"


def test_vocabulary_runs_in_glossary_order_to_its_last_page(built: Build) -> None:
    pages = text_of(built.out / "vocabulary.pdf")
    # Definitions, not terms: a term may also appear inside an earlier definition. A row that
    # breaks across pages counts where it starts.
    starts = [normalise(d)[:40] for d in load_glossary()["definition"]]
    page_of = [next(i for i, page in enumerate(pages) if start in page) for start in starts]
    assert page_of == sorted(page_of)
    assert page_of[-1] == len(pages) - 1, "pages after the last term"


def test_cards_have_one_page_per_eight_statements(built: Build) -> None:
    statements = load_statements()
    assert len(sizes(built.out / "statement_cards.pdf")) == math.ceil(len(statements) / PER_PAGE)


def test_every_statement_is_on_a_card_with_its_id_and_speaker(built: Build) -> None:
    pages = text_of(built.out / "statement_cards.pdf")
    statements = load_statements().reset_index(drop=True)
    for i, row in statements.iterrows():
        page = pages[i // PER_PAGE]  # in the data's order, eight to a page
        # A quotation prints without the comma of the article's running sentence.
        words = quoted_words(row["text"]) if row["form"] == "direct_quote" else row["text"]
        assert normalise(words) in page, f"{row['statement_id']}: text not on page"
        assert row["statement_id"] in page
        assert normalise(row["speaker"]) in page
        assert row["country"] in page


def test_cards_leave_out_the_codes_students_work_out(built: Build) -> None:
    text = " ".join(text_of(built.out / "statement_cards.pdf"))
    statements = load_statements()
    # The position codes are snake_case, so they cannot occur in the statements' own words;
    # the claim kinds ("fact", "opinion") can, so their cards are checked for the label instead.
    codes = {str(v) for v in statements["s400_position"].dropna().unique()}
    assert codes and all("_" in c for c in codes)
    assert not [c for c in codes if c in text], "position codes printed on the cards"
    assert "claim kind" not in text.casefold() and "s-400 position" not in text.casefold()


def test_vocabulary_has_every_term_and_definition(built: Build) -> None:
    text = " ".join(text_of(built.out / "vocabulary.pdf"))
    glossary = load_glossary()
    for term, definition in zip(glossary["term"], glossary["definition"], strict=True):
        assert normalise(term) in text
        assert normalise(definition) in text, term


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_worksheet_has_the_lessons_questions_and_exercises(built: Build, lesson: Path) -> None:
    parts = read_lesson(lesson)
    pages = text_of(built.out / f"worksheet_{lesson.stem}.pdf")
    text = " ".join(pages)
    assert normalise(parts.title) in pages[0]
    # Questions and objectives, but those that need a computer are left to the notebook.
    bullets = re.findall(r"^- (.+)$", parts.intro, re.MULTILINE)
    for question in (b for b in bullets if not for_computer(b)):
        assert normalise(re.sub(r"[*`]", "", question)) in text
    if any(for_computer(b) for b in bullets):
        assert normalise(COMPUTER_OBJECTIVES) in text
    # Those on working at the computer are left off; after a guess, neutral words stand.
    for section in outline_headings(paper_sections(parts)):
        assert normalise(section) in text
    # Each exercise after the one before it (a heading may also be in the outline above).
    start = text.find("Exercises")
    for block in parts.exercises:
        found = text.find(normalise(block.heading), start)
        assert found > start, f"{block.heading!r} missing or out of the notebook's order"
        start = found
    assert "Teacher note" not in text


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_worksheet_has_each_chart_on_a_landscape_page(built: Build, lesson: Path) -> None:
    from s400_lesson import load_all

    items = items_for(read_lesson(lesson).number, load_all())
    charts = [item for item in items if isinstance(item, Chart)]
    tables = [item for item in items if isinstance(item, Table | Note)]
    path = built.out / f"worksheet_{lesson.stem}.pdf"
    reader = PdfReader(path)
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert len(landscape) == len(charts)
    assert all(len(page.images) == 1 for page in landscape)
    text = " ".join(text_of(path))
    for table in (t for t in tables if isinstance(t, Table)):
        assert normalise(table.title) in text
        for column in table.frame.columns:
            assert normalise(str(column).replace("_", " ")) in text


# --- US Letter, and an assessment with its rubric ---------------------------------------------


def assessment_notebook(folder: Path) -> Path:
    """A lesson with an exercise, a teacher note, an end-of-unit assessment and a rubric."""
    cells = [
        new_markdown_cell("# 06 · Fixture: the end of the unit\n\n**Time:** 45 minutes"),
        new_markdown_cell("## Looking back\n\nWhat the unit covered."),
        new_markdown_cell(
            "### Task 1: list the actors\n\nName three actors.\n\n### Hint\n\nUse 00."
        ),
        new_markdown_cell("*Teacher note:* secret note", metadata={"tags": ["teacher-note"]}),
        new_markdown_cell("## End-of-unit assessment\n\nAnswer every question."),
        new_markdown_cell("### Judgement 1: whose frame?\n\nArgue from the words of two sides."),
        new_markdown_cell(
            "### Assessment 2: what would you check?\n\nName a claim and a source.",
            metadata={"tags": ["assessment"]},
        ),
        new_markdown_cell(
            "## Rubric\n\n| Level | Judgement 1 |\n|---|---|\n| 3 | quotes both sides |",
            metadata={"tags": ["rubric"]},
        ),
    ]
    path = folder / "06_fixture.ipynb"
    nbformat.write(new_notebook(cells=cells), path)
    return path


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("fixture-notebooks")
    out = tmp_path_factory.mktemp("letter") / "out"
    return out, build_handouts(out, "letter", [assessment_notebook(folder)])


def test_letter_paper_is_us_letter(letter) -> None:
    _, result = letter
    assert result.pages
    for path in result.pages:
        for size in sizes(path):
            assert size in (LETTER, LETTER[::-1]), f"{path.name}: {size} pt is not US Letter"


def test_page_counts_reported_match_the_files(letter) -> None:
    _, result = letter
    for path, pages in result.pages.items():
        assert len(PdfReader(path).pages) == pages


def test_assessment_prints_its_questions_but_not_the_rubric(letter) -> None:
    out, _ = letter
    text = " ".join(text_of(out / "assessment.pdf"))
    assert "Judgement 1: whose frame?" in text
    assert "Assessment 2: what would you check?" in text
    assert "quotes both sides" not in text
    assert "Task 1" not in text  # an exercise of the lesson, on its worksheet


def test_rubric_is_a_teachers_pdf_of_its_own(letter) -> None:
    out, _ = letter
    text = " ".join(text_of(out / "assessment_rubric_teacher.pdf"))
    assert "For the teacher" in text
    assert "quotes both sides" in text


def test_fixture_worksheet_keeps_teacher_notes_and_assessment_off(letter) -> None:
    out, _ = letter
    text = " ".join(text_of(out / "worksheet_06_fixture.pdf"))
    assert "Task 1: list the actors" in text
    assert "Hint" in text  # a further heading inside an exercise cell stays with it
    assert "secret note" not in text
    assert "quotes both sides" not in text
    assert "Judgement 1" not in text


# --- bad input: one line, non-zero, no traceback ----------------------------------------------


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_unknown_lesson_name_is_one_clear_line(tmp_path: Path) -> None:
    message = one_line_error(run_cli("--out", str(tmp_path / "out"), "99_nope", cwd=tmp_path))
    assert "99_nope" in message


def test_unwritable_out_folder_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    message = one_line_error(run_cli("--out", str(blocker / "out"), cwd=tmp_path))
    assert "cannot write" in message


def test_broken_data_is_one_clear_line(tmp_path: Path, data_copy: Path) -> None:
    statements = data_copy / "statements.csv"
    statements.write_text(statements.read_text(encoding="utf-8")[:200], encoding="utf-8")
    env = {**os.environ, "S400_LESSON_DATA": str(data_copy)}
    message = one_line_error(run_cli("--out", str(tmp_path / "out"), cwd=tmp_path, env=env))
    assert "statements" in message


def test_broken_notebook_is_one_clear_line(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    shutil.copy(LESSONS[0], folder)
    (folder / "07_broken.ipynb").write_text("{ not json", encoding="utf-8")
    args = ["--notebooks", str(folder), "--out", str(tmp_path / "out")]
    message = one_line_error(run_cli(*args, cwd=tmp_path))
    assert "07_broken.ipynb" in message


def test_an_image_in_a_cell_prints_its_alt_text_and_fetches_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from s400_lesson.teacher.handouts import pdf

    def refuse(*args, **kwargs):
        raise AssertionError("the handouts reached for the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    doc = pdf.Handout("test")
    doc.add_page()
    pdf.markdown(doc, "See ![a map of the Black Sea](https://example.com/map.png) and <b>this</b>.")
    path = pdf.save(doc, tmp_path / "image.pdf")
    text = " ".join(text_of(path))
    assert "[image: a map of the Black Sea]" in text
    assert "<b>this</b>" in text  # raw HTML in a cell prints as text


def test_named_worksheets_only_but_the_assessment_from_every_notebook(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    assessment_notebook(folder)
    shutil.copy(REPO / "notebooks" / "05_reading_the_source.ipynb", folder)
    out = tmp_path / "out"
    args = ["--notebooks", str(folder), "--out", str(out), "05_reading_the_source"]
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.glob("worksheet_*.pdf")) == [
        "worksheet_05_reading_the_source.pdf"
    ]
    assert (out / "assessment.pdf").exists()  # from 06_fixture, whose worksheet was not asked
    assert (out / "assessment_rubric_teacher.pdf").exists()


def test_data_a_worksheet_needs_but_lacks_is_a_clear_error() -> None:
    from s400_lesson import load_all

    data = load_all()
    del data["events"]
    with pytest.raises(ValueError, match=r"lesson 01 need .*needs\.py"):
        items_for("01", data)


# --- the paper route: words not code, every exercise, the record cards, the source pack -------

# What gives away a page written for the computer: code, or the words of code.
CODE = {
    "a code (snake_case)": r"\b[a-z]+(?:_[a-z0-9]+)+\b",
    "a call": r"\b[A-Za-z_]\w*\([^)\s]*\)",
    "a method": r"\.[a-z_]\w*\(",
    "an operator or a literal": r"==|!=|\[\"|\"\]|\{\"",
    "a code word": r"\b(pandas|python|dataframe|dictionary|jupyter\w*|kernel|run the cell|"
    r"in quotes|list of strings|nunique|value_counts|groupby|isna|query|True|False)\b",
}
# A reader writes 3, not 3.0, and 14 December 2020 (or 14 Dec 2020), not 2020-12-14.
MACHINE_NUMBERS = {"a float": r"\b\d+\.0\b", "an ISO date": r"\b\d{4}-\d{2}-\d{2}\b"}
PAPER_PDFS = ["worksheet_*.pdf", "source_pack.pdf", "structured_controversy.pdf", "assessment.pdf"]


def paper_pdfs(built: Build) -> list[Path]:
    return sorted(p for pattern in PAPER_PDFS for p in built.out.glob(pattern))


def without_addresses(text: str) -> str:
    """Text without web addresses and file names (a record's address or the name of another
    handout is no code, but may hold an underscore)."""
    return re.sub(r"\S*(?:://|www\.)\S*|\b\w+\.pdf\b", " ", text)


def answer_ids(notebook: Path) -> list[tuple[str, str]]:
    """(id, heading) of every exercise and writing task a lesson checks or reviews, outside
    its end-of-unit assessment: the heading is the nearest headed markdown cell above."""
    found, heading, in_assessment = [], "", False
    for cell in nbformat.read(notebook, as_version=4).cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell.cell_type == "markdown" and not tags & {"teacher-note", "rubric", "solution"}:
            first = cell.source.strip().partition("\n")[0]
            if first.startswith("## "):
                in_assessment = "end-of-unit assessment" in first.lower()
            if re.match(r"#+\s", first):
                heading = first.lstrip("#").strip()
        elif cell.cell_type == "code" and not in_assessment and "assessment" not in tags:
            for name in re.findall(r"""\b(?:check|review)\(\s*["']([\w-]+)["']""", cell.source):
                found.append((name, heading))
    return found


def page_fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        names |= {str(font.get_object().get("/BaseFont")) for font in fonts.values()}
    return names


def font_sizes(path: Path) -> list[float]:
    """Every font size a PDF sets text in (fpdf2 writes BT /F1 10.00 Tf, with no scaling)."""
    sizes = []
    for page in PdfReader(path).pages:
        contents = page.get_contents()
        data = b"" if contents is None else contents.get_data()
        sizes += [float(s) for s in re.findall(rb"/F\d+\s+([\d.]+)\s+Tf", data)]
    return sizes


def ruled_lines(path: Path) -> int:
    """Horizontal lines longer than 100 pt: the lines to write on."""
    count = 0
    for page in PdfReader(path).pages:
        contents = page.get_contents()
        data = b"" if contents is None else contents.get_data()
        for x1, y1, x2, y2 in re.findall(rb"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", data):
            count += y1 == y2 and float(x2) - float(x1) > 100
    return count


def test_no_paper_handout_holds_code_or_code_words(built: Build) -> None:
    for path in paper_pdfs(built):
        text = without_addresses(" ".join(text_of(path)))
        for what, pattern in {**CODE, **MACHINE_NUMBERS}.items():
            found = sorted({m.group(0) for m in re.finditer(pattern, text)})
            assert not found, f"{path.name} prints {what}: {found[:5]}"
        assert not [f for f in page_fonts(path) if "Mono" in f], f"{path.name} sets code type"


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_exercise_of_the_lesson_is_on_its_worksheet_in_its_paper_form(
    built: Build, lesson: Path
) -> None:
    from s400_lesson.teacher.handouts.sources import Block
    from s400_lesson.teacher.handouts.worksheet import paper_form

    text = " ".join(text_of(built.out / f"worksheet_{lesson.stem}.pdf"))
    body = text[text.find("Exercises") :]
    for name, heading in answer_ids(lesson):
        assert normalise(heading) in body, f"{name}: its heading {heading!r} is not printed"
        words = re.sub(r"\*", "", paper_form(Block(heading, "", "Exercise", name)).text)
        assert normalise(words)[:60] in body, f"{name}: its paper form is not printed"


def test_every_exercise_of_the_exercise_table_has_a_paper_form() -> None:
    from s400_lesson.exercises.exercise_table import EXERCISES
    from s400_lesson.teacher.handouts.paper_forms import FORMS

    missing = sorted(set(EXERCISES) - set(FORMS))
    assert not missing, (
        f"no paper form for {missing}: add one to s400_lesson/teacher/handouts/paper_forms.py "
        "(or one with computer_only=True that says what to do on paper)"
    )


def test_paper_forms_are_written_for_paper() -> None:
    from s400_lesson.teacher.handouts.paper_forms import FORMS

    for name, form in FORMS.items():
        for what, pattern in CODE.items():
            assert not re.search(pattern, form.text), f"{name}: its paper form has {what}"


def record_card_texts() -> list[tuple[str, list[str]]]:
    """(check id, words its card must show) for every row of the checks table."""
    from s400_lesson import load_source_checks

    cards = []
    for _, row in load_source_checks().iterrows():
        words = [row["claim"], row["evidence"], row["record_issuer"], row["record_title"]]
        words += [row["record_says"], row["verdict_reason"]]
        cards.append((row["check_id"], [normalise(str(w))[:70] for w in words]))
    return cards


def lessons_with_record_cards() -> list[Path]:
    from s400_lesson import load_all
    from s400_lesson.teacher.handouts.needs import Records

    data = load_all()
    return [
        p
        for p in LESSONS
        if any(isinstance(i, Records) for i in items_for(read_lesson(p).number, data))
    ]


@pytest.mark.parametrize("pdf_name", ["source_pack.pdf", "worksheet"])
def test_every_record_card_is_printed_whole(built: Build, pdf_name: str) -> None:
    if pdf_name == "worksheet":
        lessons = lessons_with_record_cards()
        assert lessons, "no lesson prints the record cards"
        paths = [built.out / f"worksheet_{p.stem}.pdf" for p in lessons]
    else:
        paths = [built.out / pdf_name]
    for path in paths:
        text = " ".join(text_of(path))
        for check_id, words in record_card_texts():
            assert check_id in text
            for part in words:
                assert part in text, f"{path.name}, card {check_id}: {part!r} is not printed"


def test_source_pack_carries_every_excerpt_in_article_order(built: Build) -> None:
    from s400_lesson import load_all
    from s400_lesson.teacher.handouts.source_pack import data_words, load_outline

    pages = text_of(built.out / "source_pack.pdf")
    text = " ".join(pages)
    for words, where in data_words(load_all()):
        assert normalise(words) in text, f"{where}: {words[:50]!r} is not in the source pack"
    # Headings and photo credits in the stored order, passages numbered 1, 2, 3 ...
    start = 0
    for section in load_outline():
        if section["heading"]:
            start = text.index(normalise(section["heading"]), start)
        for passage in section["passages"]:
            words = passage.get("credit") or passage["text"]
            start = text.index(normalise(words)[:50], start)


def test_source_pack_numbers_its_passages_and_prints_the_photo_credits(built: Build) -> None:
    from s400_lesson.teacher.handouts.source_pack import load_outline

    passages = [p for s in load_outline() for p in s["passages"]]
    photos = [p for p in passages if p.get("kind") == "photo"]
    assert len(passages) > 20 and photos, "the stored outline has no passages or no photos"
    text = " ".join(text_of(built.out / "source_pack.pdf"))
    for photo in photos:
        assert normalise(f"Photo: {photo['caption']}. Credit: {photo['credit']}") in text
    # Each passage starts with its number: 1, 2, 3 ... in order.
    start = 0
    for number, passage in enumerate(passages, 1):
        words = f"Photo: {passage['caption']}" if "caption" in passage else passage["text"]
        found = text.find(normalise(f"{number} {words[:30]}"), start)
        assert found >= start, f"passage {number} is not numbered in order"
        start = found


def test_assessment_has_prompt_levels_and_lines(built: Build) -> None:
    from s400_lesson.exercises.assessment import ASSESSMENT_PROMPT, criteria

    if not has_assessment():
        pytest.skip("the lessons have no end-of-unit assessment")
    path = built.out / "assessment.pdf"
    text = " ".join(text_of(path))
    assert normalise(ASSESSMENT_PROMPT) in text
    for name, descriptor in criteria():
        assert name in text
        assert normalise(descriptor)[:80] in text, f"level {name}: descriptor not printed"
    assert ruled_lines(path) >= 20, "not enough lines to write an answer of 250 words"
    rubric = " ".join(text_of(built.out / "assessment_rubric_teacher.pdf"))
    from s400_lesson.exercises.assessment import RUBRIC

    for level in RUBRIC:  # the samples are the teacher's, and only there
        assert normalise(level.sample)[:60] in rubric
        assert normalise(level.sample)[:60] not in text


def test_structured_controversy_sheets(built: Build) -> None:
    from s400_lesson import load_statements

    lessons = [read_lesson(p) for p in LESSONS]
    runs = [lesson for lesson in lessons if lesson.controversy is not None]
    if not runs:
        pytest.skip("no lesson runs a structured controversy")
    text = " ".join(text_of(built.out / "structured_controversy.pdf"))
    section = runs[0].controversy
    assert normalise(section.heading) in text
    rounds = re.findall(r"\*\*([^*(]+?)\s*\((\d+)\s*min", section.body)
    assert rounds, "the controversy's section lists no rounds with minutes"
    for name, minutes in rounds:
        assert f"{name} {minutes} min" in text, f"round {name} ({minutes} min) not on the sheet"
    assert f"The rounds ({sum(int(m) for _, m in rounds)} minutes in all)" in text
    statements = load_statements()
    for country in ("Turkey", "United States"):
        quotes = statements[
            (statements["country"] == country) & (statements["form"] == "direct_quote")
        ]
        for _, row in quotes.iterrows():
            assert normalise(row["text"])[:60] in text, f"{row['statement_id']} not on a card"
    assert "Role card" in text and "hands in" in text and "Accepted as fair by" in text


def test_no_text_or_chart_prints_under_9_pt(built: Build) -> None:
    from s400_lesson import load_all
    from s400_lesson.teacher.handouts.worksheet import PRINT_DPI

    for path in sorted(built.out.glob("*.pdf")):
        sizes = font_sizes(path)
        assert sizes and min(sizes) >= 9, f"{path.name}: text at {min(sizes)} pt"
    data = load_all()
    for lesson in LESSONS:
        charts = [i for i in items_for(read_lesson(lesson).number, data) if isinstance(i, Chart)]
        reader = PdfReader(built.out / f"worksheet_{lesson.stem}.pdf")
        placed = [image_widths(p) for p in reader.pages if p.mediabox.width > p.mediabox.height]
        assert len(placed) == len(charts)
        for chart, (shown_pt, pixels) in zip(charts, placed, strict=True):
            drawn_pt = pixels / PRINT_DPI * 72  # the figure's width as drawn
            printed = chart.min_font_pt * shown_pt / drawn_pt
            assert printed >= 9, f"{lesson.stem}: chart text prints at {printed:.1f} pt"


def image_widths(page) -> tuple[float, int]:
    """(width on the page in pt, width in pixels) of the one image on ``page``."""
    data = page.get_contents().get_data()
    width = float(re.search(rb"([\d.]+) 0 0 [\d.]+ [\d.]+ [\d.]+ cm\s*/I\w*\s+Do", data).group(1))
    (image,) = page.images
    return width, image.image.width


def test_a_short_value_never_wraps_beside_a_long_column(tmp_path: Path) -> None:
    """'12 min' stays on one line though the column beside it is long prose; a long value
    still wraps between its words."""
    import pandas as pd

    from s400_lesson.teacher.handouts import pdf

    prose = "Each pair states the other side's case in three or four sentences, " * 3
    frame = pd.DataFrame(
        {
            "Round": ["Write the other side's case", "Prepare"],
            "Time": ["12 min", "8 min"],
            "What": [prose, prose],
        }
    )
    doc = pdf.Handout("Test")
    doc.add_page()
    pdf.table(doc, frame, "Rounds")
    page = PdfReader(pdf.save(doc, tmp_path / "t.pdf")).pages[0]
    lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
    assert any("12 min" in line for line in lines), lines
    assert sum("sentences," in line for line in lines) >= 4, "the prose wraps"

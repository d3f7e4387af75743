"""Slides on paper: ``python -m s400_lesson slides --pdf``.

The command runs as a teacher runs it (a subprocess, under the network guard of
test_offline_and_read_only.py), and the PDFs are read back with pypdf: one page per slide of
the deck, slide-shaped; the teacher's copy has the same pages, taller, and carries every
speaker note of the deck, which the students' copy does not. Without a browser the command
says so in one line, with how to print by hand. The fixture deck (tests/fixtures/slides/demo)
is quick; every lesson's decks are printed in a slow test.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from chromium import CHROMIUM
from fpdf import FPDF
from pypdf import PdfReader
from test_offline_and_read_only import Guard, install_guard
from textmatch import normalise

from s400_lesson.teacher import slide_pdfs
from s400_lesson.teacher.slides import expected_slide_count

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "slides"
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
SLIDE_PAGE = (960, 540)  # points: reveal's 1280x720 px page

needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
)


@dataclass
class Printed:
    result: subprocess.CompletedProcess[str]
    out: Path
    guard: Guard


def run_slides(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "s400_lesson", "slides", "--pdf", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )


def print_under_guard(factory: pytest.TempPathFactory, *args: str) -> Printed:
    out = factory.mktemp("printed") / "out"
    cwd = factory.mktemp("cwd")
    with pytest.MonkeyPatch.context() as monkeypatch:
        guard = install_guard(factory.mktemp("guard"), monkeypatch)
        monkeypatch.setenv(slide_pdfs.BROWSER_VARIABLE, CHROMIUM)
        result = run_slides("--out", str(out), *args, cwd=cwd)
    return Printed(result, out, guard)


class _Notes(HTMLParser):
    """The text of every ``<aside class="notes">`` of a deck."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.notes: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "aside" and ("class", "notes") in attrs:
            self._depth = 1
            self.notes.append("")
        elif self._depth:
            self._depth += tag not in {"br", "img", "hr"}

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.notes[-1] += data


def deck_notes(deck: Path) -> list[str]:
    parser = _Notes()
    parser.feed(deck.read_text(encoding="utf-8"))
    return [" ".join(note.split()) for note in parser.notes if note.strip()]


def squeezed(text: str) -> str:
    """Text without any space (a PDF's text may break or join words at its line ends) and
    without ligatures (Chrome sets "five" with an fi ligature)."""
    return re.sub(r"\s+", "", normalise(unicodedata.normalize("NFKC", html.unescape(text))))


def check_deck_pdfs(deck: Path, notebook: Path) -> None:
    """One page per slide in both PDFs; the notes only, and all of them, in the teacher's."""
    lesson = deck.name.removesuffix(".slides.html")
    slides_pdf, notes_pdf = deck.with_name(f"{lesson}.pdf"), deck.with_name(f"{lesson}.notes.pdf")
    expected = expected_slide_count(nbformat.read(notebook, as_version=4))
    assert slide_pdfs.slide_count(deck.read_text(encoding="utf-8")) == expected
    slides_pages, notes_pages = PdfReader(slides_pdf).pages, PdfReader(notes_pdf).pages
    assert len(slides_pages) == expected, f"{slides_pdf.name}: {len(slides_pages)} pages"
    assert len(notes_pages) == expected, f"{notes_pdf.name}: {len(notes_pages)} pages"
    for page in slides_pages:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == SLIDE_PAGE
    for page in notes_pages:
        assert page.mediabox.height > page.mediabox.width, "the notes page is not portrait"
    notes_text = squeezed(" ".join(p.extract_text() or "" for p in notes_pages))
    slides_text = squeezed(" ".join(p.extract_text() or "" for p in slides_pages))
    for note in deck_notes(deck):
        words = squeezed(note)[:60]
        assert words in notes_text, f"{notes_pdf.name} lacks the note {note[:50]!r}"
        assert words not in slides_text, f"{slides_pdf.name} shows the note {note[:50]!r}"
    assert slide_pdfs.page_count(slides_pdf) == expected  # what the command reports


# --- the fixture deck, quick ----------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return print_under_guard(tmp_path_factory, "--notebooks", str(FIXTURES), "demo")


@pytest.mark.browser
@needs_chromium
def test_fixture_deck_prints_one_page_a_slide_and_its_notes(demo: Printed) -> None:
    assert demo.result.returncode == 0, demo.result.stderr
    deck = demo.out / "demo.slides.html"
    assert deck_notes(deck), "the fixture deck has no speaker notes to print"
    check_deck_pdfs(deck, FIXTURES / "demo.ipynb")
    assert f"printed {demo.out / 'demo.pdf'}" in demo.result.stdout
    assert "demo.notes.pdf" in demo.result.stdout


@pytest.mark.browser
@needs_chromium
def test_printing_makes_no_network_request(demo: Printed) -> None:
    assert demo.guard.refused() == [], "\n".join(demo.guard.refused())
    assert any("-m s400_lesson slides --pdf" in line for line in demo.guard.processes())
    # The browser resolves no host name: a deck that reached for the web would fail.
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in slide_pdfs.FLAGS


@pytest.mark.browser
@needs_chromium
def test_printing_leaves_only_the_pdfs_beside_the_decks(demo: Printed) -> None:
    names = sorted(p.name for p in demo.out.iterdir())
    assert names == ["demo.notes.pdf", "demo.pdf", "demo.slides.html", "reveal.js"]


@pytest.mark.browser
@needs_chromium
def test_the_one_shot_print_of_windows_also_gives_a_page_a_slide(
    demo: Printed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = tmp_path / "demo.slides.html"
    deck.write_text((demo.out / "demo.slides.html").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "reveal.js").symlink_to(demo.out / "reveal.js")
    monkeypatch.setattr(slide_pdfs, "PIPES", False)  # as on Windows: --print-to-pdf
    printed = slide_pdfs.print_deck(deck, Path(CHROMIUM))
    check_deck_pdfs(deck, FIXTURES / "demo.ipynb")
    assert printed.slide_pages == printed.notes_pages == len(PdfReader(printed.slides).pages)


def test_without_a_browser_one_line_says_how_to_print_by_hand(tmp_path: Path) -> None:
    env = {**os.environ, slide_pdfs.BROWSER_VARIABLE: str(tmp_path / "no-such-browser")}
    out = tmp_path / "out"
    result = run_slides(
        "--notebooks", str(FIXTURES), "--out", str(out), "minimal", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr  # the decks are built; only the PDFs are not
    lines = [line for line in result.stdout.splitlines() if "PDF" in line]
    assert len(lines) == 1, result.stdout
    assert "no Chromium or Chrome found" in lines[0] and "?print-pdf" in lines[0]
    assert "Traceback" not in result.stderr
    assert (out / "minimal.slides.html").is_file() and not list(out.glob("*.pdf"))


# --- the helpers ----------------------------------------------------------------------


def test_page_count_reads_the_page_tree(tmp_path: Path) -> None:
    doc = FPDF()
    for _ in range(3):
        doc.add_page()
    doc.output(str(tmp_path / "three.pdf"))
    assert slide_pdfs.page_count(tmp_path / "three.pdf") == 3
    assert slide_pdfs.page_count(tmp_path / "missing.pdf") == 0


def test_slide_count_counts_innermost_sections() -> None:
    deck = "<section>a</section><section><section>b</section><section>c</section></section>"
    assert slide_pdfs.slide_count(deck) == 3


def test_browser_variable_chooses_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(slide_pdfs.BROWSER_VARIABLE, "/nowhere/chrome")
    assert slide_pdfs.browser_candidates() == ["/nowhere/chrome"]
    with pytest.raises(slide_pdfs.BrowserNotFound, match="/nowhere/chrome"):
        slide_pdfs.find_browser()


# --- every lesson, slow -----------------------------------------------------------------


@pytest.fixture(scope="module")
def lessons(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return print_under_guard(tmp_path_factory)


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_every_lesson_prints_one_page_a_slide_and_its_notes(lessons: Printed) -> None:
    assert lessons.result.returncode == 0, lessons.result.stderr
    assert lessons.guard.refused() == [], "\n".join(lessons.guard.refused())
    for notebook in LESSONS:
        check_deck_pdfs(lessons.out / f"{notebook.stem}.slides.html", notebook)

"""Slides on paper: ``python -m s400_lesson slides --pdf``.

The command runs as a teacher runs it (a subprocess, under the network guard of
test_offline_and_read_only.py), and the PDFs are read back with pypdf: one page per slide of
the deck, slide-shaped with room below for a picture; the teacher's copy has the same pages on
A4 (or Letter) landscape and carries every speaker note of the deck whole, which the students'
copy does not. Text and
chart text are measured as they print: at least 9 pt on Letter landscape, the narrower paper,
for both copies. Without a browser the command
says so in one line, with how to print by hand. The fixture deck (tests/fixtures/slides/demo)
is quick; every lesson's decks are printed in a slow test.
"""

from __future__ import annotations

import base64
import html
import os
import re
import struct
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
from s400_lesson.teacher.answer_key import GUIDE, exercise_slides, read_answer_key
from s400_lesson.teacher.slides import expected_slide_count

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "slides"
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
SLIDE_PAGE = (960, 576)  # points: a 1280x768 px page, the slide with room for a picture
PAPER = {"A4": (842, 595), "letter": (792, 612)}  # points, landscape

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


def check_deck_pdfs(deck: Path, notebook: Path, paper: str = "A4") -> None:
    """One page per slide in both PDFs; the notes only, and all of them whole, in the
    teacher's; every text and chart legible in print."""
    lesson = deck.name.removesuffix(".slides.html")
    slides_pdf, notes_pdf = deck.with_name(f"{lesson}.pdf"), deck.with_name(f"{lesson}.notes.pdf")
    expected = expected_slide_count(nbformat.read(notebook, as_version=4))
    assert slide_pdfs.slide_count(deck.read_text(encoding="utf-8")) == expected
    slides_pages, notes_pages = PdfReader(slides_pdf).pages, PdfReader(notes_pdf).pages
    assert len(slides_pages) == expected, f"{slides_pdf.name}: {len(slides_pages)} pages"
    assert len(notes_pages) == expected, f"{notes_pdf.name}: {len(notes_pages)} pages"
    for page in slides_pages:
        assert page_size(page) == SLIDE_PAGE
    for page in notes_pages:
        assert page_size(page) == PAPER[paper], f"{notes_pdf.name} is not {paper} landscape"
    notes_text = squeezed(" ".join(p.extract_text() or "" for p in notes_pages))
    slides_text = squeezed(" ".join(p.extract_text() or "" for p in slides_pages))
    for note in deck_notes(deck):
        assert squeezed(note) in notes_text, f"{notes_pdf.name} lacks all or part of {note[:50]!r}"
        assert squeezed(note)[:60] not in slides_text, f"{slides_pdf.name} shows {note[:50]!r}"
    assert slide_pdfs.page_count(slides_pdf) == expected  # what the command reports
    pictures = deck_pictures(deck)
    charts = {pixels: size for pixels, size in pictures if size}
    # As printed on the narrower paper, Letter landscape: the students' copy shrunk to fit
    # it, the teacher's as laid out on it (the same page, scaled, when it was laid out on A4).
    letter = PAPER["letter"][0]
    for pdf, pages, shrink in (
        (slides_pdf, slides_pages, letter / SLIDE_PAGE[0]),
        (notes_pdf, notes_pages, letter / PAPER[paper][0]),
    ):
        smallest = min(min(text_sizes(page), default=99) for page in pages) * shrink
        assert smallest >= 9, f"{pdf.name}: text prints at {smallest:.1f} pt on Letter"
        placed = [image for page in pages for image in placed_images(page)]
        # Chrome leaves off the page, whole, a picture that crosses its foot.
        assert sorted(p for _, p in placed) == sorted(p for p, _ in pictures), (
            f"{pdf.name} prints {len(placed)} of the deck's {len(pictures)} pictures"
        )
        for shown_pt, pixels in placed:
            if pixels in charts:
                min_pt, dpi = charts[pixels]
                printed = min_pt * shown_pt / (pixels[0] / dpi * 72) * shrink
                assert printed >= 9, f"{pdf.name}: chart text prints at {printed:.1f} pt on Letter"


def page_size(page) -> tuple[int, int]:
    return round(page.mediabox.width), round(page.mediabox.height)


def _times(a: list[float], b: list[float]) -> list[float]:
    """The PDF matrix product a x b (each as its six numbers)."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def text_sizes(page) -> list[float]:
    """The size in points of every piece of text on ``page``, after every scaling."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            m = _times(list(tm), list(cm))
            sizes.append(size * (m[2] ** 2 + m[3] ** 2) ** 0.5)

    page.extract_text(visitor_text=visit)
    return sizes


def placed_images(page) -> list[tuple[float, tuple[int, int]]]:
    """(width on the page in pt, (width, height) in pixels) of each image drawn on ``page``."""
    objects = page.get("/Resources", {}).get("/XObject", {})
    placed = []

    def visit(operator, operands, cm, tm) -> None:
        if operator == b"Do" and operands[0] in objects:
            image = objects[operands[0]].get_object()
            if image.get("/Subtype") == "/Image":
                pixels = (int(image["/Width"]), int(image["/Height"]))
                placed.append(((cm[0] ** 2 + cm[1] ** 2) ** 0.5, pixels))

    page.extract_text(visitor_operand_before=visit)
    return placed


def deck_pictures(deck: Path) -> list[tuple[tuple[int, int], tuple[float, float] | None]]:
    """Each picture of a deck: its (width, height) in pixels and, for a chart, (its smallest
    text in pt, its dpi)."""
    pictures = []
    for tag in re.findall(r"<img\b[^>]*>", deck.read_text(encoding="utf-8")):
        png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', tag).group(1))
        pixels = struct.unpack(">II", png[16:24])  # the PNG header's width and height
        min_pt = re.search(r'data-min-font-pt="([\d.]+)"', tag)
        dpi = re.search(r'data-dpi="([\d.]+)"', tag)
        chart = (float(min_pt[1]), float(dpi[1])) if min_pt and dpi else None
        pictures.append((pixels, chart))
    return pictures


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
    deck = _copy_deck(demo, tmp_path)
    monkeypatch.setattr(slide_pdfs, "PIPES", False)  # as on Windows: --print-to-pdf
    printed = slide_pdfs.print_deck(deck, Path(CHROMIUM))
    check_deck_pdfs(deck, FIXTURES / "demo.ipynb")
    assert printed.slide_pages == printed.notes_pages == len(PdfReader(printed.slides).pages)


def _copy_deck(demo: Printed, folder: Path, html_text: str | None = None) -> Path:
    deck = folder / "demo.slides.html"
    text = (demo.out / "demo.slides.html").read_text(encoding="utf-8")
    deck.write_text(html_text(text) if html_text else text, encoding="utf-8")
    (folder / "reveal.js").symlink_to(demo.out / "reveal.js")
    return deck


@pytest.mark.browser
@needs_chromium
def test_the_teachers_copy_prints_on_letter_too(demo: Printed, tmp_path: Path) -> None:
    deck = _copy_deck(demo, tmp_path)
    slide_pdfs.print_deck(deck, Path(CHROMIUM), "letter")
    check_deck_pdfs(deck, FIXTURES / "demo.ipynb", "letter")


@pytest.mark.browser
@needs_chromium
def test_notes_too_long_for_the_page_stop_the_print_with_one_message(
    demo: Printed, tmp_path: Path
) -> None:
    long_note = "<p>" + "Ask the class which record says so, and why. " * 60 + "</p>"
    # Twelve times longer than any note of the unit: it cannot fit even at 16 px.
    deck = _copy_deck(demo, tmp_path, lambda _: lengthen_to(demo, long_note))
    with pytest.raises(slide_pdfs.SlidePdfError, match=r"speaker notes of slide \d+ do not fit"):
        slide_pdfs.print_deck(deck, Path(CHROMIUM))
    # A note too long for 22 px (about 200 characters fit with the demo note) but not for 16 px
    # (about 450) is set smaller, and printed whole.
    deck.write_text(lengthen_to(demo, long_note[:230] + "</p>"), encoding="utf-8")
    slide_pdfs.print_deck(deck, Path(CHROMIUM))
    check_deck_pdfs(deck, FIXTURES / "demo.ipynb")
    sizes = text_sizes(PdfReader(deck.with_name("demo.notes.pdf")).pages[1])
    assert 10.5 <= min(sizes) < 22 * PAPER["A4"][0] / 1280, "the long note was not set smaller"


@pytest.mark.browser
@needs_chromium
def test_a_slide_taller_than_its_page_stops_the_print(demo: Printed, tmp_path: Path) -> None:
    tall = "<p>One more line.</p>" * 40  # text is not fitted to the page as a chart is

    def lengthen(text: str) -> str:
        return text.replace("<section><section>", "<section><section>" + tall, 1)

    deck = _copy_deck(demo, tmp_path, lengthen)
    with pytest.raises(slide_pdfs.SlidePdfError, match="slide 1 is taller than its page"):
        slide_pdfs.print_deck(deck, Path(CHROMIUM))


def lengthen_to(demo: Printed, note: str) -> str:
    """The demo deck with ``note`` put before its first speaker note."""
    text = (demo.out / "demo.slides.html").read_text(encoding="utf-8")
    return text.replace('<aside class="notes">', '<aside class="notes">' + note, 1)


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
    key = read_answer_key(REPO / GUIDE)
    for notebook in LESSONS:
        deck = lessons.out / f"{notebook.stem}.slides.html"
        check_deck_pdfs(deck, notebook)
        # Each exercise's answer is in the teacher's copy, on its slide, and nowhere else.
        assert "s400-answer" not in deck.read_text(encoding="utf-8")
        notes = [
            squeezed(p.extract_text())
            for p in PdfReader(deck.with_name(f"{notebook.stem}.notes.pdf")).pages
        ]
        slides_text = squeezed(
            " ".join(
                p.extract_text() for p in PdfReader(deck.with_name(f"{notebook.stem}.pdf")).pages
            )
        )
        set_here = exercise_slides(nbformat.read(notebook, as_version=4))
        assert set_here, f"{notebook.name} sets no exercise"
        for names in set_here.values():
            for name in names:
                said = squeezed(f"Answer ({name}): {key[name].answer}. Why:")
                pages = [n for n, text in enumerate(notes) if said in text]
                assert len(pages) == 1, (
                    f"{notebook.stem}.notes.pdf: the answer to {name} on {pages}"
                )
                assert squeezed(f"Answer ({name})") not in slides_text

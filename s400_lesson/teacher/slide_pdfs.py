"""Slides on paper: print each offline deck to ``<lesson>.pdf`` and ``<lesson>.notes.pdf``.

reveal.js lays a deck out for printing when its address ends in ``?print-pdf``: one page per
slide, here with every fragment shown (``pdfSeparateFragments=false``) and never more than
one page a slide (``pdfMaxPagesPerSlide=1``). With ``showNotes`` it puts each slide's
speaker notes on its page; the teacher's copy is printed on the paper itself (A4 or Letter,
landscape), the slide across the page's whole width and its notes beneath it, set smaller
where they would not fit.

The printing is done by a Chromium or Chrome already on the machine, run headless and driven
with the Chrome DevTools protocol over ``--remote-debugging-pipe``: JSON messages on two
pipes, so the standard library is all it takes (no WebSocket client, no driver, no port, no
Playwright, which is only a development dependency of the tests). The protocol lets the
print wait for reveal.js itself: the page sets a flag on reveal's ``pdf-ready`` event, and
only then does ``Page.printToPDF`` run. Chrome's one-shot ``--print-to-pdf`` cannot wait for
an event: with ``--virtual-time-budget`` it printed an unlaid-out one-page deck about one time
in four on a busy machine (reveal waits for animation frames, which a headless browser on
virtual time may not draw; the print copy now turns them into timers, which it runs). It is
kept where pipes cannot be handed to a child process (Windows), with a check of the page
count and retries.

Nothing leaves the machine: the deck loads only files beside it (``slides.remote_resources``
checks that when it is built), and the browser runs with its background networking off and
every host name unresolvable.
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..data.plural import counted

__all__ = [
    "BROWSER_VARIABLE",
    "PRINT_BY_HAND",
    "BrowserNotFound",
    "SlidePdfError",
    "browser_candidates",
    "find_browser",
    "print_deck",
    "print_decks",
]

# Set to a browser's path to choose it (or to a path that does not exist to use none).
BROWSER_VARIABLE = "S400_LESSON_BROWSER"
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
         "microsoft-edge", "msedge")  # fmt: skip
FIXED_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    "/snap/bin/chromium",
)
PRINT_BY_HAND = (
    "open the deck in Chrome or Chromium with ?print-pdf at the end of its address "
    "(add &showNotes=true for the speaker notes), then print to PDF with margins none"
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    # Every name resolves to nothing: a deck that reached for the web would fail, not fetch.
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
ONE_SHOT = ("--no-pdf-header-footer", "--virtual-time-budget=30000")
READY = "window.__s400PdfReady === true"
TIMEOUT = 180  # seconds for one PDF
# Whether pipes can be handed to the browser as its descriptors 3 and 4 (not on Windows).
PIPES = os.name == "posix"
SLIDE_QUERY = "print-pdf&pdfSeparateFragments=false&pdfMaxPagesPerSlide=1"
NOTES_QUERY = SLIDE_QUERY + "&showNotes=true"
# The teacher's copy is laid out on the paper, landscape, with the slide across its whole
# width: the smallest text a slide holds, a chart's 11 pt at 100 dpi (15.3 px) at its own size,
# then prints at 10.1 pt on A4 and 9.5 pt on Letter, a little less for a chart drawn smaller
# to fit its slide (the tests hold it to 9). On A4 portrait, the slide above its notes, 7 pt.
PAPERS = {"A4": (297.0, 210.0), "letter": (279.4, 215.9)}  # mm, landscape
SLIDE_SIZE = (1280, 720)  # px, as the decks are built
# On paper a slide has 48 px more room than on screen (5:3, not 16:9), so that the two charts
# the projector view draws smaller to fit under their sentence (lesson 00's map, 01's
# timeline) print at their own size: their 11 pt then prints at 9.5 pt even on Letter.
PRINT_ROOM = 768  # px, the height of a slide's page in the students' copy and its room
NOTES_TOP = PRINT_ROOM + 12  # px: the teacher's notes start just under the slide
# The notes' size in px: as set, and the least they are shrunk to when they would not fit
# (16 px prints at 10.5 pt on A4). Longer notes than fit at that stop the print.
NOTES_FONT = (22, 16)
NO_NOTES = "No speaker notes for this slide."


class SlidePdfError(Exception):
    """A deck could not be printed."""


class BrowserNotFound(SlidePdfError):
    """No Chromium or Chrome to print with."""


def browser_candidates() -> list[str]:
    """Where the browser is looked for, in order (what the README lists)."""
    chosen = os.environ.get(BROWSER_VARIABLE)
    if chosen is not None:
        return [chosen]
    found = [shutil.which(name) for name in NAMES]
    playwright = sorted(Path.home().glob(".cache/ms-playwright/chromium-*/chrome-linux/chrome"))
    return [p for p in found if p] + list(FIXED_PATHS) + [str(p) for p in playwright[-1:]]


def find_browser() -> Path:
    """The first Chromium or Chrome of ``browser_candidates`` that exists."""
    for candidate in browser_candidates():
        path = Path(candidate)
        if candidate and path.is_file() and os.access(path, os.X_OK):
            return path
    where = (
        f"{BROWSER_VARIABLE}={os.environ[BROWSER_VARIABLE]}"
        if BROWSER_VARIABLE in os.environ
        else f"{', '.join(NAMES[:4])} on PATH or the usual install folders"
    )
    raise BrowserNotFound(f"no Chromium or Chrome found ({where})")


@dataclass(frozen=True)
class Printed:
    """The two PDFs of one deck and their page counts."""

    slides: Path
    notes: Path
    slide_pages: int
    notes_pages: int


_NOTES_SCRIPT = """
<script>
/* Teacher's copy: when reveal.js has laid the deck out for print, lay each page out on the
   paper with the notes beneath the slide (saying so where a slide has none), and set notes
   that would not fit smaller; list the slides whose notes do not fit even then. */
Reveal.on('pdf-ready', function () {
  var style = document.createElement('style');
  style.textContent = %(css)s;
  document.head.appendChild(style);
  var crowded = [];
  document.querySelectorAll('.reveal .pdf-page').forEach(function (page, index) {
    var notes = page.querySelector('.speaker-notes-pdf');
    if (!notes) {
      notes = document.createElement('div');
      notes.className = 'speaker-notes speaker-notes-pdf s400-no-notes';
      notes.textContent = %(none)s;
      page.appendChild(notes);
    }
    for (var size = %(font)d; notes.scrollHeight > notes.clientHeight + 1 && size > %(least)d; ) {
      size -= 1;
      notes.style.fontSize = size + 'px';
    }
    if (notes.scrollHeight > notes.clientHeight + 1) crowded.push(index + 1);
  });
  window.__s400Crowded = crowded;
});
</script>
"""
# reveal.js waits for animation frames while it lays a deck out for print; a headless browser
# running on virtual time may not draw any, and prints the deck unlaid-out. Timers it runs.
_FRAME_SHIM = (
    "<script>window.requestAnimationFrame = function (callback) {"
    " return setTimeout(function () { callback(performance.now()); }, 16); };</script>"
)
# Before the deck's scripts: the room its print fit (the deck template's fitPrinted) fits
# each slide to, a pixel short of the page, as reveal.js's own pages are.
_ROOM_SCRIPT = f"<script>window.s400PrintRoom = {PRINT_ROOM - 1};</script>"
# The students' copy: pages as tall as that room.
_SLIDES_SCRIPT = f"""
<script>
Reveal.on('pdf-ready', function () {{
  var style = document.createElement('style');
  style.textContent = '@page {{ size: {SLIDE_SIZE[0]}px {PRINT_ROOM}px; margin: 0; }}' +
    ' .reveal .pdf-page {{ height: {PRINT_ROOM - 1}px !important; }}';
  document.head.appendChild(style);
}});
</script>
"""
_READY_SCRIPT = """
<script>
/* The page is ready to print once reveal.js has laid it out and the handlers above ran
   (the deck's own fits each slide to its page); list the slides that still reach past the
   foot of the slide, which would print cut off. */
Reveal.on('pdf-ready', function () {
  var config = Reveal.getConfig();
  var room = window.s400PrintRoom || config.height + (config.pdfPageHeightOffset || 0);
  var cut = [];
  document.querySelectorAll('.reveal .pdf-page > section').forEach(function (slide, index) {
    if ((parseFloat(slide.style.top) || 0) + slide.scrollHeight > room + 1) cut.push(index + 1);
  });
  window.__s400Cut = cut;
  requestAnimationFrame(function () { window.__s400PdfReady = true; });
});
</script>
"""

_NOTES_CSS = (
    "@page { size: %(paper_w)gmm %(paper_h)gmm; margin: 0; }"
    # Zoom shrinks the 1280 px slide to the paper's width; the @page size is not zoomed.
    "html.reveal-print { zoom: %(zoom).6f; }"
    ".reveal .pdf-page { height: %(page)dpx !important; overflow: hidden; }"
    # A rule where the slide ends (its content is centred, so its own box ends higher).
    ".reveal .pdf-page::after { content: ''; position: absolute; left: 0; right: 0;"
    " top: %(slide_h)dpx; border-top: 2px solid #888; }"
    ".reveal .speaker-notes-pdf { position: absolute; top: %(top)dpx !important;"
    " bottom: auto !important;"
    # !important: reveal's print rules for the notes (max-height: none) are more specific.
    " left: 48px !important; width: %(text)dpx !important; max-height: %(room)dpx !important;"
    " overflow: hidden !important; font-size: %(font)dpx; line-height: 1.3; color: #000;"
    " background: #fff; border: 0; padding: 0; text-align: left; }"
    ".reveal .speaker-notes-pdf p { margin: 0.3em 0; }"
    # The rule above says where the notes begin; reveal's "Speaker notes" label would take a line.
    ".reveal .speaker-notes-pdf::before { display: none; }"
    ".reveal .speaker-notes-pdf.s400-no-notes { color: #555; font-style: italic; }"
    ".reveal .speaker-notes-pdf code { font-size: 0.95em; }"
)


def notes_page(paper: str) -> tuple[float, int]:
    """(zoom, page height in slide px) that lay a 1280 px slide across ``paper``, landscape."""
    width_mm, height_mm = PAPERS[paper]
    zoom = width_mm / 25.4 * 96 / SLIDE_SIZE[0]
    # A pixel short of the paper, so that rounding never spills a page onto the next.
    return zoom, math.floor(height_mm / 25.4 * 96 / zoom) - 1


def with_notes(html: str, notes: Mapping[str, list[str]]) -> str:
    """``html`` (a deck) with each note (HTML) added to the speaker notes of the slide that
    holds the cell it is keyed to; raises SlidePdfError for a cell the deck does not have."""
    for cell_id, texts in notes.items():
        found = html.find(f'id="cell-id={cell_id}"')
        end = html.find("</section>", found)
        if found < 0 or end < 0:
            raise SlidePdfError(f"no slide holds the cell {cell_id} to add its notes to")
        asides = "".join(f'<aside class="notes">{text}</aside>' for text in texts)
        html = html[:end] + asides + html[end:]
    return html


def _print_copy(
    deck: Path,
    notes: bool,
    folder: Path,
    paper: str = "A4",
    extra_notes: Mapping[str, list[str]] | None = None,
) -> Path:
    """A copy of ``deck`` in ``folder`` that loads its files from beside the deck; the
    teacher's copy (``notes``) with ``extra_notes`` added to its speaker notes."""
    html = deck.read_text(encoding="utf-8")
    if notes and extra_notes:
        html = with_notes(html, extra_notes)
    base = f'<base href="{deck.parent.resolve().as_uri()}/">'
    head = base + _FRAME_SHIM + _ROOM_SCRIPT
    html = re.sub(r"<head(\s[^>]*)?>", lambda m: m.group(0) + head, html, count=1)
    if notes:
        script = _NOTES_SCRIPT % {
            "css": _js_string(_notes_css(paper)),
            "none": _js_string(NO_NOTES),
            "font": NOTES_FONT[0],
            "least": NOTES_FONT[1],
        }
    else:
        script = _SLIDES_SCRIPT
    # After the deck's own scripts (nbconvert puts them after </body>), so Reveal exists.
    html = html + script
    html = html + _READY_SCRIPT
    copy = folder / f"{deck.stem}{'.notes' if notes else ''}.print.html"
    copy.write_text(html, encoding="utf-8")
    return copy


def _notes_css(paper: str) -> str:
    zoom, page = notes_page(paper)
    width_mm, height_mm = PAPERS[paper]
    return _NOTES_CSS % {
        "paper_w": width_mm,
        "paper_h": height_mm,
        "zoom": zoom,
        "page": page,
        "slide_h": PRINT_ROOM,
        "top": NOTES_TOP,
        "text": SLIDE_SIZE[0] - 96,
        "room": page - NOTES_TOP - 14,
        "font": NOTES_FONT[0],
    }


def _js_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _print(browser: Path, page: Path, query: str, pdf: Path, profile: Path, pages: int) -> None:
    """Print ``page`` with ``query`` to ``pdf``, by the DevTools protocol where it can."""
    url = f"{page.resolve().as_uri()}?{query}"
    pdf.unlink(missing_ok=True)
    if PIPES:
        pdf.write_bytes(_print_over_pipe(browser, url, profile))
        return
    for _ in range(3):  # no pipes for a child process here: the one-shot print, checked
        _print_one_shot(browser, url, pdf, profile)
        if page_count(pdf) == pages:
            return
    printed = counted(page_count(pdf), "page")
    raise SlidePdfError(f"{browser.name} printed {printed} of {pages} for {pdf.name}")


def _print_one_shot(browser: Path, url: str, pdf: Path, profile: Path) -> None:
    command = [str(browser), *FLAGS, *ONE_SHOT, f"--user-data-dir={profile}"]
    command += [f"--print-to-pdf={pdf}", url]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise SlidePdfError(f"{browser.name} took over {TIMEOUT} s to print {pdf.name}") from None
    except OSError as exc:
        raise SlidePdfError(f"cannot run {browser}: {exc.strerror or exc}") from None
    if not pdf.is_file() or pdf.stat().st_size == 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise SlidePdfError(f"{browser.name} wrote no {pdf.name}: {last}")


# Copied first, so that neither end is overwritten if it already sits on 3 or 4; the copies
# may land on 3 and 4 themselves (then dup2 does nothing), so 3 and 4 are made inheritable
# after, and exec closes the rest.
_ON_3_AND_4 = (
    "import os, sys; a, b = os.dup(int(sys.argv[1])), os.dup(int(sys.argv[2])); "
    "os.dup2(a, 3); os.dup2(b, 4); os.set_inheritable(3, True); os.set_inheritable(4, True); "
    "os.execv(sys.argv[3], sys.argv[3:])"
)


class _Pipe:
    """The DevTools protocol over Chrome's --remote-debugging-pipe: it reads commands on its
    file descriptor 3 and writes replies and events on 4, each a JSON text ended by NUL."""

    def __init__(self, browser: Path, profile: Path) -> None:
        to_chrome, self._send = os.pipe()
        self._receive, from_chrome = os.pipe()
        # A small Python puts the two pipe ends on descriptors 3 and 4 and becomes the
        # browser. (A shell's "3<&12" fails in dash once the pipes are past descriptor 9, as
        # they are in a process with many files open, such as a test run or a kernel.)
        command = [sys.executable, "-c", _ON_3_AND_4, str(to_chrome), str(from_chrome)]
        command += [str(browser), *FLAGS, "--remote-debugging-pipe"]
        command += [f"--user-data-dir={profile}", "about:blank"]
        try:
            self.process = subprocess.Popen(
                command,
                pass_fds=(to_chrome, from_chrome),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            raise SlidePdfError(f"cannot run {browser}: {exc.strerror or exc}") from None
        finally:
            os.close(to_chrome)
            os.close(from_chrome)
        self._buffer, self._next = b"", 0
        self.deadline = time.monotonic() + TIMEOUT

    def call(self, method: str, session: str | None = None, **params: object) -> dict:
        """Send one command and wait for its reply; an error reply raises SlidePdfError."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._send, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise SlidePdfError(f"{method}: {reply['error'].get('message', reply)}")
                return reply.get("result", {})

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            left = self.deadline - time.monotonic()
            ready, _, _ = select.select([self._receive], [], [], max(left, 0))
            if not ready:
                raise SlidePdfError(f"the browser did not answer within {TIMEOUT} s")
            chunk = os.read(self._receive, 1 << 20)
            if not chunk:
                raise SlidePdfError("the browser closed before it printed")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def close(self) -> None:
        with contextlib.suppress(SlidePdfError, OSError):
            self.call("Browser.close")
        for fd in (self._send, self._receive):
            os.close(fd)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _print_over_pipe(browser: Path, url: str, profile: Path) -> bytes:
    """Open ``url``, wait until reveal.js has laid it out for print, and return the PDF."""
    pipe = _Pipe(browser, profile)
    try:
        target = pipe.call("Target.createTarget", url="about:blank")["targetId"]
        session = pipe.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        pipe.call("Page.navigate", session, url=url)
        while not _evaluate(pipe, session, READY):
            if time.monotonic() > pipe.deadline:
                raise SlidePdfError(f"the deck was not laid out for print within {TIMEOUT} s")
            time.sleep(0.2)
        cut = _evaluate(pipe, session, "window.__s400Cut || []")
        if cut:
            raise SlidePdfError(
                f"slide {', '.join(str(n) for n in cut)} is taller than its page and would "
                "print cut off"
            )
        crowded = _evaluate(pipe, session, "window.__s400Crowded || []")
        if crowded:
            slides = ", ".join(str(n) for n in crowded)
            raise SlidePdfError(
                f"the speaker notes of slide {slides} do not fit beneath the slide even at "
                f"{NOTES_FONT[1]} px: shorten them in teacher/speaker_notes/"
            )
        # The page's own @page size (reveal's, or the notes copy's) sets the paper.
        result = pipe.call(
            "Page.printToPDF",
            session,
            printBackground=True,
            preferCSSPageSize=True,
            displayHeaderFooter=False,
            marginTop=0,
            marginBottom=0,
            marginLeft=0,
            marginRight=0,
        )
        return base64.b64decode(result["data"])
    finally:
        pipe.close()


def _evaluate(pipe: _Pipe, session: str, expression: str) -> object:
    result = pipe.call("Runtime.evaluate", session, expression=expression, returnByValue=True)
    return result.get("result", {}).get("value")


def print_deck(
    deck: Path,
    browser: Path,
    paper: str = "A4",
    extra_notes: Mapping[str, list[str]] | None = None,
) -> Printed:
    """Write ``<lesson>.pdf`` and ``<lesson>.notes.pdf`` beside ``deck`` (a ``.slides.html``),
    the notes on ``paper`` (a key of ``PAPERS``), with ``extra_notes`` (cell id -> notes in
    HTML, such as the answers) added to the teacher's copy only."""
    deck = Path(deck)
    lesson = deck.name.removesuffix(".slides.html")
    slides_pdf, notes_pdf = deck.with_name(f"{lesson}.pdf"), deck.with_name(f"{lesson}.notes.pdf")
    pages = slide_count(deck.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="s400-print-") as scratch:
        folder = Path(scratch)
        for notes, pdf, query in ((False, slides_pdf, SLIDE_QUERY), (True, notes_pdf, NOTES_QUERY)):
            copy = _print_copy(deck, notes, folder, paper, extra_notes)
            _print(browser, copy, query, pdf, folder / "profile", pages)
            if page_count(pdf) != pages:  # a page spilt over, or the deck was not laid out
                printed = counted(page_count(pdf), "page")
                raise SlidePdfError(f"{pdf.name} has {printed} for {counted(pages, 'slide')}")
    return Printed(slides_pdf, notes_pdf, page_count(slides_pdf), page_count(notes_pdf))


_SECTION = re.compile(r"<section\b[^>]*>|</section>", re.IGNORECASE)


def slide_count(html: str) -> int:
    """The slides of a deck: its innermost ``<section>`` elements (a stack is not a slide)."""
    count, depth, inner = 0, 0, False
    for tag in _SECTION.findall(html):
        if tag.startswith("</"):
            count += inner
            depth, inner = depth - 1, False
        else:
            depth, inner = depth + 1, True
    return count


def page_count(pdf: Path) -> int:
    """The pages of a PDF, from its page tree, read in compressed object streams too."""
    data = pdf.read_bytes() if pdf.is_file() else b""
    texts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            texts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    counts = []
    for text in texts:
        for tree in re.findall(
            rb"<<(?:[^<>]|<<[^<>]*>>)*?/Type\s*/Pages\b(?:[^<>]|<<[^<>]*>>)*>>", text
        ):
            counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)", tree)]
    return max(counts, default=0)


def print_decks(
    decks: Iterable[Path],
    out: TextIO = sys.stdout,
    paper: str = "A4",
    extra_notes: Mapping[str, Mapping[str, list[str]]] | None = None,
) -> int:
    """Print every deck beside itself, one line per deck; the number that failed.
    ``extra_notes`` gives, by lesson name, the notes to add to each teacher's copy.

    Without a browser, one line says so and how to print by hand, and nothing fails: the
    decks themselves are built.
    """
    decks = list(decks)
    if not decks:
        return 0
    try:
        browser = find_browser()
    except BrowserNotFound as exc:
        print(f"slides not printed to PDF: {exc}; to print by hand, {PRINT_BY_HAND}", file=out)
        return 0
    print(f"printing with {browser}", file=out)
    failures = 0
    for deck in decks:
        start = time.perf_counter()
        try:
            lesson = deck.name.removesuffix(".slides.html")
            done = print_deck(deck, browser, paper, (extra_notes or {}).get(lesson))
        except SlidePdfError as exc:
            print(f"FAILED to print {deck.name}: {exc}", file=sys.stderr)
            failures += 1
            continue
        print(
            f"printed {done.slides} ({counted(done.slide_pages, 'page')}) and {done.notes.name} "
            f"({counted(done.notes_pages, 'page')}) in {time.perf_counter() - start:.1f} s",
            file=out,
        )
    return failures

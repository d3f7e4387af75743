"""Slides on paper: print each offline deck to ``<lesson>.pdf`` and ``<lesson>.notes.pdf``.

reveal.js lays a deck out for printing when its address ends in ``?print-pdf``: one page per
slide, here with every fragment shown (``pdfSeparateFragments=false``) and never more than
one page a slide (``pdfMaxPagesPerSlide=1``). With ``showNotes`` it puts each slide's
speaker notes on its page; the teacher's copy makes the page taller, A4-shaped, so the
notes sit beneath the slide instead of over it.

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
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable
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
# The teacher's copy: each page the slide (1280x720) with its notes beneath, A4-shaped.
NOTES_PAGE = (1280, 1810)
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
/* Teacher's copy: when reveal.js has laid the deck out for print, make each page taller
   and move the speaker notes beneath the slide; say so where a slide has none. */
Reveal.on('pdf-ready', function () {
  document.querySelectorAll('.reveal .pdf-page').forEach(function (page) {
    if (!page.querySelector('.speaker-notes-pdf')) {
      var none = document.createElement('div');
      none.className = 'speaker-notes speaker-notes-pdf s400-no-notes';
      none.textContent = %(none)s;
      page.appendChild(none);
    }
  });
  var style = document.createElement('style');
  style.textContent = %(css)s;
  document.head.appendChild(style);
});
</script>
"""
# reveal.js waits for animation frames while it lays a deck out for print; a headless browser
# running on virtual time may not draw any, and prints the deck unlaid-out. Timers it runs.
_FRAME_SHIM = (
    "<script>window.requestAnimationFrame = function (callback) {"
    " return setTimeout(function () { callback(performance.now()); }, 16); };</script>"
)
_READY_SCRIPT = """
<script>
/* The page is ready to print once reveal.js has laid it out and the handlers above ran. */
Reveal.on('pdf-ready', function () {
  requestAnimationFrame(function () { window.__s400PdfReady = true; });
});
</script>
"""

_NOTES_CSS = (
    "@page { size: %(w)dpx %(h)dpx; margin: 0; }"
    ".reveal .pdf-page { height: %(page)dpx !important; overflow: hidden; }"
    ".reveal .pdf-page > section { border-bottom: 2px solid #888; }"
    ".reveal .speaker-notes-pdf { position: absolute; top: 745px !important;"
    " bottom: auto !important;"
    " left: 48px !important; width: %(text)dpx !important; max-height: %(room)dpx;"
    " font-size: 26px; line-height: 1.35; color: #000; background: #fff; border: 0;"
    " padding: 0; text-align: left; }"
    ".reveal .speaker-notes-pdf.s400-no-notes { color: #555; font-style: italic; }"
)


def _print_copy(deck: Path, notes: bool, folder: Path) -> Path:
    """A copy of ``deck`` in ``folder`` that loads its files from beside the deck."""
    html = deck.read_text(encoding="utf-8")
    base = f'<base href="{deck.parent.resolve().as_uri()}/">'
    html = re.sub(r"<head(\s[^>]*)?>", lambda m: m.group(0) + base + _FRAME_SHIM, html, count=1)
    if notes:
        w, h = NOTES_PAGE
        css = _NOTES_CSS % {"w": w, "h": h, "page": h - 1, "text": w - 96, "room": h - 790}
        script = _NOTES_SCRIPT % {"css": _js_string(css), "none": _js_string(NO_NOTES)}
        # After the deck's own scripts (nbconvert puts them after </body>), so Reveal exists.
        html = html + script
    html = html + _READY_SCRIPT
    copy = folder / f"{deck.stem}{'.notes' if notes else ''}.print.html"
    copy.write_text(html, encoding="utf-8")
    return copy


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


class _Pipe:
    """The DevTools protocol over Chrome's --remote-debugging-pipe: it reads commands on its
    file descriptor 3 and writes replies and events on 4, each a JSON text ended by NUL."""

    def __init__(self, browser: Path, profile: Path) -> None:
        to_chrome, self._send = os.pipe()
        self._receive, from_chrome = os.pipe()
        # A shell puts the two pipe ends on descriptors 3 and 4 of the browser.
        shell = f'exec "$@" 3<&{to_chrome} 4>&{from_chrome}'
        command = ["sh", "-c", shell, "sh", str(browser), *FLAGS, "--remote-debugging-pipe"]
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


def print_deck(deck: Path, browser: Path) -> Printed:
    """Write ``<lesson>.pdf`` and ``<lesson>.notes.pdf`` beside ``deck`` (a ``.slides.html``)."""
    deck = Path(deck)
    lesson = deck.name.removesuffix(".slides.html")
    slides_pdf, notes_pdf = deck.with_name(f"{lesson}.pdf"), deck.with_name(f"{lesson}.notes.pdf")
    pages = slide_count(deck.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="s400-print-") as scratch:
        folder = Path(scratch)
        for notes, pdf, query in ((False, slides_pdf, SLIDE_QUERY), (True, notes_pdf, NOTES_QUERY)):
            copy = _print_copy(deck, notes, folder)
            _print(browser, copy, query, pdf, folder / "profile", pages)
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


def print_decks(decks: Iterable[Path], out: TextIO = sys.stdout) -> int:
    """Print every deck beside itself, one line per deck; the number that failed.

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
            done = print_deck(deck, browser)
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

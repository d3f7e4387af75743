"""The checklist engine of the writing tasks: criteria and the plain text facts they rest on.

A criterion with a ``test`` is checked automatically from facts about the text (its length,
quotations found in the data, ids that exist, words it avoids); ``yourself("...")`` is one only a
reader can judge. Facts are read from the lesson data when a review runs, never listed here by hand.
The tasks themselves are content, in ``writing_tasks.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..data import load_all, load_statements
from ..data.plural import counted

MAX_ANSWER = 20_000  # characters reviewed; a pasted book is cut here, never choked on
MAX_NAME = 80  # characters of a bad task name repeated back in a message
MIN_QUOTE_WORDS = 4  # shorter runs ("the United States") prove nothing about quoting
PLACEHOLDERS = {"", "...", "…", "your answer here"}
LOADED_WORDS = (
    "regime",
    "aggression",
    "aggressor",
    "propaganda",
    "puppet",
    "bully",
    "blackmail",
    "capitulate",
    "capitulation",
    "lackey",
    "hegemon",
    "warmonger",
)
# Tables whose rows a student may cite by id, and each one's key column.
CITABLE = {
    "statements": "statement_id",
    "events": "event_id",
    "measures": "measure_id",
    "f35_turkish_aircraft": "group_id",
    "source_checks": "check_id",
    "later_events": "event_id",
    "predictions": "prediction_id",
}
_ID = re.compile(r"(?<![\w-])([A-Za-z]\d{1,2})(?![\w-])")
_DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033'
_QUOTED = re.compile(r'"([^"]+)"|\u2018([^\u2018\u2019]+)\u2019')
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*\.\.\.\s*\]")
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")

Outcome = tuple[bool, str]


@dataclass(frozen=True)
class Criterion:
    """One line of a checklist; ``test`` (answer -> (passed, reason)) when it can be automated."""

    text: str
    test: Callable[[str], Outcome] | None = None


@dataclass(frozen=True)
class Task:
    """A free-text task: where it is, what it asks, its checklist, and a model answer.

    ``model`` is None when the answer is kept for the teacher (the end-of-unit assessment).
    """

    lesson: str
    title: str
    prompt: str
    checklist: tuple[Criterion, ...]
    model: str | None


@dataclass(frozen=True)
class Item:
    """One reviewed criterion: status is "passed", "not_yet" or "yourself"."""

    criterion: str
    status: str
    reason: str


# ---- Text facts the automatic checks rest on ----------------------------------------


def normalise(text: str) -> str:
    """One quote-mark style, single spaces, lower case: what quote matching compares."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(str.maketrans(_DOUBLE_QUOTES, '"' * len(_DOUBLE_QUOTES)))
    return " ".join(text.split()).casefold()


def words(text: str) -> list[str]:
    """The lower-case words of ``text``, punctuation dropped."""
    return [w.replace("\u2019", "'") for w in _WORD.findall(normalise(text))]


def quotations(answer: str) -> list[str]:
    """The passages of ``answer`` set in double quotes (any style) or curly single quotes."""
    return [a or b for a, b in _QUOTED.findall(normalise(answer))]


def outside_quotations(answer: str) -> str:
    """``answer`` with its quoted passages removed: the student's own words."""
    return _QUOTED.sub(" ", normalise(answer))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def quoted_statements(answer: str, country: str | None = None) -> list[str]:
    """Ids of the direct quotes (of speakers from ``country``, or any) that ``answer`` quotes.

    A quotation counts when it has at least MIN_QUOTE_WORDS words in a row of one
    statement's verbatim words; a quotation cut with an ellipsis counts when every part
    is in that same statement.
    """
    statements = load_statements()
    quotes = statements[statements["form"] == "direct_quote"]
    if country is not None:
        quotes = quotes[quotes["country"] == country]
    texts = [
        (str(i), words(t)) for i, t in zip(quotes["statement_id"], quotes["text"], strict=True)
    ]
    found: list[str] = []
    for passage in quotations(answer):
        parts = [words(p) for p in _ELLIPSIS.split(passage)]
        parts = [p for p in parts if p]
        if not parts or max(len(p) for p in parts) < MIN_QUOTE_WORDS:
            continue
        for statement_id, text in texts:
            if all(_contains(text, p) for p in parts) and statement_id not in found:
                found.append(statement_id)
    return found


def cited_ids(answer: str) -> tuple[list[str], list[str]]:
    """(ids that exist, ids that do not) among the row ids an answer names, such as S05 or M01."""
    known = _known_ids()
    named = list(dict.fromkeys(m.upper() for m in _ID.findall(answer)))
    prefixes = {k[0] for k in known}
    named = [n for n in named if n[0] in prefixes]
    return [n for n in named if n in known], [n for n in named if n not in known]


def _known_ids(names: Iterable[str] = tuple(CITABLE)) -> set[str]:
    tables = load_all()
    return {str(v) for name in names if name in tables for v in tables[name][CITABLE[name]]}


# ---- Criteria: each returns a Criterion whose test reads only the answer and the data ----


def word_count(low: int, high: int) -> Criterion:
    """The answer is between ``low`` and ``high`` words long."""

    def test(answer: str) -> Outcome:
        n = len(words(answer))
        return low <= n <= high, f"{counted(n, 'word')}; the task asks for {low} to {high}"

    return Criterion(f"Is {low} to {high} words long.", test)


def sentence_count(low: int, high: int) -> Criterion:
    """The answer has ``low`` to ``high`` sentences (counted at ., ! and ? before a space)."""

    def test(answer: str) -> Outcome:
        text = outside_quotations(answer).strip()
        n = len([part for part in re.split(r"[.!?]+(?:\s+|$)", text) if words(part)])
        return low <= n <= high, f"{counted(n, 'sentence')}; the task asks for {low} to {high}"

    return Criterion(f"Has {low} to {high} sentences.", test)


def quotes_speaker_from(country: str) -> Criterion:
    """The answer quotes, word for word, a statement by a speaker from ``country``."""

    def test(answer: str) -> Outcome:
        found = quoted_statements(answer, country)
        if found:
            return True, f"your quotation matches statement {', '.join(found)}"
        return False, (
            f"no passage in quotation marks ({MIN_QUOTE_WORDS} words or more) matches the words "
            f"of a speaker from {country} in the statements table"
        )

    return Criterion(f"Quotes the words of a speaker from {country}, in quotation marks.", test)


def cites_ids(minimum: int = 1, table: str | None = None) -> Criterion:
    """The answer names at least ``minimum`` rows by id (of ``table``, or any citable table),
    and every id it names exists."""
    example = _EXAMPLES.get(table, "S05, M01")

    def test(answer: str) -> Outcome:
        known, unknown = cited_ids(answer)
        if unknown:
            return False, f"no row has the id {', '.join(unknown[:5])}"
        if table is not None:
            wanted = _known_ids((table,))
            known = [k for k in known if k in wanted]
        if len(known) < minimum:
            found = f"{len(known)} id" + ("" if len(known) == 1 else "s")
            return False, f"{found} found, such as {example}; the task asks for {minimum}"
        return True, f"cites {', '.join(known[:8])}"

    noun = _NOUNS.get(table, "row")
    what = f"one {noun}" if minimum == 1 else f"{minimum} {noun}s"
    what += "" if table else " of the data"
    return Criterion(f"Names at least {what} by id (such as {example}).", test)


_EXAMPLES = {"source_checks": "C05"}
_NOUNS = {"source_checks": "check"}


def evidence_pieces(minimum: int = 2) -> Criterion:
    """At least ``minimum`` pieces of evidence the package can recognise: ids or quotations."""

    def test(answer: str) -> Outcome:
        known, unknown = cited_ids(answer)
        pieces = list(dict.fromkeys(known + quoted_statements(answer)))
        if unknown:
            return False, f"no row has the id {', '.join(unknown[:5])}"
        if len(pieces) < minimum:
            return False, (
                f"{len(pieces)} found; evidence counts here when you give its id (such as M01) "
                "or quote a statement word for word"
            )
        return True, f"evidence from {', '.join(pieces[:8])}"

    return Criterion(
        f"Uses at least {counted(minimum, 'piece')} of evidence, each with its id or quoted "
        "exactly.",
        test,
    )


def avoids_words(loaded: Iterable[str] = LOADED_WORDS) -> Criterion:
    """The student's own words (outside quotation marks) use none of the ``loaded`` words."""
    loaded = tuple(loaded)

    def test(answer: str) -> Outcome:
        own = outside_quotations(answer)
        used = [w for w in loaded if re.search(rf"\b{re.escape(w.casefold())}s?\b", own)]
        if used:
            return False, f"your own words use {', '.join(repr(w) for w in used)}"
        return True, "none of the listed words outside quotations"

    return Criterion(
        "Uses neutral words of your own, none of: " + ", ".join(loaded) + " (quotes excepted).",
        test,
    )


def yourself(text: str) -> Criterion:
    """A criterion only a reader can judge: the review says "check this yourself"."""
    return Criterion(text)

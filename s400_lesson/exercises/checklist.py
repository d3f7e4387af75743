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

from ..data import load_all, load_outside_statements, load_statements
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
_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b\u2032"
# A passage in double quotes, or in single quotes (British style): a single quote opens after a
# space or a bracket, and closes before anything but a letter, so "Turkey's" and "the allies'
# view" are apostrophes, not quotation marks.
_QUOTED = re.compile(r'"([^"]+)"|(?<![\w\'])\'(?=\S)(.+?)(?<=\S)\'(?!\w)')
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*\.\.\.\s*\]")
_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")
# Full stops that do not end a sentence: initialisms (U.S., e.g., i.e.), titles and months.
_ABBREVIATION = re.compile(
    r"\b(?:[A-Za-z]\.){2,}|\b[A-Z]\.(?=\s+[A-Z])|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col"
    r"|Capt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|approx|cf|Inc|Ltd)\."
    r"|\bNo\.(?=\s*\d)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?]+(?:\s+|$)")

# passed is None when only the student can judge: the review says "check this yourself".
Outcome = tuple[bool | None, str]


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


def normalise(text: str, fold: bool = True) -> str:
    """One style of each quote mark, single spaces, lower case: what quote matching compares."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(str.maketrans(_DOUBLE_QUOTES, '"' * len(_DOUBLE_QUOTES)))
    text = text.translate(str.maketrans(_SINGLE_QUOTES, "'" * len(_SINGLE_QUOTES)))
    text = " ".join(text.split())
    return text.casefold() if fold else text


def words(text: str) -> list[str]:
    """The lower-case words of ``text``, punctuation dropped."""
    return _WORD.findall(normalise(text))


def quotations(answer: str) -> list[str]:
    """The passages of ``answer`` set in double or single quotation marks, of any style."""
    return [a or b for a, b in _QUOTED.findall(normalise(answer, fold=False))]


def outside_quotations(answer: str, keep: Iterable[str] = ()) -> str:
    """``answer`` with its quoted passages removed, except those in ``keep``."""
    kept = set(keep)
    text = normalise(answer, fold=False)
    return _QUOTED.sub(
        lambda m: m.group(0) if (m.group(1) or m.group(2)) in kept else " ", text
    ).casefold()


def _contains(haystack: list[str], needle: list[str]) -> bool:
    # Words hold no spaces, so a run of words is found as text between spaces.
    return f" {' '.join(needle)} " in f" {' '.join(haystack)} "


@dataclass(frozen=True)
class Quotation:
    """One passage in quotation marks, and the direct quotes whose words it has."""

    passage: str
    length: int  # words in its longest part (parts are cut by an ellipsis)
    found_in: tuple[tuple[str, str], ...]  # (statement_id, country) of each match

    @property
    def found(self) -> bool:
        return bool(self.found_in)

    def head(self) -> str:
        """The passage's first words, to name it in a reason."""
        first = self.passage.split()
        return "\u201c" + " ".join(first[:6]) + ("\u2026" if len(first) > 6 else "") + "\u201d"


def read_quotations(answer: str) -> list[Quotation]:
    """Every passage of ``answer`` in quotation marks, each looked up in the direct quotes
    (the article's, and the outside statements' words from each government's own records).

    A passage matches a statement when each of its parts (cut by an ellipsis) is a run of that
    statement's verbatim words.
    """
    statements = load_statements()
    quotes = statements[statements["form"] == "direct_quote"]
    texts = [
        (str(i), str(c), words(t))
        for i, c, t in zip(quotes["statement_id"], quotes["country"], quotes["text"], strict=True)
    ]
    # A government's own words from its records (and the English on record of a line the
    # article translates) are quotations found in the data too, never invented ones.
    outside = load_outside_statements()
    texts += [
        (str(i), str(c), words(t))
        for i, c, t in zip(outside["outside_id"], outside["side"], outside["text"], strict=True)
    ]
    read = []
    for passage in quotations(answer):
        parts = [p for p in (words(part) for part in _ELLIPSIS.split(passage)) if p]
        longest = max((len(p) for p in parts), default=0)
        found = tuple(
            (i, c) for i, c, text in texts if parts and all(_contains(text, p) for p in parts)
        )
        read.append(Quotation(passage, longest, found))
    return read


def quoted_statements(answer: str, country: str | None = None) -> list[str]:
    """Ids of the direct quotes (of speakers from ``country``, or any) that ``answer`` quotes.

    A quotation counts when it has at least MIN_QUOTE_WORDS words in a row of one
    statement's verbatim words; a quotation cut with an ellipsis counts when every part
    is in that same statement.
    """
    found: list[str] = []
    for quotation in read_quotations(answer):
        if quotation.length < MIN_QUOTE_WORDS:
            continue
        for statement_id, where in quotation.found_in:
            if country in (None, where) and statement_id not in found:
                found.append(statement_id)
    return found


def sentences(answer: str) -> list[str]:
    """The sentences of the student's own words (outside quotation marks).

    A full stop after an abbreviation (U.S., e.g., Dec., Mr.) does not end a sentence.
    """
    text = _QUOTED.sub(" ", normalise(answer, fold=False))
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    return [part.strip() for part in _SENTENCE_END.split(text) if words(part)]


def cited_ids(answer: str) -> tuple[list[str], list[str]]:
    """(ids that exist, ids that do not) among the row ids an answer names, such as S05 or M01.

    Ids are read in either case, and without their zero (c8 is C08) when only that one exists.
    """
    known = _known_ids()
    named = []
    for match in _ID.findall(answer):
        name = match.upper()
        if name not in known and len(name) == 2 and f"{name[0]}0{name[1]}" in known:
            name = f"{name[0]}0{name[1]}"
        if name not in named:
            named.append(name)
    prefixes = {k[0] for k in known}
    named = [n for n in named if n[0] in prefixes]
    return [n for n in named if n in known], [n for n in named if n not in known]


def _known_ids(names: Iterable[str] = tuple(CITABLE)) -> set[str]:
    tables = load_all()
    return {str(v) for name in names if name in tables for v in tables[name][CITABLE[name]]}


def copied_share(answer: str, model: str, run: int = 6) -> float:
    """The share of ``answer``'s runs of ``run`` words that stand word for word in ``model``."""
    mine = list(zip(*(words(answer)[i:] for i in range(run)), strict=False))
    if not mine:
        return 0.0
    theirs = set(zip(*(words(model)[i:] for i in range(run)), strict=False))
    return sum(r in theirs for r in mine) / len(mine)


# ---- Criteria: each returns a Criterion whose test reads only the answer and the data ----


def word_count(low: int, high: int) -> Criterion:
    """The answer is between ``low`` and ``high`` words long."""

    def test(answer: str) -> Outcome:
        n = len(words(answer))
        return low <= n <= high, f"{counted(n, 'word')}; the task asks for {low} to {high}"

    return Criterion(f"Is {low} to {high} words long.", test)


def sentence_count(low: int, high: int) -> Criterion:
    """The answer has ``low`` to ``high`` sentences of its own (quotations aside)."""

    def test(answer: str) -> Outcome:
        n = len(sentences(answer))
        return low <= n <= high, f"{counted(n, 'sentence')}; the task asks for {low} to {high}"

    return Criterion(f"Has {low} to {high} sentences.", test)


def country_name(country: str) -> str:
    """``country`` as a sentence names it: "the United States", but "Turkey"."""
    return f"the {country}" if country.startswith("United ") else country


def quotes_speaker_from(country: str, minimum: int = 1) -> Criterion:
    """The answer quotes, word for word, ``minimum`` statements by speakers from ``country``;
    each passage in quotation marks is named as found (with its statement) or not found."""
    named = country_name(country)

    def test(answer: str) -> Outcome:
        quoted: list[str] = []
        said: list[str] = []
        read = read_quotations(answer)
        invented = any(not q.found and q.length >= MIN_QUOTE_WORDS for q in read)
        for q in read:
            ids = [i for i, where in q.found_in if where == country]
            if ids and q.length >= MIN_QUOTE_WORDS:
                quoted += [i for i in ids if i not in quoted]
                said.append(f"{q.head()} is {', '.join(ids)}")
            elif ids:
                said.append(f"{q.head()} is in {', '.join(ids)} but too short to count")
            elif q.found:
                others = ", ".join(f"{i} ({where})" for i, where in q.found_in)
                said.append(f"{q.head()} is {others}, not a speaker from {named}")
            else:
                said.append(f"{q.head()} is not in the statements' direct quotes")
        if not said:
            return False, (
                f"no passage in quotation marks; quote {minimum} of the statements of speakers "
                f"from {named} word for word ({MIN_QUOTE_WORDS} words or more)"
            )
        advice = (
            "; quote the table's words exactly, or drop the quotation marks" if invented else ""
        )
        found = f"{counted(len(quoted), 'statement')} quoted, {minimum} asked for"
        return len(quoted) >= minimum and not invented, f"{found}: {'; '.join(said)}{advice}"

    if minimum == 1:
        text = f"Quotes the words of a speaker from {named}, in quotation marks."
    else:
        text = (
            f"Quotes {minimum} different statements by speakers from {named}, word for word, "
            "in quotation marks."
        )
    return Criterion(text, test)


def cites_ids(minimum: int = 1, table: str | None = None) -> Criterion:
    """The answer names at least ``minimum`` rows by id (of ``table``, or any citable table),
    and every id it names exists."""
    example = _EXAMPLES.get(table, "S05, M01")
    noun = _NOUNS.get(table, "row")
    # Ids of another table do not count, and the hint says which kind does ("0 event ids").
    kind = f"{noun} id" if table else "id"

    def test(answer: str) -> Outcome:
        known, unknown = cited_ids(answer)
        if unknown:
            return False, f"no row has the id {', '.join(unknown[:5])}"
        if table is not None:
            wanted = _known_ids((table,))
            known = [k for k in known if k in wanted]
        if len(known) < minimum:
            return False, (
                f"{counted(len(known), kind)} found, such as {example}; the task asks for {minimum}"
            )
        return True, f"cites {', '.join(known[:8])}"

    what = f"one {noun}" if minimum == 1 else f"{minimum} {noun}s"
    what += "" if table else " of the data"
    return Criterion(f"Names at least {what} by id (such as {example}).", test)


# Examples from the table a task cites, so a checklist line shows ids of the right kind.
_EXAMPLES = {"source_checks": "C05", "events": "E05", "f35_turkish_aircraft": "T1"}
_NOUNS = {"source_checks": "check", "events": "event", "f35_turkish_aircraft": "aircraft group"}


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
    """A loaded word in the student's own words asks for its evidence or a neutral word.

    Never marked wrong: a word such as "propaganda" can be a supported claim, which only a
    reader can weigh. Words inside a quotation found in the data are the speaker's; inside a
    quotation not found there, they count as the student's own.
    """
    loaded = tuple(loaded)

    def test(answer: str) -> Outcome:
        invented = [q.passage for q in read_quotations(answer) if not q.found]
        own = outside_quotations(answer)
        own_and_invented = outside_quotations(answer, keep=invented)
        used = [w for w in loaded if _uses(own_and_invented, w)]
        if not used:
            return True, "none of the listed words outside quotations found in the data"
        listed = ", ".join(repr(w) for w in used)
        where = (
            ""
            if all(_uses(own, w) for w in used)
            else (" (inside a quotation that is not in the data, so the words are yours)")
        )
        evidence = cited_ids(answer)[0] + quoted_statements(answer)
        if evidence:
            return None, (
                f"you use {listed}{where}, with evidence ({', '.join(evidence[:4])}): check that "
                "the evidence shows it, or choose a neutral word"
            )
        return None, (
            f"you use {listed}{where}: give the evidence for it (an id or an exact quotation), "
            "or choose a neutral word"
        )

    return Criterion(
        "Uses neutral words, or gives the evidence for any of: "
        + ", ".join(loaded)
        + " (a speaker's words, quoted exactly, do not count).",
        test,
    )


def _uses(text: str, word: str) -> bool:
    """``word`` or one of its forms (regimes, bullying, bullied, capitulated) is in ``text``."""
    word = re.escape(word.casefold())
    if word.endswith("y"):
        forms = rf"{word}(?:s|ing)?|{word[:-1]}(?:ies|ied)"
    elif word.endswith("e"):
        forms = rf"{word}(?:s|d)?|{word[:-1]}ing"
    else:
        forms = rf"{word}(?:s|es|ed|ing)?"
    return re.search(rf"\b(?:{forms})\b", text) is not None


def yourself(text: str) -> Criterion:
    """A criterion only a reader can judge: the review says "check this yourself"."""
    return Criterion(text)

"""Free-text tasks: a checklist to review one's own answer, and a model answer on request.

A free-text answer is never graded by pretending to understand it. ``review`` shows the
task's checklist: a criterion with a ``test`` is checked automatically from plain facts
about the text (its length, quotations found in the data, ids that exist, words it
avoids) and shows ✔ or ✘ with a reason; every other criterion says "check this yourself".
Facts are read from the lesson data when a review runs, never listed here by hand.

Adding a task is adding one entry to ``TASKS`` (a ``Task`` with its checklist built from
the criteria below, or ``yourself("...")`` for what only a reader can judge); then give it a
good and a poor answer in tests/test_tasks.py.

>>> review("source_clues", "The article is a translation ...")  # doctest: +SKIP
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .assessment import ASSESSMENT_PROMPT
from .data import load_all, load_statements

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


MARKS = {"passed": "✔", "not_yet": "✘", "yourself": "☐"}
LABELS = {"passed": "checked", "not_yet": "not yet", "yourself": "check this yourself"}
COLOURS = {"passed": "#006d2c", "not_yet": "#a63603", "yourself": "#555555"}


@dataclass(frozen=True)
class Review:
    """What a student sees after ``review``: the checklist applied to their answer.

    ``problem`` is set instead of ``items`` when there was nothing to review (no such task,
    no answer yet).
    """

    task_id: str
    title: str
    items: tuple[Item, ...] = ()
    notes: tuple[str, ...] = ()
    problem: str | None = None

    @property
    def automatic_passed(self) -> bool:
        """True when every automatic check passed (the others are the student's to judge)."""
        return self.problem is None and all(i.status != "not_yet" for i in self.items)

    def _repr_html_(self) -> str:
        e = html.escape
        if self.problem is not None:
            return _box(f"<b>Self-review.</b> {e(self.problem)}", "#a63603")
        rows = "".join(
            f'<li style="list-style:none;margin:2px 0">'
            f'<span style="color:{COLOURS[i.status]};font-weight:bold">{MARKS[i.status]} '
            f"{e(LABELS[i.status])}:</span> {e(i.criterion)}"
            + (f" <i>({e(i.reason)})</i>" if i.reason else "")
            + "</li>"
            for i in self.items
        )
        notes = "".join(f"<p>{e(n)}</p>" for n in self.notes)
        body = (
            f"<b>Self-review: {e(self.title)}</b>"
            f'<ul style="padding-left:0;margin:4px 0">{rows}</ul>{notes}'
        )
        return _box(body, "#555555")

    def __repr__(self) -> str:
        if self.problem is not None:
            return f"Self-review: {self.problem}"
        lines = [f"Self-review: {self.title}"]
        for i in self.items:
            reason = f" ({i.reason})" if i.reason else ""
            lines.append(f"{MARKS[i.status]} {LABELS[i.status]}: {i.criterion}{reason}")
        return "\n".join([*lines, *self.notes])


@dataclass(frozen=True)
class ModelAnswer:
    """A model answer to compare with, or a message saying why there is none to show."""

    task_id: str
    title: str
    text: str | None = None
    problem: str | None = None

    def _repr_html_(self) -> str:
        if self.text is None:
            return _box(f"<b>Model answer.</b> {html.escape(self.problem or '')}", "#555555")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in self.text.split("\n\n"))
        return _box(f"<b>Model answer: {html.escape(self.title)}</b>{paragraphs}", "#08519c")

    def __repr__(self) -> str:
        if self.text is None:
            return f"Model answer: {self.problem}"
        return f"Model answer: {self.title}\n{self.text}"


def _box(body: str, colour: str) -> str:
    return (
        f'<div class="s400-review" style="border-left:4px solid {colour};'
        f'padding:4px 8px">{body}</div>'
    )


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
        return low <= n <= high, f"{n} words; the task asks for {low} to {high}"

    return Criterion(f"Is {low} to {high} words long.", test)


def sentence_count(low: int, high: int) -> Criterion:
    """The answer has ``low`` to ``high`` sentences (counted at ., ! and ? before a space)."""

    def test(answer: str) -> Outcome:
        text = outside_quotations(answer).strip()
        n = len([part for part in re.split(r"[.!?]+(?:\s+|$)", text) if words(part)])
        return low <= n <= high, f"{n} sentences; the task asks for {low} to {high}"

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
        f"Uses at least {minimum} pieces of evidence, each with its id or quoted exactly.", test
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


# ---- The tasks ----------------------------------------------------------------------

TASKS: dict[str, Task] = {
    "summary_reword": Task(
        lesson="00",
        title="A summary both governments would accept",
        prompt=(
            "Choose one sentence of the five-sentence summary that one government would word "
            "differently. Say which government and why, then rewrite the sentence so that both "
            "governments could accept it."
        ),
        checklist=(
            word_count(25, 120),
            yourself("Says which sentence you chose and which government would object."),
            yourself("Gives a reason from that government's own words or interests."),
            yourself("Your new sentence states what happened without taking a side."),
            avoids_words(),
        ),
        model=(
            "Sentence 2 says the United States 'objects' that the S-400 does not fit NATO "
            "equipment. Turkey's government would word it differently: Kalın says the systems "
            "“will not be integrated into the NATO security system”, so Turkey denies there is "
            "a risk. A version both could accept: 'The United States says the S-400 is "
            "incompatible with NATO equipment and puts the F-35's secrets at risk; Turkey says "
            "it will keep the system separate from NATO's.'"
        ),
    ),
    "timeline_cause": Task(
        lesson="01",
        title="One cause, with its evidence",
        prompt=(
            "Choose two events and explain how the earlier one may have led to the later one. "
            "Cite both event ids, and say whether a source states the link or you inferred it."
        ),
        checklist=(
            cites_ids(2),
            word_count(30, 150),
            yourself("The earlier event comes first in time (check the dates, not the ids)."),
            yourself(
                "Says who states the link (the article, an outside record) or that you inferred it."
            ),
            avoids_words(),
        ),
        model=(
            "E05 (12 July 2019, the first S-400 components reach Turkey) came five days before "
            "E06 (17 July 2019, the US removes Turkey from the F-35 programme). The link is "
            "stated, not only inferred: the White House statement of 17 July 2019 said the F-35 "
            "'cannot coexist' with the S-400. The article itself gives neither date, so a "
            "reader of the article alone could only infer the order."
        ),
    ),
    "case_of_turkey": Task(
        lesson="02",
        title="Turkey's case, in words Turkey's officials would accept",
        prompt=(
            "For the side that argues against Turkey's purchase: state Turkey's case in three or "
            "four sentences, quoting at least two Turkish statements, until a classmate "
            "defending Turkey's side accepts it as fair."
        ),
        checklist=(
            word_count(40, 150),
            quotes_speaker_from("Turkey"),
            yourself("A classmate defending Turkey's side read it and accepted it as fair."),
            yourself("States the case; does not answer or judge it."),
            avoids_words(),
        ),
        model=(
            "Turkey's government says it “has the right to have S-400 systems that will not be "
            "integrated into the NATO security system”, so in its view NATO's technology is not "
            "at risk. It argues that differences can be settled by talks, as with Russia: “Why "
            "can't we do the same with the United States?” It calls the US approach "
            "“maximalism” and says the issue is “directly related to our national security”."
        ),
    ),
    "case_of_the_us": Task(
        lesson="02",
        title="The US case, in words US officials would accept",
        prompt=(
            "For the side that defends Turkey's purchase: state the US government's case in "
            "three or four sentences, quoting at least two US statements, until a classmate "
            "defending the US side accepts it as fair."
        ),
        checklist=(
            word_count(40, 150),
            quotes_speaker_from("United States"),
            yourself("A classmate defending the US side read it and accepted it as fair."),
            yourself("States the case; does not answer or judge it."),
            avoids_words(),
        ),
        model=(
            "The US government says “The Russian S-400 systems are incompatible with NATO "
            "equipment” and that “they threaten the security of the alliance's technologies”. "
            "It argues that keeping them “does not meet the obligations of Turkey as a NATO "
            "ally”, and points out that “Turkey has had many opportunities to acquire the "
            "Patriot system from the United States”. So in its view Turkey chose the risk."
        ),
    ),
    "six_more": Task(
        lesson="03",
        title="What went wrong with 'six more aircraft'",
        prompt=(
            "The article says: “Six more aircraft will be partially modified to meet American "
            "standards.” Compare it with the contract record in the aircraft table (T1 and T2). "
            "What went wrong, where might it have gone wrong, and what does it teach you about "
            "using a translated, second-hand report?"
        ),
        checklist=(
            word_count(40, 160),
            cites_ids(1),
            yourself(
                "Says what the record says: the eight jets built for Turkey are modified; "
                "the six are new US Air Force jets."
            ),
            yourself(
                "Names a step where the error could have crept in (the Defense News "
                "report, the Russian report, the translation)."
            ),
            yourself("Draws a lesson for checking a report against its source."),
            avoids_words(),
        ),
        model=(
            "The contract (T1, T2) buys the eight F-35As built for Turkey and modifies them to "
            "US Air Force configuration, and adds six new F-35As built for the US Air Force. "
            "The article turns this into six more aircraft being 'partially modified', as if "
            "they were Turkey's too. The report passed from the Pentagon's notice to Defense "
            "News, then into a Russian report and then into English, and any step could have "
            "blurred it. A number in a translated, second-hand report should be checked against "
            "the record it comes from before it is used."
        ),
    ),
    "steps_caption": Task(
        lesson="04",
        title="A caption both sides would accept",
        prompt=(
            "Write a two-sentence caption for the diagram of steps that a Turkish and an "
            "American reader would both accept as fair."
        ),
        checklist=(
            word_count(20, 80),
            yourself("Mentions steps by both countries, in the order they happened."),
            yourself(
                "Every verb describes what was done, not a motive ('imposed sanctions', "
                "not 'punished')."
            ),
            avoids_words(),
        ),
        model=(
            "After Turkey signed for and took delivery of the Russian S-400, the United States "
            "removed it from the F-35 programme, passed a law against F-35 transfers and "
            "sanctioned its defence procurement agency. Turkey's foreign ministry said it would "
            "retaliate, Turkey offered compromises that were not accepted, and a further S-400 "
            "purchase was discussed."
        ),
    ),
    "neutral_summary": Task(
        lesson="05",
        title="A neutral summary that quotes each side",
        prompt=(
            "Write a neutral summary of the dispute in five sentences. Quote at least one "
            "Turkish and one US speaker from the statements, and say whose words are whose."
        ),
        checklist=(
            sentence_count(4, 6),
            word_count(60, 200),
            quotes_speaker_from("Turkey"),
            quotes_speaker_from("United States"),
            yourself(
                "A reader from Turkey, the United States and Russia would each accept "
                "every sentence that is not a quotation."
            ),
            avoids_words(),
        ),
        model=(
            "In 2017 Turkey, a NATO member, signed a contract to buy the Russian S-400 air-"
            "defence system, and the first parts arrived in July 2019. The United States "
            "removed Turkey from the F-35 programme that month and in December 2020 sanctioned "
            "Turkey's defence procurement agency and four of its officials. US officials argue "
            "that “The Russian S-400 systems are incompatible with NATO equipment” (Ned Price). "
            "Turkey's presidential spokesman İbrahim Kalın says Turkey “has the right to have "
            "S-400 systems that will not be integrated into the NATO security system”. In early "
            "2021 both governments said their positions had not changed."
        ),
    ),
    "argue_a_coding": Task(
        lesson="05",
        title="A coding you would argue about",
        prompt=(
            "Choose one statement whose coding (claim kind, position, or motive claim) you "
            "would change. Cite its id, say what you would code it, and give your reason from "
            "its words."
        ),
        checklist=(
            cites_ids(1),
            word_count(20, 120),
            yourself("Quotes or points to the words the reason rests on."),
            yourself("Uses the codebook's rule, or says why the rule does not fit."),
        ),
        model=(
            "S28 (Sidorov: the Biden administration's position “can be explained by the desire "
            "to consolidate alliances”) is coded as taking Turkey's side. I would argue it is "
            "closer to no position: it says why the US acts but does not say the US is wrong. "
            "The codebook's rule is that any motive claim takes a side, because a motive cannot "
            "be seen, only inferred; the word 'instead' in S27 shows Sidorov criticises the US "
            "approach, which supports the coding."
        ),
    ),
    "source_clues": Task(
        lesson="06",
        title="What the article's own clues say about its source",
        prompt=(
            "In two to four sentences: which clues in the article itself tell you who "
            "produced it, and what would you look up about that outlet before judging its "
            "claims?"
        ),
        checklist=(
            word_count(30, 120),
            yourself(
                "Names at least two clues from the text (such as the translation, the "
                "interview 'with RT', the photo credit)."
            ),
            yourself("Keeps what the article states apart from what you infer from it."),
            yourself("Says what you would look up and where: a source outside the article."),
            avoids_words(),
        ),
        model=(
            "The article is an English translation of a Russian-language report. One analyst "
            "speaks 'in an interview with RT', and a photo is credited to RIA Novosti, so the "
            "report most likely comes from RT: that is an inference, as the article never names "
            "its publisher. Before judging its claims I would look up, outside the article, who "
            "owns and funds RT and RIA Novosti, and who the two analysts are and where they "
            "usually comment."
        ),
    ),
    "lateral_reading": Task(
        lesson="06",
        title="Reading laterally about the two analysts",
        prompt=(
            "Choose one of the two analysts the article quotes. What would you search for, and "
            "on what kinds of site, to learn who they are before weighing their claims? What "
            "would you conclude if you found very little?"
        ),
        checklist=(
            word_count(30, 150),
            yourself(
                "Names the analyst and at least one search you would run outside the article."
            ),
            yourself(
                "Says what kind of source would tell you who they are (for example a "
                "university's own page, or a profile that is not the outlet quoting them)."
            ),
            yourself("Says what finding little would, and would not, mean for their claims."),
            avoids_words(),
        ),
        model=(
            "I would check Andrei Sidorov. I would search his name together with 'Moscow State "
            "University' and 'Faculty of World Politics' to find the university's own page "
            "about him, and look at which other outlets quote him and on what subjects.\n\n"
            "The project's fact-checkers found no record describing Sidorov or his post, and "
            "for Alexander Asafov only reposts calling him a 'political scientist', with no "
            "institution. Finding so little does not make either man's claims false. It means "
            "the article gives the reader no independent way to weigh their expertise, so their "
            "explanations of US motives are best read as the opinions of two commentators chosen "
            "by the outlet."
        ),
    ),
    "trust_least": Task(
        lesson="06",
        title="The claim you would trust least after checking",
        prompt=(
            "After reading the record cards: which claim of the article would you trust least, "
            "and why? Name its check (such as C05), say what the record says, and say what "
            "would settle the question."
        ),
        checklist=(
            word_count(40, 160),
            cites_ids(1, "source_checks"),
            yourself("Says what the record says and how it differs from the article's claim."),
            yourself("Gives a reason that rests on the record, not on who published the article."),
            yourself("Says what would settle it: another record, or the original document."),
            avoids_words(),
        ),
        model=(
            "I would trust least the claim that six more aircraft would be partly modified to "
            "meet US standards (check C08). The Pentagon's contract announcement, reproduced "
            "word for word by Military Leak (C07), and Defense News, as reported by Middle East "
            "Monitor (C08), both say the six are extra F-35As built for the US Air Force and "
            "that the modifications are made to the eight jets built for Turkey. The article "
            "swaps which aircraft are changed, and it attributes the sentence to Defense News, "
            "whose report says otherwise.\n\n"
            "Two records agree with each other against the article, so I trust them more. "
            "Reading the Pentagon's own announcement, rather than copies of it, would settle "
            "it. Another good answer: the claim that the US national security strategy calls "
            "Russia an enemy (C15), which the passages of the strategy that were read do not "
            "bear out."
        ),
    ),
    "assessment": Task(
        lesson="06",
        title="End-of-unit assessment",
        prompt=ASSESSMENT_PROMPT,
        checklist=(
            word_count(80, 250),
            evidence_pieces(2),
            yourself(
                "Says how useful the article is for this question (not only whether it "
                "is true), and why."
            ),
            yourself(
                "Names at least one limitation of the article as evidence for US motives, "
                "such as who it quotes or what it leaves out."
            ),
            yourself("Keeps the article's framing apart from your own judgement."),
            avoids_words(),
        ),
        model=None,
    ),
}

NO_MODEL = (
    "This is the end-of-unit assessment, so there is no model answer to show here: your "
    "teacher has sample answers and the marking levels, and will go through them with you."
)


def review(task_id: str, answer: str) -> Review:
    """Show ``task_id``'s checklist against ``answer``: automatic checks and ones for you."""
    task, problem = _find(task_id)
    if task is None:
        return Review(str(task_id)[:MAX_NAME], "", problem=problem)
    name = str(task_id)
    if answer is Ellipsis or (isinstance(answer, str) and answer.strip() in PLACEHOLDERS):
        return Review(name, task.title, problem=_ASK_FOR_ANSWER)
    if not isinstance(answer, str):
        return Review(name, task.title, problem=_ASK_FOR_TEXT)
    notes = []
    if len(answer) > MAX_ANSWER:
        answer = answer[:MAX_ANSWER]
        notes.append(f"Only the first {MAX_ANSWER:,} characters were reviewed.")
    items = tuple(_apply(c, answer) for c in task.checklist)
    if task.model is not None:
        notes.append(f'Then compare with a model answer: run model_answer("{name}").')
    return Review(name, task.title, items, tuple(notes))


def model_answer(task_id: str) -> ModelAnswer:
    """The task's model answer, or a message saying why there is none to show."""
    task, problem = _find(task_id)
    if task is None:
        return ModelAnswer(str(task_id)[:MAX_NAME], "", problem=problem)
    if task.model is None:
        return ModelAnswer(str(task_id), task.title, problem=NO_MODEL)
    return ModelAnswer(str(task_id), task.title, task.model)


_ASK_FOR_ANSWER = (
    'Replace ... with your answer as text in quotes, such as answer = """My answer ...""", '
    "then run the cell again."
)
_ASK_FOR_TEXT = (
    'Write your answer as text in quotes, such as answer = """My answer ...""", '
    "then run the cell again."
)


def _find(task_id: Any) -> tuple[Task | None, str]:
    if not isinstance(task_id, str):
        return None, (
            'Give the task\'s name as text in quotes, such as review("source_clues", answer). '
            f"The tasks are: {', '.join(sorted(TASKS))}."
        )
    name = task_id.strip()
    if name in TASKS:
        return TASKS[name], ""
    close = difflib.get_close_matches(name.lower()[:MAX_NAME], list(TASKS), n=3, cutoff=0.5)
    suggestion = (
        f"Did you mean {' or '.join(repr(c) for c in close)}?"
        if close
        else f"The tasks are: {', '.join(sorted(TASKS))}."
    )
    return None, f"There is no task called {name[:MAX_NAME]!r}. {suggestion}"


def _apply(criterion: Criterion, answer: str) -> Item:
    if criterion.test is None:
        return Item(criterion.text, "yourself", "")
    try:
        passed, reason = criterion.test(answer)
    except Exception:  # a review must never end in a traceback for a student
        return Item(criterion.text, "yourself", "could not be checked automatically")
    return Item(criterion.text, "passed" if passed else "not_yet", reason)

"""Record cards: each check of the article shown as a card a student can read offline.

``record_cards(checks)`` takes the checks table (``load_source_checks()``, or any filtered
part of it) and shows one card per row: the article's claim and words, the public record
(issuer, title, date, kind, address), who owns or funds its issuer, what it says, the
verdict and how to find the record with internet. Verdicts are marked by a symbol and a
word as well as a colour, so a card reads the same printed in black and white. All text is
escaped: the data is shown, never run.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from ..data.quoting import quoted_words
from .tables import reader_date

COLUMNS = (
    "check_id",
    "claim_table",
    "claim_id",
    "claim",
    "evidence",
    "record_issuer",
    "record_title",
    "record_date",
    "record_kind",
    "record_address",
    "record_says",
    "record_phrase",
    "verdict",
    "verdict_reason",
    "how_to_find",
)
# Shown when the table has it (every record's owner or funder); an older copy still works.
OPTIONAL = ("record_owner",)
# verdict -> (symbol, words, colour): the symbol and words carry the meaning, colour only helps.
VERDICTS = {
    "confirmed": ("✔", "Confirmed by the record", "#006d2c"),
    "partly_confirmed": ("◐", "Partly confirmed", "#8c6d00"),
    "contradicted": ("✘", "Contradicted by the record", "#a63603"),
    "not_checkable": ("?", "Not checkable against the record", "#555555"),
}
KINDS = {"official": "official record", "news_report": "news report"}
# What a row of each table is, in a reader's words: "Claim (aircraft group T2)".
CLAIM_NOUNS = {
    "statements": "statement",
    "events": "event",
    "measures": "step",
    "f35_turkish_aircraft": "aircraft group",
    "f35_delivery_plan": "plan year",
    "sanction_targets": "sanctions target",
}


def claim_noun(table: str) -> str:
    """The words for a row of ``table`` ('f35_turkish_aircraft' -> 'aircraft group')."""
    return CLAIM_NOUNS.get(table, table.replace("_", " "))


@dataclass(frozen=True)
class Card:
    """One check as plain strings (empty where the data has no value)."""

    fields: dict[str, str]

    def text(self) -> str:
        f = self.fields
        symbol, verdict, _ = VERDICTS.get(f["verdict"], ("·", f["verdict"], ""))
        lines = [
            f"{f['check_id']}  {symbol} {verdict}",
            f"  Claim ({claim_noun(f['claim_table'])} {f['claim_id']}): {f['claim']}",
            f'  The article: "{quoted_words(f["evidence"])}"',
            f"  Record: {f['record_issuer']}, {f['record_title']} "
            f"({reader_date(f['record_date'])}, {KINDS.get(f['record_kind'], f['record_kind'])})",
        ]
        if f.get("record_owner"):
            lines.append(f"  Its owner or funder: {f['record_owner']}")
        lines += [f"  The record says: {f['record_says']}"]
        if f["record_phrase"]:
            lines.append(f'  In its words: "{quoted_words(f["record_phrase"])}"')
        lines += [
            f"  Why this verdict: {f['verdict_reason']}",
            f"  To find it yourself: {f['how_to_find']} ({f['record_address']})",
        ]
        return "\n".join(lines)

    def html(self) -> str:
        f = {k: html.escape(v) for k, v in self.fields.items()}
        symbol, verdict, colour = VERDICTS.get(
            self.fields["verdict"], ("·", f["verdict"], "#555555")
        )
        kind = html.escape(KINDS.get(self.fields["record_kind"], self.fields["record_kind"]))
        lines = [
            (
                f"Claim ({html.escape(claim_noun(self.fields['claim_table']))} {f['claim_id']})",
                f["claim"],
            ),
            ("The article", f"&ldquo;{quoted_words(f['evidence'])}&rdquo;"),
            (
                "Record",
                f"{f['record_issuer']}: <i>{f['record_title']}</i> "
                f"({reader_date(f['record_date'])}, {kind})",
            ),
        ]
        if f.get("record_owner"):
            lines.append(("Its owner or funder", f["record_owner"]))
        lines += [("The record says", f["record_says"])]
        if f["record_phrase"]:
            lines.append(("In its words", f"&ldquo;{quoted_words(f['record_phrase'])}&rdquo;"))
        lines += [
            ("Why this verdict", f["verdict_reason"]),
            ("To find it yourself", f"{f['how_to_find']} <code>{f['record_address']}</code>"),
        ]
        body = "".join(f'<p style="margin:3px 0"><b>{k}:</b> {v}</p>' for k, v in lines)
        return (
            f'<div class="s400-card" style="border:1px solid #999;border-left:6px solid {colour};'
            f'margin:6px 0;padding:6px 10px;max-width:60em;text-align:left">'
            f'<p style="margin:3px 0;font-weight:bold">{f["check_id"]} '
            f'<span style="color:{colour}">{symbol} {html.escape(verdict)}</span></p>'
            f"{body}</div>"
        )


@dataclass(frozen=True)
class RecordCards:
    """Cards for some checks, or a message saying why there are none to show."""

    cards: tuple[Card, ...] = ()
    problem: str | None = None

    def _repr_html_(self) -> str:
        if self.problem is not None:
            return f'<div class="s400-cards"><b>Record cards.</b> {html.escape(self.problem)}</div>'
        return '<div class="s400-cards">' + "".join(c.html() for c in self.cards) + "</div>"

    def __repr__(self) -> str:
        if self.problem is not None:
            return f"Record cards: {self.problem}"
        return "\n\n".join(c.text() for c in self.cards)

    def __len__(self) -> int:
        return len(self.cards)


def record_cards(checks: pd.DataFrame) -> RecordCards:
    """One card per row of ``checks`` (the checks table or part of it), in its row order."""
    if not isinstance(checks, pd.DataFrame):
        return RecordCards(
            problem="Pass the checks table, such as record_cards(checks), "
            "or a part of it, such as record_cards(checks.head(3))."
        )
    missing = [c for c in COLUMNS if c not in checks.columns]
    if missing:
        return RecordCards(
            problem=f"This table has no column {missing[0]!r}: pass rows of the checks "
            "table, such as record_cards(checks.head(3)), with all of its columns."
        )
    if checks.empty:
        return RecordCards(problem="No rows to show: this selection of the checks is empty.")
    shown = [*COLUMNS, *(c for c in OPTIONAL if c in checks.columns)]
    cards = tuple(
        Card({c: "" if pd.isna(row[c]) else str(row[c]) for c in shown})
        for _, row in checks.iterrows()
    )
    return RecordCards(cards)

"""What the structured controversy's sheets say (content, apart from their builder).

The rounds, their minutes and what each asks come from the lesson's notebook at build time;
this module gives the two roles, what each pair hands in, and the words for a round that the
notebook names without saying what it asks.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CASE_NOTES", "HAND_IN", "ROLES", "ROUNDS", "SETUP", "Role", "capitalised"]


@dataclass(frozen=True)
class Role:
    """One side of the controversy: who they speak for, and which case they write."""

    name: str  # as lesson 02 writes it mid-sentence: "Turkey's side", "the US side"
    case: str  # its case, in the words of lesson 02's task headings: "the US case"
    country: str  # the statements' country whose direct quotes are this side's own words
    writes: str  # the id of the writing task this side hands in: the other side's case
    other: str  # the other side's country


def capitalised(words: str) -> str:
    """``words`` to open a sentence or a heading: "the US side" as "The US side"."""
    return words[:1].upper() + words[1:]


# The two sides' names are lesson 02's own, so the sheets and the screen agree.
ROLES: tuple[Role, ...] = (
    Role("Turkey's side", "Turkey's case", "Turkey", "case_of_the_us", "United States"),
    Role("the US side", "the US case", "United States", "case_of_turkey", "Turkey"),
)

SETUP = (
    "Work in a group of four: two pairs. One pair takes **Turkey's side**, the other **the US "
    "side** (in a group of two, one each). Each pair has its role card, with its own side's "
    "words, and its hand-in sheet, with the other side's words. The aim is not to win: it is "
    "to state the other side's case so well that the other side accepts it as fair."
)

# What a round asks on paper when the notebook does not say, by its name (lower case).
ROUNDS: dict[str, str] = {
    "prepare": "Each pair reads its own side's words on its role card and marks the two or "
    "three points its side cares about most.",
    "swap": "Each pair writes the **other** side's case on its hand-in sheet: three or four "
    "sentences, quoting at least two of that side's statements (give their ids).",
    "accept": "Each pair reads its version to the other pair, who say what is missing or "
    "unfair. Revise until they accept it; then they sign the sheet.",
    "reflect": "As a group: what did the other side care about that you had not seen before?",
    "debrief": "As a class: which points did every group find hard to state fairly, and why?",
}

# Under a role card's words: room for round 1's notes, as the lesson asks for them.
CASE_NOTES = "Round 1: our side's case in three points"

HAND_IN = (
    "Each pair hands in its hand-in sheet, Task 1 or Task 2 (its two sides kept together): "
    "the other side's case in three or four sentences, "
    "with at least two of that side's statements quoted (and their ids), signed by the pair "
    "from that side as fair, or with what they still find unfair in their own words."
)

"""The end-of-unit assessment: its prompt and a four-level rubric with a sample answer each.

Kept as data so that the lesson, the teacher guide and the printable handouts all show
the same words. Students see the descriptors (``criteria()``); the sample answers are for
the teacher, so no lesson cell and no ``model_answer`` shows them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ASSESSMENT_PROMPT = (
    "How useful is this article for explaining why the United States sanctioned Turkey? "
    "Use two pieces of evidence and name one limitation."
)


@dataclass(frozen=True)
class Level:
    """One level of the rubric: a name, what an answer at this level does, and a sample."""

    score: int
    name: str
    descriptor: str
    sample: str


RUBRIC: tuple[Level, ...] = (
    Level(
        1,
        "Beginning",
        "Accepts or rejects the article as a whole, usually because of who published it. Gives "
        "no specific evidence, or evidence that does not bear on the question; any limitation "
        "is a label rather than a reason.",
        "The article is not useful because it comes from Russian media, so it is biased "
        "against the United States. The US sanctioned Turkey because it bought weapons from "
        "Russia.",
    ),
    Level(
        2,
        "Emerging",
        "Uses one relevant piece of evidence from the article, or two without saying how they "
        "bear on the question. Names a limitation in general terms (for example 'it is one-sided') "
        "without saying what it means for this question.",
        "The article is quite useful. It says that in December 2020 Washington imposed "
        "sanctions on Turkey for buying the S-400 under CAATSA (M01). A limitation is that it "
        "is one-sided, because it was written by a Russian outlet.",
    ),
    Level(
        3,
        "Proficient",
        "Uses two relevant pieces of evidence, each identified (an id or an exact quotation), "
        "and says what each shows about the reasons for the sanctions. Names a specific "
        "limitation of the article as evidence for this question.",
        "The article is useful for the official US reasons. It reports that the sanctions of "
        "December 2020 were imposed under CAATSA for the purchase of the S-400 (M01), and it "
        'quotes the State Department spokesman: "The Russian S-400 systems are incompatible '
        'with NATO equipment" (S17). A limitation is that every explanation of US motives '
        "beyond those official words comes from two Russian analysts (S22, S29); no American "
        "or Turkish analyst is asked, so the article cannot tell us whether their reading is "
        "shared.",
    ),
    Level(
        4,
        "Mastery",
        "Does what a Proficient answer does, and weighs the article's usefulness: separates "
        "what it can show (what was done and what officials said) from what it cannot (why "
        "the decision was taken), explains how the source's origin and choices affect that, "
        "and says how the limitation could be addressed, for example by reading the US "
        "government's own announcement.",
        "The article is useful for what the United States did and said, less so for why. "
        "It reports the December 2020 sanctions under CAATSA over the S-400 purchase (M01) "
        "and quotes officials' reasons in its own translation, such as \"its decision to "
        'acquire the S-400 runs counter to its obligations as a US and NATO ally" (S14, '
        "Kirby; a report of the briefing has 'inconsistent with Turkey's commitments'). "
        "But it is a translated report, most likely from RT, and it gives the last word on "
        "US motives to two Russian analysts, one of whom says the main irritant is "
        "Turkey's cooperation with Russia (S29): an interpretation, not evidence of the "
        "decision. The Secretary of State's own statement (C17) gives reasons the article "
        "leaves out, such as the funds and access the purchase would give Russia's defence "
        "sector; I would read it, and a Turkish government source, before relying on the "
        "article's account of motives.",
    ),
)


def criteria() -> list[tuple[str, str]]:
    """What students see of the rubric: each level's name and descriptor, no samples."""
    return [(level.name, level.descriptor) for level in RUBRIC]


def criteria_table() -> pd.DataFrame:
    """The students' view of the rubric as a table, one row per level (no sample answers)."""
    table = pd.DataFrame(criteria(), columns=["Level", "What an answer at this level does"])
    return table.set_index("Level")

"""Lesson 07's options role play: the options open in spring 2021 and the parties' role cards.

Content, no engine. Each option is worded so that its supporters would sign it, with their
case in their own recorded words, its risks, and what the later records say became of anything
like it. The role play is set at one moment, ``SET_IN`` (the article's spring of 2021): the
cards and the option sheets cite only what was said or known by then, by id: a statement
(S..) or a check (C..) of the lesson data, or one of ``OUTSIDE_WORDS`` (Q..), each quoted from
the record it names. Later events (N..) appear only in what became of each option, read after
the panel. Nothing here says which option is right. A teacher who wants to reword a card
changes it here; the notebook, the slides and the printed cards all read this file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from ..data import load_all
from ..data.quoting import quoted

# The moment the role play is set at, as the cards print it, and its last day: no card or
# option sheet cites anything said or known after it (the article ends in March 2021).
SET_IN = "Spring 2021"
SET_IN_ENDS = "2021-05-31"


@dataclass(frozen=True)
class Words:
    """A short quotation from a record outside the lesson data, with the record it rests on."""

    speaker: str
    words: str
    issuer: str
    title: str
    date: str
    address: str
    owner: str
    title_from_address: bool = False  # the page showed no heading: its address's wording


@dataclass(frozen=True)
class Option:
    """One option: what it means, its supporters' case, risks, and what became of it."""

    option_id: str
    title: str
    means: str
    supporters: str
    words: tuple[str, ...]
    risks: str
    what_happened: str
    events: tuple[str, ...]


@dataclass(frozen=True)
class RoleCard:
    """One party's card for the role play, set in spring 2021."""

    party_id: str
    party: str
    who: str
    wants: str
    words: tuple[str, ...]
    worries: str
    may_offer: str
    panel_asks: tuple[str, ...]


OUTSIDE_WORDS: dict[str, Words] = {
    "Q01": Words(
        "Jens Stoltenberg, NATO Secretary General, 15 March 2021",
        "I believe NATO at least can provide an important platform for discussing these issues",
        "AFP (as carried by PA Turkey)",
        "S-400, NATO: Stoltenberg says Turkey have serious differences",
        "2021-03-15",
        "https://paturkey.com/news/s-400-nato-stoltenberg-says-turkey-have-serious-differences/2021",
        "not known",
        title_from_address=True,
    ),
    "Q02": Words(
        "Sergei Lavrov, Russia's Foreign Minister, 14 December 2020",
        "another manifestation of such an arrogant attitude towards international law",
        "Sputnik (as carried by UrduPoint)",
        "Lavrov Calls US Sanctions Against Turkey Over ...",
        "2020-12-15",
        "https://www.urdupoint.com/en/world/lavrov-calls-us-sanctions-against-turkey-over-1114008.html",
        "Sputnik belongs to Rossiya Segodnya, owned and funded by the Russian state "
        "(State Media Monitor)",
    ),
    "Q03": Words(
        "Yury Borisov, Russia's Deputy Prime Minister, June 2020",
        "They [Turkey] have the right to do so, if they express a desire, we will seal [the deal]",
        "Duvar English",
        "Russia ready to seal another S-400 deal with Turkey",
        "2020-06-24",
        "https://www.duvarenglish.com/diplomacy/2020/06/24/russia-ready-to-seal-another-s-400-deal-with-turkey/",
        "not known",
    ),
    "Q04": Words(
        "Greg Ulmer, head of Lockheed Martin's F-35 programme, February 2020",
        "if we reintroduce Turkey into the program it would essentially be a restart",
        "CNBC (as carried by Military & Aerospace Electronics)",
        "It would be incredibly difficult for Turkey to return to the F-35 program, Lockheed "
        "Martin VP says",
        "2020-03-02",
        "https://www.militaryaerospace.com/commercial-aerospace/article/14231115/f35-turkey-russia-missile-system",
        "not known",
    ),
    "Q05": Words(
        "Marillyn Hewson, Lockheed Martin's chief executive, May 2019",
        "a lot of countries say: 'We'll take their [production line] slots.'",
        "Defense One",
        "Lockheed: We Could Easily Sell Turkey's F-35s to Other Customers",
        "2019-05-29",
        "https://www.defenseone.com/politics/2019/05/lockheed-preps-give-turkish-f-35s-other-customers/157326/print/",
        "not known",
    ),
    "Q06": Words(
        "A senior Turkish procurement official, March 2021",
        "This is not a technological or commercial issue",
        "Defense News",
        "Pakistan extends delayed T129 helo deal with Turkey again",
        "2021-03-15",
        "https://www.defensenews.com/global/mideast-africa/2021/03/15/pakistan-extends-delayed-t129-helo-deal-with-turkey-again/",
        "Sightline Media Group, owned by the private equity firm Regent (Wikipedia)",
    ),
}

OPTIONS: tuple[Option, ...] = (
    Option(
        "O1",
        "Keep the S-400 and meet defence needs elsewhere",
        "Turkey keeps the system it has bought, keeps it out of NATO's network, lives with the "
        "US measures for now, and builds or buys its fighters elsewhere.",
        "The Turkish government; the Russian government",
        ("S04", "S06", "Q03"),
        "The sanctions and the F-35 exclusion stay; parts that need US licences stay blocked "
        "(S08); other jets cost time and money; relations with allies stay strained.",
        "Turkey still had its S-400s at the newest record; it flew its own KAAN fighter, sold "
        "it to Indonesia and bought Eurofighters; the sanctions were still in force in late "
        "2025.",
        ("N19", "N26", "N33", "N34", "N36"),
    ),
    Option(
        "O2",
        "Keep the S-400 under an agreed arrangement that answers NATO's worries",
        "Turkey keeps the systems but does not operate them, or operates them only under an "
        "agreed arrangement (a joint working group, NATO taking part, or the way Greece keeps "
        "its S-300s on Crete), in return for an end to the sanctions.",
        "The Turkish government (its Foreign and Defence Ministries); NATO offered to host talks",
        ("S05", "C03", "C14", "Q01"),
        "US law bars F-35 transfers while Turkey has the system (E14); US officials said owning "
        "it is itself the problem (S19); Turkey keeps a system it cannot fully use.",
        "By February 2021 the US had turned the compromise offers down (C14); in December "
        "2025 the US ambassador said US law would not let Turkey operate or possess the "
        "S-400. Too early to tell whether a version of it will be agreed.",
        ("N34",),
    ),
    Option(
        "O3",
        "Give up the S-400 in return for an end to sanctions and a way back to US jets",
        "Turkey returns, sells or dismantles the systems under an agreement; the United States "
        "lifts the CAATSA sanctions and opens a path back to the F-35.",
        "The US administration; the US Congress",
        ("S17", "S14", "S20", "S21"),
        "Turkey loses a system it paid for and, its officials say, the principle that it "
        "chooses its own weapons (S04); the Russian government loses a customer, and the "
        "second deal it has offered (Q03); an analyst warned that yielding would cost "
        "prestige (S34).",
        "In December 2025 a report said Erdoğan raised returning the systems with Putin; the "
        "Kremlin said it was not discussed and Turkey's ministry said nothing had changed. Too "
        "early to tell.",
        ("N34", "N35"),
    ),
    Option(
        "O4",
        "Go ahead with other deals and leave the S-400 dispute for later",
        "Both governments keep their positions on the S-400 but carry on with other business: "
        "a US sale of F-16s, NATO decisions, talks at every level.",
        "The Turkish government; the US administration; NATO",
        ("S05", "C13", "Q01"),
        "The core dispute stays open and the sanctions stay; some in Congress opposed selling "
        "Turkey jets while other disputes lasted; deals tied to other issues can look like "
        "bargaining.",
        "Close to what happened from 2021 to 2024: the F-16 request, Sweden's NATO membership "
        "approved, the F-16 sale approved and its letter signed, the upgrade kits dropped; the "
        "S-400 dispute stayed open.",
        ("N04", "N16", "N17", "N20", "N23", "N34"),
    ),
)

ROLE_CARDS: tuple[RoleCard, ...] = (
    RoleCard(
        "turkey",
        "Turkish government",
        "President Erdoğan, his spokesman İbrahim Kalın, the Foreign and Defence Ministries.",
        "To keep the right to choose your own weapons; the sanctions on your defence agency "
        "lifted; the money paid into the F-35 programme honoured; your air defence needs met.",
        ("S04", "S05", "S06", "S12", "C14"),
        "Being treated without the respect due to an ally (S12); your industry cut off from US "
        "parts (S08).",
        "Keeping the S-400 out of NATO's systems (S04); a technical working group (C03); not "
        "keeping the systems active (C14).",
        (
            "What would an acceptable end to the sanctions look like for you?",
            "What could you offer that the United States could check?",
        ),
    ),
    RoleCard(
        "us_administration",
        "US administration",
        "President Biden's team: the Pentagon and the State Department.",
        "Turkey not to keep the S-400; the F-35's technology protected; a united NATO; Turkey "
        "kept as a close ally.",
        ("S14", "S15", "S17", "S18", "S19", "S20"),
        "Russia learning about the F-35; other buyers choosing Russian systems; the law "
        "(CAATSA, the 2019 defence act) leaving you little room.",
        "A way back for Turkey once the S-400 is gone; cooperation on other sales.",
        (
            "Is any arrangement short of giving up the S-400 acceptable to you, and why?",
            "How do you keep Turkey close while the sanctions stay?",
        ),
    ),
    RoleCard(
        "us_congress",
        "US Congress",
        "Senators and representatives of both parties.",
        "US law applied; the F-35's secrets protected; a say over arms sales to Turkey.",
        ("S21", "E04", "E14"),
        "An administration making exceptions to the law you passed; other quarrels with Turkey.",
        "Support for other sales if conditions are met.",
        (
            "What exactly would Turkey have to do to satisfy the law you passed?",
            "Would you treat another buyer of the S-400 the same way?",
        ),
    ),
    RoleCard(
        "nato",
        "NATO",
        "The Secretary General and the thirty allies.",
        "The alliance united; Turkey, a member since 1952, fully part of it; allies' systems "
        "that work together.",
        ("Q01",),
        "A quarrel between two large members weakening the alliance.",
        "A forum, technical experts, a working group.",
        ("Can NATO settle a dispute between two of its members, or only host it?",),
    ),
    RoleCard(
        "russia",
        "Russian government",
        "The Kremlin and the Foreign Ministry (the article's two Russian analysts speak for "
        "themselves, not for the government).",
        "The S-400 contract honoured and, if Turkey wishes, more sales; good relations with a "
        "NATO member; partners free to buy from you whatever sanctions the US imposes.",
        ("Q02", "Q03"),
        "The deal being undone under US pressure; the reputation of your arms exports.",
        "A second batch; parts made in Turkey.",
        ("What does Russia gain or lose if Turkey keeps the system but does not use it?",),
    ),
    RoleCard(
        "industries",
        "The defence industries",
        "Lockheed Martin, which builds the F-35; Turkish Aerospace and the companies around "
        "Turkey's defence agency; Russia's arms exporters.",
        "Orders, supply chains that work, export licences.",
        ("Q05", "Q04", "Q06"),
        "Lost contracts; parts that need another government's licence, such as the ATAK "
        "helicopter's US engines (S08). Russia's arms exporters are not quoted here: no words "
        "of theirs from before spring 2021 are on record in these lessons.",
        "Other aircraft; new partnerships.",
        (
            "Whose decision is it, yours or your government's?",
            "What do you lose if the dispute lasts ten years?",
        ),
    ),
)

PANEL_TASKS = (
    "Ask each party the questions on its card, and one of your own.",
    "For each option, note who supports it, what it costs whom, and what the record says became "
    "of anything like it.",
    "Do not vote on a winner: the session ends with each student writing their own option.",
)


def words_of(ref: str, data: Mapping[str, pd.DataFrame] | None = None) -> str:
    """What an id stands for, ready to read: a quotation with its speaker, or a row's gist.

    Statements quoted directly (and ``OUTSIDE_WORDS``) come in quotation marks; a reported
    statement, a check's record, an event or a later event come as the data words them.
    ``data`` is the lesson data as ``load_all`` returns it (default: the package's own).
    """
    if ref in OUTSIDE_WORDS:
        quote = OUTSIDE_WORDS[ref]
        return f"{quoted(quote.words)} ({quote.speaker}; {ref})"
    tables = load_all() if data is None else data
    name, key, column = _CITED[ref[0]]
    row = tables[name].set_index(key).loc[ref]
    if ref.startswith("S"):
        text = row["text"]
        text = quoted(text) if row["form"] == "direct_quote" else text
        return f"{text} ({row['speaker']}; {ref})"
    first = str(row[column]).split(". ")[0].rstrip(".")
    return f"{first} ({ref})"


# The tables an id's first letter points to, each with its key and the column read out.
_CITED = {
    "S": ("statements", "statement_id", "text"),
    "C": ("source_checks", "check_id", "record_says"),
    "E": ("events", "event_id", "title"),
    "N": ("later_events", "event_id", "title"),
}


def options_table() -> pd.DataFrame:
    """The options, one row each, with their supporters, risks and what became of them."""
    return pd.DataFrame(
        [
            {
                "option_id": o.option_id,
                "title": o.title,
                "means": o.means,
                "supporters": o.supporters,
                "words": "; ".join(o.words),
                "risks": o.risks,
                "what_happened": o.what_happened,
                "events": "; ".join(o.events),
            }
            for o in OPTIONS
        ]
    )


def cards_table() -> pd.DataFrame:
    """The role cards, one row per party."""
    return pd.DataFrame(
        [
            {
                "party_id": c.party_id,
                "party": c.party,
                "who": c.who,
                "wants": c.wants,
                "words": "; ".join(c.words),
                "worries": c.worries,
                "may_offer": c.may_offer,
            }
            for c in ROLE_CARDS
        ]
    )


def card(party_id: str) -> RoleCardView:
    """One party's role card, for reading in the notebook (shown as formatted text)."""
    for c in ROLE_CARDS:
        if c.party_id == party_id:
            return RoleCardView(c)
    known = ", ".join(c.party_id for c in ROLE_CARDS)
    raise KeyError(f"no role card {party_id!r}; the cards are {known}")


@dataclass(frozen=True)
class RoleCardView:
    """A role card that Jupyter shows as formatted text (Markdown)."""

    card: RoleCard

    def lines(self, data: Mapping[str, pd.DataFrame] | None = None) -> list[tuple[str, str]]:
        """(heading, text) pairs, in the order a card is read; words quoted in full."""
        c = self.card
        tables = load_all() if data is None else data
        return [
            ("Who you are", c.who),
            ("You want", c.wants),
            ("In your own words", "\n".join(words_of(w, tables) for w in c.words)),
            ("You worry about", c.worries),
            ("You might offer", c.may_offer),
            ("The panel will ask", "\n".join(c.panel_asks)),
        ]

    def _repr_markdown_(self) -> str:
        parts = [f"**Role card: {self.card.party}**"]
        for heading, text in self.lines():
            body = "\n".join(f"- {line}" for line in text.splitlines())
            parts.append(f"*{heading}*\n\n{body}")
        return "\n\n".join(parts)

    def __str__(self) -> str:
        return "\n".join(f"{h}: {t}" for h, t in self.lines())

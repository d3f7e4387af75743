"""The writing tasks: what each asks, its checklist and its model answer (content, no engine).

Adding a task is adding one entry to ``TASKS`` (a ``Task`` with its checklist built from the
criteria in ``checklist.py``, or ``yourself("...")`` for what only a reader can judge); then give
it a good and a poor answer in tests/test_tasks.py. A teacher who wants to change a model answer
or a checklist line changes it here.
"""

from __future__ import annotations

from .assessment import ASSESSMENT_PROMPT
from .checklist import (
    Task,
    avoids_words,
    cites_ids,
    evidence_pieces,
    quotes_speaker_from,
    sentence_count,
    word_count,
    yourself,
)

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
            "Sentence 2 gives only the US government's claim: that the S-400 is incompatible "
            "with NATO equipment and could expose the F-35's secrets. Turkey's government "
            "would add its answer, that the system will stay outside NATO's networks: in the "
            "article's wording, it “will not be integrated into the NATO security system”. A "
            "version both could accept: 'Turkey joined the F-35 programme as a partner in "
            "2002. The two governments disagree on whether the S-400 puts NATO equipment and "
            "the F-35 at risk: the United States says it does, Turkey says the system will be "
            "kept separate.'"
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
            cites_ids(2, "events"),
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
            quotes_speaker_from("Turkey", 2),
            yourself("A classmate defending Turkey's side read it and accepted it as fair."),
            yourself("States the case; does not answer or judge it."),
            avoids_words(),
        ),
        model=(
            "Turkey's government says Ankara “has the right to have S-400 systems that will "
            "not be integrated into the NATO security system” (the article's wording; Kalın's "
            "English to Bloomberg was 'We can have these S-400s that will not be integrated "
            "into the NATO defense system'), so in its view NATO's technology is not at risk. "
            "It says it bought the S-400 because its allies did not sell it an air-defence "
            "system in time. It argues that differences can be settled by talks, as with "
            "Russia: “Why can't we do the same with the United States?” It calls the US "
            "approach “maximalism” and says the issue is “directly related to our national "
            "security”."
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
            quotes_speaker_from("United States", 2),
            yourself("A classmate defending the US side read it and accepted it as fair."),
            yourself("States the case; does not answer or judge it."),
            avoids_words(),
        ),
        model=(
            "The US government says “The Russian S-400 systems are incompatible with NATO "
            "equipment” and that “they threaten the security of the alliance's technologies”. "
            "It argues that keeping them “does not meet the obligations of Turkey as a NATO "
            "ally”, and points out that “Turkey has had many opportunities to acquire the "
            "Patriot system from the United States” (the article's wording of the spokesmen). "
            "When it imposed the sanctions it gave its reasons in its own words: the purchase "
            "would 'endanger the security of US military technology and personnel and provide "
            "substantial funds to Russia's defense sector'. So in its view Turkey chose the "
            "risk."
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
            cites_ids(1, "f35_turkish_aircraft"),
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
            "Write a neutral summary of the dispute in four to six sentences (five is the aim). "
            "Quote at least one Turkish and one US speaker from the statements, and say whose "
            "words are whose."
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
            "After several years of seeking a long-range air-defence system, including talks "
            "on the US Patriot, Turkey, a NATO member, signed a contract in 2017 to buy the "
            "Russian S-400, and the first parts arrived in July 2019. The United States "
            "removed Turkey from the F-35 programme that month and in December 2020 sanctioned "
            "Turkey's defence procurement agency and four of its officials. US officials argue "
            "that “The Russian S-400 systems are incompatible with NATO equipment” (Ned Price, "
            "in the article's wording). Turkey's presidential spokesman İbrahim Kalın says, in "
            "the article's translation, that Ankara “has the right to have S-400 systems that "
            "will not be integrated into the NATO security system”; his English to Bloomberg "
            "was 'We can have these S-400s that will not be integrated into the NATO defense "
            "system'. In early 2021 both governments said their positions had not changed."
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
            # The rule in words: a paper worksheet has no codebook to point to.
            yourself(
                "Uses the coding rule (a motive claim is never coded as taking no position; a "
                "fact can be checked true or false), or says why the rule does not fit."
            ),
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
            "about him, and look at which other outlets quote him and on what subjects.\n\nThe "
            "university's own English page names Andrey Anatolievich Sidorov as dean of its "
            "School of World Politics, so a man of that name holds a senior post there. It "
            "does not confirm the department post the article gives him, or that RT's "
            "interviewee is the same man. For Alexander Asafov the only records are profiles "
            "calling him a political scientist and journalist, with no institution. A "
            "post says where someone works, not whether his explanation of US motives is "
            "right: both men's explanations are opinions of commentators the outlet chose, to "
            "be weighed against what each government gave as its reasons."
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
    "own_option": Task(
        lesson="07",
        title="Your own option",
        prompt=(
            "Write your own option for the governments in spring 2021: what each government "
            "would do, which party's interests it serves (in that party's own words, with the "
            "id), the evidence you rest it on by id, one trade-off it asks someone to accept, "
            "and what the record says became of anything like it."
        ),
        checklist=(
            word_count(80, 250),
            evidence_pieces(2),
            yourself("Says what each government would do, in steps someone could check."),
            yourself(
                "Names at least one party's interests in that party's own words: a "
                "quotation with its id (such as S04, or Q01 from a role card)."
            ),
            yourself("Names a trade-off: what a party gives up or risks, and why it might agree."),
            yourself(
                "Says what the record shows about anything like your option (an N id), or "
                "that it is too early to tell."
            ),
            yourself(
                "A classmate from another party's group would call it a fair offer, even if "
                "they would not accept it."
            ),
            avoids_words(),
        ),
        model=(
            "My option: Turkey keeps the S-400s but stores them, unused, under checks by a "
            "joint team with NATO experts for two years; the United States lifts the sanctions "
            "on Turkey's defence agency in steps as the checks are passed, and talks on the "
            "F-35 begin when the two years end. It starts from Turkey's own words: Kalın says "
            "Turkey \u201chas the right to have S-400 systems that will not be integrated into "
            "the NATO security system\u201d (S04; that is the article's translation, and his "
            "English to Bloomberg was 'We can have these S-400s that will not be integrated "
            "into the NATO defense system'), and Turkey offered a working group with NATO "
            "(C03). It answers the US worry that the systems \u201cthreaten the security of the "
            "alliance's technologies\u201d (S18) only in part, because they stay in Turkey.\n\n"
            "The trade-off: Turkey keeps a system it paid for but cannot use, and the United "
            "States eases sanctions without the removal its law asks for (E14), which Congress "
            "might refuse. The record shows that Washington turned down a similar offer in "
            "2021 (C14) and that in December 2025 its ambassador said US law does not allow "
            "Turkey to possess the system (N34), so this option would need a change in US law "
            "or a waiver. Whether anything like it will be agreed is too early to tell."
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

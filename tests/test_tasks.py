"""Free-text self-review: automatic checks say only what the text shows, and nothing raises.

Every task in TASKS needs a known good answer (all automatic checks pass) and a known
poor one (the named checks fail) below, so a new task cannot land untested.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from s400_lesson.exercises import assessment, writing_review
from s400_lesson.exercises.checklist import (
    Criterion,
    Task,
    avoids_words,
    cites_ids,
    evidence_pieces,
    quotes_speaker_from,
    word_count,
)
from s400_lesson.exercises.writing_review import (
    OWN_WORDS,
    ModelAnswer,
    Review,
    model_answer,
    review,
)
from s400_lesson.exercises.writing_tasks import TASKS

FILLER = " This sentence is here only to make the answer long enough for the word count."

# task id -> an answer whose automatic checks all pass.
GOOD = {
    "summary_reword": (
        "I chose sentence 2, which says the United States objects that the S-400 does not fit "
        "NATO equipment. Turkey's government would put it another way, because its spokesman "
        "says the systems will be kept apart from NATO's. A version both could accept: the "
        "United States says the S-400 cannot work with NATO equipment, and Turkey says it "
        "will keep the system separate."
    ),
    "timeline_cause": (
        "E02 (2017, Turkey signs the contract for the S-400) came before E06 (July 2019, the "
        "United States removes Turkey from the F-35 programme). The White House statement of "
        "17 July 2019 gives the S-400 as the reason, so an outside record states the link; "
        "the article alone would leave me to infer it."
    ),
    "case_of_turkey": (
        "Turkey's government says it decided with care: \u201cTurkey's decision on the S-400 "
        "was not made overnight\u201d. It says the matter is \u201cdirectly related to our "
        "national security\u201d and that the systems will not be joined to NATO's. It asks "
        "for talks rather than demands, as with Russia, and wants Washington to see how much "
        "the issue matters to Ankara."
    ),
    "case_of_the_us": (
        "The US government says that \u201cThe Russian S-400 systems are incompatible with NATO "
        "equipment\u201d and that \u201cthey threaten the security of the alliance's "
        "technologies\u201d. It adds that Turkey could have bought the Patriot instead, and "
        "that keeping the S-400 does not fit Turkey's duties as an ally. In its view the "
        "choice, and its cost, were Turkey's."
    ),
    "six_more": (
        "The record (T1, T2) says the contract buys the eight F-35As built for Turkey and "
        "modifies them to US Air Force standards, and adds six new jets built for the US Air "
        "Force. The article makes the six sound like Turkish jets being modified. The mix-up "
        "could have come from the Defense News story, the Russian report or the translation, "
        "so a figure in a second-hand report should be checked against the contract notice."
    ),
    "steps_caption": (
        "Turkey bought the Russian S-400 and took delivery in 2019; the United States then "
        "removed Turkey from the F-35 programme, passed a law against F-35 transfers and "
        "sanctioned Turkey's defence procurement agency. Turkey's foreign ministry said it "
        "would answer the sanctions."
    ),
    "neutral_summary": (
        "Turkey signed a contract in 2017 to buy the Russian S-400 air-defence system, and the "
        "first parts arrived in July 2019. The United States removed Turkey from the F-35 "
        "programme that month. In December 2020 it sanctioned Turkey's defence procurement "
        "agency and four of its officials under CAATSA. The State Department spokesman said "
        '"The Russian S-400 systems are incompatible with NATO equipment", while Turkey\'s '
        'presidential spokesman said the issue is "directly related to our national security".'
    ),
    "argue_a_coding": (
        "S25 says the S-400 is objectively better than the Patriot and is coded opinion. I "
        "would keep opinion but argue about its position: it compares weapons and says "
        "nothing about whether Turkey may keep them, so no_position could fit."
    ),
    "source_clues": (
        "The article is an English translation of a Russian-language report. One analyst is "
        "quoted in an interview with RT, and a photo is credited to RIA Novosti, so RT is the "
        "likely publisher, though the article never says so. Before judging its claims I would "
        "look up who funds RT and RIA Novosti, and who the two analysts are."
    ),
    "lateral_reading": (
        "I would check Alexander Asafov. I would search his name with 'political scientist' "
        "and look for an institution's own page about him, not only the outlets that quote "
        "him. If I found very little, that would not make his claims false, but I could not "
        "weigh his expertise, so I would read his words as one commentator's opinion."
    ),
    "trust_least": (
        "I would trust least the claim that the US national security strategy calls Russia an "
        "enemy (C15). The record says the strategy calls Russia a revisionist power and a "
        "rival, and that the US is ready to cooperate with it. The fact-checkers could not "
        "search the whole text, so reading the full strategy would settle it."
    ),
    "own_option": (
        "My option: the United States and Turkey set up a joint commission on air defence. "
        "Turkey moves the S-400s to storage and tells the commission where they are; in return "
        "the United States suspends the sanctions for a year and sells the F-16s Turkey asked "
        "for (N04). This serves Turkey's interest as its officials put it, that the systems "
        "\u201cwill not be integrated into the NATO security system\u201d (S04), and the US "
        "interest that Turkey meet \u201cits obligations as a US and NATO ally\u201d (S14). "
        "The trade-off is that neither side gets all it wants: Turkey keeps a system it cannot "
        "use, and Congress must accept a pause in sanctions its law requires (E14). Nothing "
        "quite like this has been agreed; the F-16 sale went ahead separately (N17)."
    ),
    "assessment": (
        "The article is useful for what the United States did and said, less for why. It "
        "reports the sanctions of December 2020 under CAATSA for the S-400 purchase (M01), "
        'and it quotes the State Department: "The Russian S-400 systems are incompatible with '
        'NATO equipment" (S17). A limitation is that the explanations of US motives come from '
        "two Russian analysts (S22, S29), so the article cannot show whether that reading is "
        "shared in Washington or Ankara. I would read the US government's own announcement."
    ),
}
# task id -> (a poor answer, the criteria (by the start of their text) it must fail).
POOR = {
    "summary_reword": ("The regime in Ankara is simply wrong.", ["Is 25"]),
    "timeline_cause": (
        "E99 caused all the aggression.",
        ["Names at least 2", "Is 30"],
    ),
    "case_of_turkey": (
        "Turkey says the S-400 is about its national security, like a puppet of Moscow.",
        ["Is 40", "Quotes 2 different statements by speakers from Turkey"],
    ),
    "case_of_the_us": (
        "The US is a bully that wants to sell its own weapons.",
        ["Is 40", "Quotes 2 different statements by speakers from the United States"],
    ),
    "six_more": (
        "The article is propaganda and lies.",
        ["Is 40", "Names at least"],
    ),
    "steps_caption": ("The US used blackmail.", ["Is 20"]),
    "neutral_summary": (
        "The aggressor sanctioned Turkey.",
        [
            "Has 4",
            "Is 60",
            "Quotes the words of a speaker from Turkey",
            "Quotes the words of a speaker from the United States",
        ],
    ),
    "argue_a_coding": ("I disagree with S99.", ["Names at least", "Is 20"]),
    "source_clues": ("It is propaganda.", ["Is 30"]),
    "lateral_reading": ("Asafov is a Kremlin propaganda puppet.", ["Is 30"]),
    "trust_least": (
        "The one about the aircraft, because the records say something else and the outlet "
        "cannot be trusted on anything it writes about the United States, as everyone "
        "knows. Check S99 and M01.",
        ["Is 40", "Names at least one check"],
    ),
    "own_option": (
        "Turkey should give back the S-400 because Russia is the aggressor. See N99.",
        ["Is 80", "Uses at least 2"],
    ),
    "assessment": (
        "It is one-sided regime media so it is not useful at all." + FILLER * 7 + " See S99.",
        ["Uses at least 2"],
    ),
}
TURKISH_QUOTE = '"They are directly related to our national security."'
US_QUOTE = '"Turkey is a long-standing and valuable NATO member"'
HOSTILE = [None, 42, 3.5, b"bytes", ["a list"], {"a": 1}, object(), ..., "", "   ", "...", "…"]


@pytest.fixture(autouse=True)
def fresh_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new kernel: no answer reviewed yet, no model answer open."""
    monkeypatch.setattr(writing_review, "_REVIEWED", set())


def outcome(criterion: Criterion, answer: str) -> bool:
    assert criterion.test is not None
    passed, reason = criterion.test(answer)
    assert reason
    return passed


def statuses(result: Review) -> dict[str, str]:
    return {item.criterion: item.status for item in result.items}


def test_every_task_has_a_good_and_a_poor_answer_here():
    assert set(GOOD) == set(TASKS) == set(POOR)


@pytest.mark.parametrize("task_id", sorted(TASKS))
def test_task_is_complete(task_id: str):
    task = TASKS[task_id]
    assert isinstance(task, Task)
    assert task.lesson and task.title and task.prompt and task.checklist
    assert any(c.test is not None for c in task.checklist), "at least one automatic check"
    assert any(c.test is None for c in task.checklist), "at least one check for the student"


@pytest.mark.parametrize("task_id", sorted(TASKS))
def test_good_answer_passes_every_automatic_check(task_id: str):
    result = review(task_id, GOOD[task_id])
    assert result.problem is None
    automatic = [i for i, c in zip(result.items, TASKS[task_id].checklist, strict=True) if c.test]
    assert automatic and all(i.status == "passed" for i in automatic), result
    assert result.automatic_passed
    others = [i for i, c in zip(result.items, TASKS[task_id].checklist, strict=True) if not c.test]
    assert all(i.status == "yourself" for i in others)
    assert "check this yourself" in repr(result)


@pytest.mark.parametrize("task_id", sorted(t for t in TASKS if TASKS[t].model is not None))
def test_model_answer_passes_its_own_automatic_checks(task_id: str):
    """A student comparing with the model answer never sees it fail the checklist, though the
    model answer pasted as one's own is named as pasted."""
    result = review(task_id, TASKS[task_id].model)
    assert result.items[0].criterion == OWN_WORDS and result.items[0].status == "not_yet"
    assert [i.status for i in result.items[1:]] == [
        "yourself" if c.test is None else "passed" for c in TASKS[task_id].checklist
    ], result


@pytest.mark.parametrize("task_id", sorted(TASKS))
def test_poor_answer_fails_the_named_checks(task_id: str):
    answer, failing = POOR[task_id]
    result = review(task_id, answer)
    assert not result.automatic_passed
    for start in failing:
        (item,) = [i for i in result.items if i.criterion.startswith(start)]
        assert item.status == "not_yet", item
        assert item.reason
    assert "✘" in repr(result)


def test_citing_a_check_needs_a_check_id():
    criterion = cites_ids(1, "source_checks")
    assert outcome(criterion, "See C08.")
    assert not outcome(criterion, "See M01 and S17.")  # real rows, but not checks
    assert not outcome(criterion, "See C99.")


def test_both_sides_quoted_passes_and_one_side_fails():
    turkey, us = quotes_speaker_from("Turkey"), quotes_speaker_from("United States")
    both = f"Kalin says {TURKISH_QUOTE}, while Kirby says {US_QUOTE}."
    assert outcome(turkey, both) and outcome(us, both)
    only_turkey = f"Kalin says {TURKISH_QUOTE}."
    assert outcome(turkey, only_turkey)
    assert not outcome(us, only_turkey)


def test_quote_matching_ignores_quote_style_case_and_spacing():
    turkey = quotes_speaker_from("Turkey")
    assert outcome(
        turkey, "He said \u201cthey are   DIRECTLY related to our national\nsecurity\u201d."
    )
    assert outcome(turkey, "He said \u2018directly related to our national security\u2019.")
    assert outcome(turkey, '"We can resolve these issues ... constructive dialogue"')


def test_made_up_or_too_short_quotes_fail():
    turkey = quotes_speaker_from("Turkey")
    assert not outcome(turkey, '"They are directly related to our economic security."')
    assert not outcome(turkey, '"our national security"')  # three words prove nothing
    assert not outcome(turkey, "They are directly related to our national security.")  # no marks
    # A real Turkish quote cut with an ellipsis around an invented part fails.
    assert not outcome(turkey, '"We can resolve these issues ... by giving up the S-400"')
    # A Turkish speaker's words attributed to the wrong side do not count for the US.
    assert not outcome(quotes_speaker_from("United States"), TURKISH_QUOTE)


def test_quoting_the_projects_summary_is_not_quoting_the_speaker():
    """Reported statements' text is the project's summary, not words anyone said."""
    summary = '"Turkey\'s Foreign Ministry condemns the US sanctions."'  # S10, reported
    assert not outcome(quotes_speaker_from("Turkey"), summary)


def test_cited_ids_must_exist():
    criterion = cites_ids(2)
    assert outcome(criterion, "See M01 and S17.")
    assert not outcome(criterion, "See M01 only.")
    assert not outcome(criterion, "See M01, S17 and S99.")
    passed, reason = criterion.test("See M01, S17 and E77.")
    assert not passed and "E77" in reason


def test_evidence_counts_ids_and_exact_quotations_once_each():
    criterion = evidence_pieces(2)
    assert outcome(criterion, f"Kalin: {TURKISH_QUOTE} Also M01.")
    assert not outcome(criterion, f"Kalin: {TURKISH_QUOTE} (S06).")  # the same row twice
    assert not outcome(criterion, "No evidence at all, only opinions.")


def loaded_line(criterion: Criterion, answer: str) -> tuple[bool | None, str]:
    assert criterion.test is not None
    return criterion.test(answer)


def test_loaded_words_ask_for_evidence_and_are_never_marked_wrong():
    criterion = avoids_words(["regime", "aggression"])
    assert loaded_line(criterion, "The government acted; regimental history is another matter.")[0]
    for own in ("The regime acted.", "Acts of AGGRESSION.", "Two regimes acted."):
        passed, reason = loaded_line(criterion, own)
        assert passed is None, own
        assert "give the evidence for it" in reason and "or choose a neutral word" in reason
    # In a quotation found in the data the words are the speaker's, not the student's.
    assert loaded_line(avoids_words(["bully"]), TURKISH_QUOTE)[0] is True


def test_word_count_range():
    criterion = word_count(3, 5)
    assert outcome(criterion, "one two three")
    assert not outcome(criterion, "one two")
    assert not outcome(criterion, "one two three four five six")


def test_model_answer_shown_on_request():
    review("source_clues", GOOD["source_clues"])
    result = model_answer("source_clues")
    assert isinstance(result, ModelAnswer)
    assert result.text == TASKS["source_clues"].model
    assert result.text in repr(result)
    assert "Model answer" in result._repr_html_()


def test_assessment_model_answer_keeps_the_samples_for_the_teacher():
    result = model_answer("assessment")
    assert result.text is None and "teacher" in (result.problem or "")
    shown = repr(result) + result._repr_html_()
    for level in assessment.RUBRIC:
        assert level.sample[:40] not in shown
    assert "model_answer" not in repr(review("assessment", GOOD["assessment"]))


def test_review_of_the_assessment_uses_the_rubric_prompt():
    assert TASKS["assessment"].prompt == assessment.ASSESSMENT_PROMPT


@pytest.mark.parametrize("name", ["assesment", "source clues", "SOURCE_CLUES", "nothing_like"])
def test_unknown_task_gets_one_polite_message(name: str):
    for result in (review(name, GOOD["assessment"]), model_answer(name)):
        assert result.problem and "There is no task called" in result.problem
    if name != "nothing_like":
        assert "Did you mean" in review(name, "x").problem
    else:
        assert "The tasks are" in review(name, "x").problem


@pytest.mark.parametrize("odd", HOSTILE, ids=lambda v: repr(v)[:12])
def test_odd_answers_and_names_get_a_message_not_a_traceback(odd):
    result = review("source_clues", odd)
    assert result.problem and result.items == ()
    assert "answer" in result.problem
    assert review(odd, "An answer.").problem
    assert model_answer(odd).problem
    for shown in (repr(result), result._repr_html_()):
        assert isinstance(shown, str) and shown


def test_markup_is_escaped():
    markup = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    for result in (review(markup, "x"), model_answer(markup)):
        shown = result._repr_html_()
        assert "<script>" not in shown and "<img" not in shown
        assert "&lt;script&gt;" in shown
    answer = f"{markup} S99 " + "word " * 40
    shown = review("source_clues", answer)._repr_html_()
    assert "<script>" not in shown and "<img" not in shown


def test_huge_answer_is_cut_and_still_reviewed():
    result = review("source_clues", "word " * 1_000_000)
    assert any("first 20,000 characters" in note for note in result.notes)
    (length,) = [i for i in result.items if i.criterion.startswith("Is 30")]
    assert length.status == "not_yet" and "4000 words" in length.reason


def test_a_failing_check_becomes_a_check_for_the_student(monkeypatch: pytest.MonkeyPatch):
    def broken(answer: str):
        raise RuntimeError("boom")

    task = Task("06", "Broken", "Prompt", (Criterion("Never crashes.", broken),), None)
    monkeypatch.setitem(TASKS, "broken_task", task)
    (item,) = review("broken_task", "An answer.").items
    assert item.status == "yourself" and "could not be checked" in item.reason


def test_checks_read_the_data_not_a_fixed_list(data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """Change a Turkish quote in a copy of the data: the old words no longer count."""
    path = data_copy / "statements.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    text = rows[0].index("text")
    (row,) = [r for r in rows if r[0] == "S06"]
    row[text] = "Different words stand here now."
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    monkeypatch.setenv("S400_LESSON_DATA", str(data_copy))
    assert not outcome(quotes_speaker_from("Turkey"), TURKISH_QUOTE)
    assert outcome(quotes_speaker_from("Turkey"), '"Different words stand here now."')


def test_broken_data_makes_automatic_checks_ask_the_student(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    (data_copy / "statements.csv").unlink()
    monkeypatch.setenv("S400_LESSON_DATA", str(data_copy))
    result = review("assessment", GOOD["assessment"])
    (evidence,) = [i for i in result.items if i.criterion.startswith("Uses at least 2")]
    assert evidence.status == "yourself"


def test_checklists_give_example_ids_of_the_kind_the_task_cites() -> None:
    """'Names ... by id (such as E05)': each example is a real row, of the table the task
    asks for (a timeline task does not show statement and measure ids)."""
    from s400_lesson.exercises.checklist import cited_ids
    from s400_lesson.exercises.writing_tasks import TASKS

    examples = {}
    for name, task in TASKS.items():
        for criterion in task.checklist:
            found = re.search(r"by id \(such as ([^)]*)\)", criterion.text)
            if found:
                known, unknown = cited_ids(found.group(1))
                assert known and not unknown, f"{name}: {criterion.text}"
                examples[name] = {i[0] for i in known}
    assert examples["timeline_cause"] == {"E"}
    assert examples["six_more"] == {"T"}
    assert examples["trust_least"] == {"C"}

"""What a student sees from review() and model_answer(): checklists that read ordinary writing
(single quotation marks, abbreviations, ids in either case), quotations checked one by one, a
loaded word that asks for evidence, a pasted model answer named, and a model answer that opens
after an attempt of one's own. Rendered text and HTML are pinned, and each limit is held at its
edge."""

from __future__ import annotations

import pytest

from s400_lesson.exercises import checklist, writing_review
from s400_lesson.exercises.checklist import (
    MAX_ANSWER,
    MIN_QUOTE_WORDS,
    Criterion,
    Item,
    avoids_words,
    cited_ids,
    cites_ids,
    copied_share,
    quotations,
    quotes_speaker_from,
    sentence_count,
    sentences,
    word_count,
)
from s400_lesson.exercises.writing_review import (
    ASK_FOR_ANSWER,
    ASK_FOR_TEXT,
    MIN_ATTEMPT_WORDS,
    OWN_WORDS,
    ModelAnswer,
    Review,
    model_answer,
    review,
)
from s400_lesson.exercises.writing_tasks import TASKS

KALIN = "directly related to our national security"  # S06, Turkey
PRICE = "The Russian S-400 systems are incompatible with NATO equipment"  # S17, United States
INVENTED = "Turkey will never give in to American bullying."
ATTEMPT = (
    "The article is a translation, one analyst speaks in an interview with RT, and a photo is "
    "credited to RIA Novosti, so I would look up who owns RT before I judge its claims."
)


@pytest.fixture(autouse=True)
def fresh_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writing_review, "_REVIEWED", set())


def run(criterion: Criterion, answer: str) -> tuple[bool | None, str]:
    assert criterion.test is not None
    return criterion.test(answer)


# ---- Quotation marks of both kinds ------------------------------------------------------


def test_single_and_double_quotation_marks_are_both_quotations():
    answer = (
        "Kalın says the decision 'was not made overnight', that it is \u2018directly related "
        'to our national security\u2019 and \u201cnot integrated\u201d; Price: "a risk".'
    )
    assert quotations(answer) == [
        "was not made overnight",
        "directly related to our national security",
        "not integrated",
        "a risk",
    ]


def test_apostrophes_are_not_quotation_marks():
    assert quotations("Turkey's case and the allies' view, Ankara\u2019s reply.") == []
    assert quotations("It is Turkey's 'right to have S-400 systems', Kalın says.") == [
        "right to have S-400 systems"
    ]


def test_a_quotation_in_single_marks_counts_as_a_quote_of_the_speaker():
    assert run(quotes_speaker_from("Turkey"), f"Kalın: '{KALIN}'.")[0]
    assert run(quotes_speaker_from("Turkey"), f"Kalın: \u2018{KALIN}\u2019.")[0]


# ---- Quotations checked one by one ------------------------------------------------------


def test_each_quotation_is_named_as_found_or_not_found():
    answer = f'Kalın says "{KALIN}" and "{INVENTED}"'
    passed, reason = run(quotes_speaker_from("Turkey"), answer)
    assert passed is False
    assert reason == (
        "1 statement quoted, 1 asked for: \u201cdirectly related to our national security\u201d is "
        "S06; \u201cTurkey will never give in to\u2026\u201d is not in the statements' direct "
        "quotes; quote the table's words exactly, or drop the quotation marks"
    )


def test_two_quotations_asked_for_means_two_found():
    two = quotes_speaker_from("Turkey", 2)
    assert two.text == (
        "Quotes 2 different statements by speakers from Turkey, word for word, in quotation marks."
    )
    one_real = f'"{KALIN}" and "{INVENTED}"'
    assert run(two, one_real)[0] is False
    same_twice = f'"{KALIN}" and again "{KALIN}"'
    passed, reason = run(two, same_twice)
    assert passed is False and reason.startswith("1 statement quoted, 2 asked for")
    both = f'"{KALIN}" and "was not made overnight"'
    passed, reason = run(two, both)
    assert passed is True and reason.startswith("2 statements quoted, 2 asked for")
    for task_id in ("case_of_turkey", "case_of_the_us"):
        (line,) = [c for c in TASKS[task_id].checklist if c.text.startswith("Quotes 2 different")]
        assert line.test is not None


def test_a_quote_of_the_other_side_is_named_but_does_not_count():
    passed, reason = run(quotes_speaker_from("Turkey"), f'Price: "{PRICE}".')
    assert passed is False
    assert "is S17 (United States), not a speaker from Turkey" in reason


def test_a_quote_shorter_than_the_minimum_is_named_and_not_counted():
    three = "our national security"
    assert len(three.split()) == MIN_QUOTE_WORDS - 1
    passed, reason = run(quotes_speaker_from("Turkey"), f'"{three}"')
    assert passed is False and "too short to count" in reason
    four = "to our national security"
    assert len(four.split()) == MIN_QUOTE_WORDS
    assert run(quotes_speaker_from("Turkey"), f'"{four}"')[0] is True


def test_a_short_quoted_word_before_a_real_quote_does_no_harm():
    answer = f'It calls the US approach "maximalism" and says it is "{KALIN}".'
    assert run(quotes_speaker_from("Turkey"), answer)[0] is True


def test_no_quotation_at_all_says_what_to_do():
    passed, reason = run(quotes_speaker_from("Turkey"), "Kalın says it is about security.")
    assert passed is False
    assert reason == (
        "no passage in quotation marks; quote 1 of the statements of speakers from Turkey word "
        "for word (4 words or more)"
    )


# ---- Loaded words ---------------------------------------------------------------------------


def test_a_loaded_word_with_evidence_is_for_the_student_to_weigh():
    answer = "RT's report is propaganda, as check C08 shows."
    review_ = review("trust_least", answer)
    (line,) = [i for i in review_.items if i.criterion.startswith("Uses neutral words")]
    assert line.status == "yourself"
    assert line.reason == (
        "you use 'propaganda', with evidence (C08): check that the evidence shows it, or choose "
        "a neutral word"
    )


def test_a_loaded_word_without_evidence_asks_for_it():
    passed, reason = run(avoids_words(), "It is all propaganda.")
    assert passed is None
    assert reason == (
        "you use 'propaganda': give the evidence for it (an id or an exact quotation), or "
        "choose a neutral word"
    )


def test_a_loaded_word_inside_an_invented_quotation_is_not_exempt():
    passed, reason = run(avoids_words(), f'Kalın said "{INVENTED}"')
    assert passed is None
    assert "'bully' (inside a quotation that is not in the data, so the words are yours)" in reason


@pytest.mark.parametrize("form", ["regimes", "bullying", "bullied", "bullies", "capitulated"])
def test_the_forms_of_a_loaded_word_are_seen(form):
    assert run(avoids_words(), f"They {form} here.")[0] is None


def test_the_loaded_word_line_reads_as_a_request():
    line = avoids_words(["regime"])
    assert line.text == (
        "Uses neutral words, or gives the evidence for any of: regime (a speaker's words, "
        "quoted exactly, do not count)."
    )
    assert run(line, "The government acted.") == (
        True,
        "none of the listed words outside quotations found in the data",
    )


# ---- Sentences, words and ids ---------------------------------------------------------------


def test_abbreviations_do_not_end_sentences():
    text = (
        "The U.S. sanctioned Turkey in Dec. 2020. It named the SSB, e.g. its head. Mr. Price "
        "spoke, i.e. the spokesman. J. Kirby spoke too. Press release No. 321 says so. Turkey "
        "objected."
    )
    assert len(sentences(text)) == 6
    assert run(sentence_count(6, 6), text)[0] is True
    assert run(sentence_count(4, 5), text) == (False, "6 sentences; the task asks for 4 to 5")


def test_quoted_sentences_are_not_the_students_own():
    text = f'Kalın spoke. He said "{INVENTED} It is so. Yes."'
    assert sentences(text) == ["Kalın spoke", "He said"]
    assert run(sentence_count(1, 1), "One sentence.") == (
        True,
        "1 sentence; the task asks for 1 to 1",
    )


def test_word_count_edges_and_plurals():
    line = word_count(3, 5)
    assert run(line, "one") == (False, "1 word; the task asks for 3 to 5")
    assert run(line, "one two") == (False, "2 words; the task asks for 3 to 5")
    assert run(line, "one two three") == (True, "3 words; the task asks for 3 to 5")
    assert run(line, "one two three four five") == (True, "5 words; the task asks for 3 to 5")
    assert run(line, "one two three four five six")[0] is False
    assert line.text == "Is 3 to 5 words long."


def test_ids_in_either_case_and_without_their_zero():
    assert cited_ids("see c08, s17 and M1") == (["C08", "S17", "M01"], [])
    assert cited_ids("see C8 and T2 and X5") == (["C08", "T2"], [])
    assert cited_ids("see S99 and c8") == (["C08"], ["S99"])
    assert run(cites_ids(1, "source_checks"), "I trust c8 least.") == (True, "cites C08")
    assert run(cites_ids(2), "See M01.") == (
        False,
        "1 id found, such as S05, M01; the task asks for 2",
    )
    # An id of another table is named but does not count, and the hint says which kind does.
    assert run(cites_ids(1, "source_checks"), "See M01.") == (
        False,
        "0 check ids found, such as C05; the task asks for 1",
    )
    assert run(cites_ids(2, "events"), "S04 and S06 show it.") == (
        False,
        "0 event ids found, such as E05; the task asks for 2",
    )


# ---- A pasted model answer, and when the model answer opens ---------------------------------


def test_a_pasted_model_answer_is_named():
    model = TASKS["source_clues"].model
    assert copied_share(model, model) == 1.0
    result = review("source_clues", model)
    assert result.items[0] == Item(
        OWN_WORDS,
        "not_yet",
        "most of it stands word for word in the model answer: write your own, then compare",
    )
    assert not result.automatic_passed
    assert model_answer("source_clues").text is None  # a pasted answer is no attempt


def test_a_borrowed_phrase_is_not_a_pasted_answer():
    model = TASKS["source_clues"].model
    borrowed = "The article is an English translation of a Russian-language report. " + ATTEMPT
    assert 0 < copied_share(borrowed, model) < writing_review.COPIED
    assert review("source_clues", borrowed).items[0].criterion != OWN_WORDS


def test_the_model_answer_opens_after_an_attempt_in_this_kernel():
    locked = model_answer("source_clues")
    assert locked.text is None
    assert locked.problem == (
        'Write your own answer first and run review("source_clues", answer) on it: the model '
        "answer opens after that, in this notebook."
    )
    first = review("source_clues", ATTEMPT)
    assert first.notes == ('Then compare with a model answer: run model_answer("source_clues").',)
    opened = model_answer("source_clues")
    assert opened.text == TASKS["source_clues"].model
    assert model_answer("lateral_reading").text is None  # each task opens on its own


def test_too_short_an_attempt_does_not_open_it():
    short = " ".join(["word"] * (MIN_ATTEMPT_WORDS - 1))
    result = review("source_clues", short)
    assert result.notes == (
        "The model answer opens once you have reviewed an answer of your own of at least 10 "
        "words here.",
    )
    assert model_answer("source_clues").text is None
    review("source_clues", " ".join(["word"] * MIN_ATTEMPT_WORDS))
    assert model_answer("source_clues").text is not None


def test_a_teacher_opens_the_model_answer_at_once():
    shown = model_answer("source_clues", teacher=True)
    assert shown.text == TASKS["source_clues"].model
    assert model_answer("assessment", teacher=True).text is None  # kept with the teacher


# ---- What the student sees, rendered ----------------------------------------------------------


def test_the_empty_answer_cell_is_named_as_the_lessons_write_it():
    assert ASK_FOR_ANSWER == (
        'Write your answer on the empty line between answer = """ and the closing """, then '
        "run the cell again."
    )
    for empty in ("\n\n", "", "   ", "...", ...):
        assert review("source_clues", empty).problem == ASK_FOR_ANSWER
    assert review("source_clues", 42).problem == ASK_FOR_TEXT


def test_the_review_renders_each_line_with_its_mark():
    result = Review(
        "t",
        "A <title>",
        (
            Item("Is long.", "passed", "9 words"),
            Item("Quotes.", "not_yet", "none found"),
            Item("Is fair.", "yourself", ""),
        ),
        ("A note.",),
    )
    assert repr(result) == (
        "Self-review: A <title>\n"
        "✔ checked: Is long. (9 words)\n"
        "✘ not yet: Quotes. (none found)\n"
        "☐ check this yourself: Is fair.\n"
        "A note."
    )
    assert result._repr_html_() == (
        '<div class="s400-review" style="border-left:4px solid #555555;padding:4px 8px">'
        "<b>Self-review: A &lt;title&gt;</b>"
        '<ul style="padding-left:0;margin:4px 0">'
        '<li style="list-style:none;margin:2px 0"><span style="color:#006d2c;font-weight:bold">'
        "✔ checked:</span> Is long. <i>(9 words)</i></li>"
        '<li style="list-style:none;margin:2px 0"><span style="color:#a63603;font-weight:bold">'
        "✘ not yet:</span> Quotes. <i>(none found)</i></li>"
        '<li style="list-style:none;margin:2px 0"><span style="color:#555555;font-weight:bold">'
        "☐ check this yourself:</span> Is fair.</li>"
        "</ul><p>A note.</p></div>"
    )
    assert not result.automatic_passed


def test_a_problem_renders_alone():
    result = Review("t", "T", problem="No such task.")
    assert repr(result) == "Self-review: No such task."
    assert result._repr_html_() == (
        '<div class="s400-review" style="border-left:4px solid #a63603;padding:4px 8px">'
        "<b>Self-review.</b> No such task.</div>"
    )
    assert not result.automatic_passed


def test_a_real_review_shows_its_checklist_not_none():
    result = review("source_clues", ATTEMPT)
    shown = result._repr_html_()
    assert "None" not in shown and "None" not in repr(result)
    for criterion in TASKS["source_clues"].checklist:
        assert criterion.text in repr(result)
    assert shown.count("<li ") == len(TASKS["source_clues"].checklist)
    assert result.automatic_passed


def test_the_model_answer_renders_its_paragraphs():
    shown = ModelAnswer("t", "A & B", "First <p>.\n\nSecond.")
    assert repr(shown) == "Model answer: A & B\nFirst <p>.\n\nSecond."
    assert shown._repr_html_() == (
        '<div class="s400-review" style="border-left:4px solid #08519c;padding:4px 8px">'
        "<b>Model answer: A &amp; B</b><p>First &lt;p&gt;.</p><p>Second.</p></div>"
    )
    closed = ModelAnswer("t", "T", problem="Not yet <open>.")
    assert repr(closed) == "Model answer: Not yet <open>."
    assert closed._repr_html_() == (
        '<div class="s400-review" style="border-left:4px solid #555555;padding:4px 8px">'
        "<b>Model answer.</b> Not yet &lt;open&gt;.</div>"
    )


def test_an_opened_model_answer_shows_its_text_not_none():
    review("lateral_reading", ATTEMPT)
    shown = model_answer("lateral_reading")
    html = shown._repr_html_()
    assert "None" not in html
    assert html.count("<p>") == TASKS["lateral_reading"].model.count("\n\n") + 1
    assert TASKS["lateral_reading"].title in html


def test_an_answer_of_exactly_the_maximum_length_is_reviewed_whole():
    exact = ("word " * (MAX_ANSWER // 5))[:MAX_ANSWER]
    assert len(exact) == MAX_ANSWER
    assert not any("characters were reviewed" in n for n in review("source_clues", exact).notes)
    longer = review("source_clues", exact + "x")
    assert "Only the first 20,000 characters were reviewed." in longer.notes


def test_the_criteria_engine_keeps_its_documented_minimum():
    assert checklist.MIN_QUOTE_WORDS == 4


# ---- The exact words of the other messages, and their limits ----------------------------------

TASK_LIST = (
    "argue_a_coding, assessment, case_of_the_us, case_of_turkey, lateral_reading, "
    "neutral_summary, own_option, six_more, source_clues, steps_caption, summary_reword, "
    "timeline_cause, "
    "trust_least"
)


def test_a_task_name_that_is_not_one_gets_one_message():
    assert review("source clues", "x").problem == (
        "There is no task called 'source clues'. Did you mean 'source_clues'?"
    )
    assert review("case_of", "x").problem == (
        "There is no task called 'case_of'. Did you mean 'case_of_turkey' or 'case_of_the_us'?"
    )
    assert review("nothing_like", "x").problem == (
        f"There is no task called 'nothing_like'. The tasks are: {TASK_LIST}."
    )
    assert review(42, "x").problem == (
        'Give the task\'s name as text in quotes, such as review("source_clues", answer). '
        f"The tasks are: {TASK_LIST}."
    )
    long = review("x" * 200, "x")
    assert f"'{'x' * checklist.MAX_NAME}'" in long.problem
    assert "x" * (checklist.MAX_NAME + 1) not in long.problem
    assert long.task_id == "x" * checklist.MAX_NAME
    assert model_answer("x" * 200).task_id == "x" * checklist.MAX_NAME
    assert review(" source_clues ", ATTEMPT).task_id == "source_clues"


def test_placeholders_ask_for_an_answer():
    for placeholder in ("your answer here", "\u2026", " ... "):
        assert review("source_clues", placeholder).problem == ASK_FOR_ANSWER
    assert ASK_FOR_TEXT == (
        'Your answer should be text: write it between answer = """ and the closing """, then '
        "run the cell again."
    )


def test_the_id_and_evidence_lines_say_what_they_count():
    assert cites_ids(2).text == "Names at least 2 rows of the data by id (such as S05, M01)."
    assert cites_ids(1).text == "Names at least one row of the data by id (such as S05, M01)."
    assert cites_ids(1, "source_checks").text == "Names at least one check by id (such as C05)."
    evidence = checklist.evidence_pieces(2)
    assert (
        evidence.text == "Uses at least 2 pieces of evidence, each with its id or quoted exactly."
    )
    assert run(evidence, "See M01.") == (
        False,
        "1 found; evidence counts here when you give its id (such as M01) or quote a statement "
        "word for word",
    )
    assert run(evidence, "See M01 and S99.") == (False, "no row has the id S99")
    assert run(evidence, f'See M01 and "{KALIN}".') == (True, "evidence from M01, S06")
    assert run(cites_ids(1), "See S91, S92, S93, S94, S95, S96.") == (
        False,
        "no row has the id S91, S92, S93, S94, S95",
    )
    many = " ".join(f"S{n:02d}" for n in range(1, 12))
    assert run(cites_ids(1), many) == (True, "cites S01, S02, S03, S04, S05, S06, S07, S08")


def test_a_quotation_is_named_by_its_first_six_words():
    six = "The Russian S-400 systems are incompatible"
    seven = checklist.read_quotations(f'"{PRICE}"')[0]
    assert seven.head() == "\u201cThe Russian S-400 systems are incompatible\u2026\u201d"
    assert checklist.read_quotations(f'"{six}"')[0].head() == f"\u201c{six}\u201d"
    assert seven.found_in == (("S17", "United States"),) and seven.length == 9


def test_a_quotation_cut_with_an_ellipsis_is_looked_up_part_by_part():
    (cut,) = checklist.read_quotations('"We can resolve these issues ... constructive dialogue"')
    assert cut.found and cut.length == 5
    (mixed,) = checklist.read_quotations('"We can resolve these issues ... by giving up the S-400"')
    assert not mixed.found
    assert checklist.quoted_statements(f'"{KALIN}" and "{PRICE}"') == ["S06", "S17"]
    assert checklist.quoted_statements(f'"{KALIN}" and "{PRICE}"', "Turkey") == ["S06"]


def test_a_short_quote_of_the_right_side_is_named_as_too_short():
    passed, reason = run(quotes_speaker_from("Turkey"), '"our national security"')
    assert reason == (
        "0 statements quoted, 1 asked for: \u201cour national security\u201d is in S06 but too "
        "short to count"
    )
    assert passed is False


def test_copied_share_counts_runs_of_six_words():
    model = "one two three four five six seven eight nine ten eleven"
    assert copied_share("one two three four five", model) == 0.0  # no run of six
    assert copied_share("one two three four five six", model) == 1.0
    assert copied_share("one two three four five six x", model) == 0.5


def test_the_pasted_threshold_is_half_the_runs():
    model = TASKS["source_clues"].model
    words_of_model = checklist.words(model)
    fresh = ["zebra", "quartz", "violin", "cobalt", "maple", "tundra", "nectar", "basalt"]
    at_half = " ".join(words_of_model[:11] + fresh[:6])  # 6 of its 12 runs are the model's
    assert copied_share(at_half, model) == 0.5
    assert review("source_clues", at_half).items[0].criterion == OWN_WORDS
    under = " ".join(words_of_model[:10] + fresh[:6])  # 5 of 11
    assert copied_share(under, model) < 0.5
    assert review("source_clues", under).items[0].criterion != OWN_WORDS


@pytest.mark.parametrize("form", ["capitulating", "regime", "aggressions", "blackmails"])
def test_more_forms_of_loaded_words(form):
    assert run(avoids_words(), f"They {form} here.")[0] is None


def test_loaded_words_inside_a_real_quotation_are_the_speakers():
    # S03's own words call the US approach "maximalism"; listed here, it is still the speaker's.
    line = avoids_words(["maximalism"])
    assert run(line, f'He calls it "{KALIN}", not "maximalism".')[0] is True


def test_evidence_beside_a_loaded_word_is_listed_up_to_four():
    answer = "It is propaganda: see S01, S02, S03, S04 and S05."
    passed, reason = run(avoids_words(), answer)
    assert passed is None
    assert reason.startswith("you use 'propaganda', with evidence (S01, S02, S03, S04): ")
    two = run(avoids_words(), "A regime of propaganda.")[1]
    assert two.startswith("you use 'regime', 'propaganda': give the evidence")


def test_only_passages_kept_stay_in_the_own_words():
    text = "He said \"A\" and 'B'."
    assert checklist.outside_quotations(text) == "he said   and  ."
    assert checklist.outside_quotations(text, keep=["A"]) == 'he said "a" and  .'
    assert checklist.normalise("A  \u201cB\u201d \u2018C\u2019", fold=False) == "A \"B\" 'C'"


def test_an_ellipsis_alone_quotes_nothing():
    (dots,) = checklist.read_quotations('He said "..." and left.')
    assert not dots.found and dots.length == 0
    assert checklist.quoted_statements('He said "..." and left.') == []


def test_a_short_invented_quotation_is_named_but_does_not_fail_the_line():
    passed, reason = run(quotes_speaker_from("Turkey"), f'"{KALIN}", in "plain words".')
    assert passed is True
    assert reason == (
        "1 statement quoted, 1 asked for: \u201cdirectly related to our national security\u201d is "
        "S06; \u201cplain words\u201d is not in the statements' direct quotes"
    )


def test_sentences_end_at_full_stops_question_and_exclamation_marks():
    assert sentences("Really? Yes! It did. Then.") == ["Really", "Yes", "It did", "Then"]
    assert sentences("Plan A. Then it ended.") == ["Plan A Then it ended"]  # an initial, read so
    assert sentences("They met etc. and talked.") == ["They met etc and talked"]
    assert sentences("Dec. 14 came. vs. then") == ["Dec 14 came", "vs then"]


# ---- Criteria built in the test, so their own words are what is checked -----------------------


def test_each_criterion_says_what_it_checks():
    assert sentence_count(4, 6).text == "Has 4 to 6 sentences."
    assert quotes_speaker_from("Turkey").text == (
        "Quotes the words of a speaker from Turkey, in quotation marks."
    )
    assert cites_ids().text == "Names at least one row of the data by id (such as S05, M01)."
    assert checklist.evidence_pieces().text == (
        "Uses at least 2 pieces of evidence, each with its id or quoted exactly."
    )
    assert avoids_words(["a", "b"]).text == (
        "Uses neutral words, or gives the evidence for any of: a, b (a speaker's words, "
        "quoted exactly, do not count)."
    )
    assert checklist.yourself("Is fair.") == Criterion("Is fair.")


def test_a_criterion_for_the_student_shows_no_reason():
    result = review("source_clues", ATTEMPT)
    mine = [i for i in result.items if i.status == "yourself"]
    assert mine and all(i.reason == "" for i in mine)


def test_a_check_that_breaks_says_so_in_plain_words(monkeypatch: pytest.MonkeyPatch):
    def broken(answer: str):
        raise RuntimeError("boom")

    task = checklist.Task("06", "Broken", "Prompt", (Criterion("Never crashes.", broken),), None)
    monkeypatch.setitem(TASKS, "broken_task", task)
    (item,) = review("broken_task", "An answer.").items
    assert item == Item("Never crashes.", "yourself", "could not be checked automatically")


def test_a_model_answer_with_nothing_to_say_renders_empty():
    assert ModelAnswer("t", "T")._repr_html_().endswith("<b>Model answer.</b> </div>")


def test_a_quotation_of_seven_words_is_cut_at_six():
    (q,) = checklist.read_quotations('"The Russian S-400 systems are incompatible with"')
    assert q.head() == "\u201cThe Russian S-400 systems are incompatible\u2026\u201d"


def test_a_quotation_of_exactly_the_minimum_counts_as_evidence():
    assert checklist.quoted_statements('"to our national security"') == ["S06"]
    assert checklist.quoted_statements(f'"maximalism" then "{KALIN}"') == ["S06"]


def test_a_passage_found_in_two_statements_names_both():
    short = run(quotes_speaker_from("United States"), '"to acquire the"')[1]
    assert short == (
        "0 statements quoted, 1 asked for: \u201cto acquire the\u201d is in S14, S15 but too "
        "short to count"
    )
    shared = '"that the United States has"'
    assert run(quotes_speaker_from("Russia"), shared) == (
        True,
        "2 statements quoted, 1 asked for: \u201cthat the United States has\u201d is S27, S28",
    )
    assert run(quotes_speaker_from("Turkey"), shared)[1] == (
        "0 statements quoted, 1 asked for: \u201cthat the United States has\u201d is S27 "
        "(Russia), S28 (Russia), not a speaker from Turkey"
    )


def test_an_invented_quotation_of_exactly_the_minimum_fails_the_line():
    answer = f'"{KALIN}" and "we will never agree"'
    passed, reason = run(quotes_speaker_from("Turkey"), answer)
    assert passed is False
    assert reason.endswith("; quote the table's words exactly, or drop the quotation marks")


def test_evidence_lists_its_first_ids_and_unknown_ones():
    unknown = "See S91, S92, S93, S94, S95, S96."
    assert run(checklist.evidence_pieces(), unknown) == (
        False,
        "no row has the id S91, S92, S93, S94, S95",
    )
    nine = " ".join(f"S{n:02d}" for n in range(1, 10))
    assert run(checklist.evidence_pieces(), nine) == (
        True,
        "evidence from S01, S02, S03, S04, S05, S06, S07, S08",
    )


def test_a_loaded_word_beside_evidence_is_said_in_full():
    assert run(avoids_words(), "It is propaganda, as C08 shows.") == (
        None,
        "you use 'propaganda', with evidence (C08): check that the evidence shows it, or choose "
        "a neutral word",
    )

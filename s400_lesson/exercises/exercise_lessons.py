"""Which lesson each exercise belongs to (a writing task says it in its own entry in TASKS).

Content, no engine: the records a check leaves name the lesson from here, and the class summary
counts an exercise among a lesson's. tests/test_class_summary.py checks it against the
notebooks, so a new exercise without its lesson fails there.
"""

from __future__ import annotations

EXERCISE_LESSONS: dict[str, str] = {
    "start_nato_members": "00",
    "start_black_sea": "00",
    "start_us_spokespeople": "00",
    "start_explorer_russia": "00",
    "timeline_article_dated": "01",
    "timeline_spans": "01",
    "timeline_gap": "01",
    "positions_quote_or_report": "02",
    "positions_us_speakers": "02",
    "positions_turkey_count": "02",
    "plan_forgone_2021": "03",
    "plan_share_turkish": "03",
    "steps_by_legislators": "04",
    "steps_turkey_taken": "04",
    "sanctions_targets": "04",
    "sanctions_bill_law": "04",
    "sanctions_undated": "04",
    "source_russia_share": "05",
    "source_quoted_words_russia": "05",
    "source_motive_claims": "05",
    "source_unclear": "05",
    "source_sort": "05",
    "clue_photo_credit": "06",
    "clue_interview": "06",
    "clue_last_word": "06",
    "checks_confirmed": "06",
    "checks_not_confirmed": "06",
    "checks_contradicted_claim": "06",
    "next_s400_events": "07",
    "next_kalin_post": "07",
    "next_rt_measures": "07",
    "predictions_happened": "07",
    "predictions_from_russia": "07",
}

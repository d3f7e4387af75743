"""The source pack's stored outline against the article: the same passages, in the same
order, each made only of the article's own words, with the article's headings and photo
credits. After a change to the data, remake it with ``python tests/source_pack_outline.py``."""

from __future__ import annotations

import re

from source_pack_outline import GAP, OUTLINE, dumps, outline
from textmatch import normalise

from s400_lesson import load_all
from s400_lesson.teacher.handouts.source_pack import load_outline, unplaced

REMAKE = "remake it: python tests/source_pack_outline.py"


def test_stored_outline_is_the_one_the_article_and_data_give(article_text: str) -> None:
    fresh = dumps(outline(article_text, load_all()))
    assert OUTLINE.read_text(encoding="utf-8") == fresh, f"{OUTLINE.name} is out of date: {REMAKE}"


def test_every_passage_is_the_articles_words_in_order(article_text: str) -> None:
    article = normalise(article_text)
    start = 0
    for section in load_outline():
        if section["heading"]:
            start = article.index(normalise(section["heading"]), start)
        for passage in section["passages"]:
            if passage.get("kind") == "photo":
                for words in (passage["caption"], passage["credit"]):
                    assert normalise(words) in article, words
                continue
            for piece in filter(None, (p.strip() for p in passage["text"].split(GAP.strip()))):
                found = article.find(normalise(piece), start)
                assert found >= start, f"not the article's words, or out of order: {piece[:60]!r}"
                start = found


def test_every_excerpt_of_the_data_has_its_place() -> None:
    missing = unplaced(load_all(), load_outline())
    assert not missing, f"{len(missing)} excerpts not in {OUTLINE.name}: {REMAKE}"


def test_photo_credits_and_section_headings_are_kept() -> None:
    sections = load_outline()
    assert [s["heading"] for s in sections][1:], "no section headings"
    photos = [p for s in sections for p in s["passages"] if p.get("kind") == "photo"]
    assert photos and all(re.match("©", p["credit"]) for p in photos)

"""Match the lesson data's quotations against the source article.

The article mixes straight and curly quote marks and sometimes puts a space before a
closing quote (``overnight, ”Ibrahim``), so text is compared after ``normalise``.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

QUOTE = '"'
# Double quote marks of every style (straight, curly, low, reversed, guillemets, double prime).
DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033'
# Single quote marks and apostrophes; they become the straight apostrophe.
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032"
_TRANSLATE = str.maketrans(DOUBLE_QUOTES + SINGLE_QUOTES, QUOTE * len(DOUBLE_QUOTES) + "'" * 5)
_SPACE_AROUND_QUOTE = re.compile(rf"\s*{QUOTE}\s*")
_WORD = re.compile(r"\w+(?:['-]\w+)*")

ARTICLE_HELP = "the article is expected at <repo>/../shared/source/article.txt"


def normalise(text: str) -> str:
    """One quote-mark style, no whitespace next to a quote mark, single spaces, no ends."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = _SPACE_AROUND_QUOTE.sub(QUOTE, text)
    return " ".join(text.split())


def found_in(needle: str, haystack: str) -> bool:
    """True if ``needle`` occurs in ``haystack`` once both are normalised."""
    return normalise(needle) in normalise(haystack)


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (quote marks and punctuation dropped)."""
    return _WORD.findall(normalise(text).lower())


def shared_run(text: str, source: str, length: int = 12) -> str | None:
    """The first run of ``length`` consecutive words ``text`` shares with ``source``, or None."""
    source_words = words(source)
    runs = {tuple(source_words[i : i + length]) for i in range(len(source_words) - length + 1)}
    text_words = words(text)
    for i in range(len(text_words) - length + 1):
        if tuple(text_words[i : i + length]) in runs:
            return " ".join(text_words[i : i + length])
    return None


def in_ci() -> bool:
    """True when the environment variable CI is set (CI services set CI=true)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def read_article(path: Path) -> str:
    """The article's text; skips the calling test if it is absent, but fails it in CI."""
    if not path.is_file():
        reason = f"source article not found at {path} ({ARTICLE_HELP})"
        if in_ci():
            pytest.fail(f"{reason}; in CI it must run, so this fails instead of skipping")
        pytest.skip(f"{reason}; the checks against the article cannot run without it")
    return path.read_text(encoding="utf-8")

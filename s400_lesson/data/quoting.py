"""Quotations as a reader sees them: a source's words inside quotation marks.

In the data layer, the lowest, so that the printed handouts, the notebooks' cards and the
role play all quote the same way. The data keeps the words exactly as the article has them;
only their display changes here.
"""

from __future__ import annotations

import re

__all__ = ["CLOSE", "OPEN", "cell_words", "quoted", "quoted_words"]

OPEN, CLOSE = "\u201c", "\u201d"
# A comma at the end of a text, or just inside its closing quotation mark ("ally,”").
_TRAILING_COMMA = re.compile(r"\s*,\s*(?=[\"'\u201d\u2019]?\s*$)")


def quoted_words(words: str) -> str:
    """The words to print between quotation marks.

    A trailing comma is dropped: it belongs to the article's sentence running on ("... NATO
    ally," said Kirby), not to the quotation. A full stop, question or exclamation mark stays.
    """
    text = words.strip()
    return text[:-1].rstrip() if text.endswith(",") else text


def quoted(words: str) -> str:
    """``words`` in curly quotation marks, as printed: ``quoted("ally,")`` is "“ally”"."""
    return f"{OPEN}{quoted_words(words)}{CLOSE}"


def cell_words(text: str) -> str:
    """``text`` as a table cell prints it: never ending with a comma.

    A cell is not a running sentence: a quotation cut from one keeps the article's comma in
    the data ("... NATO ally," said Kirby), but a cell shows it without, whether the comma
    ends the text or stands just inside its closing quotation mark.
    """
    return _TRAILING_COMMA.sub("", text) if "," in text else text

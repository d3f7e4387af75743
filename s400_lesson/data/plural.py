"""Counts in words: "1 statement", "2 statements", for every message that prints a count.

In the data layer, the lowest, so that every layer can use it.
"""

from __future__ import annotations

__all__ = ["counted", "plural"]

# The few nouns of the lessons' messages whose plural is not the singular plus "s".
_IRREGULAR = {"country": "countries", "delivery": "deliveries"}


def plural(n: int, singular: str, many: str | None = None) -> str:
    """``singular`` for a count of one, else ``many`` (default: the usual English plural)."""
    if n == 1:
        return singular
    return many or _IRREGULAR.get(singular) or singular + "s"


def counted(n: int, singular: str, many: str | None = None) -> str:
    """The count and its noun, agreeing: ``counted(1, "word")`` is "1 word"."""
    return f"{n} {plural(n, singular, many)}"

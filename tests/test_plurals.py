"""Every count a student or teacher reads agrees with its noun: "1 word", "2 words".

The messages are found by reading the package's source: an f-string that puts a count before
a plural noun ("{n} words") without going through ``counted`` or ``plural`` fails here, so a
new message is held to the rule without being listed.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import pytest

from s400_lesson.data.plural import counted, plural

PACKAGE = Path(__file__).resolve().parent.parent / "s400_lesson"
# A count: len(...), a name such as n, count, total, right, pages, or a totals[...] entry.
COUNT = re.compile(r"^(len\(.*\)|n|count|total|right|pages|minimum|failures|totals\[.*\])$")
# Words that follow a count and are plural nouns in the package's messages.
PLURAL_NOUN = re.compile(r"^\s*(?:</?b>\s*)*([a-z]+s)\b")
# Counts of things never one: fixed by the data and tested there (30 NATO members, 100 jets).
NEVER_ONE = {"members", "deliveries"}


def test_counted_agrees() -> None:
    assert counted(1, "word") == "1 word"
    assert counted(0, "word") == "0 words"
    assert counted(2, "country") == "2 countries"
    assert counted(1, "delivery") == "1 delivery"
    assert plural(3, "is", "are") == "are"


def bare_counts(source: str, name: str) -> list[str]:
    """'name:line {count} noun' for each f-string that prints a count before a plural noun."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for value, after in itertools.pairwise(node.values):
            if not (isinstance(value, ast.FormattedValue) and isinstance(after, ast.Constant)):
                continue
            expr, noun = ast.unparse(value.value), PLURAL_NOUN.match(str(after.value))
            if COUNT.match(expr) and noun and noun[1] not in NEVER_ONE:
                found.append(f"{name}:{node.lineno} {{{expr}}} {noun[1]}")
    return found


def test_no_count_is_printed_before_a_fixed_plural() -> None:
    found = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        for hit in bare_counts(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE)))
    ]
    assert found == [], "use counted(n, noun): " + "; ".join(found)


def test_the_scan_finds_a_bare_count() -> None:
    """Guards the scan above: it must see the mistake it exists for, and pass the cure."""
    bare = 'def f(n):\n    return f"{n} words; the task asks for more"\n'
    assert bare_counts(bare, "sample.py") == ["sample.py:2 {n} words"]
    cured = bare.replace("{n} words", "{counted(n, 'word')}")
    assert bare_counts(cured, "sample.py") == []


@pytest.fixture(scope="module")
def explorer():
    from s400_lesson.widgets.explorer import PositionsExplorer

    return PositionsExplorer()


def test_explorer_for_one_statement_says_one(explorer) -> None:
    options = [[v for _, v in dd.options] for dd in explorer.dropdowns.values()]
    for combo in itertools.product(*options):
        explorer.select(**dict(zip(explorer.dropdowns, combo, strict=True)))
        if len(explorer.matches) == 1:
            break
    else:
        pytest.fail("no filter leaves exactly one statement")
    assert "<b>1 statement</b> matches" in explorer.count.value
    assert "Positions explorer: 1 statement (" in explorer._repr_mimebundle_()["text/plain"]

"""Make the source pack's outline: the article's words that the lesson data holds, in order.

The package cannot ship or read the article itself, so the order of its passages, its
section headings and its photo captions are worked out here, from the article and the data,
and stored in ``s400_lesson/teacher/handouts/source_pack.json``. test_source_pack.py checks the
stored outline against a fresh one; after the data changes, rewrite it with

    python tests/source_pack_outline.py

A passage is one paragraph of the article (several, where a quotation runs on), printed with
only the words some data row holds as its evidence or, for a direct quote, as its text; the
words no row holds are shown as " … ", and punctuation between held words is kept.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parent.parent
ARTICLE = REPO.parent / "shared" / "source" / "article.txt"
OUTLINE = REPO / "s400_lesson" / "teacher" / "handouts" / "source_pack.json"
DOUBLE = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033'
SINGLE = "'\u2018\u2019\u201a\u201b\u2032"
# The rows a student cites by id (a table's first column); every table's words count.
CITABLE = {"statement_id", "event_id", "measure_id", "group_id", "check_id", "part_id",
           "prediction_id"}  # fmt: skip
GAP = " … "
# Rows of an outline table that are the article's headings and photos: short words that
# also occur in its text, so a search could find them in the wrong place.
STRUCTURE = {"heading", "photo_caption", "photo_credit"}


def held_words(data: dict[str, pd.DataFrame]) -> Iterator[tuple[str, str | None]]:
    """(words, citable id or None) for every verbatim string the data holds: each row's
    ``evidence`` in every table that has one, and the ``text`` of each direct quote."""
    for name, frame in data.items():
        if "evidence" not in frame.columns:
            continue
        key = frame.columns[0]
        for _, row in frame.iterrows():
            if str(row.get("kind", "")) in STRUCTURE:
                continue  # headings and photos are found by their shape, not by search
            cited = str(row[key]) if key in CITABLE else None
            if pd.notna(row["evidence"]):
                yield str(row["evidence"]), cited
            if name == "statements" and row.get("form") == "direct_quote":
                yield str(row["text"]), cited


def pattern(words: str) -> re.Pattern[str]:
    """A pattern for ``words`` in the article: any whitespace, any style of quotation mark."""
    out = []
    for ch in " ".join(words.split()):
        if ch == " ":
            out.append(r"\s*")
        elif ch in DOUBLE:
            out.append(rf"\s*[{DOUBLE}]\s*")
        elif ch in SINGLE:
            out.append(f"[{SINGLE}]")
        else:
            out.append(re.escape(ch))
    return re.compile("".join(out))


def _order(cited: str) -> tuple[str, int]:
    return cited[0], int(re.sub(r"\D", "", cited) or 0)


def outline(article: str, data: dict[str, pd.DataFrame]) -> list[dict]:
    """The sections of the article, each with its passages, as the stored JSON holds them."""
    spans = []
    for words, cited in held_words(data):
        found = pattern(words).search(article)
        if found is None:
            raise ValueError(f"not in the article: {words[:60]!r}")
        start, end = found.span()
        while start < end and article[start].isspace():  # a quote mark's pattern takes the
            start += 1  # spaces beside it; the span is the words alone
        while end > start and article[end - 1].isspace():
            end -= 1
        spans.append((start, end, cited))
    covered = [False] * len(article)
    for start, end, _ in spans:
        covered[start:end] = [True] * (end - start)
    blocks = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", article)]
    sections: list[dict] = [{"heading": "", "passages": []}]
    photo: dict | None = None
    last: dict | None = None
    for start, end in blocks:
        line = " ".join(article[start:end].split())
        if line.startswith("•"):  # a photo's caption, then its credit
            text = line.lstrip("• ").strip()
            if photo is None:
                photo = {"kind": "photo", "caption": text, "credit": ""}
                sections[-1]["passages"].append(photo)
            else:
                photo["credit"] = " ".join(filter(None, [photo["credit"], text]))
            continue
        if photo is not None and len(line.split()) <= 4 and not line.endswith("."):
            photo["credit"] += " " + line  # a credit that runs onto a second line
            continue
        photo = None
        if len(line.split()) <= 4 and not line.endswith((".", "?", "!", '"', "”")):
            sections.append({"heading": line, "passages": []})
            last = None
            continue
        text = _held_text(article, covered, start, end)
        ids = sorted({c for s, e, c in spans if c and s < end and e > start}, key=_order)
        # One excerpt that runs on from the paragraph before (a long quotation) joins them.
        runs_on = last is not None and any(s < last["end"] and e > start for s, e, _ in spans)
        if runs_on:
            last["text"] += " " + text
            last["ids"] = sorted(set(last["ids"]) | set(ids), key=_order)
            last["end"] = end
            continue
        last = {"kind": "text", "text": text, "ids": ids, "end": end}
        sections[-1]["passages"].append(last)
    for section in sections:
        for passage in section["passages"]:
            passage.pop("end", None)
    return sections


def _held_text(article: str, covered: list[bool], start: int, end: int) -> str:
    """The block's held words, with the punctuation between them and " … " for the rest."""
    parts, i = [], start
    while i < end:
        j = i
        while j < end and covered[j] == covered[i]:
            j += 1
        chunk = re.sub(r"\s+", " ", article[i:j])
        if covered[i] or not re.search(r"\w", chunk):
            parts.append(chunk)
        elif not parts or parts[-1] != GAP:
            parts.append(GAP)
        i = j
    text = re.sub(r" +", " ", "".join(parts)).strip()
    # The translation's stray space before a closing quote ("overnight, ”Ibrahim").
    return re.sub(rf"([,.?!]) ?([{DOUBLE}]) ?(?=\w)", r"\1\2 ", text)


def dumps(sections: list[dict]) -> str:
    return json.dumps(sections, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    sys.path.insert(0, str(REPO))
    from s400_lesson import load_all

    sections = outline(ARTICLE.read_text(encoding="utf-8"), load_all())
    OUTLINE.write_text(dumps(sections), encoding="utf-8")
    print(f"wrote {OUTLINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The vocabulary sheet: every glossary term with its full name and definition."""

from __future__ import annotations

import pandas as pd

from . import pdf


def build_vocabulary(glossary: pd.DataFrame, paper: str = "A4") -> pdf.Handout:
    """A two-column table of the glossary, in the glossary's order."""
    missing = {"term", "definition"} - set(glossary.columns)
    if missing:
        raise ValueError(f"the glossary has no column {', '.join(sorted(missing))}")
    doc = pdf.Handout("Vocabulary", paper)
    doc.add_page()
    pdf.title(doc, "Vocabulary", "The terms the lessons use, from the glossary")
    full = glossary["full_name"] if "full_name" in glossary.columns else None
    rows = []
    for i, term in enumerate(glossary["term"].astype(str)):
        name = "" if full is None or pd.isna(full.iloc[i]) else str(full.iloc[i])
        shown = f"{term} ({name})" if name and name != term else term
        rows.append({"Term": shown, "Definition": str(glossary["definition"].iloc[i])})
    pdf.table(doc, pd.DataFrame(rows, columns=["Term", "Definition"]), size=10)
    return doc

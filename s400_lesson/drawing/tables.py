"""Tables a class can read: the few columns a point needs, with headers and values in words.

``show_table`` turns a DataFrame into a :class:`SlideTable`: chosen columns under readable
headers, codes such as ``head_of_state`` shown as "head of state", missing values as a dash,
dates without a time, no index, every value HTML-escaped. Prose is left-aligned and wraps
only between words, numbers are right-aligned, and a long table can stop after a few rows
with a line that says how many more the notebook has. ``show_counts`` does the same for the
output of ``value_counts()``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from ..data.plural import counted
from ..data.quoting import cell_words
from .style import POSITION_STYLE

__all__ = [
    "MISSING",
    "SlideTable",
    "escape_whole_words",
    "label",
    "reader_date",
    "show_counts",
    "show_table",
    "words",
]

MISSING = "—"
# Words a reader writes in capitals or with a hyphen, whatever the code says.
FIXED_WORDS = {
    "nato": "NATO",
    "us": "US",
    "f35": "F-35",
    "f16": "F-16",
    "s400": "S-400",
    "atak": "ATAK",
    "rt": "RT",
}
# Codes whose words alone would say less than the codebook means: shown as their full label.
VALUE_WORDS = {
    **{code: text for code, (_colour, _hatch, text) in POSITION_STYLE.items()},
    "external": "outside record",
}
# A code: lower-case words joined by underscores (head_of_state, direct_quote, f35).
_CODE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
_LABEL_SUFFIXES = ("_label", "_id")
# Tokens a browser may break at a hyphen or slash ("2002-/01-01", "F-/35"): kept whole.
_BREAKABLE_TOKEN = re.compile(r"\S*[-/\u2010\u2013\u2014]\S*")

# The class is doubled to outrank JupyterLab's own table rules (right-aligned cells, fixed
# layout), whose selectors carry two classes.
TABLE_CSS = """<style>
table.s400-table.s400-table {border-collapse: collapse; table-layout: auto; width: auto;
  max-width: 100%; margin: 0.3em 0; font-size: 1em}
table.s400-table.s400-table caption {caption-side: top; text-align: left; font-weight: bold;
  padding: 0 0 0.3em 0}
table.s400-table.s400-table th, table.s400-table.s400-table td {text-align: left;
  vertical-align: top; padding: 0.2em 0.6em; border: none; border-bottom: 1px solid #bbb;
  white-space: normal; word-break: normal; overflow-wrap: normal; hyphens: manual;
  line-height: 1.25}
table.s400-table.s400-table th {border-bottom: 2px solid #333; font-weight: bold}
table.s400-table.s400-table td.s400-num, table.s400-table.s400-table th.s400-num {text-align: right;
  white-space: nowrap; font-variant-numeric: tabular-nums}
table.s400-table.s400-table .s400-whole {white-space: nowrap}
p.s400-more {font-style: italic; margin: 0.2em 0; text-align: left}
</style>"""


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def reader_date(text: str) -> str:
    """'2020-12-14' as '14 December 2020'; any other text as it is."""
    match = _ISO_DATE.match(text.strip())
    if not match:
        return text
    year, month, day = (int(part) for part in match.groups())
    return f"{day} {MONTH_NAMES[month - 1]} {year}" if 1 <= month <= 12 else text


def words(value: object) -> str:
    """A code as words, in the case it has: 'head_of_state' -> 'head of state', 'us' -> 'US'."""
    return " ".join(FIXED_WORDS.get(w, w) for w in str(value).replace("_", " ").split())


def label(value: object) -> str:
    """A code or column name as a heading: 'nato_obligations' -> 'NATO obligations'.

    A column such as ``date_label`` or ``actor_id`` drops its suffix: 'Date', 'Actor'.
    """
    name = str(value)
    for suffix in _LABEL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name.removesuffix(suffix)
    text = words(name)
    return text[:1].upper() + text[1:]


class SlideTable:
    """A table to show: ``frame`` holds the strings shown, under the headers shown."""

    def __init__(
        self,
        frame: pd.DataFrame,
        *,
        caption: str | None = None,
        more: int = 0,
        numeric: Sequence[str] = (),
    ) -> None:
        self.frame = frame
        self.caption = caption
        self.more = more
        self.numeric = frozenset(numeric)

    @property
    def more_line(self) -> str:
        """The line under a shortened table, or '' when every row is shown."""
        if not self.more:
            return ""
        rows = "row" if self.more == 1 else "rows"
        return f"… and {self.more} more {rows} (see the notebook)"

    def _cell(self, tag: str, column: str, text: str) -> str:
        kind = ' class="s400-num"' if column in self.numeric else ""
        if column in self.numeric:
            return f"<{tag}{kind}>{html.escape(text)}</{tag}>"
        return f"<{tag}{kind}>{escape_whole_words(text)}</{tag}>"

    def _repr_html_(self) -> str:
        columns = list(self.frame.columns)
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        head = "".join(self._cell("th", c, str(c)) for c in columns)
        body = "".join(
            "<tr>"
            + "".join(self._cell("td", c, v) for c, v in zip(columns, row, strict=True))
            + "</tr>"
            for row in self.frame.itertuples(index=False, name=None)
        )
        more = f'<p class="s400-more">{html.escape(self.more_line)}</p>' if self.more else ""
        return (
            f'{TABLE_CSS}<table class="s400-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{more}"
        )

    def __repr__(self) -> str:
        lines = [self.caption] if self.caption else []
        if self.frame.empty:
            lines.append("(no rows)")
        else:
            lines.append(self.frame.to_string(index=False))
        if self.more:
            lines.append(self.more_line)
        return "\n".join(lines)


def escape_whole_words(text: str) -> str:
    """Escaped text whose hyphenated or slashed tokens cannot be split across lines."""
    parts, last = [], 0
    for match in _BREAKABLE_TOKEN.finditer(text):
        parts.append(html.escape(text[last : match.start()]))
        parts.append(f'<span class="s400-whole">{html.escape(match.group(0))}</span>')
        last = match.end()
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def _headers(frame: pd.DataFrame, columns: Mapping[str, str] | Sequence[str] | None) -> dict:
    if columns is None:
        chosen: dict = {c: label(c) for c in frame.columns}
    elif isinstance(columns, Mapping):
        chosen = dict(columns)
    elif isinstance(columns, str):
        raise TypeError("columns: give a list of column names or a dict of name -> header")
    else:
        chosen = {c: label(c) for c in columns}
    if missing := [c for c in chosen if c not in frame.columns]:
        raise KeyError(
            f"no column {', '.join(map(repr, missing))}; the table has {list(frame.columns)}"
        )
    return chosen


def _is_number(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _show_value(value: object, codes: bool, names: Mapping[str, str] | None = None) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return MISSING
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return ("yes" if value else "no") if codes else str(bool(value))
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        return str(int(number)) if number.is_integer() else f"{number:.2f}".rstrip("0")
    if hasattr(value, "item") and not isinstance(value, str):  # numpy integers
        value = value.item()
    text = cell_words(str(value))  # a cell never ends with a comma, as the article's may
    if names and text in names:
        return names[text]
    if codes and text in VALUE_WORDS:
        return VALUE_WORDS[text]
    if codes and _CODE.fullmatch(text):
        return words(text)
    return text


def show_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | Sequence[str] | None = None,
    *,
    caption: str | None = None,
    max_rows: int | None = None,
    codes: bool = True,
    names: Mapping[str, str] | None = None,
) -> SlideTable:
    """The chosen ``columns`` of ``frame`` as a readable table (no index, values in words).

    ``columns`` is a list of names (headers made by :func:`label`) or a dict of
    name -> header; ``None`` shows every column. With ``codes`` (the default), values
    such as ``head_of_state`` read "head of state" and True/False read yes/no. Missing
    values show as "—" and dates without a time, and no cell ends with a comma (a quotation
    cut from the article's running sentence keeps its comma in the data only). ``max_rows``
    shows only the first rows and a line saying how many more there are. ``names`` gives
    the words for values that are ids, e.g. ``actor_names()``: 'turkey' reads "Turkey", not
    "turkey".
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"show_table needs a DataFrame, not {type(frame).__name__}")
    if max_rows is not None and max_rows < 1:
        raise ValueError("max_rows must be at least 1")
    headers = _headers(frame, columns)
    rows = frame if max_rows is None else frame.head(max_rows)
    shown = pd.DataFrame(
        {
            header: [_show_value(v, codes, names) for v in rows[name].astype(object)]
            for name, header in headers.items()
        },
        columns=list(headers.values()),
    )
    numeric = [header for name, header in headers.items() if _is_number(frame[name])]
    return SlideTable(shown, caption=caption, more=len(frame) - len(rows), numeric=numeric)


def show_counts(
    counts: pd.Series,
    label: str | Sequence[str],
    count_label: str = "Count",
    *,
    caption: str | None = None,
    max_rows: int | None = None,
    codes: bool = True,
) -> SlideTable:
    """A count (``value_counts()`` or ``groupby(...).size()``) as a two-column table.

    ``label`` heads the column of counted values (one header per level of a grouped
    count); ``count_label`` heads the counts.

    >>> show_counts(statements["form"].value_counts(), "Form", "Statements")  # doctest: +SKIP
    """
    if isinstance(counts, pd.DataFrame) and counts.shape[1] == 1:
        counts = counts.iloc[:, 0]
    if not isinstance(counts, pd.Series) or not _is_number(counts):
        raise TypeError("show_counts needs counts: the Series that value_counts() returns")
    names = [label] if isinstance(label, str) else list(label)
    if len(names) != counts.index.nlevels:
        wanted = counted(counts.index.nlevels, "label")
        raise ValueError(f"give {wanted}, one per level of the counts")
    keys = [f"level_{i}" for i in range(len(names))]
    frame = counts.rename("count").rename_axis(keys).reset_index()
    columns = {**dict(zip(keys, names, strict=True)), "count": count_label}
    return show_table(frame, columns, caption=caption, max_rows=max_rows, codes=codes)

"""The handouts' page layout, on fpdf2: fonts, headings, text, ruled lines, charts, tables.

fpdf2 is pure Python (Pillow and fontTools come with matplotlib already), so a teacher's
``pip install`` needs no browser and no system library. Text is set in the DejaVu fonts that
matplotlib ships, embedded in each PDF, so Turkish letters (Çavuşoğlu, Erdoğan) print as written.
Everything is black on white or in greys: the pages print the same on a black-and-white printer.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import matplotlib as mpl
import mistune
import pandas as pd
from fpdf import FPDF, FontFace, TextStyle
from fpdf.enums import XPos, YPos

from ...data.quoting import cell_words
from ...drawing.tables import label, reader_date

PAPER = {"A4": "A4", "letter": "Letter"}
FONTS = Path(mpl.get_data_path()) / "fonts" / "ttf"
SANS = "DejaVu"
MONO = "DejaVuMono"
BODY_PT = 11
SMALLEST_PT = 9  # no text on a printed page is smaller, tables and footers included
LINE_MM = 9  # ruled writing lines: 9 mm apart, a comfortable handwriting height
GREY = (90, 90, 90)
RULE = (150, 150, 150)

# Markdown as the notebooks write it, to the HTML fpdf2 sets (no raw HTML passes through).
_MARKDOWN = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
# An image in a cell prints as its alt text: fpdf2 would otherwise load its address, maybe
# from the web, and the handouts are built offline.
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


class Handout(FPDF):
    """A4 or US Letter pages with a running footer: the handout's name and the page number."""

    def __init__(self, name: str, paper: str = "A4") -> None:
        if paper not in PAPER:
            raise ValueError(f"paper must be one of {', '.join(PAPER)}, not {paper!r}")
        super().__init__(format=PAPER[paper], unit="mm")
        self.name, self.paper = name, paper
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_creator("s400_lesson handouts")
        self.set_title(name)
        for style, suffix in [("", ""), ("B", "-Bold"), ("I", "-Oblique"), ("BI", "-BoldOblique")]:
            self.add_font(SANS, style, FONTS / f"DejaVuSans{suffix}.ttf")
        self.add_font(MONO, "", FONTS / "DejaVuSansMono.ttf")
        self.set_font(SANS, size=BODY_PT)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(SANS, size=SMALLEST_PT)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.name}  ·  page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0)
        self.set_font(SANS, size=BODY_PT)


def keep_together(pdf: Handout, draw: Callable[[FPDF], None]) -> None:
    """Draw a block on this page if it fits, else start it on the next one (no orphan heading).

    A block taller than a whole page starts where it is and breaks where it must.
    """
    height = height_of(pdf, draw)
    if height <= pdf.eph and pdf.will_page_break(height) and pdf.get_y() > pdf.t_margin + 1:
        pdf.add_page()
    draw(pdf)


_SCRATCH: dict[str, Handout] = {}


def height_of(pdf: Handout, draw: Callable[[FPDF], None]) -> float:
    """How tall ``draw`` makes its block on ``pdf``'s paper, measured on a scratch document.

    fpdf2's own offset_rendering deep-copies the document, fonts and all, for every trial
    (a third of the build time); one scratch document per paper size loads the fonts once.
    """
    scratch = _SCRATCH.get(pdf.paper)
    if scratch is None or scratch.pages_count > 40:  # start afresh now and then: less memory
        scratch = _SCRATCH[pdf.paper] = Handout("scratch", pdf.paper)
    scratch.add_page()
    start_page, start_y = scratch.page, scratch.get_y()
    draw(scratch)
    return scratch.get_y() - start_y + (scratch.page - start_page) * scratch.eph


def title(pdf: FPDF, text: str, subtitle: str = "", size: float = 17) -> None:
    pdf.set_font(SANS, "B", size)
    pdf.multi_cell(0, 8, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if subtitle:
        pdf.set_font(SANS, "", 10)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 5, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0)
    pdf.ln(2)
    pdf.set_font(SANS, size=BODY_PT)


def name_line(pdf: FPDF) -> None:
    """Name and date fields at the top of a student's page."""
    pdf.set_font(SANS, size=BODY_PT)
    y = pdf.get_y() + 6
    pdf.text(pdf.l_margin, y, "Name:")
    pdf.text(pdf.l_margin + 0.62 * pdf.epw, y, "Date:")
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin + 14, y + 1, pdf.l_margin + 0.6 * pdf.epw, y + 1)
    pdf.line(pdf.l_margin + 0.62 * pdf.epw + 12, y + 1, pdf.l_margin + pdf.epw, y + 1)
    pdf.set_y(y + 6)


def heading(pdf: FPDF, text: str, size: float = 13) -> None:
    pdf.ln(2)
    pdf.set_font(SANS, "B", size)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font(SANS, size=BODY_PT)


def markdown(pdf: FPDF, text: str) -> None:
    """A notebook's markdown: paragraphs, lists, bold, italics, code and tables."""
    html = _MARKDOWN(_LINK.sub(r"\1", _IMAGE.sub(r"[image: \1]", text.strip())))
    pdf.set_font(SANS, size=BODY_PT)
    pdf.write_html(
        html,
        font_family=SANS,
        ul_bullet_char="•",
        li_prefix_color=(0, 0, 0),
        tag_styles={
            "code": FontFace(family=MONO, size_pt=BODY_PT - 1),
            "pre": TextStyle(font_family=MONO, font_size_pt=BODY_PT - 1, t_margin=2),
            "p": TextStyle(font_family=SANS, font_size_pt=BODY_PT, t_margin=1, b_margin=1),
            "li": TextStyle(l_margin=6, t_margin=1),
            "ul": TextStyle(t_margin=1),
            "ol": TextStyle(t_margin=1),
            # Headings inside a cell (a hint under an exercise): black, a little larger.
            **{
                f"h{level}": TextStyle(
                    font_family=SANS, font_style="B", font_size_pt=BODY_PT + 1, color=0, t_margin=2
                )
                for level in range(1, 7)
            },
        },
    )
    pdf.set_font(SANS, size=BODY_PT)


def ruled_lines(pdf: FPDF, count: int) -> None:
    """``count`` lines to write on; continues on the next page if this one runs out."""
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    for _ in range(count):
        if pdf.will_page_break(LINE_MM):
            pdf.add_page()
        y = pdf.get_y() + LINE_MM
        pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.epw, y)
        pdf.set_y(y)
    pdf.ln(3)
    pdf.set_draw_color(0)


def chart_page(pdf: FPDF, png: bytes, dpi: float, alt: str = "") -> None:
    """A chart on a landscape page of its own, as large as fits.

    The lessons' charts are drawn for a screen about 10 inches wide; on a portrait page their
    labels would shrink to 6 pt. Landscape keeps them near the size they were drawn at.
    """
    from PIL import Image

    with Image.open(io.BytesIO(png)) as picture:
        width_in, height_in = picture.width / dpi, picture.height / dpi
    pdf.add_page(orientation="L")
    scale = min(pdf.epw / (width_in * 25.4), (pdf.eph - 4) / (height_in * 25.4))
    width = width_in * 25.4 * scale
    x = pdf.l_margin + (pdf.epw - width) / 2
    pdf.image(io.BytesIO(png), x=x, y=pdf.t_margin, w=width, alt_text=alt or None)


def table(
    pdf: Handout, frame: pd.DataFrame, title_text: str = "", size: float = 10, lead: str = ""
) -> None:
    """A DataFrame as a bordered table across the text width, no word ever split.

    A column still named as in the data prints under a reader's header
    (:func:`column_header`: ``date_label`` as "Date", ``main_event_id`` as "Main event");
    values print as a reader writes them (:func:`reader_value`). A table that fits on one
    page is kept on one page, in type up to 1 pt smaller (never under 9 pt) if that is what
    it takes; a longer one breaks with its header repeated. ``lead`` is a heading above the
    title that stays with the table.
    """

    def draw(p: FPDF, points: float) -> None:
        if lead:
            heading(p, lead, 14)
        inline_table(p, frame, title_text, points)

    def fits(points: float) -> bool:
        return height_of(pdf, lambda p: draw(p, points)) <= pdf.eph

    # Smaller type only when it keeps the table on one page; else the size asked for.
    smaller = [s for s in (size, size - 0.5, size - 1) if s >= SMALLEST_PT]
    size = next((s for s in smaller if fits(s)), size)
    keep_together(pdf, lambda p: draw(p, size))
    pdf.ln(4)
    pdf.set_font(SANS, size=BODY_PT)


def inline_table(pdf: FPDF, frame: pd.DataFrame, title_text: str = "", size: float = 10) -> None:
    """A table drawn where the page is, inside a block that is kept together as a whole."""
    header = [column_header(c) for c in frame.columns]
    rows = [[reader_value(v) for v in row] for row in frame.itertuples(index=False)]
    if title_text:
        heading(pdf, title_text, 11.5)
    _grid(pdf, header, rows, max(size, SMALLEST_PT))
    pdf.ln(2)
    pdf.set_font(SANS, size=BODY_PT)


# A column name as the data spells it: lower-case words joined by underscores ("event_id").
_COLUMN_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


def column_header(name: object) -> str:
    """The header a column prints under: a header already written for a reader as it is, a
    column still named as in the data as a reader's words ("event_id" as "Event", "date_label"
    as "Date", "main_event_id" as "Main event"), never the name itself."""
    text = str(name)
    return label(text) if _COLUMN_NAME.fullmatch(text) else text


def _grid(pdf: FPDF, header: list[str], rows: list[list[str]], size: float) -> None:
    pdf.set_font(SANS, size=size)
    widths = _column_widths(pdf, [header, *rows], size)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        align="LEFT",
        text_align="LEFT",
        line_height=size * 0.5,
        padding=1.2,
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 225, 225)),
        repeat_headings=1,
    ) as grid:
        for row in [header, *rows]:
            grid.row(row)


def _column_widths(pdf: FPDF, rows: list[list[str]], size: float) -> list[float]:
    """Each column at least as wide as its longest word; the spare width goes to the columns
    whose text would otherwise wrap most (titles, definitions)."""
    pad = 2 * 1.2 + 1.2
    header, *body = rows
    smallest, whole = [], []
    for i, name in enumerate(header):
        pdf.set_font(SANS, "B", size)  # the header row is bold
        head_words = [pdf.get_string_width(w) for w in name.split()]
        head = pdf.get_string_width(name)
        pdf.set_font(SANS, "", size)
        values = [row[i] for row in body]
        words = [pdf.get_string_width(w) for v in values for w in _unbroken(v)]
        smallest.append(max([0.0, *head_words, *words]) + pad)
        whole.append(max([head, *(pdf.get_string_width(v) for v in values)]) + pad)
    pdf.set_font(SANS, size=size)
    room = pdf.epw - 0.01  # fpdf2 refuses a table even a rounding error wider than the page
    if sum(whole) <= room:
        return whole
    spare = max(room - sum(smallest), 0)
    extra = [w - s for w, s in zip(whole, smallest, strict=True)]
    return [s + spare * e / sum(extra) for s, e in zip(smallest, extra, strict=True)]


# A value this short ("12 min", "S14", "9 July") reads as one unit: its column is made wide
# enough that it never wraps, where a longer one may wrap between its words.
SHORT_VALUE = 12


def _unbroken(value: str) -> list[str]:
    """The runs of ``value`` that must not wrap: the whole of a short value, else its words.
    A blank value (a cell left to write in) keeps its whole width: room for the answer."""
    return [value] if len(value) <= SHORT_VALUE or not value.strip() else value.split()


def save(pdf: FPDF, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def reader_value(value: object) -> str:
    """A table value as a reader writes it: 3 not 3.0, 14 December 2020 not 2020-12-14,
    a dash for a missing value, no comma at the end (a quotation cut from the article's
    running sentence keeps its comma in the data, not in a cell: :func:`cell_words`)."""
    if value is None or (not isinstance(value, list | tuple | dict) and pd.isna(value)):
        return "—"
    if isinstance(value, pd.Timestamp):
        value = value.strftime("%Y-%m-%d")
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        return str(int(number)) if number.is_integer() else f"{number:.1f}"
    if hasattr(value, "item") and not isinstance(value, str):  # numpy integers and booleans
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return cell_words(_DATA_FILE.sub(_data_file_words, reader_date(str(value))))


# A note may point to another data file ("outside_statements.csv O11"): on paper, its words.
_DATA_FILE = re.compile(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)*)\.csv\b")


def _data_file_words(match: re.Match[str]) -> str:
    return f"the {match.group(1).replace('_', ' ')} table"


def checklist(pdf: FPDF, lead: str, items: list[str]) -> None:
    """Tick boxes with a line each, under a short lead ("Before you hand it in:")."""
    pdf.set_font(SANS, "B", BODY_PT - 1)
    pdf.multi_cell(0, 5, lead, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(SANS, "", BODY_PT - 1)
    for item in items:
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(6, 5, "☐")
        pdf.multi_cell(0, 5, item, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font(SANS, size=BODY_PT)


def field_line(pdf: FPDF, label: str) -> None:
    """A label and a line to write on after it ("Accepted as fair by: ______")."""
    pdf.set_font(SANS, size=BODY_PT)
    y = pdf.get_y() + 7
    pdf.text(pdf.l_margin, y, label)
    start = pdf.l_margin + pdf.get_string_width(label) + 2
    pdf.set_draw_color(*RULE)
    pdf.line(start, y + 1, pdf.l_margin + pdf.epw, y + 1)
    pdf.set_draw_color(0)
    pdf.set_y(y + 4)


_DOUBLE = '"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033'
_SINGLE = "\u2018\u2019\u201a\u201b\u2032"
_QUOTE_MARKS = str.maketrans({c: '"' for c in _DOUBLE} | {c: "'" for c in _SINGLE})


def normalised(text: str) -> str:
    """``text`` as compared with other wordings: one style of quotation mark, no space beside
    a double one, single spaces, one case."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTE_MARKS)
    return " ".join(re.sub(r'\s*"\s*', '"', text).split()).casefold()

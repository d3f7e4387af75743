"""The lessons' chart style: palette, figure set-up and the Chart type.

Every chart is a :class:`Chart`: a matplotlib figure with alt text written from
its data and, where it carries numbers, those numbers as a table. Jupyter shows
it as HTML: the PNG in an ``<img>`` with its alt text (JupyterLab draws a bare
``image/png`` output with no alt text at all) and a "The numbers" disclosure; the
PNG itself, with the alt text in its metadata, stays in the bundle for tools
that show images only. Colours are the Okabe-Ito palette, safe for
colour-blind readers, and every colour is paired with a hatch or a marker shape
and a text label, so no meaning rests on colour alone. Figures are built with
``matplotlib.figure.Figure`` rather than pyplot so nothing is displayed twice
and nothing lingers in memory between redraws.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ParamSpec, TypeVar

import matplotlib as mpl
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

P = ParamSpec("P")
R = TypeVar("R")

SOURCE_LINE = (
    "Source: one news article (English translation of a Russian report, March 2021), with "
    "outside records where marked; the lessons' data."
)

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++", "--"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

# What each statement's argument supports about Turkey keeping the S-400 (codebook: s400_position).
# The labels describe the argument, not the speaker, in words either government would accept,
# and in parallel form: the same verb for both outcomes, in the codes and in the labels.
POSITION_COLUMN = "s400_position"
POSITION_STYLE = {
    "turkey_should_keep": ("#D55E00", "//", "Argues Turkey should keep it"),
    "no_position": ("#F0E442", "", "Takes no position"),
    "turkey_should_give_up": ("#0072B2", "..", "Argues Turkey should give it up"),
}

# On a 1280x720 slide a chart is shown at most at its own size (100 dpi), so a point of
# type is 100/72 px there: 11 pt is 15 px, above the 14 px a back row can read. No text in
# a chart is smaller than SMALL_PT; figures are sized in inches to fit a slide under a heading.
SMALL_PT = 11
RC = {
    "font.size": 12,
    "axes.titlesize": 15,
    "axes.titleweight": "bold",
    "axes.labelsize": 12,
    "legend.fontsize": SMALL_PT,
    "xtick.labelsize": SMALL_PT,
    "ytick.labelsize": SMALL_PT,
    "figure.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "s400",
}


# The disclosure under a chart. On a slide (the exported decks and the live show, both inside
# .reveal) it stays closed and takes no room: the alt text there carries the same numbers.
NUMBERS_SUMMARY = "The numbers"
FIGURE_CSS = """<style>
.s400-numbers table {border-collapse: collapse; margin: 0.3em 0}
.s400-numbers caption {text-align: left; font-weight: bold; padding-bottom: 0.2em}
.s400-numbers th, .s400-numbers td {border-bottom: 1px solid #bbb; padding: 0.15em 0.6em;
  text-align: left}
.s400-numbers .s400-num {text-align: right; font-variant-numeric: tabular-nums}
.reveal .s400-numbers {display: none}
</style>"""


@dataclass
class Chart:
    """A figure plus the alt text that describes it to someone who cannot see it.

    ``numbers``, when the chart carries numbers, is the table of them as a reader would want
    it (headers and values as shown); ``data`` is what the chart was drawn from.
    """

    figure: Figure
    alt: str
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    numbers: pd.DataFrame | None = None

    def png(self) -> bytes:
        """The chart as PNG bytes; the same data always gives the same bytes."""
        canvas = self.figure.canvas
        if not isinstance(canvas, FigureCanvasAgg):
            canvas = FigureCanvasAgg(self.figure)
        # Straight to Agg rather than savefig, which swaps canvases and resets the dpi on every
        # call (~10 ms a widget redraw); light compression costs ~5% in size and saves ~4 ms.
        buffer = io.BytesIO()
        canvas.print_png(buffer, metadata={"Software": None}, pil_kwargs={"compress_level": 1})
        return buffer.getvalue()

    @property
    def min_font_pt(self) -> float:
        """The smallest type in the chart, in points (what the slide tests measure)."""
        return min_font_pt(self.figure)

    @property
    def dpi(self) -> float:
        """Pixels per inch of the PNG."""
        return float(self.figure.dpi)

    def data_uri(self) -> str:
        """The PNG as a data: URI, for an <img> inside widget HTML."""
        return "data:image/png;base64," + base64.b64encode(self.png()).decode("ascii")

    def img_html(self, data_uri: str | None = None, css_class: str = "") -> str:
        """An <img> of the chart with its alt text escaped.

        The tag also says the chart's smallest font (points) and dpi, so the size its text is
        shown at on a slide can be worked out.
        """
        return (
            f'<img class="{css_class}" src="{data_uri or self.data_uri()}" '
            f'alt="{html.escape(self.alt, quote=True)}" '
            f'data-min-font-pt="{self.min_font_pt:g}" data-dpi="{self.dpi:g}" '
            'style="max-width:100%;height:auto">'
        )

    def numbers_html(self) -> str:
        """The chart's numbers as a table in a closed "The numbers" disclosure ('' if none)."""
        if self.numbers is None or self.numbers.empty:
            return ""
        caption = self.figure.get_suptitle().strip() or "The numbers in the chart"
        return (
            f'<details class="s400-numbers"><summary>{NUMBERS_SUMMARY}</summary>'
            f"{numbers_table(self.numbers, caption)}</details>"
        )

    def html(self, data_uri: str | None = None, css_class: str = "") -> str:
        """The chart as HTML: the image with its alt text, then its numbers' disclosure."""
        return (
            f'{FIGURE_CSS}<div class="s400-figure">{self.img_html(data_uri, css_class)}'
            f"{self.numbers_html()}</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = base64.b64encode(self.png()).decode("ascii")
        size = {"min_font_pt": round(self.min_font_pt, 2), "dpi": self.dpi}
        data = {
            "text/html": self.html("data:image/png;base64," + png),
            "image/png": png,
            "text/plain": self.alt,
        }
        return data, {"image/png": {"alt": self.alt, **size}}


def numbers_table(numbers: pd.DataFrame, caption: str) -> str:
    """An escaped HTML table of ``numbers`` under ``caption``: headers as columns, numbers
    right-aligned, no index."""
    numeric = {c for c in numbers.columns if pd.api.types.is_numeric_dtype(numbers[c])}

    def cell(tag: str, column: object, text: object) -> str:
        kind = ' class="s400-num"' if column in numeric else ""
        scope = ' scope="col"' if tag == "th" else ""
        return f"<{tag}{kind}{scope}>{html.escape(str(text))}</{tag}>"

    head = "".join(cell("th", c, c) for c in numbers.columns)
    body = "".join(
        "<tr>"
        + "".join(cell("td", c, v) for c, v in zip(numbers.columns, row, strict=True))
        + "</tr>"
        for row in numbers.itertuples(index=False, name=None)
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def min_font_pt(fig: Figure) -> float:
    """The size in points of the smallest visible, non-empty text in ``fig``."""
    sizes = [
        text.get_fontsize()
        for text in fig.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    ]
    return float(min(sizes, default=0.0))


def styled(draw: Callable[P, R]) -> Callable[P, R]:
    """Run a chart function under the lesson style (rc settings apply while artists are made)."""

    @functools.wraps(draw)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(RC):
            return draw(*args, **kwargs)

    return wrapper


def new_figure(width: float = 9, height: float = 4.5, panels: Sequence[float] = (1,)) -> Figure:
    """A figure laid out so titles and labels are never cut off.

    One set of axes, or side-by-side panels sharing the y axis with these relative widths.
    """
    fig = Figure(figsize=(width, height), layout="constrained")
    # An Agg canvas of its own: a figure saved again reuses its renderer and cached text metrics.
    FigureCanvasAgg(fig)
    if len(panels) == 1:
        fig.add_subplot()
    else:
        fig.subplots(1, len(panels), sharey=True, gridspec_kw={"width_ratios": list(panels)})
        fig.get_layout_engine().set(w_pad=0.02, wspace=0.02)
    return fig


def finish(
    fig: Figure, title: str, xlabel: str, ylabel: str, note: str = "", subtitle: str | None = None
) -> tuple[Text, Text | None]:
    """Title, axis labels and the source line: what every lesson chart carries.

    Returns the title and subtitle texts, so a chart redrawn in place can change them. A
    ``subtitle`` (one line, e.g. the filters a widget applies) sits under the title.
    """
    ax = fig.axes[0]
    # Figure-level titles stay whole however wide the axis labels are.
    height = fig.get_figheight()
    top = 1 - 0.06 / height
    heading = fig.suptitle(
        title,
        x=0.01,
        y=top,
        ha="left",
        va="top",
        fontsize=RC["axes.titlesize"],
        fontweight="bold",
    )
    sub = None
    reserved = 0.45
    if subtitle is not None:
        sub = fig.text(0.01, top - 0.3 / height, subtitle, ha="left", va="top", fontsize=SMALL_PT)
        reserved += 0.28
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    # Wrapped to the figure's width at the source line's size (about 12 characters an inch).
    lines = textwrap.wrap(" ".join(filter(None, [SOURCE_LINE, note])), int(fig.get_figwidth() * 12))
    fig.text(0.005, 0.005, "\n".join(lines), fontsize=SMALL_PT, color="#333", va="bottom")
    bottom = (0.08 + 0.2 * len(lines)) / height
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - reserved / height - bottom))
    return heading, sub


def freeze_layout(fig: Figure) -> None:
    """Lay ``fig`` out once and keep that layout, so later redraws skip the layout pass.

    For charts whose axes, ticks and legend are fixed and only bars and labels change: the
    constrained layout otherwise draws the whole figure a second time on every save.
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")

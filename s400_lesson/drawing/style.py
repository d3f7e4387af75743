"""The lessons' chart style: palette, figure set-up and the Chart type.

Every chart is a :class:`Chart`: a matplotlib figure with alt text, which
Jupyter shows as a PNG whose alt text travels in the output's metadata (so
exported HTML and slides keep it). Colours are the Okabe-Ito palette, safe for
colour-blind readers, and every colour is paired with a hatch or a marker shape
and a text label, so no meaning rests on colour alone. Figures are built with
``matplotlib.figure.Figure`` rather than pyplot so nothing is displayed twice
and nothing lingers in memory between redraws.
"""

from __future__ import annotations

import base64
import functools
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
    "outside records where marked; lesson_data/"
)

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++", "--"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

# What each statement's argument supports about Turkey keeping the S-400 (codebook: s400_position).
# The labels describe the argument, not the speaker, in words either government would accept,
# and in parallel form: the same verb for both outcomes (the code turkey_may_keep is kept so
# that saved notebooks and copies of the data still load).
POSITION_COLUMN = "s400_position"
POSITION_STYLE = {
    "turkey_may_keep": ("#D55E00", "//", "Argues Turkey should keep it"),
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


@dataclass
class Chart:
    """A figure plus the alt text that describes it to someone who cannot see it."""

    figure: Figure
    alt: str
    data: pd.DataFrame = field(default_factory=pd.DataFrame)

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

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = base64.b64encode(self.png()).decode("ascii")
        size = {"min_font_pt": round(self.min_font_pt, 2), "dpi": self.dpi}
        return {"image/png": png, "text/plain": self.alt}, {"image/png": {"alt": self.alt, **size}}


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

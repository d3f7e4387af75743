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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ParamSpec

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

P = ParamSpec("P")

SOURCE_LINE = (
    "Source: one news article (English translation of a Russian report, 2021); lesson_data/"
)

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any colour vision.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo", "++", "--"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]

STANCE_STYLE = {
    "opposes_us_pressure": ("#D55E00", "//", "Opposes US pressure"),
    "neutral": ("#F0E442", "", "Neutral or explanatory"),
    "supports_us_pressure": ("#0072B2", "..", "Supports US pressure"),
}

RC = {
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
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
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
        return buffer.getvalue()

    def data_uri(self) -> str:
        """The PNG as a data: URI, for an <img> inside widget HTML."""
        return "data:image/png;base64," + base64.b64encode(self.png()).decode("ascii")

    def _repr_mimebundle_(self, include=None, exclude=None):
        png = base64.b64encode(self.png()).decode("ascii")
        return {"image/png": png, "text/plain": self.alt}, {"image/png": {"alt": self.alt}}


def styled(draw: Callable[P, Chart]) -> Callable[P, Chart]:
    """Run a chart function under the lesson style (rc settings apply while artists are made)."""

    @functools.wraps(draw)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Chart:
        with mpl.rc_context(RC):
            return draw(*args, **kwargs)

    return wrapper


def new_figure(width: float = 9, height: float = 4.5) -> Figure:
    """A figure with one set of axes, laid out so titles and labels are never cut off."""
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.add_subplot()
    return fig


def finish(fig: Figure, title: str, xlabel: str, ylabel: str, note: str = "") -> None:
    """Title, axis labels and the source line: what every lesson chart carries."""
    ax = fig.axes[0]
    # A figure-level title stays whole however wide the axis labels are.
    height = fig.get_figheight()
    fig.suptitle(
        title,
        x=0.01,
        y=1 - 0.06 / height,
        ha="left",
        va="top",
        fontsize=RC["axes.titlesize"],
        fontweight="bold",
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    lines = textwrap.wrap(" ".join(filter(None, [SOURCE_LINE, note])), 140)
    fig.text(0.005, 0.005, "\n".join(lines), fontsize=8, color="#333", va="bottom")
    bottom = (0.1 + 0.16 * len(lines)) / height
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - 0.4 / height - bottom))

"""Widgets that also carry a static view of themselves.

A live widget needs a kernel. When a notebook is exported (HTML, slides) or
opened where the widget manager is missing, the front end falls back to the
next richest output in the display bundle. These widgets add their current view
as plain HTML (``text/html``) beside the live view, so that view is what an
export shows instead of a blank or frozen control.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from ..drawing.style import Chart
from ..drawing.tables import escape_whole_words


class StaticFallbackBox(widgets.VBox):
    """A VBox whose display bundle also holds ``static_html()`` and a text summary."""

    def static_html(self) -> str:
        """The widget's current view as self-contained HTML."""
        raise NotImplementedError

    def summary(self) -> str:
        """One line of plain text describing the current view."""
        return type(self).__name__

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/html"] = f'<div class="s400-static">{self.static_html()}</div>'
        bundle["text/plain"] = self.summary()
        return bundle


def html_table(rows: list[dict[str, str]], columns: dict[str, str], css_class: str) -> str:
    """An HTML table of ``rows``; every value is escaped, so data never becomes markup.

    Hyphenated words ("S-400") are kept on one line, as ``tables.show_table`` keeps them.
    """
    head = "".join(f'<th scope="col">{html.escape(label)}</th>' for label in columns.values())
    body = "".join(
        "<tr>"
        + "".join(f"<td>{escape_whole_words(str(row[key]))}</td>" for key in columns)
        + "</tr>"
        for row in rows
    )
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def img_html(data_uri: str, alt: str, css_class: str = "", chart: Chart | None = None) -> str:
    """An <img> for a chart, with its alt text escaped.

    Given the ``chart``, the tag also says its smallest font (points) and dpi, so the size
    its text is shown at on a slide can be worked out.
    """
    size = f'data-min-font-pt="{chart.min_font_pt:g}" data-dpi="{chart.dpi:g}" ' if chart else ""
    return (
        f'<img class="{css_class}" src="{data_uri}" alt="{html.escape(alt, quote=True)}" '
        f'{size}style="max-width:100%;height:auto">'
    )

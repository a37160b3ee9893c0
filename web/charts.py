"""Server-side SVG bar charts for the dashboard, each with the matching HTML table.

Bars are horizontal: long Arabic labels stay readable, and in right-to-left pages the labels sit
on the right and the bars grow to the left, as the eye reads. No JavaScript, no external fonts:
the SVG inherits the page's font (Noto on Debian), so it works offline and prints cleanly.
Every label is escaped; the chart carries role="img", an aria-label, <title> and <desc>, and the
same figures are given as a <table> for screen readers and printing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from messages.formatting import format_number, locale_of

# Geometry in SVG user units = CSS pixels at natural size: the chart is drawn WIDTH px wide (the
# stylesheet sets 14px text) and only shrinks, through the viewBox, on columns narrower than that.
WIDTH = 360
ROW = 28
BAR = 18
PAD = 8
LABEL_SHARE = 0.45  # part of the width kept for labels
VALUE_ROOM = 44  # room beside the longest bar for its number
MAX_LABEL = 24  # characters; longer labels are cut in the chart (the table keeps them whole)

_ID = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class TableData:
    """The figures of one chart as a table: caption, two column headers, and (label, shown value) rows."""

    table_id: str
    caption: str
    label_header: str
    value_header: str
    rows: list[tuple[str, str]]


def _safe_id(chart_id: str) -> str:
    # Ids end up in attributes and fragment links: keep them to a plain alphabet.
    return _ID.sub("-", chart_id) or "chart"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def number_formatter(lang: str) -> Callable[[int | float], str]:
    """Counts in the language's digits (Arabic-Indic for ar and ckb)."""
    locale = locale_of(lang)
    return lambda n: format_number(n, locale)  # type: ignore[arg-type]


def bar_chart(
    items: Sequence[tuple[str, int | float]],
    *,
    chart_id: str,
    title: str,
    description: str = "",
    rtl: bool = True,
    fmt: Callable[[int | float], str] = str,
) -> Markup:
    """A horizontal bar chart as inline SVG; labels and numbers are escaped, bars scale to the largest value.

    The SVG is laid out in physical coordinates (direction="ltr" on the root, so an rtl page does
    not flip text-anchor); `rtl` decides which side the labels go.
    """
    cid = _safe_id(chart_id)
    height = max(len(items), 1) * ROW + 2 * PAD
    label_width = WIDTH * LABEL_SHARE
    room = WIDTH - label_width - VALUE_ROOM - 2 * PAD
    largest = max((value for _, value in items), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{cid}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'aria-labelledby="{cid}-title {cid}-desc" preserveAspectRatio="xMinYMin meet" direction="ltr">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description or title)}</desc>',
    ]
    for index, (label, value) in enumerate(items):
        y = PAD + index * ROW
        length = max(value, 0) / largest * room
        middle = y + ROW / 2
        if rtl:
            # Label at the right edge, bar growing leftwards from the label column, number after it.
            label_x, label_anchor = WIDTH - PAD, "end"
            bar_x = WIDTH - PAD - label_width - length
            value_x, value_anchor = bar_x - 4, "end"
        else:
            label_x, label_anchor = PAD, "start"
            bar_x = PAD + label_width
            value_x, value_anchor = bar_x + length + 4, "start"
        # Labels are user text (event titles, free-text answers): direction follows the label itself.
        parts.append(
            f'<g class="bar"><text x="{label_x:.1f}" y="{middle:.1f}" text-anchor="{label_anchor}" '
            f'dominant-baseline="middle" unicode-bidi="plaintext">{escape(_short(str(label)))}</text>'
            f'<rect x="{bar_x:.1f}" y="{y + (ROW - BAR) / 2:.1f}" width="{length:.1f}" height="{BAR}" rx="3"/>'
            f'<text class="value" x="{value_x:.1f}" y="{middle:.1f}" text-anchor="{value_anchor}" '
            f'dominant-baseline="middle">{escape(fmt(value))}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def table_data(
    items: Sequence[tuple[str, int | float]],
    *,
    chart_id: str,
    caption: str,
    label_header: str,
    value_header: str,
    fmt: Callable[[int | float], str] = str,
) -> TableData:
    """The rows of the table that goes with a chart: same order, numbers formatted for the viewer."""
    return TableData(f"{_safe_id(chart_id)}-table", caption, label_header, value_header,
                     [(str(label), fmt(value)) for label, value in items])


def table_html(data: TableData) -> Markup:
    """The table as escaped HTML: <table class="figures" id="…"> with a caption and a header row."""
    rows = "".join(f"<tr><th scope=\"row\">{escape(label)}</th><td>{escape(value)}</td></tr>"
                   for label, value in data.rows)
    return Markup(
        f'<table class="figures" id="{escape(data.table_id)}"><caption>{escape(data.caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(data.label_header)}</th>'
        f'<th scope="col">{escape(data.value_header)}</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def chart_with_table(
    items: Sequence[tuple[str, int | float]],
    *,
    chart_id: str,
    title: str,
    label_header: str,
    value_header: str,
    lang: str = "ar",
    rtl: bool = True,
    description: str = "",
) -> Markup:
    """A <figure> holding the chart and its table, numbers in the viewer's digits."""
    fmt = number_formatter(lang)
    chart = bar_chart(items, chart_id=chart_id, title=title, description=description, rtl=rtl, fmt=fmt)
    table = table_html(table_data(items, chart_id=chart_id, caption=title, label_header=label_header,
                                  value_header=value_header, fmt=fmt))
    return Markup(f'<figure class="chart-figure">{chart}{table}</figure>')

"""Small charts drawn on the server as inline SVG: no JavaScript, no CDN, readable by a screen
reader (each chart has a <title> and <desc>, each bar its own <title>) and printable.

Charts are horizontal bars, so that long labels (state names, reviewers' names, Japanese) sit in
a column of their own instead of being rotated under the axis. Every value is also written as
text beside its bar: the picture never carries a number the page does not.
"""

import math
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import mark_safe

#: Series colours, dark enough for white space around them and told apart without colour too
#: (the legend and every bar's <title> name the series).
COLOURS = ["#1f4e8c", "#c77c0e", "#1c6b3a", "#a12a2a"]
ROW = 26  # height of one row of bars
BAR = 15  # height of each bar in a group
VALUE_WIDTH = 70
FONT_SIZE = 12
FONT = f'font-family="inherit" font-size="{FONT_SIZE}"'
LABEL_GAP = 8  # between the end of a label and the start of its bar
MIN_LABELS = 40  # the narrowest label column, in px
#: The label column takes at most this share of the chart; a longer label is shortened with
#: "…" (its full text stays in its <title>).
MAX_LABEL_SHARE = 0.45


@dataclass(frozen=True)
class Row:
    """One labelled row: a value per series (several series are drawn as grouped bars)."""

    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Spread:
    """One labelled row of the spread chart: a median bar and a whisker to the 90th
    percentile. None means no data for that row."""

    label: str
    median: float | None
    p90: float | None


#: Widths in em, a little above those of DejaVu Sans (the widest common sans-serif font, and
#: what system-ui is on Debian); Japanese fonts draw Latin narrower.
NARROW = frozenset("fijlrtI.,:;'!|()[] ")
BROAD = frozenset("mwMW")


def text_width(text):
    """The width of `text` in the charts' font, estimated in pixels: SVG text never wraps and
    the server cannot measure it. Wide characters (Japanese, full-width punctuation, and the
    ambiguous ones, which Japanese fonts draw wide) take 1 em; Latin letters 0.4 to 1 em."""
    width = 0.0
    for character in text:
        if unicodedata.east_asian_width(character) in "WFA" or character in BROAD:
            width += 1.0
        elif character in NARROW:
            width += 0.4
        elif character.isupper():
            width += 0.8
        else:
            width += 0.65
    return width * FONT_SIZE


def label_column(labels, width):
    """The width of the label column: the widest label and the gap before the bars, within
    MIN_LABELS and MAX_LABEL_SHARE of the chart."""
    widest = max((text_width(str(label)) for label in labels), default=0)
    needed = math.ceil(widest) + LABEL_GAP + 4
    return max(MIN_LABELS, min(needed, int(width * MAX_LABEL_SHARE)))


def _fit(label, column):
    """The label as drawn in a column `column` px wide: whole if it fits, else shortened."""
    room = column - LABEL_GAP - 4
    if text_width(label) <= room:
        return label
    kept = ""
    for character in label:
        if text_width(kept + character + "…") > room:
            break
        kept += character
    return kept + "…"


def _label(row, x, y):
    """A row's label, right-aligned against the bars, its full text as its <title>."""
    return (
        f'<text x="{x - LABEL_GAP}" y="{y}" text-anchor="end" {FONT}>'
        f"<title>{escape(str(row.label))}</title>{escape(_fit(str(row.label), x))}</text>"
    )


def _number(value):
    """How a value reads beside its bar: counts as they are, measures to one decimal."""
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.1f}"


def _svg(chart_id, title, desc, width, height, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'style="max-width:100%;height:auto" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(str(title))}</title>'
        f'<desc id="{chart_id}-desc">{escape(str(desc))}</desc>'
        f"{''.join(body)}</svg>"
    )


def _scale(maximum, plot_width):
    """Pixels per unit: the largest value fills the plot; all zero draws no bar at all."""
    return plot_width / maximum if maximum > 0 else 0


def _legend(series, x, y):
    parts = []
    for i, name in enumerate(series):
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>'
            f'<text x="{x + 16}" y="{y + 10}" {FONT}>{escape(str(name))}</text>'
        )
        x += 24 + text_width(str(name))
    return "".join(parts)


def bar_chart(rows, *, chart_id, title, desc, series=(), width=640):
    """Horizontal bars, one row per label, a bar per series in each row. With several series
    a legend names them above the bars."""
    rows = list(rows)
    series = [str(name) for name in series]
    per_row = max((len(row.values) for row in rows), default=1)
    bar = (ROW - 6) if per_row == 1 else BAR  # grouped bars get a row tall enough for each
    row_height = max(ROW, per_row * bar + 8)
    top = 22 if len(series) > 1 else 4
    left = label_column([row.label for row in rows], width)
    plot = width - left - VALUE_WIDTH
    scale = _scale(max((v for row in rows for v in row.values), default=0), plot)
    body = [_legend(series, left, 4)] if len(series) > 1 else []
    for r, row in enumerate(rows):
        y = top + r * row_height
        body.append(_label(row, left, y + row_height / 2 + 4))
        for s, value in enumerate(row.values):
            length = value * scale
            by = y + 4 + s * bar
            name = f"{row.label}: {series[s]}" if s < len(series) else str(row.label)
            body.append(
                f'<rect class="bar" x="{left}" y="{by:.1f}" width="{length:.2f}" '
                f'height="{bar - 1:.1f}" fill="{COLOURS[s % len(COLOURS)]}" '
                f"data-value={quoteattr(str(value))}>"
                f"<title>{escape(name)}: {_number(value)}</title></rect>"
                f'<text x="{left + length + 4:.2f}" y="{by + bar - 3:.1f}" {FONT}>'
                f"{_number(value)}</text>"
            )
    height = top + max(len(rows), 1) * row_height + 4
    return _svg(chart_id, title, desc, width, height, body)


def spread_chart(rows, *, chart_id, title, desc, unit="", width=640):
    """Per row a bar to the median and a whisker on to the 90th percentile: how long things
    usually take and how long the slow tenth takes."""
    rows = list(rows)
    left = label_column([row.label for row in rows], width)
    plot = width - left - VALUE_WIDTH - 40
    scale = _scale(max((row.p90 or 0 for row in rows), default=0), plot)
    body = []
    for r, row in enumerate(rows):
        y = 4 + r * ROW
        middle = y + ROW / 2
        body.append(_label(row, left, middle + 4))
        if row.median is None:
            body.append(f'<text x="{left + 4}" y="{middle + 4}" {FONT}>–</text>')
            continue
        median = row.median * scale
        p90 = (row.p90 if row.p90 is not None else row.median) * scale
        label = f"{_number(row.median)} / {_number(row.p90)}{unit}"
        body.append(
            f'<rect class="bar" x="{left}" y="{y + 5}" width="{median:.2f}" '
            f'height="{ROW - 10}" fill="{COLOURS[0]}" data-value={quoteattr(str(row.median))}>'
            f"<title>{escape(str(row.label))}: {label}</title></rect>"
            f'<line class="whisker" x1="{left + median:.2f}" y1="{middle}" '
            f'x2="{left + p90:.2f}" y2="{middle}" stroke="{COLOURS[1]}" stroke-width="2"'
            f" data-value={quoteattr(str(row.p90))}/>"
            f'<line x1="{left + p90:.2f}" y1="{y + 6}" x2="{left + p90:.2f}" '
            f'y2="{y + ROW - 6}" stroke="{COLOURS[1]}" stroke-width="2"/>'
            f'<text x="{left + p90 + 6:.2f}" y="{middle + 4}" {FONT}>{escape(label)}</text>'
        )
    height = 8 + max(len(rows), 1) * ROW
    return _svg(chart_id, title, desc, width, height, body)


COLUMN_AREA = 180  # height of the plot in a column chart
MAX_COLUMN_LABELS = 12


def column_chart(rows, *, chart_id, title, desc, width=640):
    """Vertical bars in order from left to right, for counts over time (one row per period).
    With many periods only every n-th is labelled under the axis; every column still names
    its period and value in its <title>, and its value stands above it."""
    rows = list(rows)
    left, top = 8, 18
    slot = (width - 2 * left) / max(len(rows), 1)
    scale = _scale(max((row.values[0] for row in rows), default=0), COLUMN_AREA)
    # Every n-th period is labelled: at most MAX_COLUMN_LABELS, and never two labels closer
    # than the widest is long ("2026年第4四半期" is 9 em).
    widest = max((text_width(str(row.label)) for row in rows), default=0) + LABEL_GAP
    every = max(-(-len(rows) // MAX_COLUMN_LABELS), math.ceil(widest / slot), 1)
    base = top + COLUMN_AREA
    body = [f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="#666"/>']
    for r, row in enumerate(rows):
        value = row.values[0]
        height = value * scale
        x = left + r * slot
        middle = x + slot / 2
        body.append(
            f'<rect class="bar" x="{x + slot * 0.15:.2f}" y="{base - height:.2f}" '
            f'width="{slot * 0.7:.2f}" height="{height:.2f}" fill="{COLOURS[0]}" '
            f"data-value={quoteattr(str(value))}>"
            f"<title>{escape(str(row.label))}: {_number(value)}</title></rect>"
            f'<text x="{middle:.2f}" y="{base - height - 4:.2f}" text-anchor="middle" {FONT}>'
            f"{_number(value)}</text>"
        )
        if r % every == 0:
            body.append(
                f'<text x="{middle:.2f}" y="{base + 16}" text-anchor="middle" {FONT}>'
                f"{escape(str(row.label))}</text>"
            )
    return _svg(chart_id, title, desc, width, base + 24, body)

"""Small server-side SVG charts: no scripts, no external assets.

A chart is horizontal bars, one row per item: the item's name on the left and its value on
the right of a line of text, the bar under them, drawn from the zero line. Positions across
are percentages of the width and there is no ``viewBox``, so the chart takes the width it
is given while its text keeps the page's size, as readable on a phone as on a desktop. Below
the bars an axis with a few round values. The chart is an image with a name (``title``)
and a description that reads out every value, for those who cannot see it."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils import dateformat
from django.utils.translation import get_language

from koop.core.formatting import format_number, format_whole_kronor

TEXT = 14  # px, the size of the names and values
SMALL = 12  # px, the axis
ROW = 40  # px per item: a line of text, the bar, a gap
BAR = 12
AXIS = 34  # px below the last bar: the axis line, ticks and their values
POSITIVE = "#2e7d32"
NEGATIVE = "#c62828"
INK = "#1f2a33"
RULE = "#5f6b75"
# The bars use the width between these percentages, so no value's text reaches the edge.
LEFT, RIGHT = 1.0, 99.0


def month_label(day: dt.date) -> str:
    """The month's short name: ``jan``, ``maj``, ``okt`` in Swedish, ``Jan``, ``May`` in
    English (Swedish writes month names in lower case, English capitalises them)."""
    name = str(dateformat.format(day, "b"))
    return name.capitalize() if (get_language() or "sv").startswith("en") else name


def _step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about three intervals."""
    raw = span / 3
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power  # pragma: no cover - the loop ends at 10


def _ticks(low: float, high: float) -> list[float]:
    """Round values from at or below ``low`` to at or above ``high``, zero among them."""
    step = _step(high - low)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [n * step for n in range(first, last + 1)]


def bar_chart(
    items: Sequence[tuple[str, Decimal]], *, title: str, chart_id: str, unit_label: str = "kr"
) -> str:
    """An SVG chart of ``items`` (name, value in kronor); ``chart_id`` makes the ids of its
    name and description unique on the page."""
    values = [float(v) for _label, v in items]
    low = min([0.0, *values])
    high = max([0.0, *values])
    if high == low:
        high = 1.0
    ticks = _ticks(low, high)
    low, high = min(low, ticks[0]), max(high, ticks[-1])

    def x(value: float) -> float:
        return LEFT + (value - low) / (high - low) * (RIGHT - LEFT)

    zero = x(0.0)
    top = 4
    bottom = top + ROW * max(len(items), 1)
    height = bottom + AXIS
    description = "; ".join(f"{label}: {format_whole_kronor(v)}" for label, v in items)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="100%" '
        f'height="{height}" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="inherit" font-size="{TEXT}">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    for i, (label, value) in enumerate(items):
        y = top + i * ROW
        text_y = y + TEXT + 1
        bar_y = y + TEXT + 7
        end = x(float(value))
        start, width = min(zero, end), abs(end - zero)
        colour = POSITIVE if value >= 0 else NEGATIVE
        parts.append(
            f'<text x="0" y="{text_y}" fill="{INK}">{escape(label)}</text>'
            f'<text x="100%" y="{text_y}" text-anchor="end" fill="{INK}" '
            f'font-weight="600">{escape(format_whole_kronor(value))}</text>'
            f'<rect x="{start:.2f}%" y="{bar_y}" width="{max(width, 0.3):.2f}%" '
            f'height="{BAR}" fill="{colour}" />'
        )
    axis_y = bottom + 2
    parts.append(
        f'<line x1="{zero:.2f}%" y1="{top + TEXT + 3}" x2="{zero:.2f}%" y2="{axis_y}" '
        f'stroke="{RULE}" />'
        f'<line x1="{LEFT}%" y1="{axis_y}" x2="{RIGHT}%" y2="{axis_y}" stroke="{RULE}" />'
    )
    for tick in ticks:
        at = x(tick)
        anchor = "start" if at < 8 else "end" if at > 92 else "middle"
        parts.append(
            f'<line x1="{at:.2f}%" y1="{axis_y}" x2="{at:.2f}%" y2="{axis_y + 5}" '
            f'stroke="{RULE}" />'
            f'<text x="{at:.2f}%" y="{axis_y + 6 + SMALL}" text-anchor="{anchor}" '
            f'font-size="{SMALL}" fill="{INK}">{escape(format_number(tick))}</text>'
        )
    parts.append(
        f'<text x="100%" y="{height - 1}" text-anchor="end" font-size="{SMALL}" '
        f'fill="{RULE}">{escape(unit_label)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)

"""Small server-side SVG charts (no scripts, no external assets)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape


def bar_chart(labels: Sequence[str], values: Sequence[Decimal], *, title: str) -> str:
    """Bars above the axis for positive values, below for negative; height 160 px."""
    width, height, pad = 40 * max(len(values), 1) + 20, 160, 20
    peak = max((abs(v) for v in values), default=Decimal(1)) or Decimal(1)
    mid = height / 2
    scale = (mid - pad) / float(peak)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart"><title>{escape(title)}</title>',
        f'<line x1="10" y1="{mid}" x2="{width - 10}" y2="{mid}" stroke="#888" />',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = abs(float(value)) * scale
        x = 15 + i * 40
        y = mid - h if value >= 0 else mid
        colour = "#2e7d32" if value >= 0 else "#c62828"
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="28" height="{h:.1f}" fill="{colour}">'
            f"<title>{escape(label)}: {value}</title></rect>"
            f'<text x="{x + 14}" y="{height - 4}" font-size="9" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

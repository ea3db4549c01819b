"""A stacked bar chart as inline SVG (no script, no external library)."""

from __future__ import annotations

import pandas as pd

from kg.render.safe import h
from kg.render.style import KIND_COLORS, OTHER_COLOR


def stacked_bars_svg(table: pd.DataFrame, height: int = 260, bar: int = 18, gap: int = 6) -> str:
    """Rows = periods (x axis), columns = kinds (stacked, coloured as on the network).

    Empty tables give a short note instead of a chart.
    """
    if table.empty:
        return '<p class="muted">No dated agreements.</p>'
    left, bottom, top = 40, 60, 10
    totals = table.sum(axis=1)
    peak = max(int(totals.max()), 1)
    scale = (height - bottom - top) / peak
    width = left + len(table) * (bar + gap) + 10 + 150
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="Deals per quarter by kind" font-family="sans-serif" font-size="11">'
    ]
    for tick in sorted({0, peak // 2, peak}):
        y = height - bottom - tick * scale
        parts.append(
            f'<line x1="{left - 4}" x2="{left + len(table) * (bar + gap)}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, (period, row) in enumerate(table.iterrows()):
        x = left + i * (bar + gap)
        y = height - bottom
        for kind, count in row.items():
            if not count:
                continue
            bar_h = count * scale
            y -= bar_h
            color = KIND_COLORS.get(str(kind), OTHER_COLOR)
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{bar_h:.1f}" fill="{color}">'
                f"<title>{h(period)}: {int(count)} {h(kind)}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2}" y="{height - bottom + 8}" transform="rotate(60 {x + bar / 2} {height - bottom + 8})">{h(period)}</text>'
        )
    legend_x = left + len(table) * (bar + gap) + 20
    for j, kind in enumerate(table.columns):
        y = top + j * 16
        color = KIND_COLORS.get(str(kind), OTHER_COLOR)
        parts.append(f'<rect x="{legend_x}" y="{y}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{legend_x + 14}" y="{y + 9}">{h(str(kind).replace("_", " "))}</text>')
    parts.append("</svg>")
    return "".join(parts)

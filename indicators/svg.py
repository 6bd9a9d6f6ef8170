"""Geometry of a horizontal bar chart; the SVG itself is a template (indicators/_chart.html)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 420
LABEL_WIDTH = 170
VALUE_WIDTH = 70
ROW = 26
BAR = 16
TOP = 6


@dataclass(frozen=True)
class SvgBar:
    label: str
    display: str
    y: int
    text_y: int
    width: float


def layout(chart) -> dict:
    scale = chart.scale_max or max((bar.value for bar in chart.bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        SvgBar(
            label=bar.label if len(bar.label) <= 28 else bar.label[:27] + "…",
            display=bar.display,
            y=TOP + index * ROW,
            text_y=TOP + index * ROW + BAR - 3,
            width=round(max(min(bar.value / scale, 1), 0) * span, 1),
        )
        for index, bar in enumerate(chart.bars)
    ]
    return {
        "width": WIDTH,
        "height": TOP * 2 + max(len(bars), 1) * ROW,
        "label_x": LABEL_WIDTH - 6,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR,
        "bars": [{**bar.__dict__, "value_x": LABEL_WIDTH + bar.width + 4} for bar in bars],
    }

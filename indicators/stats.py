"""Small pure helpers for the indicators: shares, median, p90 (no database)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def share(part: int, whole: int) -> float | None:
    """part / whole, None when there is nothing to divide (shown as "—", never 0 %)."""
    return part / whole if whole else None


def percent_label(value: float | None) -> str:
    if value is None:
        return "—"
    rounded = round(value * 100, 1)
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}".replace(".", ",")
    return f"{text} %"


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def p90(values: Sequence[float]) -> float | None:
    """90th percentile, nearest-rank method: the smallest value with at least 90 % of the values
    at or below it (always an observed delay, never an interpolation)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]


def days_label(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{text} j"

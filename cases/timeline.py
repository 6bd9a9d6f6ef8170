"""Treatment-line timeline as a self-contained SVG (screen and PDF dossier alike).

No scripts, no external references, no style attributes (presentation attributes only), every
text escaped. Deterministic for a given record and `today`, so the PDF is reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cases.models import Case, TreatmentLine

WIDTH = 760
LABEL_WIDTH = 200
RIGHT_MARGIN = 24
ROW_HEIGHT = 24
BAR_HEIGHT = 14
MARKER_BANDS = 3  # rows of numbered marker badges above the plot (staggered, never overlapping)
MARKER_BAND = 8 + MARKER_BANDS * 16
BADGE_RADIUS = 7
CHAR_WIDTH = 6.2  # average glyph width at font-size 11, to lay the legend out
AXIS_HEIGHT = 30
LEGEND_ROW = 16
MAX_LABEL_CHARS = 30

OUTCOME_COLOURS = {
    "ongoing": "#1f5f8b",
    "response": "#1e7b4f",
    "stable": "#6b7785",
    "progression": "#b3261e",
    "intolerance": "#a35b00",
    None: "#8a96a3",
}
MARKER_COLOUR = "#6b3fa0"
OUTCOME_LABELS = {
    "ongoing": "En cours",
    "response": "Réponse",
    "stable": "Stabilité",
    "progression": "Progression",
    "intolerance": "Intolérance",
    None: "Non évaluée",
}


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _markers(case: Case) -> list[tuple[dt.date, str]]:
    candidates = (
        (case.surgery_date, "Chirurgie"),
        (case.sstr_imaging_date, "IRS"),
        (case.fdg_pet_date, "TEP FDG"),
        (case.progression_imaging_1_date, "Imagerie 1"),
        (case.progression_imaging_2_date, "Imagerie 2"),
    )
    return sorted(((day, label) for day, label in candidates if day), key=lambda m: m[0])


def _ticks(start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
    """Calendar ticks: yearly over long spans, half-yearly or monthly over short ones."""
    span_months = (end.year - start.year) * 12 + end.month - start.month
    step = 12 if span_months > 48 else 6 if span_months > 18 else 3 if span_months > 6 else 1
    if span_months > 12 * 12:
        step = 24
    year, month = start.year, 1
    ticks = []
    while (year, month) <= (end.year, end.month):
        day = dt.date(year, month, 1)
        if start <= day <= end:
            ticks.append((day, str(year) if step >= 12 else day.strftime("%m/%Y")))
        month += step
        while month > 12:
            month -= 12
            year += 1
    return ticks


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"


def _line_title(line: TreatmentLine, end: dt.date | None) -> str:
    parts = [
        f"{line.get_treatment_display()} : {_fmt(line.start_date)} → "
        + (_fmt(end) if end else "en cours"),
        f"meilleure réponse : {line.get_best_response_display().lower()}",
    ]
    if line.reason_stopped:
        parts.append(f"arrêt : {line.get_reason_stopped_display().lower()}")
    if line.comment:
        parts.append(line.comment)
    return " ; ".join(parts)


def timeline_svg(
    case: Case,
    *,
    today: dt.date | None = None,
    lines: Iterable[TreatmentLine] | None = None,
) -> SafeString:
    """One bar per treatment line on a time axis (ongoing lines run to `today`), imaging and
    surgery dates marked as vertical lines."""
    today = today or timezone.localdate()
    if lines is None:
        lines = case.treatment_lines.all() if case.pk else ()
    rows = sorted(lines, key=lambda line: (line.start_date, line.pk or 0))
    markers = _markers(case)

    dates = [line.start_date for line in rows] + [day for day, _ in markers]
    dates += [line.end_date or today for line in rows]
    n_rows = max(len(rows), 1)
    height = MARKER_BAND + n_rows * ROW_HEIGHT + AXIS_HEIGHT + legend_height(markers, rows) + 4
    title = f"Chronologie des traitements — {len(rows)} ligne(s)"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="DejaVu Sans, sans-serif" font-size="11" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    if not dates:
        out.append(
            f'<text x="{WIDTH // 2}" y="{height // 2}" text-anchor="middle" fill="#5b6775">'
            f"{escape('Aucune ligne de traitement ni date d’imagerie renseignée')}</text>"
        )
        out.append("</svg>")
        return mark_safe("".join(out))  # noqa: S308 — every text above is escaped

    start, end = min(dates), max(dates)
    # Pad so that same-day bars and markers stay visible, and round to month boundaries.
    start = dt.date(start.year, start.month, 1)
    end = max(end, start + dt.timedelta(days=31))
    plot_left, plot_right = LABEL_WIDTH, WIDTH - RIGHT_MARGIN
    span = (end - start).days or 1

    def x(day: dt.date) -> float:
        day = min(max(day, start), end)
        return round(plot_left + (day - start).days / span * (plot_right - plot_left), 1)

    rows_top = MARKER_BAND
    axis_y = rows_top + n_rows * ROW_HEIGHT + 4
    # Axis and calendar ticks.
    out.append(
        f'<line x1="{plot_left}" y1="{axis_y}" x2="{plot_right}" y2="{axis_y}" '
        f'stroke="#1d2733" stroke-width="1"/>'
    )
    for day, label in _ticks(start, end):
        tx = x(day)
        out.append(
            f'<line x1="{tx}" y1="{rows_top}" x2="{tx}" y2="{axis_y + 4}" '
            f'stroke="#d7dde4" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{tx}" y="{axis_y + 16}" text-anchor="middle" fill="#5b6775">'
            f"{escape(label)}</text>"
        )
    # Imaging / surgery dates: a numbered badge on a dashed line, the badges staggered so that
    # none overlaps another; the dates themselves are written out in the legend below.
    band_ends: list[float] = []
    half = BADGE_RADIUS + 1
    for number, (day, _label) in enumerate(markers, start=1):
        mx = x(day)
        free = next((i for i, end in enumerate(band_ends) if mx > end + 2 * half + 2), None)
        if free is None and len(band_ends) < MARKER_BANDS:
            band_ends.append(float("-inf"))
            free = len(band_ends) - 1
        if free is None:
            # Every band is taken here: the badge moves right of the nearest one's last badge.
            free = min(range(len(band_ends)), key=lambda i: band_ends[i])
        bx = round(max(mx, band_ends[free] + 2 * half + 2), 1)
        band_ends[free] = bx
        cy = 4 + BADGE_RADIUS + free * 16
        out.append(
            f'<g class="marker"><title>{escape(f"{_label} : {_fmt(day)}")}</title>'
            f'<line x1="{bx}" y1="{cy + BADGE_RADIUS}" x2="{mx}" y2="{rows_top - 2}" '
            f'stroke="{MARKER_COLOUR}" stroke-width="1"/>'
            f'<line x1="{mx}" y1="{rows_top - 2}" x2="{mx}" y2="{axis_y}" '
            f'stroke="{MARKER_COLOUR}" stroke-width="1" stroke-dasharray="3 2"/>'
            f'<circle cx="{bx}" cy="{cy}" r="{BADGE_RADIUS}" fill="{MARKER_COLOUR}"/>'
            f'<text x="{bx}" y="{cy + 4}" text-anchor="middle" font-size="10" '
            f'fill="#ffffff">{number}</text></g>'
        )
    if not rows:
        out.append(
            f'<text x="{plot_left - 8}" y="{rows_top + ROW_HEIGHT // 2 + 4}" text-anchor="end" '
            f'fill="#5b6775">{escape("Aucune ligne de traitement")}</text>'
        )
    for index, line in enumerate(rows):
        y = rows_top + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) // 2
        bar_end = line.end_date or today
        x1, x2 = x(line.start_date), x(max(bar_end, line.start_date))
        width = max(round(x2 - x1, 1), 3)
        colour = OUTCOME_COLOURS.get(line.outcome, OUTCOME_COLOURS[None])
        label = f"{index + 1}. {line.get_treatment_display()}"
        out.append(
            f'<g class="line"><title>{escape(_line_title(line, line.end_date))}</title>'
            f'<text x="{plot_left - 8}" y="{y + BAR_HEIGHT - 3}" text-anchor="end" '
            f'fill="#1d2733">{escape(_shorten(label))}</text>'
            f'<rect x="{x1}" y="{y}" width="{width}" height="{BAR_HEIGHT}" rx="2" '
            f'fill="{colour}"/>'
        )
        if line.end_date is None:
            # An open end: the line is still running at `today`.
            out.append(
                f'<polygon points="{x1 + width},{y} {x1 + width + 6},{y + BAR_HEIGHT / 2} '
                f'{x1 + width},{y + BAR_HEIGHT}" fill="{colour}"/>'
            )
        out.append("</g>")
    out.extend(_legend(markers, rows, top=axis_y + AXIS_HEIGHT - 4))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every text above is escaped


def _legend_layout(markers, rows) -> list[list[tuple[str, str, str]]]:
    """Rows of legend entries (kind, colour, text) that fit the drawing's width."""
    entries = [
        ("marker", str(n), f"{label} : {_fmt(day)}")
        for n, (day, label) in enumerate(markers, start=1)
    ]
    seen = []
    for line in rows:
        if line.outcome not in seen:
            seen.append(line.outcome)
    entries += [
        ("swatch", OUTCOME_COLOURS.get(o, OUTCOME_COLOURS[None]), OUTCOME_LABELS.get(o, str(o)))
        for o in seen
    ]
    lines, current, used = [], [], 0.0
    for entry in entries:
        width = 24 + len(entry[2]) * CHAR_WIDTH
        if current and used + width > WIDTH - 16:
            lines.append(current)
            current, used = [], 0.0
        current.append(entry)
        used += width
    if current:
        lines.append(current)
    return lines


def legend_height(markers, rows) -> int:
    return len(_legend_layout(markers, rows)) * LEGEND_ROW


def _legend(markers, rows, *, top: float) -> list[str]:
    """The dates of the numbered badges and the colours of the bars, in words."""
    out = []
    for row, entries in enumerate(_legend_layout(markers, rows)):
        y, lx = top + row * LEGEND_ROW + 12, 8.0
        for kind, key, text in entries:
            if kind == "marker":
                out.append(
                    f'<circle cx="{lx + 7}" cy="{y - 4}" r="{BADGE_RADIUS}" '
                    f'fill="{MARKER_COLOUR}"/><text x="{lx + 7}" y="{y}" text-anchor="middle" '
                    f'font-size="10" fill="#ffffff">{key}</text>'
                )
            else:
                out.append(
                    f'<rect x="{lx}" y="{y - 10}" width="14" height="10" rx="2" fill="{key}"/>'
                )
            out.append(
                f'<text class="legend" x="{lx + 20}" y="{y}" fill="#1d2733">{escape(text)}</text>'
            )
            lx += 24 + len(text) * CHAR_WIDTH
    return out

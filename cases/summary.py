"""The case record as (label, value) rows for the case page, in the form's order."""

from __future__ import annotations

from cases.display import display_value, field_label
from cases.forms import CASE_FIELDSETS
from cases.models import Case


def case_summary(case: Case) -> list[tuple[str, list[tuple[str, str]]]]:
    sections = []
    for legend, names in CASE_FIELDSETS:
        rows = [(field_label(name), display_value(case, name)) for name in names]
        sections.append((str(legend), rows))
    return sections

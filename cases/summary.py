"""The case record as (label, value) rows for the case page, in the form's order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from cases import choices
from cases.forms import CASE_FIELDSETS
from cases.models import Case

NOT_GIVEN = "—"
LIST_LABELS = {
    "planned_procedures": dict(choices.PlannedProcedure.choices),
    "contraindications": dict(choices.Treatment.choices),
}


def display_value(case: Case, name: str) -> str:
    """A field of the case as the reader expects it, in French ("—" when not given)."""
    value = getattr(case, name)
    if value is None or value == "" or value == []:
        return NOT_GIVEN
    if name in LIST_LABELS:
        return ", ".join(LIST_LABELS[name].get(code, code) for code in value)
    getter = getattr(case, f"get_{name}_display", None)
    if getter is not None:
        return str(getter())
    if value is True:
        return _("Oui")
    if value is False:
        return _("Non")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


def case_summary(case: Case) -> list[tuple[str, list[tuple[str, str]]]]:
    sections = []
    for legend, names in CASE_FIELDSETS:
        rows = []
        for name in names:
            label = str(Case._meta.get_field(name).verbose_name)
            rows.append((label[:1].upper() + label[1:], display_value(case, name)))
        sections.append((str(legend), rows))
    return sections

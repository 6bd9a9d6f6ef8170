"""How a case reads in French: field labels and values.

Plain functions (no template machinery) shared by the case page, its template tags, the history
and the PDF dossier, so the screen and the paper say the same thing. Labels of the contract's
codes come from the one vocabulary (guidelines.vocabulary).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases.models import Case
from guidelines import engine, vocabulary

NOT_GIVEN = "—"
LIST_LABELS = {
    "planned_procedures": vocabulary.labels(engine.PlannedProcedure),
    "contraindications": vocabulary.labels(engine.OptionCode),
}


def field_label(name: str, model=Case) -> str:
    """The field's verbose name, capitalised."""
    return capfirst(str(model._meta.get_field(name).verbose_name))


def display_value(
    case: Case, name: str, *, empty: str = NOT_GIVEN, date_format: str = "d/m/Y"
) -> str:
    """A field of the case as the reader expects it; ``empty`` when not given.

    ``date_format`` is a Django date format (the page is compact, the dossier spells months).
    """
    return format_value(Case, name, getattr(case, name), empty=empty, date_format=date_format)


def format_value(
    model, name: str, value, *, empty: str = NOT_GIVEN, date_format: str = "d/m/Y"
) -> str:
    """A raw value of `model.name` in French (also for the history's old and new values)."""
    if value is None or value == "" or value == []:
        return empty
    if name in LIST_LABELS:
        return ", ".join(str(LIST_LABELS[name].get(code, code)) for code in value)
    model_field = model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    if isinstance(value, dt.date):
        return formats.date_format(value, date_format)
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize())
    return str(value)

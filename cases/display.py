"""How a case reads in French: field labels and values, and the engine's "fact=value" items.

Plain functions (no template machinery) shared by the case page, its template tags and the PDF
dossier, so the screen and the paper say the same thing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases import choices
from cases.evaluation import fact_label
from cases.models import Case

NOT_GIVEN = "—"
LIST_LABELS = {
    "planned_procedures": dict(choices.PlannedProcedure.choices),
    "contraindications": dict(choices.Treatment.choices),
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
        return f"{value.normalize():f}".replace(".", ",")
    return str(value)


# French labels of the fact values, for the "fact=value" items of the engine's output.
VALUE_LABELS: dict[str, dict[str, str]] = {
    "histology": dict(choices.Histology.choices),
    "histology_source": dict(choices.HistologySource.choices),
    "disease_extent": dict(choices.DiseaseExtent.choices),
    "surgery_type": dict(choices.SurgeryType.choices),
    "tumour_burden": dict(choices.TumourBurden.choices),
    "progression": dict(choices.Progression.choices),
    "sstr_imaging": dict(choices.Imaging.choices),
    "fdg_pet": dict(choices.Imaging.choices),
    "carcinoid_syndrome": dict(choices.CarcinoidSyndrome.choices),
    "metastatic_sites": dict(choices.MetastaticSite.choices),
    "planned_procedures": dict(choices.PlannedProcedure.choices),
    "contraindications": dict(choices.Treatment.choices),
}
TREATMENTS = dict(choices.Treatment.choices)
OUTCOMES = dict(choices.Outcome.choices)


def _value_label(name: str, value: str) -> str:
    if value in ("true", "false"):
        return "oui" if value == "true" else "non"
    labels = VALUE_LABELS.get(name)
    parts = [part.strip() for part in value.split(",")]
    if name == "prior_treatments":
        out = []
        for part in parts:
            treatment, _sep, outcome = part.partition(":")
            out.append(f"{TREATMENTS.get(treatment, treatment)} ({OUTCOMES.get(outcome, outcome)})")
        return ", ".join(out)
    if labels:
        return ", ".join(labels.get(part, part) for part in parts)
    return value


def humanise_fact(text: str) -> str:
    """ "progression: slow requis" → "Pente évolutive : slow requis";
    "progression=slow" → "Pente évolutive = Lentement progressive"."""
    text = str(text)
    name, found, rest = text.partition("=")
    if found and name.strip() and " " not in name.strip() and ":" not in name:
        name = name.strip()
        return f"{fact_label(name)} = {_value_label(name, rest.strip())}"
    name, found, rest = text.partition(":")
    if found and name.strip() and " " not in name.strip():
        label = fact_label(name.strip())
        if label != name.strip():
            return f"{label} : {rest.strip()}"
    return text

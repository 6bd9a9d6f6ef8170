"""Display helpers for case pages and the guideline panel (labels in French)."""

from __future__ import annotations

from django import template

from cases import choices
from cases.evaluation import fact_label
from guidelines.engine import (
    LABELS,
    LEVEL_LABELS,
    REGULATORY_LABELS,
    SEVERITY_LABELS,
    Level,
    Regulatory,
    Severity,
)

register = template.Library()

# Short badges for the panel; the full wording goes in the badge's title.
REGULATORY_BADGES = {
    "amm": "AMM",
    "off_label": "Hors AMM",
    "compassionate_cpc": "CPC",
    "amm_not_reimbursed": "AMM non remboursée",
    "not_available_fr": "Non disponible en France",
    "no_amm": "Pas d'AMM",
    "not_applicable": "—",
}
SETTING_LABELS = {
    "localized": "Maladie localisée",
    "locally_advanced_inoperable": "Maladie localement avancée inopérable",
    "metastatic": "Maladie métastatique",
}


@register.filter
def regulatory_badge(code: str) -> str:
    return REGULATORY_BADGES.get(code, code)


@register.filter
def regulatory_label(code: str) -> str:
    try:
        return REGULATORY_LABELS[Regulatory(code)]
    except ValueError:
        return code


@register.filter
def level_label(code: str) -> str:
    try:
        return LEVEL_LABELS[Level(code)]
    except ValueError:
        return code


@register.filter
def severity_label(code: str) -> str:
    try:
        return SEVERITY_LABELS[Severity(code)]
    except ValueError:
        return code


@register.filter
def code_label(code: str) -> str:
    """Label of an option, alert or follow-up code."""
    return LABELS.get(code, code)


@register.filter
def setting_label(code: str) -> str:
    return SETTING_LABELS.get(code, code)


@register.filter
def fact_name_label(name: str) -> str:
    return fact_label(name)


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


@register.filter
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


@register.filter
def ki67(value) -> str:
    if value is None:
        return "non renseigné"
    return f"{float(value):g} %".replace(".", ",")


@register.filter
def yes_no_unknown(value) -> str:
    return {True: "Oui", False: "Non"}.get(value, "Inconnu")


@register.filter
def get_item(mapping, key):
    """mapping[key] in templates (None when absent)."""
    if not mapping:
        return None
    return mapping.get(key)

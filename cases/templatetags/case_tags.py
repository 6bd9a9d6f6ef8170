"""Display helpers for case pages and the guideline panel (labels in French)."""

from __future__ import annotations

from django import template

from cases.display import humanise_fact
from cases.evaluation import fact_label
from cases.panel import item_text
from guidelines.engine import (
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
def setting_label(code: str) -> str:
    return SETTING_LABELS.get(code, code)


@register.filter
def fact_name_label(name: str) -> str:
    return fact_label(name)


register.filter(humanise_fact)  # plain function in cases.display: the PDF dossier uses it too
register.filter("item_text", item_text)  # an engine unmet/because item, old or new form


@register.filter
def ki67(value) -> str:
    if value is None:
        return "non renseigné"
    return f"{float(value):g} %".replace(".", ",")


@register.filter
def get_item(mapping, key):
    """mapping[key] in templates (None when absent)."""
    if not mapping:
        return None
    return mapping.get(key)

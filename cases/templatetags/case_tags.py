"""Display filters for case pages and the guideline panel: thin wrappers over the vocabulary."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from cases.panel import item_text
from guidelines import vocabulary

register = template.Library()

register.filter("regulatory_badge", vocabulary.regulatory_badge)
register.filter("regulatory_label", vocabulary.regulatory_label)
register.filter("regulatory_basis_label", vocabulary.regulatory_basis_label)
register.filter("level_label", vocabulary.level_label)
register.filter("eligibility_label", vocabulary.eligibility_label)
register.filter("severity_label", vocabulary.severity_label)
register.filter("setting_label", vocabulary.setting_label)
register.filter("fact_name_label", vocabulary.fact_label)
register.filter("finding_texts", vocabulary.finding_texts)
register.filter("pending_labels", vocabulary.pending_labels)
register.filter("item_text", item_text)  # one finding, as the panel layout reads it


@register.filter
def ki67(value) -> str:
    if value is None:
        return vocabulary.NOT_PROVIDED
    return f"{number_format(value)} %"


@register.filter
def get_item(mapping, key):
    """mapping[key] in templates (None when absent)."""
    if not mapping:
        return None
    return mapping.get(key)

"""Display filters for case pages and the guideline panel: thin wrappers over the vocabulary."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from cases import panel_html
from cases.panel import item_text
from guidelines import vocabulary
from renaten.html import text

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


_REQUIRED_MARK = ' <span class="required-mark" aria-hidden="true">*</span>'


@register.simple_tag(takes_context=True)
def case_field(context, field, wide: bool = False):
    """One field of a case form: its label (and required mark), widget, help, errors, and the
    value someone else saved meanwhile (``conflict_fields``). Written in Python rather than
    included: the form has some seventy fields, and an include each was a tenth of the page.
    Every value goes through `text` (what ``{{ value }}`` renders); the widget and the error
    list are Django's safe HTML."""
    errors = field.errors
    classes = "field" + (" field-error" if errors else "") + (" field-wide" if wide else "")
    mark = _REQUIRED_MARK if field.field.required else ""
    label = text(field.label)
    if getattr(field.field.widget, "allow_multiple_selected", False):
        label_id = text(f"{field.auto_id}_label")
        head = (
            f'<span class="label" id="{label_id}">{label}{mark}</span>\n'
            f'<div role="group" aria-labelledby="{label_id}" class="checkbox-list">'
            f"{text(field)}</div>"
        )
    else:
        head = f'<label for="{text(field.id_for_label)}">{label}{mark}</label>\n{text(field)}'
    help_text = (
        f'\n<small class="muted help">{text(field.help_text)}</small>' if field.help_text else ""
    )
    theirs = (context.get("conflict_fields") or {}).get(field.name)
    conflict = (
        f'\n<p class="conflict-value">{text(_("Version enregistrée entre-temps :"))} '
        f"<strong>{text(theirs)}</strong></p>"
        if theirs
        else ""
    )
    # An empty error list renders nothing, but only after a trip through the template engine.
    shown_errors = text(errors) if errors else ""
    return mark_safe(  # noqa: S308 (every value above went through text())
        f'<div class="{classes}">\n{head}{help_text}\n{shown_errors}{conflict}\n</div>'
    )


def _referentiel_url(context) -> str:
    """The référentiel page's address, reversed once per template render."""
    url = context.render_context.get("referentiel_url")
    if url is None:
        url = context.render_context["referentiel_url"] = panel_html.referentiel_url()
    return url


@register.simple_tag(takes_context=True)
def rule_links(context, rules) -> str:
    """Each rule id as a link to its entry on the référentiel page, comma-separated."""
    return panel_html.rule_links(rules or (), _referentiel_url(context))


@register.simple_tag(takes_context=True)
def option_card(context, item, group: str) -> str:
    """One option card of the guideline panel (cases.panel_html)."""
    return panel_html.option_card(
        item, group, on_form=bool(context.get("on_form")), referentiel_url=_referentiel_url(context)
    )


@register.simple_tag(takes_context=True)
def panel_alert(context, alert) -> str:
    """One alert of the guideline panel, as a list item (cases.panel_html)."""
    return panel_html.alert_item(alert, _referentiel_url(context))

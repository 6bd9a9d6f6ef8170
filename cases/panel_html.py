"""The guideline panel's option cards and alerts, written in Python.

The panel is re-rendered on every change of the case form and shows some twenty option cards.
Written as template markup, each card cost about 0.2 ms (five filters, nested loops, two
includes): most of the panel's rendering. Here a card is a handful of f-strings. Every value
shown goes through `_e` (renaten.html.text: what `{{ value }}` renders); labels come
from the vocabulary, as the template filters gave them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from cases.panel import PanelOption
from guidelines import vocabulary
from renaten.html import escaped
from renaten.html import text as _e

# The panel's three groups.
ELIGIBLE, PENDING, FOLDED = "eligible", "pending", "folded"


def _join(separator: str, items: Iterable[Any]) -> str:
    """`{{ items|join:separator }}` under autoescaping (escaped, not localized)."""
    return escaped(separator).join(escaped(item) for item in items)


def _list(css_class: str, items: Iterable[Any]) -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<ul{attribute}>" + "".join(f"<li>{_e(item)}</li>" for item in items) + "</ul>"


def rule_links(rules: Iterable[str], referentiel_url: str) -> SafeString:
    """Each rule id as a link to its entry on the référentiel page, comma-separated."""
    url = _e(referentiel_url)
    return mark_safe(", ".join(f'<a href="{url}#rule-{_e(r)}">{_e(r)}</a>' for r in rules))  # noqa: S308


def alert_item(alert: dict[str, Any], referentiel_url: str) -> SafeString:
    severity = alert.get("severity", "")
    return mark_safe(  # noqa: S308 (every value escaped by _e)
        f'<li class="alert-item severity-{_e(severity)}">\n'
        f'  <span class="severity-label">{_e(vocabulary.severity_label(severity))}</span>\n'
        f"  <strong>{_e(alert.get('label') or alert.get('code', ''))}</strong>\n"
        f"  <div>{_e(alert.get('message', ''))}</div>\n"
        f'  <div class="rules">{rule_links(alert.get("rules") or (), referentiel_url)}</div>\n'
        "</li>\n"
    )


def _alerts(item: PanelOption, referentiel_url: str) -> str:
    if not item.alerts:
        return ""
    return (
        '<ul class="alerts">'
        + "".join(alert_item(a, referentiel_url) for a in item.alerts)
        + "</ul>"
    )


def _header(option: dict[str, Any]) -> str:
    regulatory = option.get("regulatory", "")
    basis = option.get("regulatory_basis", "")
    basis_label = _e(vocabulary.regulatory_basis_label(basis))
    deduced = (
        f' <span class="muted small" title="{_e(option.get("regulatory_reason", ""))}">'
        f"({basis_label})</span>"
        if basis == "deduced"
        else ""
    )
    level = option.get("level", "")
    return (
        "<header>\n"
        f"<strong>{_e(option.get('label', ''))}</strong>\n"
        f'<span class="level-tag level-{_e(level)}">{_e(vocabulary.level_label(level))}</span>\n'
        f'<span class="badge badge-{_e(regulatory)}" '
        f'title="{_e(vocabulary.regulatory_label(regulatory))} ({basis_label})">'
        f"{_e(vocabulary.regulatory_badge(regulatory))}</span>{deduced}\n"
        "</header>"
    )


def _rules(option: dict[str, Any], referentiel_url: str) -> str:
    section = option.get("section")
    return (
        f'<p class="rules">{_e(_("Règles"))} '
        f"{rule_links(option.get('rules') or (), referentiel_url)}"
        + (f" · § {_e(section)}" if section else "")
        + "</p>"
    )


def _eligible_body(item: PanelOption, option: dict[str, Any]) -> list[str]:
    parts = []
    if item.why:
        parts.append(f'<p class="why">{_e(_("Parce que"))} : {_join(" ; ", item.why)}</p>')
    if option.get("conditions"):
        parts.append(_list("conditions", option["conditions"]))
    return parts


def _eligible_notes(option: dict[str, Any]) -> str:
    if not option.get("notes"):
        return ""
    return (
        f'<details class="notes"><summary>{_e(_("Notes du texte"))}</summary>'
        f"{_list('', option['notes'])}</details>"
    )


def _pending_body(item: PanelOption, on_form: bool) -> list[str]:
    if on_form:
        fields = ", ".join(
            f'<a href="#{_e(anchor)}">{_e(label)}</a>' for anchor, label in item.missing_fields
        )
    else:
        fields = _join(", ", (label for _anchor, label in item.missing_fields))
    return [
        f'<p class="why">{_e(_("À renseigner :"))} {fields}</p>',
        f'<details class="notes"><summary>{_e(_("Ce que le texte demande"))}</summary>'
        f"{_list('unmet', item.missing)}</details>",
    ]


def _folded_body(item: PanelOption, option: dict[str, Any]) -> list[str]:
    parts = []
    if item.reasons:
        parts.append(f'<p class="sub">{_e(_("Exclu par :"))}</p>')
        parts.append(_list("unmet", item.reasons))
    elif item.advised_against:
        why = f" : {_join(' ; ', item.why)}" if item.why else ""
        parts.append(
            f'<p class="why">{_e(vocabulary.level_label(option.get("level", "")))}{why}</p>'
        )
    if item.missing:
        parts.append(f'<p class="sub">{_e(_("Non renseigné :"))}</p>')
        parts.append(_list("unmet", item.missing))
    if option.get("notes"):
        parts.append(_list("notes", option["notes"]))
    return parts


def option_card(
    item: PanelOption, group: str, *, on_form: bool, referentiel_url: str
) -> SafeString:
    """One option of the panel as an <article>: `group` is ELIGIBLE, PENDING or FOLDED."""
    option = item.option
    if group == ELIGIBLE:
        css = "option-eligible"
        body = [*_eligible_body(item, option), _alerts(item, referentiel_url)]
        body.append(_eligible_notes(option))
    elif group == PENDING:
        css = "option-pending"
        body = [*_pending_body(item, on_form), _alerts(item, referentiel_url)]
    elif group == FOLDED:
        css = "option-ineligible" + (" option-against" if item.advised_against else "")
        body = [*_folded_body(item, option), _alerts(item, referentiel_url)]
    else:
        raise ValueError(f"unknown panel group {group!r}")
    body.append(_rules(option, referentiel_url))
    inner = "\n".join(part for part in body if part)
    return mark_safe(  # noqa: S308 (every value escaped by _e)
        f'<article class="option {css}" data-code="{_e(option.get("code", ""))}">\n'
        f"{_header(option)}\n{inner}\n</article>"
    )


def referentiel_url() -> str:
    return reverse("guidelines:referentiel")

"""Rows for the Référentiel page, built from the rule and regulatory definitions themselves."""

from __future__ import annotations

from dataclasses import dataclass

from guidelines import engine

_EXTENT_LABELS = {
    "localized": "Localisée",
    "locally_advanced_inoperable": "Localement avancée inopérable",
    "metastatic": "Métastatique",
}
_FAMILIES = (
    ("L", "A. Maladie localisée ou localement avancée"),
    ("P", "B. Maladie métastatique — prérequis"),
    ("S", "C. Syndromes sécrétoires (§5.1)"),
    ("T", "D. Traitements antitumoraux"),
    ("R", "E. Traitement locorégional (§5.8)"),
)


@dataclass(frozen=True)
class RuleRow:
    id: str
    section: str
    source: str
    title: str
    excerpt_fragments: tuple[str, ...]
    reads: tuple[tuple[str, str], ...]  # (fact name, French label)
    settings: tuple[str, ...]
    outcome: str
    interpretation: str
    emits: tuple[tuple[str, str], ...]  # (code, French label)


def rule_rows() -> list[tuple[str, list[RuleRow]]]:
    """Rules grouped as in DIGEST.md, in id order within each family."""
    groups: list[tuple[str, list[RuleRow]]] = []
    for prefix, heading in _FAMILIES:
        rules = [r for r in engine.RULES if r.id.startswith(prefix)]
        rules.sort(key=lambda r: int(r.id[1:]))
        groups.append((heading, [_row(rule) for rule in rules]))
    return groups


def _row(rule) -> RuleRow:
    codes = [*rule.options, *rule.alerts, *rule.follow_up]
    return RuleRow(
        id=rule.id,
        section=rule.section,
        source=rule.source,
        title=rule.title,
        excerpt_fragments=rule.excerpt_fragments,
        reads=tuple((name, engine.FACT_LABELS.get(name, name)) for name in rule.reads),
        settings=tuple(_EXTENT_LABELS.get(str(s), str(s)) for s in rule.settings),
        outcome=rule.outcome,
        interpretation=rule.interpretation,
        emits=tuple((str(code), engine.LABELS.get(str(code), str(code))) for code in codes),
    )


def regulatory_rows() -> list[dict]:
    return [
        {
            "code": str(entry.code),
            "label": engine.LABELS.get(str(entry.code), str(entry.code)),
            "status": str(entry.status),
            "status_label": engine.REGULATORY_LABELS[entry.status],
            "wording": entry.wording,
            "section": entry.section,
            "rules": entry.rules,
            "conditions": entry.conditions,
            "note": entry.note,
        }
        for entry in engine.REGULATORY.values()
    ]

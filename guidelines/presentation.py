"""Rows for the Référentiel page, built from the rule and regulatory definitions themselves."""

from __future__ import annotations

from dataclasses import dataclass

from cases import choices
from guidelines import engine

_EXTENT_LABELS = dict(choices.DiseaseExtent.choices)
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
    """Rules grouped as in DIGEST.md; RULES is in digest order (test_registry checks it)."""
    return [
        (heading, [_row(rule) for rule in engine.RULES if rule.id.startswith(prefix)])
        for prefix, heading in _FAMILIES
    ]


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
            "rules": [rule.id for rule in engine.RULES if entry.code in rule.options],
            "conditions": entry.conditions,
            "note": entry.note,
        }
        for entry in engine.REGULATORY.values()
    ]

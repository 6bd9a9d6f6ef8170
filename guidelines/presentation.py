"""Rows for the Référentiel page, built from the rule and regulatory definitions themselves."""

from __future__ import annotations

from dataclasses import dataclass

from guidelines import engine, vocabulary

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
        reads=tuple((name, vocabulary.fact_label(name)) for name in rule.reads),
        settings=tuple(vocabulary.label(engine.DiseaseExtent, s) for s in rule.settings),
        outcome=rule.outcome,
        interpretation=rule.interpretation,
        emits=tuple((str(code), vocabulary.code_label(code)) for code in codes),
    )


def regulatory_rows() -> list[dict]:
    return [
        {
            "code": str(entry.code),
            "label": vocabulary.option_label(entry.code),
            "status": str(entry.status),
            "status_label": vocabulary.regulatory_label(entry.status),
            "basis": str(entry.basis),
            "basis_label": vocabulary.regulatory_basis_label(entry.basis),
            "wording": entry.wording,
            "section": entry.section,
            "rules": [rule.id for rule in engine.RULES if entry.code in rule.options],
            "conditions": entry.conditions,
            "note": entry.note,
        }
        for entry in engine.REGULATORY.values()
    ]

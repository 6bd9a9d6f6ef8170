"""evaluate(): validate the facts, run the rules, build the contract's JSON-ready output."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .codes import (
    ALERT_LABELS,
    ALERT_RANK,
    LEVEL_RANK,
    OPTION_RANK,
    SEVERITY_RANK,
    DiseaseExtent,
    Severity,
)
from .context import RuleContext, rule_rank
from .facts import CaseFacts, validate
from .follow_up import plan_from_findings
from .model import AlertFinding, Rule
from .plausibility import warnings as plausibility_warnings
from .referentiel import ENGINE_VERSION, REFERENTIEL
from .registry import RULES
from .settings import DEFAULT_SETTINGS, EngineSettings


def _plan(extent: DiseaseExtent) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    active = [rule for rule in RULES if extent in rule.settings]
    return (
        tuple(rule for rule in active if rule.apply is not None),
        tuple(rule for rule in active if rule.after is not None),
    )


# Rules to run per disease extent, phase 1 (facts) then phase 2 (facts + merged options).
_PHASES = {extent: _plan(extent) for extent in DiseaseExtent}


def run_rules(facts: CaseFacts, settings: EngineSettings = DEFAULT_SETTINGS) -> RuleContext:
    """Run every applicable rule on valid facts; the context holds all findings."""
    ctx = RuleContext(facts, settings)
    first, second = _PHASES[facts.disease_extent]
    for rule in first:
        ctx.add(rule.id, rule.apply(ctx))  # type: ignore[misc]
    for rule in second:
        ctx.add(rule.id, rule.after(ctx))  # type: ignore[misc]
    return ctx


def evaluate(
    facts: Mapping[str, Any] | CaseFacts, settings: EngineSettings = DEFAULT_SETTINGS
) -> dict[str, Any]:
    """Validate then evaluate; raises FactsError on bad input (nothing is evaluated then)."""
    case = validate(facts)
    ctx = run_rules(case, settings)
    follow_up, follow_up_unmet = plan_from_findings(ctx.follow_ups)
    return {
        "referentiel": REFERENTIEL,
        "engine_version": ENGINE_VERSION,
        "setting": case.disease_extent.value,
        "alerts": _alerts(ctx),
        "options": _options(ctx),
        "follow_up": follow_up,
        "follow_up_unmet": follow_up_unmet,
        "thresholds": _thresholds(case, settings),
        "warnings": plausibility_warnings(case),
    }


def follow_up_plan(facts: Mapping[str, Any] | CaseFacts) -> dict[str, Any] | None:
    """The follow-up plan of an operated localised carcinoid, or None (validates the facts)."""
    return evaluate(facts)["follow_up"]


def _options(ctx: RuleContext) -> list[dict[str, Any]]:
    merged = [m for code in ctx.options if (m := ctx.merge(code)) is not None]
    merged.sort(key=_option_order)
    return merged


_ELIGIBILITY_RANK = {"eligible": 0, "pending": 1, "ineligible": 2}


def _option_order(option: dict[str, Any]) -> tuple[int, int, int]:
    # Eligible, then pending, then ineligible; then by level in contract order, then the fixed
    # option order.
    return (
        _ELIGIBILITY_RANK[option["eligibility"]],
        LEVEL_RANK[option["level"]],
        OPTION_RANK[option["code"]],
    )


def _alerts(ctx: RuleContext) -> list[dict[str, Any]]:
    out = [_alert_json(entries) for entries in ctx.alerts.values()]
    out.sort(key=lambda a: (SEVERITY_RANK[a["severity"]], ALERT_RANK[a["code"]]))
    return out


def _alert_json(entries: list[tuple[str, AlertFinding]]) -> dict[str, Any]:
    # One alert per code: the most severe severity, every rule and every distinct message.
    rule_id, first = entries[0]
    if len(entries) == 1 and not first.also_rules:
        severity, rules, message = first.severity, [rule_id], first.message
    else:
        severity, rules, message = _combined_alert(entries)
    return {
        "code": first.code.value,
        "severity": severity.value,
        "rules": rules,
        "message": message,
        "label": ALERT_LABELS[first.code],
    }


def _combined_alert(entries: list[tuple[str, AlertFinding]]) -> tuple[Severity, list[str], str]:
    severity = min((f.severity for _, f in entries), key=SEVERITY_RANK.__getitem__)
    rules: dict[str, None] = {}
    for rule_id, finding in entries:
        rules[rule_id] = None
        rules.update(dict.fromkeys(finding.also_rules))
    messages = dict.fromkeys(f.message for _, f in entries)
    return severity, sorted(rules, key=rule_rank), " ".join(messages)


def _thresholds(case: CaseFacts, settings: EngineSettings) -> dict[str, Any]:
    limit = settings.low_proliferation_ki67_max
    return {
        "low_proliferation": {
            "ki67_max": int(limit) if float(limit).is_integer() else limit,
            "compared_value": case.ki67_percent,
            "is_low": settings.is_low_proliferation(case.ki67_percent),
            "reason": settings.low_proliferation_reason,
            "source": settings.low_proliferation_source,
        }
    }


__all__ = ["evaluate", "follow_up_plan", "run_rules"]

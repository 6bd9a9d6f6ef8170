"""Shared helpers for the engine tests: building facts and checking decision-table rows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from guidelines.engine import SOURCE_FILE, evaluate

REPO_ROOT = Path(__file__).resolve().parents[3]
GUIDELINE_DIR = REPO_ROOT / "guidelines" / "referentiel"
DIGEST = GUIDELINE_DIR / "DIGEST.md"
SOURCE_TEXT = GUIDELINE_DIR / SOURCE_FILE
_DIGEST_RULE_ID = re.compile(r"^\|\s*([LPSTR]\d{1,2})\s*\|", re.MULTILINE)

LOCAL_PREOP_TC = {
    "histology": "typical",
    "disease_extent": "localized",
    "surgery_done": False,
    "surgical_contraindication": False,
}
OPERATED = {"disease_extent": "localized", "surgery_done": True, "resection_status": "R0"}
METASTATIC = {"histology": "typical", "disease_extent": "metastatic"}
EVEROLIMUS_FAILED = [{"treatment": "everolimus", "outcome": "progression"}]


def digest_ids() -> list[str]:
    """Rule ids in the order DIGEST.md lists them."""
    return _DIGEST_RULE_ID.findall(DIGEST.read_text(encoding="utf-8"))


def case(base: Mapping[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of `base` with `changes`; a change to None removes the field (unknown)."""
    facts = dict(base)
    for key, value in changes.items():
        if value is None:
            facts.pop(key, None)
        else:
            facts[key] = value
    return facts


def option(result: Mapping[str, Any], code: str) -> dict[str, Any] | None:
    return next((o for o in result["options"] if o["code"] == code), None)


def alert(result: Mapping[str, Any], code: str) -> dict[str, Any] | None:
    return next((a for a in result["alerts"] if a["code"] == code), None)


def unmet_facts(opt: Mapping[str, Any]) -> set[str]:
    return {item["fact"] for item in opt["unmet"]}


def json_fmt(value: Any) -> str:
    """A finding's JSON value written the contract's way: true, slow, liver, everolimus:ongoing."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dict):
        return f"{value['treatment']}:{value['outcome']}"
    if isinstance(value, list):
        return ", ".join(json_fmt(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def keys(items: Any) -> set[str]:
    """Structured findings as "fact=value" keys (the decision tables are written so)."""
    return {f"{item['fact']}={json_fmt(item['actual'])}" for item in items}


def check(facts: Mapping[str, Any], expect: Mapping[str, Any]) -> dict[str, Any]:
    """Evaluate `facts` and assert one decision-table row.

    expect keys (all optional):
      eligible: {code: bool}          level: {code: level}
      eligibility: {code: eligible|pending|ineligible}
      absent: [code]                  unmet: {code: [fact names that must be unmet]}
      rules: {code: [rule ids]}       because: {code: ["fact=value"]}
      alerts: {code: severity|None}   no_alerts: [code]
      alert_rules: {code: [rule ids]} follow_up: code|None
    """
    result = evaluate(facts)
    for code, eligible in expect.get("eligible", {}).items():
        opt = option(result, code)
        assert opt is not None, f"{code} missing"
        assert opt["eligible"] is eligible, (code, opt["unmet"])
    for code, eligibility in expect.get("eligibility", {}).items():
        opt = option(result, code)
        assert opt is not None, f"{code} missing"
        assert opt["eligibility"] == eligibility, (code, opt["eligibility"], opt["unmet"])
    for code, level in expect.get("level", {}).items():
        opt = option(result, code)
        assert opt is not None and opt["level"] == level, (code, opt and opt["level"])
    for code in expect.get("absent", ()):
        assert option(result, code) is None, f"{code} should not be emitted"
    for code, names in expect.get("unmet", {}).items():
        opt = option(result, code)
        assert opt is not None
        assert set(names) <= unmet_facts(opt), (code, opt["unmet"])
    for code, ids in expect.get("rules", {}).items():
        opt = option(result, code)
        assert opt is not None and set(ids) <= set(opt["rules"]), (code, opt and opt["rules"])
    for code, items in expect.get("because", {}).items():
        opt = option(result, code)
        assert opt is not None and set(items) <= keys(opt["because"]), (code, opt["because"])
    for code, severity in expect.get("alerts", {}).items():
        found = alert(result, code)
        assert found is not None, f"alert {code} missing"
        if severity is not None:
            assert found["severity"] == severity, (code, found["severity"])
    for code, ids in expect.get("alert_rules", {}).items():
        found = alert(result, code)
        assert found is not None and set(ids) <= set(found["rules"]), (code, found)
    for code in expect.get("no_alerts", ()):
        assert alert(result, code) is None, f"alert {code} should be absent"
    if "follow_up" in expect:
        follow_up = result["follow_up"]
        assert (follow_up and follow_up["code"]) == expect["follow_up"], follow_up
    return result

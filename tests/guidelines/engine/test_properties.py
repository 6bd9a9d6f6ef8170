"""Hypothesis: random valid facts never crash and keep the contract's invariants."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings

from guidelines.engine import (
    FACT_NAMES,
    RULES,
    FactsError,
    Level,
    OptionCode,
    Regulatory,
    Severity,
    evaluate,
    validate,
)

from .strategies import any_facts, contradictions, invalid_facts, metastatic_facts, valid_facts

LEVEL_ORDER = [level.value for level in Level]
ELIGIBILITY_ORDER = ["eligible", "pending", "ineligible"]
OPTION_ORDER = [code.value for code in OptionCode]
RULE_IDS = {rule.id for rule in RULES}
REGULATORY = {flag.value for flag in Regulatory}
PLAIN = (dict, list, str, int, float, bool, type(None))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plain(value: Any) -> bool:
    if type(value) not in PLAIN:
        return False
    if isinstance(value, dict):
        return all(type(k) is str and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return True


def everolimus_failed_or_contraindicated(facts: dict[str, Any]) -> bool:
    if "everolimus" in (facts.get("contraindications") or []):
        return True
    progressing = facts.get("progression") in ("slow", "clear", "rapid")
    for prior in facts.get("prior_treatments") or []:
        if prior["treatment"] != "everolimus":
            continue
        if prior["outcome"] in ("progression", "intolerance"):
            return True
        if prior["outcome"] == "ongoing" and progressing:
            return True
    return False


def check_invariants(facts: dict[str, Any]) -> None:
    result = evaluate(facts)
    assert plain(result)
    assert json.loads(json.dumps(result)) == result
    assert evaluate(facts) == result  # deterministic
    assert evaluate(validate(facts)) == result
    assert result["setting"] == facts["disease_extent"]

    options = {o["code"]: o for o in result["options"]}
    assert len(options) == len(result["options"])
    assert not options.get("cisplatin_etoposide", {}).get("eligible")
    prrt = options.get("prrt_lutathera")
    if prrt and prrt["eligible"]:
        assert facts.get("sstr_imaging") == "positive"
        assert everolimus_failed_or_contraindicated(facts)
        assert facts["disease_extent"] in ("metastatic", "locally_advanced_inoperable")

    declared = set(facts.get("contraindications") or [])
    keys = []
    for o in result["options"]:
        assert o["regulatory"] in REGULATORY
        assert o["rules"] and set(o["rules"]) <= RULE_IDS
        assert o["level"] in LEVEL_ORDER and o["section"] and o["label"]
        assert all(u["fact"] in FACT_NAMES for u in o["unmet"]), o["unmet"]
        assert all(b["fact"] in FACT_NAMES for b in o["because"]), o["because"]
        for key in ("unmet", "because", "notes", "rules"):
            seen = [json.dumps(item, sort_keys=True) for item in o[key]]
            assert len(seen) == len(set(seen)), (o["code"], key, o[key])
        assert o["eligible"] is (o["eligibility"] == "eligible")
        if o["eligible"]:
            assert o["unmet"] == []
            assert o["level"] not in ("not_recommended", "contraindicated")
            assert o["code"] not in declared
        keys.append(
            (
                ELIGIBILITY_ORDER.index(o["eligibility"]),
                LEVEL_ORDER.index(o["level"]),
                OPTION_ORDER.index(o["code"]),
            )
        )
    assert keys == sorted(keys)

    codes = [a["code"] for a in result["alerts"]]
    assert len(codes) == len(set(codes))
    for a in result["alerts"]:
        assert a["severity"] in {s.value for s in Severity}
        assert a["rules"] and set(a["rules"]) <= RULE_IDS and a["message"]
    assert ("rcp_renaten_required" in codes) == (facts["disease_extent"] == "metastatic")

    low = result["thresholds"]["low_proliferation"]
    assert low["compared_value"] == facts.get("ki67_percent")
    if facts.get("ki67_percent") is not None:
        assert low["is_low"] == (facts["ki67_percent"] < low["ki67_max"])
    if result["follow_up"] is not None:
        assert facts["disease_extent"] == "localized" and facts.get("surgery_done") is True


@FAST
@given(valid_facts)
def test_valid_facts_keep_the_invariants(facts):
    check_invariants(facts)


@FAST
@given(metastatic_facts)
def test_metastatic_facts_keep_the_invariants(facts):
    check_invariants(facts)


@FAST
@given(invalid_facts())
def test_invalid_facts_always_raise_facts_error(facts):
    try:
        evaluate(facts)
    except FactsError as error:
        assert error.errors
        assert all(
            isinstance(k, str) and v and all(isinstance(m, str) for m in v)
            for k, v in error.errors.items()
        )
    else:  # pragma: no cover - the assertion message is the point
        raise AssertionError(f"accepted invalid facts: {facts!r}")


@FAST
@given(any_facts)
def test_contradictory_facts_are_never_evaluated(facts):
    """Class 1: every contradiction is refused, naming both fields; nothing else is refused."""
    pairs = contradictions(facts)
    try:
        evaluate(facts)
    except FactsError as error:
        assert pairs, error.errors
        for pair in pairs:
            assert pair <= set(error.errors), (pair, error.errors)
    else:
        assert not pairs, pairs

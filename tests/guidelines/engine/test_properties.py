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
            assert o["level"] not in ("not_proposed", "not_recommended", "contraindicated")
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


# --- issue 12 invariants ------------------------------------------------------------------------

BEYOND_SSA = {
    "everolimus",
    "antiangiogenic",
    "sunitinib",
    "surufatinib",
    "chemo_temozolomide",
    "chemo_oxaliplatin",
    "cisplatin_etoposide",
    "streptozotocin",
    "prrt_lutathera",
    "interferon_alpha",
    "immune_checkpoint_inhibitor",
}
LOCOREGIONAL = {
    "liver_surgery",
    "combined_primary_liver_surgery",
    "liver_embolization",
    "liver_thermoablation",
    "cytoreductive_surgery",
    "bone_local_treatment",
    "primary_resection",
}


@FAST
@given(metastatic_facts)
def test_no_systemic_treatment_beyond_ssa_in_stable_non_secretory_disease(facts):
    # Synthèse, points 1-2: beyond SSA, systemic antitumour treatments are for "maladie
    # clairement progressive et/ou très largement disséminée" (everolimus) or a secretory form
    # (PRRT, CPC). Stable, non-secretory and not widely disseminated: none is eligible.
    facts = {
        **facts,
        "progression": "stable",
        "carcinoid_syndrome": "none",
        "widely_disseminated": False,
    }
    facts.pop("carcinoid_crisis", None)
    facts.pop("refractory_diarrhoea", None)
    result = evaluate(facts)
    eligible = {o["code"] for o in result["options"] if o["eligible"]}
    assert not eligible & BEYOND_SSA, eligible & BEYOND_SSA


@FAST
@given(metastatic_facts)
def test_every_prerequisite_alert_of_an_option_is_in_its_unmet(facts):
    result = evaluate(facts)
    alerts = {a["code"] for a in result["alerts"]}
    for o in result["options"]:
        if o["code"] not in LOCOREGIONAL:
            continue
        unmet = {u["fact"] for u in o["unmet"]}
        if "sstr_pet_before_locoregional" in alerts:
            assert "sstr_imaging" in unmet or o["eligibility"] == "ineligible", o
            assert not o["eligible"], o
        if "control_syndrome_first" in alerts and not o["eligible"]:
            continue
        if "control_syndrome_first" in alerts:
            # Eligible despite an uncontrolled syndrome: only S4's gestures for a syndrome
            # refractory to SSA (§5.1), never anything else.
            assert o["code"] in ("liver_embolization", "cytoreductive_surgery"), o
            assert "S4" in o["rules"], o


@FAST
@given(valid_facts)
def test_structured_findings_are_plain_french(facts):
    try:
        result = evaluate(facts)
    except FactsError:  # pragma: no cover - valid_facts are coherent
        raise
    items = [i for o in result["options"] for k in ("unmet", "because") for i in o[k]]
    items += result["follow_up_unmet"]
    for item in items:
        assert set(item) >= {"fact", "required", "actual", "text"}, item
        text = item["text"]
        assert "_" not in text and "actuellement:" not in text, text
        assert " true" not in text and " false" not in text, text


@FAST
@given(valid_facts)
def test_every_follow_up_calendar_reaches_past_ten_years(facts):
    import datetime as dt

    from guidelines.engine import follow_up_calendar

    plan = evaluate(facts)["follow_up"]
    if plan and plan["schedule_months"]:
        surgery = dt.date(2020, 2, 29)
        dates = follow_up_calendar(plan, surgery)
        assert dates[-1]["date"] > dt.date(2030, 2, 28)
        assert max(plan["schedule_months"]) > 120

"""The output shape of CONTRACT.md, plus the fields this engine adds."""

from __future__ import annotations

import json

from guidelines.engine import ENGINE_VERSION, REFERENTIEL, EngineSettings, evaluate

from .helpers import METASTATIC, case, keys, option
from .situations import SITUATIONS

OPTION_KEYS = {
    "code",
    "label",
    "level",
    "eligible",
    "unmet",
    "regulatory",
    "rules",
    "section",
    "because",
    "notes",
}


def test_top_level_fields():
    result = evaluate(SITUATIONS["PRRT candidate after everolimus"])
    assert {"referentiel", "engine_version", "setting", "alerts", "options", "follow_up"} <= set(
        result
    )
    assert result["referentiel"] == REFERENTIEL
    assert result["engine_version"] == ENGINE_VERSION == "2.0.0"
    for opt in result["options"]:
        assert set(opt) >= OPTION_KEYS
        assert isinstance(opt["conditions"], list)
    for alert in result["alerts"]:
        assert {"code", "severity", "rules", "message"} <= set(alert)


def test_all_situations_are_json():
    for facts in SITUATIONS.values():
        json.dumps(evaluate(facts), ensure_ascii=False)


def test_ordering_eligible_first_then_level():
    result = evaluate(SITUATIONS["refractory syndrome under SSA, liver predominant unresectable"])
    eligible = [o["eligible"] for o in result["options"]]
    assert eligible == sorted(eligible, reverse=True)
    assert result["options"][-1]["code"] == "cisplatin_etoposide"  # contraindicated, last


def test_alerts_ordered_by_severity():
    result = evaluate(SITUATIONS["uncontrolled syndrome with liver surgery planned"])
    ranks = {"blocking": 0, "warning": 1, "info": 2}
    severities = [ranks[a["severity"]] for a in result["alerts"]]
    assert severities == sorted(severities)
    assert result["alerts"][0]["severity"] == "blocking"


def test_thresholds_block_and_setting():
    facts = case(METASTATIC, ki67_percent=12, progression="slow")
    low = evaluate(facts)["thresholds"]["low_proliferation"]
    assert low["ki67_max"] == 10 and low["compared_value"] == 12 and low["is_low"] is False
    assert "CLARINET" in low["reason"]
    custom = evaluate(facts, EngineSettings(low_proliferation_ki67_max=15))
    assert custom["thresholds"]["low_proliferation"]["is_low"] is True
    assert "ki67_percent=12" in keys(option(custom, "ssa_antitumour")["because"])
    assert "ki67_percent=12" not in keys(option(evaluate(facts), "ssa_antitumour")["because"])
    # Value, threshold and its source are printed wherever low proliferation is used.
    item = next(
        b for b in option(custom, "ssa_antitumour")["because"] if b["fact"] == "ki67_percent"
    )
    assert "12 %" in item["text"] and "< 15 %" in item["text"] and "CLARINET" in item["text"]


def test_unknown_ki67_threshold_is_null():
    low = evaluate(METASTATIC)["thresholds"]["low_proliferation"]
    assert low["compared_value"] is None and low["is_low"] is None


def test_follow_up_unmet_is_always_a_list():
    for facts in SITUATIONS.values():
        assert isinstance(evaluate(facts)["follow_up_unmet"], list)

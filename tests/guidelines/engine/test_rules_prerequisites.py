"""Decision tables for the metastatic prerequisites P1–P6 (summary "Prérequis", §5.1, §5.8)."""

from __future__ import annotations

import pytest

from .helpers import LOCAL_PREOP_TC, METASTATIC, case, check

SYNDROME_FIRST = "control_syndrome_first"
SSTR_PET = "sstr_pet_before_locoregional"
LIVER_MRI = "liver_mri_diffusion_before_surgery"
LIVER_OK = {
    "metastatic_sites": ["liver"],
    "liver_predominant": True,
    "liver_resectable": True,
}


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            METASTATIC,
            {"alerts": {"rcp_renaten_required": "warning"}},
            id="metastatic: every decision at RCP RENATEN",
        ),
        pytest.param(
            case(METASTATIC, histology="atypical", progression="rapid"),
            {"alert_rules": {"rcp_renaten_required": ["P1"]}},
            id="metastatic CA, rapid: still RCP RENATEN",
        ),
        pytest.param(
            LOCAL_PREOP_TC,
            {"no_alerts": ["rcp_renaten_required"]},
            id="localised: not a metastatic prerequisite",
        ),
    ],
)
def test_P1_rcp_renaten_required(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            METASTATIC,
            {
                "alerts": {"consider_clinical_trial": "info"},
                "eligible": {"clinical_trial": True},
                "level": {"clinical_trial": "recommended"},
                "rules": {"clinical_trial": ["P2"]},
            },
            id="metastatic: trial inclusion always raised",
        ),
        pytest.param(
            LOCAL_PREOP_TC,
            {"absent": ["clinical_trial"], "no_alerts": ["consider_clinical_trial"]},
            id="localised: no trial prerequisite in the text",
        ),
    ],
)
def test_P2_clinical_trial(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="uncontrolled"),
            {"alerts": {SYNDROME_FIRST: "warning"}, "alert_rules": {SYNDROME_FIRST: ["P3"]}},
            id="uncontrolled syndrome: control it first with SSA",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_crisis=True),
            {"alerts": {SYNDROME_FIRST: None}},
            id="carcinoid crisis: control first",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="controlled"),
            {"no_alerts": [SYNDROME_FIRST]},
            id="controlled syndrome: prerequisite met",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="none"),
            {"no_alerts": [SYNDROME_FIRST]},
            id="no syndrome",
        ),
    ],
)
def test_P3_syndrome_controlled_first(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(
                METASTATIC,
                carcinoid_syndrome="uncontrolled",
                planned_procedures=["liver_embolization"],
            ),
            {"alerts": {SYNDROME_FIRST: "blocking"}, "alert_rules": {SYNDROME_FIRST: ["P4"]}},
            id="embolization planned, syndrome uncontrolled: blocking",
        ),
        pytest.param(
            case(
                METASTATIC,
                carcinoid_syndrome="refractory",
                planned_procedures=["invasive_diagnostic"],
            ),
            {"alerts": {SYNDROME_FIRST: "blocking"}},
            id="invasive diagnostic planned, refractory syndrome: blocking",
        ),
        pytest.param(
            case(METASTATIC, planned_procedures=["liver_surgery"]),
            {"alerts": {SYNDROME_FIRST: "warning"}},
            id="procedure planned, syndrome status unknown: check it",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="controlled", planned_procedures=["liver_surgery"]),
            {"no_alerts": [SYNDROME_FIRST]},
            id="procedure planned, syndrome controlled: nothing to add",
        ),
    ],
)
def test_P4_control_before_procedures(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, **LIVER_OK, sstr_imaging="not_done"),
            {
                "eligibility": {"liver_surgery": "pending"},
                "unmet": {"liver_surgery": ["sstr_imaging"]},
                "alerts": {SSTR_PET: "warning", LIVER_MRI: "warning"},
            },
            # §5.8: "La réalisation d'une TEP 68Ga-DOTA-TOC [...] doit être un préalable à toute
            # action thérapeutique." The prerequisite is in the option's own unmet (class 3).
            id="liver surgery otherwise eligible, no SSTR PET: pending on the PET",
        ),
        pytest.param(
            case(
                METASTATIC,
                **LIVER_OK,
                planned_procedures=["liver_surgery"],
                carcinoid_syndrome="none",
            ),
            {"alerts": {SSTR_PET: "blocking", LIVER_MRI: None}},
            id="liver surgery planned, SSTR imaging unknown: blocking",
        ),
        pytest.param(
            case(METASTATIC, **LIVER_OK, sstr_imaging="positive"),
            {"no_alerts": [SSTR_PET], "alerts": {LIVER_MRI: "warning"}},
            id="SSTR PET done: only the MRI reminder",
        ),
        pytest.param(
            case(
                METASTATIC,
                sstr_imaging="not_done",
                progression="stable",
                metastatic_sites=["lung"],
                surgery_done=True,
            ),
            {"no_alerts": [SSTR_PET, LIVER_MRI]},
            id="no locoregional option on the table: no alert",
        ),
    ],
)
def test_P5_before_locoregional(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            METASTATIC,
            {
                "unmet": {"everolimus": ["progression"], "watchful_waiting": ["progression"]},
                "rules": {"everolimus": ["P6"], "ssa_antitumour": ["P6"]},
            },
            id="slope unknown: judged on two successive imagings",
        ),
        pytest.param(
            case(METASTATIC, progression="unknown"),
            {"eligible": {"ssa_antitumour": False}, "unmet": {"ssa_antitumour": ["progression"]}},
            id="slope explicitly unknown is the same as absent",
        ),
        pytest.param(
            case(METASTATIC, progression="slow", sstr_imaging="positive"),
            {"eligible": {"ssa_antitumour": True}},
            id="slope known: the rules can decide",
        ),
    ],
)
def test_P6_progression_slope(facts, expect):
    result = check(facts, expect)
    if facts.get("progression") in (None, "unknown"):
        assert any("deux imageries" in u["text"] for o in result["options"] for u in o["unmet"])

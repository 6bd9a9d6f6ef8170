"""Decision tables for the localised-disease rules L1–L9 (the text's first section)."""

from __future__ import annotations

import pytest

from .helpers import LOCAL_PREOP_TC, OPERATED, case, check

SURGERY = "surgery_anatomical_resection"
LOBECTOMY = "lobectomy_mediastinal_dissection"
BRONCHOSCOPY = "interventional_bronchoscopy"
ADJUVANT = "adjuvant_treatment"
OUT = "out_of_referentiel"


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            LOCAL_PREOP_TC,
            {
                "eligible": {SURGERY: True},
                "level": {SURGERY: "recommended"},
                "rules": {SURGERY: ["L1"]},
            },
            id="TC not operated, operable: surgery with curage recommended",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, histology="unknown"),
            {"eligible": {SURGERY: True}},
            id="histology unknown: surgery is still the reference",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, surgical_contraindication=True),
            {"eligible": {SURGERY: False}, "unmet": {SURGERY: ["surgical_contraindication"]}},
            id="surgical contraindication: surgery not eligible",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, surgical_contraindication=None),
            {"eligible": {SURGERY: False}, "unmet": {SURGERY: ["surgical_contraindication"]}},
            id="contraindication unknown is not 'no'",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, surgery_done=None),
            {"eligible": {SURGERY: False}, "unmet": {SURGERY: ["surgery_done"]}},
            id="unknown whether already operated",
        ),
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N0"),
            {"absent": [SURGERY, LOBECTOMY, BRONCHOSCOPY]},
            id="already operated: no pre-operative option",
        ),
    ],
)
def test_L1_surgery_is_the_reference(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(LOCAL_PREOP_TC, surgical_contraindication=True),
            {
                "eligible": {BRONCHOSCOPY: True},
                "level": {BRONCHOSCOPY: "option"},
                "because": {BRONCHOSCOPY: ["surgical_contraindication=true"]},
            },
            id="surgical contraindication: interventional bronchoscopy",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, disproportionate_resection=True),
            {"eligible": {BRONCHOSCOPY: True, SURGERY: True}},
            id="disproportionate resection: bronchoscopy alongside surgery",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, disproportionate_resection=False),
            {
                "eligible": {BRONCHOSCOPY: False},
                "unmet": {
                    BRONCHOSCOPY: ["surgical_contraindication", "disproportionate_resection"]
                },
            },
            id="operable, proportionate resection: no bronchoscopy",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, surgical_contraindication=None),
            {
                "eligible": {BRONCHOSCOPY: False},
                "unmet": {
                    BRONCHOSCOPY: ["surgical_contraindication", "disproportionate_resection"]
                },
            },
            id="both facts unknown: not eligible, both named",
        ),
    ],
)
def test_L2_interventional_bronchoscopy(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            LOCAL_PREOP_TC,
            {"rules": {SURGERY: ["L3"]}, "no_alerts": ["below_minimal_resection"]},
            id="TC before surgery: conservative anatomical resection",
        ),
        pytest.param(
            case(OPERATED, histology="typical", surgery_type="wedge", nodal_status="N0"),
            {
                "alerts": {"below_minimal_resection": "warning"},
                "alert_rules": {"below_minimal_resection": ["L3"]},
            },
            id="TC resected by wedge: below the minimal segmentectomy",
        ),
        pytest.param(
            case(OPERATED, histology="typical", surgery_type="segmentectomy", nodal_status="N0"),
            {"no_alerts": ["below_minimal_resection"]},
            id="TC resected by segmentectomy: the minimum, no alert",
        ),
    ],
)
def test_L3_typical_carcinoid_extent(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(LOCAL_PREOP_TC, histology="atypical", histology_source="biopsy"),
            {
                "eligible": {LOBECTOMY: True},
                "level": {LOBECTOMY: "recommended"},
                "absent": [SURGERY],
                "alerts": {"rcp_renaten_desirable": "info"},
                "because": {LOBECTOMY: ["histology_source=biopsy"]},
            },
            id="CA on biopsy: lobectomy with mediastinal dissection, RCP desirable",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, histology="unknown"),
            {"eligible": {LOBECTOMY: False}, "unmet": {LOBECTOMY: ["histology"]}},
            id="histology unknown: no pre-operative argument for CA",
        ),
        pytest.param(
            LOCAL_PREOP_TC,
            {"absent": [LOBECTOMY], "no_alerts": ["rcp_renaten_desirable"]},
            id="TC: lobectomy rule does not apply",
        ),
        pytest.param(
            case(
                OPERATED,
                histology="atypical",
                histology_source="biopsy",
                surgery_type="segmentectomy",
            ),
            {
                "alerts": {"below_minimal_resection": "warning"},
                "alert_rules": {"below_minimal_resection": ["L4"]},
            },
            id="CA known before surgery, segmentectomy done: below expected lobectomy",
        ),
        pytest.param(
            case(
                OPERATED,
                histology="atypical",
                histology_source="surgical_specimen",
                surgery_type="wedge",
            ),
            {"alerts": {OUT: "warning"}, "no_alerts": ["below_minimal_resection"]},
            id="CA found on wedge specimen: text silent, out of referentiel",
        ),
        pytest.param(
            {"histology": "atypical", "disease_extent": "locally_advanced_inoperable"},
            {"alerts": {"rcp_renaten_desirable": "info"}, "absent": [LOBECTOMY]},
            id="any CA, even locally advanced: RCP RENATEN desirable",
        ),
    ],
)
def test_L4_atypical_carcinoid(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N0"),
            {
                "eligible": {ADJUVANT: False},
                "level": {ADJUVANT: "not_recommended"},
                "no_alerts": ["rcp_renaten_desirable", OUT],
            },
            id="R0 N0: no adjuvant treatment",
        ),
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N+"),
            {
                "level": {ADJUVANT: "not_recommended"},
                "alerts": {"rcp_renaten_desirable": "info"},
                "alert_rules": {"rcp_renaten_desirable": ["L5"]},
            },
            id="R0 N+: no adjuvant whatever the nodes, RCP desirable",
        ),
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N0", resection_status="R2"),
            {"absent": [ADJUVANT], "alerts": {OUT: "warning"}},
            id="R2: incomplete resection, text silent",
        ),
        pytest.param(
            case(OPERATED, histology="atypical", resection_status="R1"),
            {"absent": [ADJUVANT], "alerts": {OUT: "warning", "rcp_renaten_desirable": None}},
            id="CA R1: out of referentiel, RCP desirable for the CA",
        ),
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N0", resection_status=None),
            {"eligible": {ADJUVANT: False}, "unmet": {ADJUVANT: ["resection_status"]}},
            id="resection status unknown: named as missing",
        ),
    ],
)
def test_L5_no_adjuvant_after_complete_resection(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N0", surgery_type="sleeve_resection"),
            {"alerts": {"bronchoscopy_after_sleeve_resection": "info"}},
            id="sleeve resection: bronchoscopy for re-stenosis",
        ),
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N0", surgery_type="lobectomy"),
            {"no_alerts": ["bronchoscopy_after_sleeve_resection"]},
            id="lobectomy: no sleeve bronchoscopy",
        ),
    ],
)
def test_L6_bronchoscopy_after_sleeve(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect", "missing"),
    [
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N0"),
            {"alerts": {"no_pet_for_follow_up": "info"}},
            [],
            id="any operated carcinoid: no PET for follow-up",
        ),
        pytest.param(
            case(OPERATED, histology="typical"),
            {"follow_up": None},
            ["nodal_status"],
            id="TC, nodal status unknown: schedule cannot be chosen",
        ),
        pytest.param(
            case(OPERATED, histology="unknown", nodal_status="N0"),
            {"follow_up": None},
            ["histology"],
            id="N0, histology unknown: TC N0 and CA N0 differ",
        ),
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="Nx"),
            {"follow_up": None, "alerts": {OUT: "warning"}},
            ["nodal_status"],
            id="TC Nx: no rhythm in the text",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC),
            {"follow_up": None, "no_alerts": ["no_pet_for_follow_up"]},
            [],
            id="not operated: no follow-up",
        ),
    ],
)
def test_L7_follow_up_frame(facts, expect, missing):
    result = check(facts, expect)
    assert {item["fact"] for item in result["follow_up_unmet"]} == set(missing)


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N0"),
            "follow_up_optional_low_irradiation",
            id="TC N0: optional, low irradiation",
        ),
        pytest.param(
            case(OPERATED, histology="typical", nodal_status="N+"),
            "follow_up_ct_4m_then_yearly",
            id="TC N+: not the N0 plan",
        ),
    ],
)
def test_L8_tc_n0_follow_up(facts, code):
    result = check(facts, {"follow_up": code})
    plan = result["follow_up"]
    if code == "follow_up_optional_low_irradiation":
        assert plan["exams"] == ["Échographie abdominale", "IRM hépatique"]
        assert plan["schedule_months"] == []
        assert plan["rules"] == ["L7", "L8"]
        assert plan["duration_years_min"] == 10


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(case(OPERATED, histology="typical", nodal_status="N+"), id="TC N+"),
        pytest.param(case(OPERATED, histology="atypical", nodal_status="N0"), id="CA N0"),
        pytest.param(case(OPERATED, histology="atypical"), id="CA, nodes unknown"),
        pytest.param(
            case(OPERATED, histology="unknown", nodal_status="N+"),
            id="N+ with histology unknown: TC N+ and CA share the plan",
        ),
    ],
)
def test_L9_ct_then_yearly_follow_up(facts):
    plan = check(facts, {"follow_up": "follow_up_ct_4m_then_yearly"})["follow_up"]
    assert plan["schedule_months"][:3] == [4, 16, 28]
    assert plan["schedule_months"][-1] > 120  # more than 10 years
    assert plan["rules"] == ["L7", "L9"]
    assert "Imagerie des récepteurs à la somatostatine" in plan["on_suspected_recurrence"]
    assert not any("TEP" in exam for exam in plan["exams"])

"""Decision tables for the secretory-syndrome rules S1–S5 (§5.1)."""

from __future__ import annotations

import pytest

from .helpers import LOCAL_PREOP_TC, METASTATIC, case, check

SSA = "ssa_syndrome_control"
SSA_ONGOING = [{"treatment": "ssa_syndrome_control", "outcome": "ongoing"}]


@pytest.mark.parametrize(
    ("facts", "expect", "note"),
    [
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="uncontrolled"),
            {
                "eligible": {SSA: True},
                "level": {SSA: "recommended"},
                "because": {SSA: ["carcinoid_syndrome=uncontrolled"]},
            },
            "Syndrome non menaçant",
            id="non-threatening syndrome: long-acting SSA",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="uncontrolled", carcinoid_crisis=True),
            {"eligible": {SSA: True}},
            "deux à trois injections par jour",
            id="crisis: octreotide SC 2-3/day or syringe pump",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="controlled"),
            {"eligible": {SSA: True}},
            "Lanréotide (Somatuline®) LP 60, 90 ou 120 mg",
            id="controlled syndrome: SSA remain the reference",
        ),
        pytest.param(
            METASTATIC,
            {"eligible": {SSA: False}, "unmet": {SSA: ["carcinoid_syndrome"]}},
            None,
            id="syndrome unknown: named as missing",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="none"),
            {"absent": [SSA]},
            None,
            id="no syndrome: no SSA for the syndrome",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, carcinoid_syndrome="uncontrolled"),
            {
                "absent": [SSA],
                "alerts": {"out_of_referentiel": "warning"},
                "alert_rules": {"out_of_referentiel": ["S1"]},
            },
            None,
            id="syndrome in localised disease: text silent",
        ),
    ],
)
def test_S1_ssa_for_syndrome(facts, expect, note):
    result = check(facts, expect)
    if note:
        opt = next(o for o in result["options"] if o["code"] == SSA)
        assert any(note in n for n in opt["notes"]), opt["notes"]
        assert any("Octréotide (Sandostatine®) LP 10, 20 ou 30 mg" in n for n in opt["notes"])


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="refractory"),
            {"eligible": {"pasireotide": False}, "level": {"pasireotide": "not_proposed"}},
            id="refractory syndrome: pasireotide has no AMM",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="none"),
            {"absent": ["pasireotide"]},
            id="no syndrome: pasireotide not discussed",
        ),
    ],
)
def test_S2_pasireotide_no_amm(facts, expect):
    result = check(facts, expect)
    opt = next((o for o in result["options"] if o["code"] == "pasireotide"), None)
    if opt:
        assert opt["regulatory"] == "no_amm"


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="refractory", refractory_diarrhoea=True),
            {"eligible": {"telotristat": True}, "level": {"telotristat": "option"}},
            id="diarrhoea refractory to SSA: telotristat",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="refractory"),
            {
                "eligible": {"telotristat": False},
                "unmet": {"telotristat": ["refractory_diarrhoea"]},
            },
            id="refractory syndrome, diarrhoea not documented",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="uncontrolled", refractory_diarrhoea=False),
            {"eligible": {"telotristat": False}},
            id="no refractory diarrhoea: outside the AMM",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="controlled"),
            {"absent": ["telotristat"]},
            id="controlled syndrome: not raised",
        ),
    ],
)
def test_S3_telotristat(facts, expect):
    result = check(facts, expect)
    opt = next((o for o in result["options"] if o["code"] == "telotristat"), None)
    if opt:
        assert opt["regulatory"] == "amm_not_reimbursed"


REFRACTORY_LIVER = case(
    METASTATIC,
    carcinoid_syndrome="refractory",
    metastatic_sites=["liver"],
    sstr_imaging="positive",
    liver_predominant=True,
    portal_vein_thrombosis=False,
    biliodigestive_anastomosis=False,
)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            REFRACTORY_LIVER,
            {
                "eligible": {"liver_embolization": True, "cytoreductive_surgery": True},
                "level": {"liver_embolization": "option"},
                "rules": {
                    "liver_embolization": ["S4"],
                    "prrt_lutathera": ["S4"],
                    "interferon_alpha": ["S4"],
                },
            },
            id="refractory, liver predominant: chemo-embolisation, cytoreduction",
        ),
        pytest.param(
            case(
                REFRACTORY_LIVER,
                carcinoid_syndrome="uncontrolled",
                prior_treatments=[{"treatment": "ssa_syndrome_control", "outcome": "ongoing"}],
            ),
            {"eligible": {"liver_embolization": True}, "rules": {"prrt_lutathera": ["S4"]}},
            id="uncontrolled under ongoing SSA is escape, i.e. refractory",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="refractory", metastatic_sites=["bone"]),
            {"absent": ["liver_embolization", "cytoreductive_surgery"]},
            id="refractory without liver metastases: no liver gesture",
        ),
        pytest.param(
            case(REFRACTORY_LIVER, sstr_imaging=None),
            {
                "eligible": {"prrt_lutathera": False},
                "unmet": {"prrt_lutathera": ["sstr_imaging", "prior_treatments"]},
            },
            id="PRRT for refractory syndrome still needs the CPC conditions",
        ),
        pytest.param(
            case(
                METASTATIC,
                carcinoid_syndrome="uncontrolled",
                metastatic_sites=["liver"],
                liver_predominant=True,
                liver_resectable=True,
            ),
            {"eligible": {"liver_embolization": False}},
            id="uncontrolled but never on SSA: not refractory yet",
        ),
    ],
)
def test_S4_refractory_syndrome(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, cushing_syndrome=True),
            {"eligible": {"cushing_specific_treatment": True}},
            id="Cushing: dedicated treatment on specialist advice",
        ),
        pytest.param(
            case(METASTATIC, cushing_syndrome=False),
            {"absent": ["cushing_specific_treatment"]},
            id="no Cushing",
        ),
        pytest.param(
            case(LOCAL_PREOP_TC, cushing_syndrome=True),
            {
                "absent": ["cushing_specific_treatment"],
                "alerts": {"out_of_referentiel": "warning"},
                "alert_rules": {"out_of_referentiel": ["S5"]},
            },
            id="Cushing in localised disease: text silent",
        ),
    ],
)
def test_S5_cushing(facts, expect):
    result = check(facts, expect)
    opt = next((o for o in result["options"] if o["code"] == "cushing_specific_treatment"), None)
    if opt:
        assert any("kétoconazole" in n for n in opt["notes"])

"""Decision tables for the antitumour rules T1–T10 (§5.2–5.7 and the summary)."""

from __future__ import annotations

import pytest

from .helpers import EVEROLIMUS_FAILED, METASTATIC, case, check

INDOLENT = case(
    METASTATIC,
    tumour_burden="low",
    liver_resectable=False,
    symptomatic=False,
    progression="stable",
    ki67_percent=3,
)
PRRT = "prrt_lutathera"
PRRT_READY = case(
    METASTATIC,
    histology="atypical",
    progression="slow",
    sstr_imaging="positive",
    fdg_pet="negative",
    prior_treatments=EVEROLIMUS_FAILED,
)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            INDOLENT,
            {
                "eligible": {"watchful_waiting": True, "ssa_antitumour": True},
                "level": {"watchful_waiting": "option"},
                "rules": {"watchful_waiting": ["T1"], "ssa_antitumour": ["T1"]},
                "because": {"ssa_antitumour": ["ki67_percent=3"]},
                "no_alerts": ["proliferation_index_unknown"],
            },
            id="low burden, unresectable, asymptomatic, stable: surveillance or SSA",
        ),
        pytest.param(
            case(INDOLENT, progression="slow"),
            {"eligible": {"watchful_waiting": True}},
            id="slowly progressive is still 'peu évolutive'",
        ),
        pytest.param(
            case(INDOLENT, tumour_burden="high"),
            {
                "eligible": {"watchful_waiting": False},
                "unmet": {"watchful_waiting": ["tumour_burden"]},
            },
            id="high tumour burden: no watchful waiting",
        ),
        pytest.param(
            case(INDOLENT, symptomatic=True),
            {
                "eligible": {"watchful_waiting": False},
                "unmet": {"watchful_waiting": ["symptomatic"]},
            },
            id="symptomatic: no watchful waiting",
        ),
        pytest.param(
            case(INDOLENT, progression="rapid"),
            {
                "eligible": {"watchful_waiting": False},
                "unmet": {"watchful_waiting": ["progression"]},
            },
            id="rapid slope: no watchful waiting",
        ),
        pytest.param(
            case(
                INDOLENT,
                liver_resectable=True,
                primary_resectable=True,
                other_lesions_outside_liver_and_primary=False,
            ),
            {
                "eligible": {"watchful_waiting": False},
                "unmet": {"watchful_waiting": ["liver_resectable", "primary_resectable"]},
            },
            id="resectable disease: surgery territory, not surveillance",
        ),
        pytest.param(
            case(INDOLENT, liver_resectable=None),
            {
                "eligible": {"watchful_waiting": False},
                "unmet": {"watchful_waiting": ["liver_resectable"]},
            },
            id="resectability unknown is not 'unresectable'",
        ),
        pytest.param(
            case(INDOLENT, ki67_percent=None),
            {
                "eligible": {"watchful_waiting": True},
                "alerts": {"proliferation_index_unknown": "info"},
                "alert_rules": {"proliferation_index_unknown": ["T1"]},
            },
            id="Ki-67 unknown: flagged, low proliferation is a preference only",
        ),
    ],
)
def test_T1_watchful_waiting(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, progression="slow", ki67_percent=4),
            {
                "eligible": {"ssa_antitumour": True},
                "level": {"ssa_antitumour": "recommended"},
                "because": {"ssa_antitumour": ["progression=slow", "ki67_percent=4"]},
            },
            id="slowly progressive, low Ki-67: first-line SSA",
        ),
        pytest.param(
            case(METASTATIC, histology="atypical", progression="stable", sstr_imaging="positive"),
            {"eligible": {"ssa_antitumour": True}},
            id="SSTR-positive CA: first-line SSA (and/or)",
        ),
        pytest.param(
            case(METASTATIC, progression="stable", sstr_imaging="negative"),
            {
                "eligible": {"ssa_antitumour": True},
                "because": {"ssa_antitumour": ["histology=typical"]},
            },
            id="typical carcinoid: SSA preferred first line (§5.3.1)",
        ),
        pytest.param(
            case(METASTATIC, histology="atypical", progression="stable", sstr_imaging="negative"),
            {
                "eligible": {"ssa_antitumour": False},
                "unmet": {"ssa_antitumour": ["progression", "sstr_imaging", "histology"]},
            },
            id="stable SSTR-negative CA: none of the three conditions",
        ),
        pytest.param(
            case(METASTATIC, progression="rapid", sstr_imaging="positive"),
            {"eligible": {"ssa_antitumour": False}, "unmet": {"ssa_antitumour": ["progression"]}},
            id="rapid slope: everolimus or chemotherapy first",
        ),
        pytest.param(
            case(
                METASTATIC,
                progression="slow",
                prior_treatments=[{"treatment": "ssa_antitumour", "outcome": "progression"}],
            ),
            {
                "eligible": {"ssa_antitumour": False},
                "unmet": {"ssa_antitumour": ["prior_treatments"]},
            },
            id="SSA already failed: not re-proposed silently",
        ),
        pytest.param(
            case(
                METASTATIC,
                progression="slow",
                prior_treatments=[{"treatment": "ssa_syndrome_control", "outcome": "ongoing"}],
            ),
            {
                "eligible": {"ssa_antitumour": False},
                "unmet": {"ssa_antitumour": ["prior_treatments"]},
            },
            id="progression under ongoing SSA: escape",
        ),
        pytest.param(
            case(
                METASTATIC,
                progression="stable",
                prior_treatments=[{"treatment": "ssa_antitumour", "outcome": "ongoing"}],
            ),
            {
                "eligible": {"ssa_antitumour": True},
                "because": {"ssa_antitumour": ["prior_treatments=ssa_antitumour:ongoing"]},
            },
            id="SSA ongoing, disease stable: continue",
        ),
        pytest.param(
            case(METASTATIC, progression="slow", contraindications=["ssa_antitumour"]),
            {
                "eligible": {"ssa_antitumour": False},
                "unmet": {"ssa_antitumour": ["contraindications"]},
            },
            id="declared contraindication",
        ),
    ],
)
def test_T2_ssa_antitumour(facts, expect):
    result = check(facts, expect)
    opt = next(o for o in result["options"] if o["code"] == "ssa_antitumour")
    assert opt["regulatory"] == "off_label"
    assert "Validation préalable en RCP RENATEN" in opt["conditions"]
    assert any("lanréotide LP 120 mg SC/28 j" in n for n in opt["notes"])


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, progression="rapid"),
            {"eligible": {"everolimus": True}, "level": {"everolimus": "recommended"}},
            id="clearly progressive: everolimus first intention",
        ),
        pytest.param(
            case(METASTATIC, progression="stable", widely_disseminated=True),
            {"eligible": {"everolimus": True}, "level": {"everolimus": "recommended"}},
            id="widely disseminated: everolimus first intention",
        ),
        pytest.param(
            case(METASTATIC, progression="slow"),
            {"eligible": {"everolimus": True}, "level": {"everolimus": "option"}},
            id="slowly progressive: an option, SSA preferred",
        ),
        pytest.param(
            case(METASTATIC, progression="stable", widely_disseminated=False),
            {
                "eligible": {"everolimus": False},
                "unmet": {"everolimus": ["progression", "widely_disseminated"]},
            },
            id="stable, limited disease: not indicated",
        ),
        pytest.param(
            case(METASTATIC, progression="rapid", prior_treatments=EVEROLIMUS_FAILED),
            {"eligible": {"everolimus": False}, "unmet": {"everolimus": ["prior_treatments"]}},
            id="everolimus already failed",
        ),
        pytest.param(
            case(
                METASTATIC,
                progression="rapid",
                prior_treatments=[{"treatment": "everolimus", "outcome": "intolerance"}],
            ),
            {"eligible": {"everolimus": False}},
            id="everolimus not tolerated",
        ),
    ],
)
def test_T3_everolimus(facts, expect):
    result = check(facts, expect)
    opt = next(o for o in result["options"] if o["code"] == "everolimus")
    assert opt["regulatory"] == "amm"


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, progression="slow"),
            {
                "eligible": {"antiangiogenic": True, "sunitinib": False, "surufatinib": False},
                "level": {"antiangiogenic": "discuss", "sunitinib": "not_recommended"},
            },
            # §5.3.2: "au cas par cas, un traitement de ce type peut être proposé en RCP RENATEN."
            id="progressive: antiangiogenic case by case, sunitinib not recommended",
        ),
        pytest.param(
            METASTATIC,
            {
                "eligibility": {"antiangiogenic": "pending"},
                "unmet": {"antiangiogenic": ["progression"]},
            },
            id="slope unknown: antiangiogenic waits for it",
        ),
        pytest.param(
            case(METASTATIC, progression="stable", carcinoid_crisis=True),
            {"eligibility": {"antiangiogenic": "ineligible"}},
            # Synthèse, point 2: treatments beyond SSA are for "maladie clairement progressive";
            # a carcinoid crisis in stable disease is no indication (class 5).
            id="stable disease, carcinoid crisis: no antiangiogenic",
        ),
        pytest.param(
            case(METASTATIC, contraindications=["antiangiogenic"]),
            {"eligible": {"antiangiogenic": False}},
            id="antiangiogenic contraindicated",
        ),
    ],
)
def test_T4_antiangiogenics(facts, expect):
    result = check(facts, expect)
    flags = {o["code"]: o["regulatory"] for o in result["options"]}
    assert flags["antiangiogenic"] == "no_amm"
    assert flags["surufatinib"] == "not_available_fr"


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, progression="rapid"),
            {
                "eligible": {"chemo_temozolomide": True, "chemo_oxaliplatin": True},
                "level": {"chemo_oxaliplatin": "discuss"},
                "alerts": {"oxaliplatin_max_8_cycles": "info"},
            },
            id="rapidly progressive: chemotherapy to discuss",
        ),
        pytest.param(
            case(
                METASTATIC,
                progression="slow",
                prior_treatments=[{"treatment": "ssa_antitumour", "outcome": "progression"}],
            ),
            {
                "eligible": {"chemo_temozolomide": True},
                "because": {"chemo_temozolomide": ["prior_treatments=ssa_antitumour:progression"]},
            },
            id="after SSA failure",
        ),
        pytest.param(
            case(METASTATIC, progression="slow", prior_treatments=EVEROLIMUS_FAILED),
            {"eligible": {"chemo_oxaliplatin": True}},
            id="after everolimus failure",
        ),
        pytest.param(
            case(
                METASTATIC,
                progression="slow",
                prior_treatments=[{"treatment": "everolimus", "outcome": "ongoing"}],
            ),
            {"eligible": {"chemo_oxaliplatin": True}},
            id="progressing under ongoing everolimus is a failure",
        ),
        pytest.param(
            case(METASTATIC, progression="slow"),
            {
                "eligibility": {"chemo_temozolomide": "pending"},
                "unmet": {"chemo_temozolomide": ["prior_treatments"]},
                "no_alerts": ["oxaliplatin_max_8_cycles"],
            },
            id="slow, history unknown: waits for the history",
        ),
        pytest.param(
            case(
                METASTATIC,
                progression="slow",
                prior_treatments=[{"treatment": "everolimus", "outcome": "intolerance"}],
            ),
            {"eligible": {"chemo_temozolomide": False}},
            id="everolimus intolerance is not an efficacy failure",
        ),
    ],
)
def test_T5_chemotherapy(facts, expect):
    result = check(facts, expect)
    oxali = next(o for o in result["options"] if o["code"] == "chemo_oxaliplatin")
    assert any("8 cycles maximum" in n for n in oxali["notes"])
    temo = next(o for o in result["options"] if o["code"] == "chemo_temozolomide")
    assert any("CAPTEM" in n and "dacarbazine" in n for n in temo["notes"])


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(METASTATIC, id="any metastatic situation"),
        pytest.param(
            case(METASTATIC, progression="rapid", prior_treatments=EVEROLIMUS_FAILED),
            id="rapid after everolimus failure: still never cisplatin-etoposide",
        ),
    ],
)
def test_T6_cisplatin_etoposide_never(facts):
    check(
        facts,
        {
            "eligible": {"cisplatin_etoposide": False, "streptozotocin": False},
            "level": {
                "cisplatin_etoposide": "contraindicated",
                "streptozotocin": "not_proposed",
            },
        },
    )


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            PRRT_READY,
            {
                "eligible": {PRRT: True},
                "level": {PRRT: "discuss"},
                "alerts": {"cpc_patient_information": "warning"},
            },
            id="progressive CA, SSTR+, FDG done, after everolimus: CPC PRRT",
        ),
        pytest.param(
            case(PRRT_READY, sstr_imaging="negative"),
            {
                "eligible": {PRRT: False},
                "unmet": {PRRT: ["sstr_imaging"]},
                "no_alerts": ["cpc_patient_information"],
            },
            id="SSTR-negative: no PRRT",
        ),
        pytest.param(
            case(PRRT_READY, sstr_imaging=None),
            {"eligible": {PRRT: False}, "unmet": {PRRT: ["sstr_imaging"]}},
            id="SSTR imaging unknown: no PRRT",
        ),
        pytest.param(
            case(PRRT_READY, prior_treatments=None),
            {"eligible": {PRRT: False}, "unmet": {PRRT: ["prior_treatments", "contraindications"]}},
            id="everolimus never given: no PRRT yet",
        ),
        pytest.param(
            case(
                PRRT_READY, prior_treatments=[{"treatment": "everolimus", "outcome": "intolerance"}]
            ),
            {"eligible": {PRRT: True}},
            id="everolimus not tolerated",
        ),
        pytest.param(
            case(PRRT_READY, prior_treatments=None, contraindications=["everolimus"]),
            {"eligible": {PRRT: True}},
            id="everolimus contraindicated",
        ),
        pytest.param(
            case(PRRT_READY, prior_treatments=[{"treatment": "everolimus", "outcome": "response"}]),
            {"eligible": {PRRT: False}},
            id="everolimus working: no failure",
        ),
        pytest.param(
            case(PRRT_READY, fdg_pet="not_done"),
            {"eligible": {PRRT: False}, "unmet": {PRRT: ["fdg_pet"]}},
            id="FDG PET not done: indication read with its results",
        ),
        pytest.param(
            case(PRRT_READY, progression="stable"),
            {"eligible": {PRRT: False}, "unmet": {PRRT: ["progression", "carcinoid_syndrome"]}},
            id="stable, non-secretory: not progressive",
        ),
        pytest.param(
            case(PRRT_READY, progression="stable", carcinoid_syndrome="uncontrolled"),
            {"eligible": {PRRT: True}},
            id="stable but uncontrolled secretory form",
        ),
        pytest.param(
            case(PRRT_READY, disease_extent="locally_advanced_inoperable"),
            {
                "eligible": {PRRT: True},
                "alerts": {"out_of_referentiel": "warning"},
                "absent": ["everolimus", "clinical_trial"],
            },
            id="locally advanced inoperable: CPC covers it, the rest is silent",
        ),
        pytest.param(
            case(
                PRRT_READY,
                prior_treatments=[
                    *EVEROLIMUS_FAILED,
                    {"treatment": "prrt_lutathera", "outcome": "progression"},
                ],
            ),
            {"eligible": {PRRT: False}, "unmet": {PRRT: ["prior_treatments"]}},
            id="PRRT already failed",
        ),
    ],
)
def test_T7_prrt_compassionate(facts, expect):
    result = check(facts, expect)
    opt = next(o for o in result["options"] if o["code"] == PRRT)
    assert opt["regulatory"] == "compassionate_cpc"
    assert "Information du patient" in opt["conditions"]
    assert "Sur proposition de la RCP nationale RENATEN" in opt["conditions"]


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            PRRT_READY,
            {"alerts": {"stop_ssa_before_prrt": "warning"}, "rules": {PRRT: ["T8"]}},
            id="PRRT eligible: stop SSA 6 weeks before",
        ),
        pytest.param(
            case(METASTATIC, planned_procedures=["prrt"]),
            {
                "eligible": {PRRT: False},
                "alerts": {"stop_ssa_before_prrt": "warning", "cpc_patient_information": None},
            },
            id="PRRT planned though conditions unmet: reminders anyway",
        ),
        pytest.param(
            case(PRRT_READY, sstr_imaging="negative"),
            {"no_alerts": ["stop_ssa_before_prrt"]},
            id="PRRT neither eligible nor planned: no SSA wash-out alert",
        ),
    ],
)
def test_T8_prrt_practicalities(facts, expect):
    result = check(facts, expect)
    opt = next(o for o in result["options"] if o["code"] == PRRT)
    notes = " ".join(opt["notes"])
    for fragment in (
        "4 cures",
        "2 mois d'intervalle",
        "acides aminés",
        "radioprotection",
        "6 semaines",
        "8 semaines",
        "2 %",
    ):
        assert fragment in notes


REFRACTORY = case(METASTATIC, carcinoid_syndrome="refractory", progression="slow")


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(REFRACTORY, prior_treatments=EVEROLIMUS_FAILED),
            {"eligible": {"interferon_alpha": True}, "level": {"interferon_alpha": "last_resort"}},
            id="refractory syndrome after failure of another arm",
        ),
        pytest.param(
            REFRACTORY,
            {
                "eligible": {"interferon_alpha": False},
                "unmet": {"interferon_alpha": ["prior_treatments"]},
            },
            id="refractory syndrome, no other arm tried yet",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_syndrome="controlled", prior_treatments=EVEROLIMUS_FAILED),
            {
                "eligible": {"interferon_alpha": False},
                "unmet": {"interferon_alpha": ["carcinoid_syndrome"]},
            },
            id="controlled syndrome: interferon not for tumour control",
        ),
    ],
)
def test_T9_interferon_last_resort(facts, expect):
    result = check(facts, expect)
    opt = next(o for o in result["options"] if o["code"] == "interferon_alpha")
    assert any("1,5 million d'unités 3 fois par semaine" in n for n in opt["notes"])


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(METASTATIC, id="metastatic"),
        pytest.param(
            case(METASTATIC, progression="rapid", prior_treatments=EVEROLIMUS_FAILED),
            id="heavily pretreated",
        ),
    ],
)
def test_T10_checkpoint_inhibitors_no_amm(facts):
    result = check(facts, {"eligible": {"immune_checkpoint_inhibitor": False}})
    opt = next(o for o in result["options"] if o["code"] == "immune_checkpoint_inhibitor")
    assert opt["regulatory"] == "no_amm"
    assert opt["conditions"] == ["Uniquement dans le cadre d'un essai thérapeutique"]

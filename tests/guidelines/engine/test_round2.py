"""Issue 12 ("round 2"): decision tables written from the text, one section per class of error.

Each row quotes the sentence of the référentiel it follows (guidelines/referentiel/*.txt); where
the text is silent the row says so and checks that the engine says "hors référentiel".
"""

from __future__ import annotations

import pytest

from guidelines.engine import FactsError, evaluate

from .helpers import METASTATIC, case, check, option

SECRETORY_FREE = case(METASTATIC, carcinoid_syndrome="none", sstr_imaging="positive")


# --- class 1: contradictory facts are refused, naming both fields ----------------------------


@pytest.mark.parametrize(
    ("facts", "fields"),
    [
        pytest.param(
            {
                "histology": "typical",
                "disease_extent": "localized",
                "surgery_done": False,
                "surgical_contraindication": False,
                "metastatic_sites": ["liver"],
            },
            {"disease_extent", "metastatic_sites"},
            id="localized with metastatic sites (would have offered curative resection)",
        ),
        pytest.param(
            case(METASTATIC, carcinoid_crisis=True, carcinoid_syndrome="none"),
            {"carcinoid_crisis", "carcinoid_syndrome"},
            id="carcinoid crisis without carcinoid syndrome",
        ),
        pytest.param(
            case(
                METASTATIC,
                contraindications=["everolimus"],
                prior_treatments=[{"treatment": "everolimus", "outcome": "ongoing"}],
            ),
            {"contraindications", "prior_treatments"},
            id="treatment both contraindicated and ongoing",
        ),
        pytest.param(
            {
                "histology": "typical",
                "disease_extent": "locally_advanced_inoperable",
                "metastatic_sites": ["bone"],
            },
            {"disease_extent", "metastatic_sites"},
            id="locally advanced with metastatic sites",
        ),
    ],
)
def test_class1_contradictions_are_refused_naming_both_fields(facts, fields):
    with pytest.raises(FactsError) as raised:
        evaluate(facts)
    assert fields <= set(raised.value.errors)
    first, second = sorted(fields)
    # Each message names the other field in French.
    assert any("incompatible avec" in m for m in raised.value.errors[first])
    assert any("incompatible avec" in m for m in raised.value.errors[second])


# --- class 2: a syndrome escape is not an antitumour failure ---------------------------------


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(
                SECRETORY_FREE,
                carcinoid_syndrome="refractory",
                progression="stable",
                prior_treatments=[{"treatment": "ssa_syndrome_control", "outcome": "progression"}],
            ),
            {"eligibility": {"chemo_temozolomide": "ineligible"}},
            # §5.4: "La chimiothérapie est à discuter en RCP RENATEN en cas de formes rapidement
            # évolutives ou après échecs des ASM ou d'inhibiteurs de mTOR." A stable tumour
            # needs no new antitumour line.
            id="SSA line ended in progression, tumour now stable: no chemotherapy",
        ),
        pytest.param(
            case(
                SECRETORY_FREE,
                carcinoid_syndrome="uncontrolled",
                progression="slow",
                prior_treatments=[
                    {"treatment": "ssa_syndrome_control", "outcome": "syndrome_escape"}
                ],
            ),
            {
                "eligibility": {"chemo_temozolomide": "ineligible"},
                "unmet": {"chemo_temozolomide": ["prior_treatments"]},
            },
            # §5.1: "Le syndrome carcinoïde finit toutefois par échapper aux ASM." — an escape
            # of the syndrome, which §5.1 treats without systemic chemotherapy.
            id="syndrome escaped SSA, slow tumour: not an SSA failure for chemotherapy",
        ),
        pytest.param(
            case(
                SECRETORY_FREE,
                carcinoid_syndrome="uncontrolled",
                prior_treatments=[
                    {"treatment": "ssa_syndrome_control", "outcome": "syndrome_escape"}
                ],
                metastatic_sites=["liver"],
                liver_predominant=True,
                liver_resectable=False,
                portal_vein_thrombosis=False,
                biliodigestive_anastomosis=False,
            ),
            {
                "eligibility": {"liver_embolization": "eligible"},
                "rules": {"liver_embolization": ["S4"]},
            },
            # §5.1: "Les autres options thérapeutiques envisageables en cas de syndrome
            # carcinoïde réfractaire sont l'utilisation des traitements locaux-régionaux
            # notamment les chémo-embolisations"
            id="syndrome escape makes the syndrome refractory (S4)",
        ),
        pytest.param(
            case(
                SECRETORY_FREE,
                progression="slow",
                prior_treatments=[{"treatment": "ssa_antitumour", "outcome": "progression"}],
            ),
            {"eligibility": {"chemo_temozolomide": "eligible"}},
            # §5.4: "après échecs des ASM"
            id="progressive after failure of antitumour SSA: chemotherapy to discuss",
        ),
    ],
)
def test_class2_syndrome_escape_is_not_antitumour_failure(facts, expect):
    check(facts, expect)


# --- class 3: prerequisites the text sets are in the option's own unmet -----------------------


def test_class3_uncontrolled_syndrome_and_no_pet_are_unmet_prerequisites():
    # §5.1: "Son contrôle doit être un préalable à tout geste diagnostique invasif ou toute
    # thérapeutique spécifique (chirurgie ou embolisation hépatique)"; §5.8: "La réalisation
    # d'une TEP 68Ga-DOTA-TOC et la mise sous ASM en cas de syndrome sécrétoire doit être un
    # préalable à toute action thérapeutique."
    facts = case(
        METASTATIC,
        carcinoid_syndrome="uncontrolled",
        sstr_imaging="not_done",
        metastatic_sites=["liver"],
        liver_predominant=True,
        liver_resectable=False,
        portal_vein_thrombosis=False,
        biliodigestive_anastomosis=False,
        symptomatic=True,
    )
    result = evaluate(facts)
    for code in ("liver_embolization", "liver_thermoablation", "cytoreductive_surgery"):
        opt = option(result, code)
        assert opt is not None and not opt["eligible"], code
        facts_unmet = {u["fact"] for u in opt["unmet"]}
        assert {"carcinoid_syndrome", "sstr_imaging"} <= facts_unmet, (code, opt["unmet"])
        assert opt["eligibility"] == "ineligible"  # the uncontrolled syndrome is a known fact


# --- class 4: unknown is not "no" ------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            {"histology": "atypical", "disease_extent": "localized", "surgery_done": False},
            {
                "eligibility": {"lobectomy_mediastinal_dissection": "pending"},
                "unmet": {"lobectomy_mediastinal_dissection": ["surgical_contraindication"]},
            },
            # §local: "En cas d'argument pré-opératoire pour un carcinoïde atypique (CA), le
            # traitement devra être une lobectomie avec curage ganglionnaire médiastinal."
            id="localised CA, contraindication unknown: surgery pending, not excluded",
        ),
        pytest.param(
            {
                "histology": "atypical",
                "disease_extent": "localized",
                "surgery_done": False,
                "surgical_contraindication": True,
            },
            {"eligibility": {"lobectomy_mediastinal_dissection": "ineligible"}},
            id="localised CA with a surgical contraindication: excluded by it",
        ),
    ],
)
def test_class4_three_valued_eligibility(facts, expect):
    result = check(facts, expect)
    for opt in result["options"]:
        assert opt["eligible"] is (opt["eligibility"] == "eligible")
        if opt["eligibility"] == "pending":
            assert opt["pending_facts"] and not opt["excluded_by"]


def test_class4_excluded_by_names_the_known_fact():
    facts = {
        "histology": "atypical",
        "disease_extent": "localized",
        "surgery_done": False,
        "surgical_contraindication": True,
    }
    lobectomy = option(evaluate(facts), "lobectomy_mediastinal_dissection")
    assert [i["fact"] for i in lobectomy["excluded_by"]] == ["surgical_contraindication"]
    assert lobectomy["excluded_by"][0]["text"].startswith("Contre-indication chirurgicale")


# --- class 5: indolent disease ---------------------------------------------------------------

INDOLENT = case(
    SECRETORY_FREE,
    tumour_burden="low",
    liver_resectable=False,
    symptomatic=False,
    progression="stable",
    metastatic_sites=["liver"],
)


def test_class5_indolent_disease_surveillance_first_ssa_alternative():
    # Synthèse, point 1: "une surveillance attentive pourra être proposée, même au stade de
    # métastases diffuses. L'alternative sera l'utilisation des ASM"
    result = check(
        INDOLENT,
        {
            "eligibility": {
                "watchful_waiting": "eligible",
                "ssa_antitumour": "eligible",
                "antiangiogenic": "ineligible",
                "everolimus": "pending",  # "et/ou très largement disséminée": unknown here
                "chemo_temozolomide": "ineligible",
                "cytoreductive_surgery": "ineligible",
            },
            "level": {"watchful_waiting": "option", "ssa_antitumour": "option"},
        },
    )
    codes = [o["code"] for o in result["options"]]
    assert codes.index("watchful_waiting") < codes.index("ssa_antitumour")


def test_class5_crisis_in_stable_disease_gets_no_antiangiogenic():
    facts = case(SECRETORY_FREE, carcinoid_syndrome="uncontrolled", carcinoid_crisis=True)
    facts["progression"] = "stable"
    check(facts, {"eligibility": {"antiangiogenic": "ineligible"}})


# --- class 6: clearly progressive is not rapid -----------------------------------------------


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(SECRETORY_FREE, progression="clear"),
            {
                "eligibility": {"everolimus": "eligible", "chemo_temozolomide": "pending"},
                "level": {"everolimus": "recommended"},
            },
            # Synthèse, point 2: "En cas de maladie clairement progressive et/ou très largement
            # disséminée seront discutés en première intention : une thérapeutique ciblée par
            # éverolimus ou une chimiothérapie en cas de pente évolutive rapide"
            id="clearly progressive: everolimus first; chemotherapy needs rapid or failure",
        ),
        pytest.param(
            case(SECRETORY_FREE, progression="rapid"),
            {"eligibility": {"everolimus": "eligible", "chemo_temozolomide": "eligible"}},
            # §5.4: "en cas de formes rapidement évolutives"
            id="rapid: everolimus or chemotherapy",
        ),
    ],
)
def test_class6_clear_versus_rapid(facts, expect):
    check(facts, expect)


# --- class 7: follow-up ------------------------------------------------------------------------


def test_class7_incomplete_resection_gets_no_borrowed_plan():
    # The text only speaks of operated carcinoids after complete resection: silent on R1/R2.
    facts = {
        "histology": "typical",
        "disease_extent": "localized",
        "surgery_done": True,
        "resection_status": "R1",
        "nodal_status": "N0",
    }
    result = check(facts, {"alerts": {"out_of_referentiel": "warning"}, "follow_up": None})
    assert result["follow_up_unmet"] == []


def test_class7_follow_up_unmet_is_one_item_per_fact():
    # The L7 tuple used to be a bare string split into single characters.
    result = evaluate({"histology": "typical", "disease_extent": "localized"})
    assert [i["fact"] for i in result["follow_up_unmet"]] == ["surgery_done"]
    assert result["follow_up_unmet"][0]["text"].startswith("Tumeur primitive opérée")


# --- class 8: regulatory status stated or deduced ----------------------------------------------


@pytest.mark.parametrize(
    ("code", "basis"),
    [
        ("everolimus", "stated"),  # "la seule thérapeutique qui dispose d'une AMM"
        ("pasireotide", "stated"),  # "Le pasireotide n'a pas d'AMM"
        ("ssa_syndrome_control", "deduced"),
        ("chemo_temozolomide", "deduced"),
    ],
)
def test_class8_regulatory_basis(code, basis):
    facts = case(
        SECRETORY_FREE,
        progression="rapid",
        carcinoid_syndrome="uncontrolled",
    )
    opt = option(evaluate(facts), code)
    assert opt is not None and opt["regulatory_basis"] == basis
    assert bool(opt["regulatory_reason"]) is (basis == "deduced")


# --- class 11: plausibility warnings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "fields"),
    [
        (case(METASTATIC, mitoses_per_2mm2=3), {"mitoses_per_2mm2"}),
        (case(METASTATIC, necrosis=True), {"necrosis"}),
        (case(METASTATIC, histology="atypical", mitoses_per_2mm2=14), {"mitoses_per_2mm2"}),
        (case(METASTATIC, mitoses_per_2mm2=1), set()),
        (case(METASTATIC, histology="atypical", mitoses_per_2mm2=10, necrosis=True), set()),
    ],
)
def test_class11_pathology_plausibility_is_a_warning_not_a_refusal(facts, fields):
    # The text's scope is carcinoids; the thresholds are the WHO definition, named in the
    # warning (the référentiel does not restate it).
    result = evaluate(facts)
    warned = {f for w in result["warnings"] for f in w["fields"]} - {"histology"}
    assert warned == fields
    for warning in result["warnings"]:
        assert "OMS" in warning["source"] and warning["code"] == "review_pathology"


# --- class 10: facts the text reads ------------------------------------------------------------

PRRT_READY = case(
    METASTATIC,
    histology="atypical",
    progression="slow",
    sstr_imaging="positive",
    fdg_pet="positive",
    prior_treatments=[{"treatment": "everolimus", "outcome": "progression"}],
)


def test_class10_fdg_sstr_discordance_is_weighed_by_the_board():
    # CPC indication: "en relation avec les résultats de la TEP au FDG" — the text fixes no
    # conduct for discordant lesions: the option stands, the alert says the text is silent.
    result = check(
        case(PRRT_READY, fdg_sstr_discordant=True),
        {
            "eligibility": {"prrt_lutathera": "eligible"},
            "because": {"prrt_lutathera": ["fdg_sstr_discordant=true"]},
            "alerts": {"out_of_referentiel": "warning"},
            "alert_rules": {"out_of_referentiel": ["T7"]},
        },
    )
    assert (
        "TEP au FDG"
        in next(a for a in result["alerts"] if a["code"] == "out_of_referentiel")["message"]
    )


def test_class10_mgmt_and_pd_l1_are_shown_never_decide():
    # §5.4: efficacy "serait corrélée à l'activité de l'enzyme [...] (MGMT)"; §5.7: "Le taux de
    # réponse semblait plus important en cas d'expression de PDL1>1%".
    facts = case(METASTATIC, progression="rapid", mgmt_status="methylated", pd_l1_percent=5)
    check(
        facts,
        {
            "because": {
                "chemo_temozolomide": ["mgmt_status=methylated"],
                "immune_checkpoint_inhibitor": ["pd_l1_percent=5"],
            },
            "level": {"immune_checkpoint_inhibitor": "not_proposed"},
            "eligibility": {"chemo_temozolomide": "eligible"},
        },
    )
    without = evaluate(case(METASTATIC, progression="rapid"))
    assert option(without, "chemo_temozolomide")["eligibility"] == "eligible"

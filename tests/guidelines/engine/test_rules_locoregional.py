"""Decision tables for the locoregional rules R1–R6 (§5.8 and summary points 3–4)."""

from __future__ import annotations

import pytest

from .helpers import METASTATIC as BARE_METASTATIC
from .helpers import case, check

# §5.8: "La réalisation d'une TEP 68Ga-DOTA-TOC et la mise sous ASM en cas de syndrome
# sécrétoire doit être un préalable à toute action thérapeutique." The tables below state both
# prerequisites (PET done, no syndrome) unless a row is about them.
METASTATIC = case(BARE_METASTATIC, sstr_imaging="positive", carcinoid_syndrome="none")

BOTH_SITES = case(
    METASTATIC,
    metastatic_sites=["liver"],
    liver_resectable=True,
    primary_resectable=True,
    other_lesions_outside_liver_and_primary=False,
    progression="stable",
)
LIVER_DIFFUSE = case(
    METASTATIC,
    metastatic_sites=["liver"],
    liver_predominant=True,
    liver_resectable=False,
    portal_vein_thrombosis=False,
    biliodigestive_anastomosis=False,
)
COMBINED = "combined_primary_liver_surgery"
EMBOLIZATION = "liver_embolization"


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            BOTH_SITES,
            {
                "eligible": {COMBINED: True},
                "level": {COMBINED: "discuss"},
                "alerts": {"liver_mri_diffusion_before_surgery": "warning"},
            },
            id="liver and primary resectable, nothing else: both sites",
        ),
        pytest.param(
            case(BOTH_SITES, progression=None),
            {
                "eligible": {COMBINED: False},
                "unmet": {COMBINED: ["progression"]},
                "rules": {COMBINED: ["P6"]},
            },
            id="slope not yet observed",
        ),
        pytest.param(
            case(BOTH_SITES, other_lesions_outside_liver_and_primary=True),
            {
                "eligible": {COMBINED: False},
                "unmet": {COMBINED: ["other_lesions_outside_liver_and_primary"]},
            },
            id="other lesions: not the both-sites situation",
        ),
        pytest.param(
            case(BOTH_SITES, surgery_done=True),
            {"absent": [COMBINED]},
            id="primary already resected",
        ),
        pytest.param(
            case(BOTH_SITES, metastatic_sites=["bone"]),
            {"absent": [COMBINED]},
            id="no liver metastases",
        ),
    ],
)
def test_R1_both_sites_surgery(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(
                METASTATIC,
                metastatic_sites=["liver"],
                liver_predominant=True,
                liver_resectable=True,
                symptomatic=True,
            ),
            {
                "eligible": {
                    "liver_surgery": True,
                    EMBOLIZATION: False,
                    "liver_thermoablation": False,
                },
                "because": {"liver_surgery": ["symptomatic=true"]},
            },
            id="predominant resectable liver disease, symptomatic: liver surgery",
        ),
        pytest.param(
            LIVER_DIFFUSE,
            {
                "eligible": {
                    "liver_surgery": False,
                    EMBOLIZATION: True,
                    "liver_thermoablation": True,
                },
                "unmet": {"liver_surgery": ["liver_resectable"]},
            },
            id="predominant, not resectable: embolization or thermoablation",
        ),
        pytest.param(
            case(LIVER_DIFFUSE, liver_predominant=False),
            {"eligible": {EMBOLIZATION: True, "liver_thermoablation": False}},
            id="diffuse liver disease not predominant: embolization per §5.8",
        ),
        pytest.param(
            case(METASTATIC, metastatic_sites=["bone", "lung"]),
            {"absent": ["liver_surgery", EMBOLIZATION, "liver_thermoablation"]},
            id="no liver metastases: no liver option",
        ),
        pytest.param(
            case(METASTATIC, liver_resectable=False),
            {"eligible": {EMBOLIZATION: False}, "unmet": {EMBOLIZATION: ["metastatic_sites"]}},
            id="sites unknown: liver involvement must be stated",
        ),
    ],
)
def test_R2_predominant_liver_disease(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(LIVER_DIFFUSE, portal_vein_thrombosis=True),
            {
                "eligible": {EMBOLIZATION: False},
                "level": {EMBOLIZATION: "contraindicated"},
                "unmet": {EMBOLIZATION: ["portal_vein_thrombosis"]},
                "rules": {EMBOLIZATION: ["R3"]},
            },
            id="portal vein thrombosis: embolization contraindicated",
        ),
        pytest.param(
            case(LIVER_DIFFUSE, biliodigestive_anastomosis=True, carcinoid_syndrome="refractory"),
            {"eligible": {EMBOLIZATION: False}, "level": {EMBOLIZATION: "contraindicated"}},
            id="bilio-digestive anastomosis: contraindicated even for refractory syndrome",
        ),
        pytest.param(
            case(LIVER_DIFFUSE, portal_vein_thrombosis=None),
            {
                "eligible": {EMBOLIZATION: False},
                "level": {EMBOLIZATION: "discuss"},
                "unmet": {EMBOLIZATION: ["portal_vein_thrombosis"]},
            },
            id="thrombosis unknown: must be ruled out",
        ),
        pytest.param(
            LIVER_DIFFUSE,
            {"eligible": {EMBOLIZATION: True}, "rules": {EMBOLIZATION: ["R2", "R3"]}},
            id="both ruled out: embolization stands",
        ),
    ],
)
def test_R3_embolization_contraindications(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(LIVER_DIFFUSE, carcinoid_syndrome="refractory"),
            {
                "eligibility": {"cytoreductive_surgery": "eligible"},
                "because": {"cytoreductive_surgery": ["carcinoid_syndrome=refractory"]},
            },
            # §5.8: "des chirurgies de cytoréduction ont également pu être réalisées, en
            # particulier en cas de syndrome sécrétoire non maîtrisé"; §5.1 (S4) proposes it for
            # the syndrome refractory to SSA.
            id="unresectable liver disease, refractory syndrome: cytoreduction",
        ),
        pytest.param(
            case(LIVER_DIFFUSE, carcinoid_syndrome="uncontrolled"),
            {
                "eligibility": {"cytoreductive_surgery": "ineligible"},
                "unmet": {"cytoreductive_surgery": ["carcinoid_syndrome"]},
            },
            # Synthèse, prérequis 3: "Le syndrome carcinoïde, s'il existe, devra être contrôlé
            # en priorité au moyen des analogues de la somatostatine (ASM)."
            id="uncontrolled syndrome not yet under SSA: control it first",
        ),
        pytest.param(
            LIVER_DIFFUSE,
            {
                "eligibility": {"cytoreductive_surgery": "ineligible"},
                "level": {"cytoreductive_surgery": "discuss"},
                "unmet": {"cytoreductive_surgery": ["carcinoid_syndrome"]},
            },
            # Class 5: the text names no indication of cytoreduction without a syndrome.
            id="unresectable liver disease without syndrome: no cytoreduction",
        ),
        pytest.param(
            case(LIVER_DIFFUSE, liver_resectable=True),
            {"eligible": {"cytoreductive_surgery": False}},
            id="completely resectable: resection, not cytoreduction",
        ),
    ],
)
def test_R4_cytoreductive_surgery(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(METASTATIC, metastatic_sites=["bone"], bone_metastases_threatening=True),
            {
                "eligible": {"bone_local_treatment": True},
                "level": {"bone_local_treatment": "option"},
            },
            id="threatening bone metastases: local treatment",
        ),
        pytest.param(
            case(METASTATIC, metastatic_sites=["bone"]),
            {
                "eligible": {"bone_local_treatment": False},
                "unmet": {"bone_local_treatment": ["bone_metastases_threatening"]},
            },
            id="bone metastases, threat not assessed",
        ),
        pytest.param(
            case(METASTATIC, metastatic_sites=["liver"]),
            {"absent": ["bone_local_treatment"]},
            id="no bone metastases",
        ),
    ],
)
def test_R5_bone_metastases(facts, expect):
    check(facts, expect)


@pytest.mark.parametrize(
    ("facts", "expect"),
    [
        pytest.param(
            case(
                METASTATIC, progression="stable", primary_resectable=True, primary_symptomatic=True
            ),
            {
                "eligible": {"primary_resection": True},
                "because": {"primary_resection": ["primary_symptomatic=true"]},
            },
            id="controlled disease, symptomatic primary: resection case by case",
        ),
        pytest.param(
            case(METASTATIC, progression="slow", primary_resectable=True),
            {
                "eligible": {"primary_resection": False},
                "unmet": {"primary_resection": ["progression"]},
            },
            id="progressing metastases: not controlled",
        ),
        pytest.param(
            case(METASTATIC, progression="stable"),
            {
                "eligible": {"primary_resection": False},
                "unmet": {"primary_resection": ["primary_resectable"]},
            },
            id="resectability of the primary unknown",
        ),
        pytest.param(
            case(METASTATIC, progression="stable", surgery_done=True),
            {"absent": ["primary_resection"]},
            id="primary already resected",
        ),
    ],
)
def test_R6_primary_resection(facts, expect):
    check(facts, expect)

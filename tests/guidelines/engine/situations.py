"""Named clinical situations, written from the text; together they exercise every rule."""

from __future__ import annotations

from typing import Any

from .helpers import EVEROLIMUS_FAILED, LOCAL_PREOP_TC, METASTATIC, OPERATED, case

SITUATIONS: dict[str, dict[str, Any]] = {
    "localised TC before surgery": LOCAL_PREOP_TC,
    "localised CA on biopsy before surgery": case(
        LOCAL_PREOP_TC, histology="atypical", histology_source="biopsy"
    ),
    "localised TC, surgery contraindicated": case(LOCAL_PREOP_TC, surgical_contraindication=True),
    "TC resected by wedge, N0": case(
        OPERATED, histology="typical", surgery_type="wedge", nodal_status="N0"
    ),
    "TC resected by sleeve resection, N+": case(
        OPERATED, histology="typical", surgery_type="sleeve_resection", nodal_status="N+"
    ),
    "CA resected R1": case(
        OPERATED, histology="atypical", surgery_type="lobectomy", resection_status="R1"
    ),
    "TC resected, Nx": case(
        OPERATED, histology="typical", surgery_type="lobectomy", nodal_status="Nx"
    ),
    "metastatic indolent, low burden": case(
        METASTATIC,
        tumour_burden="low",
        liver_resectable=False,
        symptomatic=False,
        progression="stable",
        ki67_percent=3,
        sstr_imaging="positive",
        carcinoid_syndrome="none",
    ),
    "metastatic rapidly progressive, widely disseminated": case(
        METASTATIC, histology="atypical", progression="rapid", widely_disseminated=True
    ),
    "uncontrolled syndrome with liver surgery planned": case(
        METASTATIC,
        carcinoid_syndrome="uncontrolled",
        metastatic_sites=["liver"],
        liver_predominant=True,
        liver_resectable=True,
        primary_resectable=True,
        other_lesions_outside_liver_and_primary=False,
        progression="slow",
        sstr_imaging="not_done",
        planned_procedures=["liver_surgery"],
    ),
    "refractory syndrome under SSA, liver predominant unresectable": case(
        METASTATIC,
        carcinoid_syndrome="uncontrolled",
        refractory_diarrhoea=True,
        metastatic_sites=["liver"],
        liver_predominant=True,
        liver_resectable=False,
        portal_vein_thrombosis=False,
        biliodigestive_anastomosis=False,
        progression="slow",
        prior_treatments=[
            {"treatment": "ssa_syndrome_control", "outcome": "ongoing"},
            {"treatment": "everolimus", "outcome": "progression"},
        ],
    ),
    "PRRT candidate after everolimus": case(
        METASTATIC,
        histology="atypical",
        progression="slow",
        sstr_imaging="positive",
        fdg_pet="negative",
        ki67_percent=12,
        prior_treatments=EVEROLIMUS_FAILED,
        planned_procedures=["prrt"],
    ),
    "both sites resectable, slope unknown": case(
        METASTATIC,
        metastatic_sites=["liver"],
        liver_resectable=True,
        primary_resectable=True,
        other_lesions_outside_liver_and_primary=False,
    ),
    "threatening bone metastases, symptomatic primary, stable": case(
        METASTATIC,
        metastatic_sites=["bone"],
        bone_metastases_threatening=True,
        primary_resectable=True,
        primary_symptomatic=True,
        progression="stable",
    ),
    "Cushing syndrome": case(METASTATIC, cushing_syndrome=True, progression="stable"),
    "liver embolization with portal vein thrombosis": case(
        METASTATIC,
        metastatic_sites=["liver"],
        liver_predominant=True,
        liver_resectable=False,
        portal_vein_thrombosis=True,
        progression="slow",
    ),
    "locally advanced inoperable, PRRT candidate": case(
        METASTATIC,
        disease_extent="locally_advanced_inoperable",
        progression="rapid",
        sstr_imaging="positive",
        fdg_pet="positive",
        contraindications=["everolimus"],
    ),
}

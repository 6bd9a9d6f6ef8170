"""Fictional demo cases (load_demo step): every name is fake ("-TEST"), every IPP "DEMO-…".

Covers localised CT and CA, resected N0 and N+, metastatic indolent and rapidly progressive,
uncontrolled carcinoid syndrome, PRRT candidate after everolimus, and a locally advanced one.
Idempotent: a patient (by IPP) that already has a case is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from accounts.demo import DEMO_CENTRE
from accounts.models import Centre, User
from boards.services import suggested_board_for
from cases.actions import transition
from cases.models import Case, MetastaticSite, Patient, TreatmentLine

D = dt.date

LOCALISED_CT = {
    "histology": "typical",
    "histology_source": "biopsy",
    "disease_extent": "localized",
    "tnm_t": "T1b",
    "tnm_n": "N0",
    "tnm_m": "M0",
    "ki67_percent": Decimal("2"),
    "surgery_done": False,
    "surgical_contraindication": False,
}

DEMO_CASES = (
    {
        "patient": ("DEMO-0001", "DUPONT-TEST", "Jeanne", D(1958, 3, 14), "F"),
        "status": "ready",
        "case": {
            **LOCALISED_CT,
            "reason": "new_diagnosis",
            "discovery_circumstances": "Nodule de découverte fortuite sur un scanner fictif.",
            "who_performance_status": 0,
            "question": "Quelle exérèse proposer pour ce carcinoïde typique localisé ?",
        },
    },
    {
        "patient": ("DEMO-0002", "MARTIN-TEST", "Paul", D(1964, 7, 2), "M"),
        "status": "ready",
        "case": {
            **LOCALISED_CT,
            "histology": "atypical",
            "tnm_t": "T2a",
            "tnm_n": "N1",
            "ki67_percent": Decimal("12"),
            "mitoses_per_2mm2": Decimal("4"),
            "necrosis": True,
            "reason": "new_diagnosis",
            "discovery_circumstances": "Hémoptysies (cas fictif).",
            "who_performance_status": 1,
            "question": "Carcinoïde atypique sur biopsie : lobectomie avec curage ?",
        },
    },
    {
        "patient": ("DEMO-0003", "BERNARD-TEST", "Lucie", D(1971, 11, 23), "F"),
        "status": "ready",
        "case": {
            "histology": "typical",
            "histology_source": "surgical_specimen",
            "disease_extent": "localized",
            "tnm_t": "T1c",
            "tnm_n": "N0",
            "tnm_m": "M0",
            "ki67_percent": Decimal("1.5"),
            "surgery_done": True,
            "surgery_date": D(2025, 9, 15),
            "surgery_type": "segmentectomy",
            "resection_status": "R0",
            "nodal_status": "N0",
            "reason": "post_operative",
            "question": "Faut-il une surveillance après exérèse complète N0 ?",
        },
    },
    {
        "patient": ("DEMO-0004", "PETIT-TEST", "Marc", D(1960, 1, 30), "M"),
        "status": "ready",
        "case": {
            "histology": "atypical",
            "histology_source": "surgical_specimen",
            "disease_extent": "localized",
            "tnm_t": "T2a",
            "tnm_n": "N1",
            "tnm_m": "M0",
            "ki67_percent": Decimal("9"),
            "surgery_done": True,
            "surgery_date": D(2025, 6, 2),
            "surgery_type": "sleeve_resection",
            "resection_status": "R0",
            "nodal_status": "N+",
            "reason": "post_operative",
            "question": "Traitement complémentaire et rythme de surveillance après exérèse N+ ?",
        },
    },
    {
        "patient": ("DEMO-0005", "ROBERT-TEST", "Hélène", D(1949, 5, 8), "F"),
        "status": "ready",
        "sites": ("liver", "bone"),
        "case": {
            "histology": "typical",
            "histology_source": "biopsy",
            "disease_extent": "metastatic",
            "tnm_t": "T1c",
            "tnm_n": "N0",
            "tnm_m": "M1c",
            "ki67_percent": Decimal("3"),
            "tumour_burden": "low",
            "symptomatic": False,
            "progression": "stable",
            "progression_imaging_1_date": D(2025, 2, 10),
            "progression_imaging_2_date": D(2025, 8, 12),
            "liver_resectable": False,
            "primary_resectable": False,
            "other_lesions_outside_liver_and_primary": True,
            "sstr_imaging": "positive",
            "sstr_imaging_date": D(2025, 3, 1),
            "carcinoid_syndrome": "none",
            "reason": "new_diagnosis",
            "question": "Maladie métastatique indolente : surveillance ou analogues ?",
        },
    },
    {
        "patient": ("DEMO-0006", "RICHARD-TEST", "Alain", D(1955, 9, 17), "M"),
        "status": "draft",
        "sites": ("liver", "bone", "lymph_nodes"),
        "lines": (("ssa_antitumour", D(2024, 4, 1), D(2025, 1, 20), "progression", "progression"),),
        "case": {
            "histology": "atypical",
            "histology_source": "biopsy",
            "disease_extent": "metastatic",
            "tnm_t": "T3",
            "tnm_n": "N2",
            "tnm_m": "M1c",
            "ki67_percent": Decimal("25"),
            "tumour_burden": "high",
            "symptomatic": True,
            "widely_disseminated": True,
            "progression": "rapid",
            "progression_imaging_1_date": D(2025, 1, 10),
            "progression_imaging_2_date": D(2025, 4, 10),
            "sstr_imaging": "negative",
            "sstr_imaging_date": D(2025, 4, 20),
            "fdg_pet": "positive",
            "fdg_pet_date": D(2025, 4, 22),
            "carcinoid_syndrome": "none",
            "reason": "progression",
            "question": "Progression rapide sous analogues : quelle ligne suivante ?",
        },
    },
    {
        "patient": ("DEMO-0007", "DURAND-TEST", "Sylvie", D(1952, 12, 1), "F"),
        "status": "ready",
        "sites": ("liver",),
        "lines": (("ssa_syndrome_control", D(2024, 9, 1), None, "stable", ""),),
        "case": {
            "histology": "typical",
            "histology_source": "biopsy",
            "disease_extent": "metastatic",
            "tnm_t": "T2a",
            "tnm_n": "N0",
            "tnm_m": "M1b",
            "ki67_percent": Decimal("4"),
            "liver_predominant": True,
            "liver_resectable": False,
            "progression": "slow",
            "progression_imaging_1_date": D(2024, 10, 1),
            "progression_imaging_2_date": D(2025, 5, 1),
            "sstr_imaging": "positive",
            "sstr_imaging_date": D(2024, 8, 20),
            "carcinoid_syndrome": "uncontrolled",
            "refractory_diarrhoea": True,
            "symptomatic": True,
            "reason": "progression",
            "question": "Syndrome carcinoïde non contrôlé malgré les analogues : quelles options ?",
        },
    },
    {
        "patient": ("DEMO-0008", "LEROY-TEST", "Bernard", D(1957, 4, 19), "M"),
        "status": "ready",
        "sites": ("liver", "bone"),
        "lines": (
            ("ssa_antitumour", D(2022, 3, 1), D(2023, 5, 15), "progression", "progression"),
            ("everolimus", D(2023, 6, 1), D(2025, 2, 1), "stable", "progression"),
        ),
        "case": {
            "histology": "atypical",
            "histology_source": "biopsy",
            "disease_extent": "metastatic",
            "tnm_t": "T2b",
            "tnm_n": "N1",
            "tnm_m": "M1c",
            "ki67_percent": Decimal("14"),
            "mitoses_per_2mm2": Decimal("3"),
            "progression": "slow",
            "progression_imaging_1_date": D(2024, 8, 1),
            "progression_imaging_2_date": D(2025, 1, 25),
            "sstr_imaging": "positive",
            "sstr_imaging_date": D(2025, 2, 15),
            "fdg_pet": "negative",
            "fdg_pet_date": D(2025, 2, 18),
            "carcinoid_syndrome": "none",
            "reason": "progression",
            "clinical_trial_nct": "NCT04665739",
            "question": "Progression après évérolimus, IRS positive : RIV par Lutathera® ?",
        },
    },
    {
        "patient": ("DEMO-0009", "MOREAU-TEST", "Claire", D(1946, 2, 27), "F"),
        "status": "draft",
        "case": {
            "histology": "atypical",
            "histology_source": "biopsy",
            "disease_extent": "locally_advanced_inoperable",
            "tnm_t": "T4",
            "tnm_n": "N2",
            "tnm_m": "M0",
            "surgical_contraindication": True,
            "progression": "unknown",
            "reason": "other",
            "comorbidities": "Insuffisance respiratoire (cas fictif).",
            "question": "Maladie localement avancée inopérable : quelle stratégie ?",
        },
    },
)


@transaction.atomic
def load() -> list[Case]:
    centre = Centre.objects.get(name=DEMO_CENTRE["name"])
    clinician = User.objects.filter(username="clinicien").first()
    board = suggested_board_for(centre)
    created = []
    for spec in DEMO_CASES:
        ipp, family, given, birth, sex = spec["patient"]
        patient, _ = Patient.objects.get_or_create(
            centre=centre,
            ipp=ipp,
            defaults={
                "family_name": family,
                "given_names": given,
                "birth_date": birth,
                "sex": sex,
            },
        )
        if patient.cases.exists():
            continue
        case = Case(
            centre=centre,
            patient=patient,
            board=board,
            created_by=clinician,
            referring_physician="Dr Martin-Démo (fictif)",
            clinical_summary="Cas fictif de démonstration.",
            **spec["case"],
        )
        case.full_clean()
        case._history_user = clinician
        case.save()
        for site in spec.get("sites", ()):
            row = MetastaticSite(case=case, site=site)
            row._history_user = clinician
            row.save()
        for treatment, start, end, response, reason in spec.get("lines", ()):
            line = TreatmentLine(
                case=case,
                treatment=treatment,
                start_date=start,
                end_date=end,
                best_response=response,
                reason_stopped=reason,
            )
            line.full_clean()
            line._history_user = clinician
            line.save()
        if spec["status"] != case.status:  # created as a draft; the status changes as in the app
            transition(case=case, to=spec["status"], by=clinician)
        created.append(case)
    return created

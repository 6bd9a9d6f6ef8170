"""Stand-ins shaped like decisions.documents.FicheData / PpsData (the fields the adapters read),
so the adapters are tested whatever the decisions app stores."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

HELD = timezone.make_aware(dt.datetime(2026, 11, 20, 14, 0))


def option(code, label, regulatory_label="AMM", level_label="Recommandé", rules=("R-1",)):
    return SimpleNamespace(
        code=code,
        label=label,
        regulatory_label=regulatory_label,
        level_label=level_label,
        rules=tuple(rules),
    )


def participant(name, specialty, is_physician=True):
    return SimpleNamespace(name=name, specialty=specialty, is_physician=is_physician)


PARTICIPANTS = (
    participant("Dr Claire Coordinatrice", "medical_oncology"),
    participant("Dr Paul Chirurgien", "thoracic_surgery"),
    participant("Dr Anne Nucléaire", "nuclear_medicine"),
    participant("Mme Infirmière", "other", is_physician=False),
)


def fiche(case, **changes):
    data = {
        "decision_id": 1,
        "version": 1,
        "status": "validated",
        "is_validated": True,
        "supersedes_version": None,
        "correction_reason": "",
        "board_name": "RCP RENATEN fictive",
        "session_id": 5,
        "session_starts_at": HELD,
        "participants": PARTICIPANTS,
        "quorum_reached": True,
        "case_id": case.pk,
        "referring_physician": case.referring_physician,
        "reason": case.reason,
        "reason_label": case.get_reason_display(),
        "question": case.question,
        "clinical_summary": case.clinical_summary,
        "outcome": "proposal",
        "outcome_label": "Proposition thérapeutique",
        "options": (
            option("lobectomy_mediastinal_dissection", "Lobectomie avec curage médiastinal"),
        ),
        "free_proposal": "",
        "concordance": "in",
        "concordance_label": "Dans le référentiel",
        "justification": "",
        "to_represent": False,
        "deferral_reason_label": "",
        "deferral_details": "",
        "trial_proposed": False,
        "trial_nct": "",
        "recorded_by": "secretaire",
        "recorded_at": HELD,
        "validated_by": "Claire Coordinatrice",
        "validated_at": HELD,
        "referentiel": "référentiel 2024",
    }
    data.update(changes)
    return SimpleNamespace(**data)


DECISION_VARIANTS = {
    "concordant": {},
    "hors_referentiel": {
        "options": (),
        "free_proposal": "Radiothérapie stéréotaxique du primitif",
        "concordance": "out",
        "concordance_label": "Hors référentiel",
        "justification": "Chirurgie récusée (insuffisance respiratoire).",
    },
    "cpc_lutathera": {
        "options": (
            option(
                "prrt_lutathera",
                "RIV Lutathera® (177Lu-DOTATATE)",
                regulatory_label="CPC",
                level_label="Option",
            ),
        ),
    },
    "no_quorum": {
        "quorum_reached": False,
        "participants": PARTICIPANTS[:1] + PARTICIPANTS[3:],
        "to_represent": True,
        "concordance": "na",
        "concordance_label": "Sans objet",
    },
}


def pps(case, **changes):
    data = {
        "care_plan_id": 3,
        "version": 1,
        "status": "issued",
        "case_id": case.pk,
        "decision_id": 1,
        "session_starts_at": HELD,
        "proposal": ("Lobectomie avec curage médiastinal",),
        "option_codes": ("lobectomy_mediastinal_dissection",),
        "treatment_plan": "Lobectomie en décembre.",
        "calendar": (
            SimpleNamespace(date=dt.date(2026, 12, 10), label="Chirurgie"),
            SimpleNamespace(date=None, label="Scanner thoracique à 6 mois"),
        ),
        "referent_physician": "Dr Fictif",
        "secretariat_contact": "Secrétariat (numéro fictif)",
        "supportive_care": "Kinésithérapie respiratoire.",
        "patient_text": "Votre programme de soins <fictif> & ses étapes.",
        "issued_by": "Dr Fictif",
        "issued_at": HELD,
    }
    data.update(changes)
    return SimpleNamespace(**data)

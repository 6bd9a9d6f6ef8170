"""Fictional demo (load_demo step): a decade of surveillance for a few operated patients, so that
the recall list and the follow-up indicators show something (indicators/demo.py adds sessions).

Dates are relative to the day the demo is loaded. Every name is fake ("-TEST"), every IPP
"SUIVI-…" (the cases app's demo set is "DEMO-…"). Idempotent: a patient (by IPP) that already
has a case is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_CENTRE
from accounts.models import Centre, User
from boards.models import Board
from cases.actions import transition
from cases.models import Case, Patient
from guidelines.engine import add_months
from surveillance.actions import (
    choose_surveillance,
    open_recurrence_case,
    record_exam,
    set_follow_up_status,
    start_surveillance,
)
from surveillance.models import ExamKind

DEMO_BOARD = "RCP de recours RENATEN Rhône-Alpes"

OPERATED = {
    "histology_source": "surgical_specimen",
    "disease_extent": "localized",
    "tnm_t": "T1c",
    "tnm_m": "M0",
    "surgery_done": True,
    "surgery_type": "lobectomy",
    "resection_status": "R0",
    "reason": "post_operative",
    "question": "Surveillance après exérèse complète ?",
}
AC = {
    **OPERATED,
    "histology": "atypical",
    "tnm_n": "N0",
    "nodal_status": "N0",
    "ki67_percent": Decimal("6"),
}
TC_N_PLUS = {
    **OPERATED,
    "histology": "typical",
    "tnm_n": "N1",
    "nodal_status": "N+",
    "ki67_percent": Decimal("2"),
}
TC_N0 = {
    **OPERATED,
    "histology": "typical",
    "tnm_n": "N0",
    "nodal_status": "N0",
    "ki67_percent": Decimal("1"),
}

# (IPP, name, given names, birth date, sex, facts, months since surgery, story)
PATIENTS = (
    ("SUIVI-0101", "GIRAUD-TEST", "Alain", dt.date(1952, 3, 4), "M", AC, 130, "stopped"),
    ("SUIVI-0102", "FAURE-TEST", "Nadia", dt.date(1966, 8, 19), "F", TC_N_PLUS, 111, "due_soon"),
    ("SUIVI-0103", "LEROY-TEST", "Paul", dt.date(1970, 1, 9), "M", AC, 40, "suspicion"),
    ("SUIVI-0104", "MOREL-TEST", "Anne", dt.date(1975, 6, 30), "F", TC_N0, 98, "chosen_mri"),
    ("SUIVI-0105", "BLANC-TEST", "Jacques", dt.date(1958, 12, 2), "M", TC_N_PLUS, 66, "elsewhere"),
    ("SUIVI-0106", "ROUX-TEST", "Sylvie", dt.date(1963, 4, 14), "F", AC, 88, "recurrence"),
)


def _case(centre, board, clinician, spec, today) -> Case | None:
    ipp, family, given, birth, sex, facts, months, _story = spec
    patient, _ = Patient.objects.get_or_create(
        centre=centre,
        ipp=ipp,
        defaults={"family_name": family, "given_names": given, "birth_date": birth, "sex": sex},
    )
    if patient.cases.exists():
        return None
    case = Case(
        centre=centre,
        patient=patient,
        board=board,
        created_by=clinician,
        referring_physician="Dr Martin-Démo (fictif)",
        clinical_summary="Cas fictif de démonstration (surveillance).",
        surgery_date=add_months(today, -months),
        **facts,
    )
    case.full_clean()
    case._history_user = clinician
    case.save()
    # Created as a draft, marked ready as in the app (indicators/demo.py backdates this entry).
    transition(case=case, to=Case.Status.READY, by=clinician)
    return case


def _follow(surveillance, clinician, today, *, until: dt.date, late_days=0):
    """Exams done for every expected exam due before `until` (a few days late if asked)."""
    for expected in surveillance.expected_exams.filter(due_date__lt=until).order_by("due_date"):
        done = min(expected.due_date + dt.timedelta(days=late_days), today)
        record_exam(
            surveillance=surveillance,
            by=clinician,
            performed_on=done,
            kind=ExamKind.CT_EARLY_ARTERIAL,
            result="no_recurrence",
            expected=expected,
        )


def _story(case, story, clinician, today) -> None:
    surveillance = start_surveillance(case=case, by=clinician)
    if story == "stopped":  # followed for years, then nothing for two years
        _follow(surveillance, clinician, today, until=add_months(today, -24), late_days=9)
    elif story == "due_soon":  # every exam on time; the next one is due within two months
        _follow(surveillance, clinician, today, until=today, late_days=3)
    elif story == "suspicion":  # last CT raised a suspicion: the prompt shows
        _follow(surveillance, clinician, today, until=add_months(today, -6))
        last = surveillance.exams.first()
        last.result = "suspicion"
        last.comment = "Nodule hépatique infracentimétrique (fictif)."
        last.save(update_fields=["result", "comment"])
    elif story == "chosen_mri":  # CT N0: the clinician chose liver MRI every 24 months
        choose_surveillance(
            surveillance=surveillance, exam=ExamKind.LIVER_MRI, interval_months=24, by=clinician
        )
        for expected in surveillance.expected_exams.filter(due_date__lt=today):
            record_exam(
                surveillance=surveillance,
                by=clinician,
                performed_on=expected.due_date + dt.timedelta(days=20),
                kind=ExamKind.LIVER_MRI,
                result="no_recurrence",
                expected=expected,
            )
    elif story == "elsewhere":
        _follow(surveillance, clinician, today, until=add_months(today, -30))
        set_follow_up_status(
            surveillance=surveillance,
            status="elsewhere",
            on=add_months(today, -28),
            reason="Suivi poursuivi dans un centre fictif voisin.",
            by=clinician,
        )
    elif story == "recurrence":
        _follow(surveillance, clinician, today, until=add_months(today, -12), late_days=40)
        exam = record_exam(
            surveillance=surveillance,
            by=clinician,
            performed_on=add_months(today, -11),
            kind=ExamKind.SSTR_IMAGING,
            result="recurrence",
            comment="Fixations hépatiques multiples (fictif).",
        )
        open_recurrence_case(exam=exam, by=clinician)


@transaction.atomic
def load() -> list[Case]:
    centre = Centre.objects.filter(name=DEMO_CENTRE["name"]).first()
    clinician = User.objects.filter(username="clinicien").first()
    board = Board.objects.filter(name=DEMO_BOARD).first()
    if centre is None or clinician is None:
        return []
    today = timezone.localdate()
    created = []
    for spec in PATIENTS:
        case = _case(centre, board, clinician, spec, today)
        if case is None:
            continue
        _story(case, spec[-1], clinician, today)
        created.append(case)
    return created

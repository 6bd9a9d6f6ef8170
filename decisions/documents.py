"""The validated fiche RCP and PPS as flat, frozen dataclasses: the single source for their
PDFs and for exports (CDA FRCP / PPS, FHIR) built elsewhere.

Stable interface — names and meanings below do not change; fields may be added.

``fiche_data(decision) -> FicheData`` and ``pps_data(plan) -> PpsData`` read the database once
and return plain values only (str, bool, int, dates, tuples of small frozen dataclasses): no
model instance, no lazy query. Codes sit beside their French labels (``*_label``). Dates are
``datetime.date`` / aware ``datetime.datetime`` (None when unknown). ``validate()`` raises
DocumentError when a mandatory item is missing (identity, RCP title and date, participants,
outcome).

Both say what they are: ``status`` is "validated"/"draft"/"superseded" for a fiche and
"issued"/"draft"/"superseded" for a PPS; a document exported to another system should come
from a validated fiche / issued PPS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cases.display import display_value, field_label
from decisions.models import CarePlan, Decision
from guidelines.engine import LEVEL_LABELS, REGULATORY_LABELS


class DocumentError(ValueError):
    """The document cannot be issued as is (a mandatory item is missing)."""


@dataclass(frozen=True)
class ParticipantEntry:
    name: str
    specialty: str  # boards.specialties.Specialty code
    specialty_label: str
    is_physician: bool


@dataclass(frozen=True)
class ProposedOption:
    code: str  # the engine's option code (CONTRACT.md)
    label: str
    level: str  # recommended | option | discuss | last_resort | not_recommended | contraindicated
    level_label: str
    regulatory: str  # amm | off_label | compassionate_cpc | … (CONTRACT.md)
    regulatory_label: str
    eligible: bool  # in the frozen evaluation
    rules: tuple[str, ...]  # référentiel rule ids
    section: str


@dataclass(frozen=True)
class ConditionStatus:
    key: str
    option: str  # option code the condition belongs to
    label: str  # what the board ticked
    text: str  # the référentiel's condition
    met: bool
    explanation: str  # why it is not met (when not met)


@dataclass(frozen=True)
class FactRow:
    label: str
    value: str


@dataclass(frozen=True)
class FicheData:
    # The document
    decision_id: int
    version: int
    status: str
    status_label: str
    supersedes_version: int | None
    correction_reason: str
    # The meeting
    board_name: str
    board_level: str  # regional | national
    board_level_label: str
    board_contact: tuple[str, ...]
    session_id: int
    session_starts_at: dt.datetime
    session_place: str
    organiser_centre: str
    item_position: int
    participants: tuple[ParticipantEntry, ...]
    quorum_reached: bool
    quorum_specialties: tuple[str, ...]  # labels of the distinct physician specialties present
    quorum_missing: tuple[str, ...]  # labels of the board's required specialties absent
    # The patient and case
    case_id: int
    centre_name: str
    centre_finess: str
    patient_family_name: str
    patient_given_names: str
    patient_birth_date: dt.date
    patient_sex: str  # F | M | I
    patient_sex_label: str
    patient_ipp: str
    patient_ins: str  # only a qualified INS, else ""
    referring_physician: str
    reason: str  # cases.Case.Reason code
    reason_label: str
    question: str
    clinical_summary: str
    facts: tuple[FactRow, ...]
    # The opinion
    outcome: str  # proposal | deferred | not_discussed
    outcome_label: str
    options: tuple[ProposedOption, ...]
    free_proposal: str
    concordance: str  # in | out | na
    concordance_label: str
    justification: str
    conditions: tuple[ConditionStatus, ...]
    refer_to_national: bool
    deferral_reason: str
    deferral_reason_label: str
    deferral_details: str
    to_represent: bool
    trial_proposed: bool
    trial_nct: str
    follow_up_physician: str
    patient_informed_before: str  # yes | no | unknown
    patient_informed_before_label: str
    patient_informed_on: dt.date | None
    patient_information_plan: str
    # Signature and provenance
    recorded_by: str
    recorded_at: dt.datetime
    validated_by: str
    validated_at: dt.datetime | None
    referentiel: str
    engine_version: str
    rule_ids: tuple[str, ...]  # rules behind the chosen options

    @property
    def is_validated(self) -> bool:
        return self.status == Decision.Status.VALIDATED

    @property
    def patient_name(self) -> str:
        return f"{self.patient_family_name.upper()} {self.patient_given_names}"

    def validate(self) -> FicheData:
        required = {
            _("nom du patient"): self.patient_family_name,
            _("IPP"): self.patient_ipp,
            _("RCP"): self.board_name,
            _("issue"): self.outcome,
        }
        missing = [label for label, value in required.items() if not str(value).strip()]
        if not self.participants:
            missing.append(_("participants"))
        if self.outcome == Decision.Outcome.PROPOSAL and not (self.options or self.free_proposal):
            missing.append(_("proposition"))
        if self.concordance == Decision.Concordance.OUT and not self.justification.strip():
            missing.append(_("justification hors référentiel"))
        if self.is_validated and (not self.validated_by or self.validated_at is None):
            missing.append(_("validation"))
        if missing:
            raise DocumentError(_("Fiche RCP incomplète : %s.") % ", ".join(missing))
        return self


FACT_FIELDS = (
    "histology",
    "disease_extent",
    "tnm_t",
    "tnm_n",
    "tnm_m",
    "ki67_percent",
    "progression",
    "sstr_imaging",
    "fdg_pet",
    "carcinoid_syndrome",
    "who_performance_status",
)


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _options(decision: Decision) -> tuple[ProposedOption, ...]:
    return tuple(
        ProposedOption(
            code=o["code"],
            label=o.get("label", o["code"]),
            level=o.get("level", ""),
            level_label=str(LEVEL_LABELS.get(o.get("level"), o.get("level", ""))),
            regulatory=o.get("regulatory", ""),
            regulatory_label=str(
                REGULATORY_LABELS.get(o.get("regulatory"), o.get("regulatory", ""))
            ),
            eligible=bool(o.get("eligible")),
            rules=tuple(o.get("rules", ())),
            section=o.get("section", ""),
        )
        for o in decision.chosen_options
    )


def fiche_data(decision: Decision) -> FicheData:
    decision = Decision.objects.select_related(
        "item__session__board",
        "item__session__organiser_centre",
        "case__patient",
        "case__centre",
        "recorded_by",
        "validated_by",
        "supersedes",
    ).get(pk=decision.pk)
    session = decision.item.session
    board = session.board
    case = decision.case
    patient = case.patient
    options = _options(decision)
    rule_ids = tuple(dict.fromkeys(rule for option in options for rule in option.rules))
    return FicheData(
        decision_id=decision.pk,
        version=decision.version,
        status=decision.status,
        status_label=decision.get_status_display(),
        supersedes_version=decision.supersedes.version if decision.supersedes_id else None,
        correction_reason=decision.correction_reason,
        board_name=board.name,
        board_level=board.level,
        board_level_label=board.get_level_display(),
        board_contact=tuple(board.contact_lines()[1:]),
        session_id=session.pk,
        session_starts_at=session.starts_at,
        session_place=session.place,
        organiser_centre=str(session.organiser_centre),
        item_position=decision.item.position,
        participants=tuple(
            ParticipantEntry(
                p["name"],
                p["specialty"],
                p.get("specialty_label", p["specialty"]),
                bool(p.get("is_physician")),
            )
            for p in decision.participants
        ),
        quorum_reached=decision.quorum_reached,
        quorum_specialties=tuple(decision.quorum_specialties),
        quorum_missing=tuple(decision.quorum_missing),
        case_id=case.pk,
        centre_name=case.centre.name,
        centre_finess=case.centre.finess,
        patient_family_name=patient.family_name,
        patient_given_names=patient.given_names,
        patient_birth_date=patient.birth_date,
        patient_sex=patient.sex,
        patient_sex_label=patient.get_sex_display(),
        patient_ipp=patient.ipp,
        patient_ins=patient.ins_printable,
        referring_physician=case.referring_physician,
        reason=case.reason,
        reason_label=case.get_reason_display(),
        question=case.question,
        clinical_summary=case.clinical_summary,
        facts=tuple(
            FactRow(str(field_label(name)), display_value(case, name)) for name in FACT_FIELDS
        ),
        outcome=decision.outcome,
        outcome_label=decision.get_outcome_display(),
        options=options,
        free_proposal=decision.free_proposal,
        concordance=decision.concordance,
        concordance_label=decision.get_concordance_display(),
        justification=decision.justification,
        conditions=tuple(
            ConditionStatus(
                c["key"], c["option"], c["label"], c["text"], bool(c["met"]), c["explanation"]
            )
            for c in decision.conditions
        ),
        refer_to_national=decision.refer_to_national,
        deferral_reason=decision.deferral_reason,
        deferral_reason_label=decision.get_deferral_reason_display()
        if decision.deferral_reason
        else "",
        deferral_details=decision.deferral_details,
        to_represent=decision.to_represent,
        trial_proposed=decision.trial_proposed,
        trial_nct=decision.trial_nct,
        follow_up_physician=decision.follow_up_physician,
        patient_informed_before=decision.patient_informed_before,
        patient_informed_before_label=decision.get_patient_informed_before_display(),
        patient_informed_on=decision.patient_informed_on,
        patient_information_plan=decision.patient_information_plan,
        recorded_by=_user_name(decision.recorded_by),
        recorded_at=decision.recorded_at,
        validated_by=_user_name(decision.validated_by),
        validated_at=decision.validated_at,
        referentiel=decision.referentiel,
        engine_version=decision.engine_version,
        rule_ids=rule_ids,
    )


@dataclass(frozen=True)
class CalendarLine:
    date: dt.date | None
    label: str


@dataclass(frozen=True)
class PpsData:
    care_plan_id: int
    version: int
    status: str  # issued | draft | superseded
    status_label: str
    case_id: int
    decision_id: int
    decision_version: int
    board_name: str
    board_contact: tuple[str, ...]
    session_starts_at: dt.datetime
    centre_name: str
    patient_family_name: str
    patient_given_names: str
    patient_birth_date: dt.date
    patient_sex: str
    patient_ipp: str
    patient_ins: str  # only a qualified INS
    proposal: tuple[str, ...]  # labels of the board's proposal (options, then free text)
    option_codes: tuple[str, ...]
    treatment_plan: str
    calendar: tuple[CalendarLine, ...]
    referent_physician: str
    secretariat_contact: str
    supportive_care: str
    patient_text: str
    gp_transmission: str  # agreed | refused | unknown
    gp_transmission_label: str
    created_by: str
    issued_by: str
    issued_at: dt.datetime | None

    @property
    def is_issued(self) -> bool:
        return self.status == CarePlan.Status.ISSUED

    @property
    def patient_name(self) -> str:
        return f"{self.patient_family_name.upper()} {self.patient_given_names}"

    def validate(self) -> PpsData:
        required = {
            _("nom du patient"): self.patient_family_name,
            _("traitement prévu"): self.treatment_plan,
            _("médecin référent"): self.referent_physician,
            _("texte pour le patient"): self.patient_text,
        }
        missing = [label for label, value in required.items() if not value.strip()]
        if missing:
            raise DocumentError(_("PPS incomplet : %s.") % ", ".join(missing))
        return self


def parse_calendar(entries) -> tuple[CalendarLine, ...]:
    lines = []
    for entry in entries:
        day = entry.get("date") or None
        lines.append(CalendarLine(dt.date.fromisoformat(day) if day else None, entry["label"]))
    return tuple(lines)


def pps_data(plan: CarePlan) -> PpsData:
    plan = CarePlan.objects.select_related(
        "case__patient", "case__centre", "decision__item__session__board", "created_by", "issued_by"
    ).get(pk=plan.pk)
    decision = plan.decision
    session = decision.item.session
    patient = plan.case.patient
    proposal = tuple(o.get("label", o["code"]) for o in decision.chosen_options)
    if decision.free_proposal:
        proposal += (decision.free_proposal,)
    return PpsData(
        care_plan_id=plan.pk,
        version=plan.version,
        status=plan.status,
        status_label=plan.get_status_display(),
        case_id=plan.case_id,
        decision_id=decision.pk,
        decision_version=decision.version,
        board_name=session.board.name,
        board_contact=tuple(session.board.contact_lines()[1:]),
        session_starts_at=session.starts_at,
        centre_name=plan.case.centre.name,
        patient_family_name=patient.family_name,
        patient_given_names=patient.given_names,
        patient_birth_date=patient.birth_date,
        patient_sex=patient.sex,
        patient_ipp=patient.ipp,
        patient_ins=patient.ins_printable,
        proposal=proposal,
        option_codes=tuple(decision.option_codes),
        treatment_plan=plan.treatment_plan,
        calendar=parse_calendar(plan.calendar),
        referent_physician=plan.referent_physician,
        secretariat_contact=plan.secretariat_contact,
        supportive_care=plan.supportive_care,
        patient_text=plan.patient_text,
        gp_transmission=plan.gp_transmission,
        gp_transmission_label=plan.get_gp_transmission_display(),
        created_by=_user_name(plan.created_by),
        issued_by=_user_name(plan.issued_by),
        issued_at=plan.issued_at,
    )

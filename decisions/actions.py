"""Every write on decisions: keyword-only, atomic, by=user; notifications enqueued on commit.

The item row is locked (SELECT … FOR UPDATE) before any check, so two people saving the same
item's decision, or validating it twice, are serialised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import CLINICIAN
from board_sessions.models import AgendaItem, BoardSession
from board_sessions.quorum import quorum_for
from cases.evaluation import evaluate_case
from cases.models import Case
from decisions import policies, rules
from decisions.models import (
    CarePlan,
    Decision,
    DecisionLocked,
    Notification,
    SessionValidation,
    TreatmentStart,
)
from guidelines.engine import ENGINE_VERSION, REFERENTIEL

Outcome = Decision.Outcome


@dataclass
class DecisionInput:
    """What the decision form (or a test, or the demo) says about one item."""

    outcome: str
    option_codes: list[str] = field(default_factory=list)
    free_proposal: str = ""
    justification: str = ""
    # {condition key: (met, explanation)}
    conditions: dict[str, tuple[bool, str]] = field(default_factory=dict)
    refer_to_national: bool = False
    deferral_reason: str = ""
    deferral_details: str = ""
    trial_proposed: bool = False
    trial_nct: str = ""
    follow_up_physician: str = ""
    patient_informed_before: str = Decision.PatientInformed.UNKNOWN
    patient_informed_on: dt.date | None = None
    patient_information_plan: str = ""
    participant_ids: list[int] | None = None  # None: every participant of the session


def current_decision(item: AgendaItem) -> Decision | None:
    """The draft being worked on if any, else the validated version."""
    decisions = {d.status: d for d in item.decisions.exclude(status=Decision.Status.SUPERSEDED)}
    return decisions.get(Decision.Status.DRAFT) or decisions.get(Decision.Status.VALIDATED)


def freeze_evaluation(case: Case) -> dict[str, Any] | None:
    return evaluate_case(case).result


def options_of(evaluation: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    return list((evaluation or {}).get("options", ()))


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _participant_snapshot(session: BoardSession, ids: Iterable[int] | None, errors: _Errors):
    participants = list(session.participants.all())
    if ids is None:
        chosen = participants
    else:
        wanted = set(ids)
        chosen = [p for p in participants if p.pk in wanted]
        if len(chosen) != len(wanted):
            errors.add("participants", _("Participant inconnu pour cette séance."))
    if not chosen:
        errors.add("participants", _("Indiquez au moins un participant présent."))
    return chosen


def _apply(decision: Decision, data: DecisionInput, session: BoardSession) -> None:
    """Fill the decision from the input, computing concordance, checklist and quorum; raises
    ValidationError with every problem by form field, before anything is written."""
    errors = _Errors()
    if data.outcome not in Outcome.values:
        errors.add("outcome", _("Choisissez l'issue du dossier."))
    proposal = data.outcome == Outcome.PROPOSAL
    available = {o["code"]: o for o in options_of(decision.evaluation)}
    chosen = []
    for code in dict.fromkeys(data.option_codes):
        if code not in available:
            errors.add("options", _("Option inconnue dans l'évaluation figée : %s.") % code)
        else:
            chosen.append(rules.option_snapshot(available[code]))
    free = data.free_proposal.strip()
    if proposal and not chosen and not free:
        errors.add(
            "options", _("Retenez au moins une option du référentiel ou rédigez une proposition.")
        )
    if not proposal and (chosen or free):
        errors.add("options", _("Un dossier reporté ou non discuté n'a pas de proposition."))
    concordance = rules.concordance(proposal, chosen)
    if concordance == rules.OUT and not data.justification.strip():
        errors.add(
            "justification",
            _("Proposition hors référentiel : la justification est obligatoire."),
        )
    conditions = rules.checklist(chosen) if proposal else []
    for key, message in rules.checklist_problems(conditions, data.conditions).items():
        errors.add("conditions", f"{_condition_label(conditions, key)} : {message}")
    if data.outcome == Outcome.DEFERRED and not data.deferral_reason:
        errors.add("deferral_reason", _("Indiquez le motif du report."))
    if data.deferral_reason and data.deferral_reason not in Decision.DeferralReason.values:
        errors.add("deferral_reason", _("Motif de report inconnu."))
    if data.trial_proposed and not data.trial_nct:
        errors.add("trial_nct", _("Indiquez l'identifiant NCT de l'essai proposé."))
    if data.patient_informed_on and data.patient_informed_before != "yes":
        errors.add(
            "patient_informed_on", _("Une date n'a de sens que si le patient a été informé.")
        )
    if data.patient_informed_on and data.patient_informed_on > timezone.localdate():
        errors.add("patient_informed_on", _("La date ne peut pas être dans le futur."))
    present = _participant_snapshot(session, data.participant_ids, errors)
    errors.raise_if_any()

    quorum = quorum_for(session, present)
    decision.outcome = data.outcome
    decision.chosen_options = chosen
    decision.free_proposal = free
    decision.concordance = concordance
    decision.justification = data.justification.strip() if concordance == rules.OUT else ""
    decision.conditions = [
        {
            "key": c.key,
            "option": c.option,
            "label": c.label,
            "text": c.text,
            "met": bool(data.conditions.get(c.key, (False, ""))[0]),
            "explanation": data.conditions.get(c.key, (False, ""))[1].strip()[:500],
        }
        for c in conditions
    ]
    decision.refer_to_national = proposal and bool(data.refer_to_national)
    deferred = data.outcome == Outcome.DEFERRED
    decision.deferral_reason = data.deferral_reason if deferred else ""
    decision.deferral_details = data.deferral_details.strip() if deferred else ""
    decision.trial_proposed = data.trial_proposed
    decision.trial_nct = data.trial_nct if data.trial_proposed else ""
    decision.follow_up_physician = data.follow_up_physician.strip()
    decision.patient_informed_before = data.patient_informed_before
    decision.patient_informed_on = data.patient_informed_on
    decision.patient_information_plan = data.patient_information_plan.strip()
    decision.participants = [
        {
            "id": p.pk,
            "name": p.name,
            "specialty": p.specialty,
            "specialty_label": p.get_specialty_display(),
            "is_physician": p.is_physician,
        }
        for p in present
    ]
    decision.quorum_reached = quorum.reached
    decision.quorum_specialties = list(quorum.specialties)
    decision.quorum_missing = list(quorum.missing_required)
    # The rules: without quorum, or without a proposal, the case is presented again.
    decision.to_represent = not quorum.reached or not proposal
    decision.full_clean(exclude=["item", "case", "recorded_by", "supersedes"])


def _condition_label(conditions, key: str) -> str:
    return next((c.label for c in conditions if c.key == key), key)


def _locked_item(item: AgendaItem) -> AgendaItem:
    return (
        AgendaItem.objects.select_for_update()
        .select_related("session__board", "case")
        .get(pk=item.pk)
    )


@transaction.atomic
def save_decision(*, item: AgendaItem, data: DecisionInput, by: User) -> Decision:
    """Create the item's decision, or update its draft. A validated decision is refused
    (DecisionLocked): correct it instead."""
    item = _locked_item(item)
    policies.check(policies.can_record_decision(by, item))
    if not policies.session_has_started(item.session):
        raise ValidationError(
            _(
                "La séance n'a pas encore eu lieu : "
                "la décision se saisit pendant ou après la réunion."
            )
        )
    decision = current_decision(item)
    if decision is not None and decision.is_validated:
        raise DecisionLocked(
            _("Cette fiche est validée : faites une correction (nouvelle version).")
        )
    if decision is None:
        evaluation = freeze_evaluation(item.case)
        decision = Decision(
            item=item,
            case=item.case,
            version=1,
            recorded_by=by,
            evaluation=evaluation,
            referentiel=(evaluation or {}).get("referentiel", REFERENTIEL)[:300],
            engine_version=(evaluation or {}).get("engine_version", ENGINE_VERSION)[:20],
        )
    _apply(decision, data, item.session)
    decision.save()
    return decision


@transaction.atomic
def correct_decision(*, decision: Decision, reason: str, by: User) -> Decision:
    """A new draft version of a validated decision, with the reason; the validated one stays
    in force (and in the history) until the correction is validated and supersedes it."""
    item = _locked_item(decision.item)
    decision = Decision.objects.get(pk=decision.pk)
    policies.check(policies.can_correct_decision(by, decision))
    if not reason.strip():
        raise ValidationError({"reason": [_("Indiquez le motif de la correction.")]})
    if item.decisions.filter(status=Decision.Status.DRAFT).exists():
        raise ValidationError(_("Une correction de cette fiche est déjà en cours."))
    copy = Decision.objects.get(pk=decision.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    copy.version = item.decisions.order_by("-version").values_list("version", flat=True)[0] + 1
    copy.supersedes = decision
    copy.correction_reason = reason.strip()[:500]
    copy.status = Decision.Status.DRAFT
    copy.recorded_by = by
    copy.validated_by = None
    copy.validated_at = None
    copy.save()
    return copy


def _recipients(case: Case) -> list[tuple[str, User | None]]:
    """The case's clinicians (its author, the clinicians who edited it) and the referring
    physician when an account of the centre bears that name; only those with an address."""
    users: dict[int, User] = {}
    if case.created_by_id:
        users[case.created_by_id] = case.created_by
    editor_ids = set(
        case.history.exclude(history_user=None).values_list("history_user_id", flat=True)
    )
    for user in User.objects.filter(pk__in=editor_ids, centre_id=case.centre_id, is_active=True):
        if user.role == CLINICIAN:
            users[user.pk] = user
    referring = case.referring_physician.strip().casefold()
    if referring:
        for user in User.objects.filter(centre_id=case.centre_id, is_active=True):
            names = {user.get_full_name().casefold(), f"dr {user.get_full_name()}".casefold()}
            if referring in names:
                users[user.pk] = user
    seen: dict[str, User | None] = {}
    for user in users.values():
        if user.email and user.is_active:
            seen.setdefault(user.email.lower(), user)
    return sorted(seen.items())


def _notify(decision: Decision) -> None:
    from decisions.tasks import send_decision_email

    for email, user in _recipients(decision.case):
        notification = Notification.objects.create(decision=decision, recipient=email, user=user)
        transaction.on_commit(lambda pk=notification.pk: send_decision_email.delay(pk), robust=True)


@transaction.atomic
def validate_decision(*, decision: Decision, by: User) -> Decision:
    """The coordinator's signature: the fiche becomes immutable; a correction supersedes the
    version it corrects; the case's physicians are notified (after commit)."""
    _locked_item(decision.item)
    decision = Decision.objects.select_related("item__session__board", "case").get(pk=decision.pk)
    policies.check(policies.can_validate_fiche(by, decision))
    if decision.supersedes_id:
        previous = Decision.objects.get(pk=decision.supersedes_id)
        previous.status = Decision.Status.SUPERSEDED
        previous.save(update_fields=["status"])
    decision.status = Decision.Status.VALIDATED
    decision.validated_by = by
    decision.validated_at = timezone.now()
    decision.save()
    _notify(decision)
    return decision


def session_problems(session: BoardSession) -> list[str]:
    """Why the session's decisions cannot be validated together (empty when they can)."""
    problems = []
    for item in session.agenda_items.select_related("case").order_by("position", "pk"):
        if current_decision(item) is None:
            problems.append(
                _("Point %(position)s (dossier n° %(case)s) : aucune issue saisie.")
                % {"position": item.position, "case": item.case_id}
            )
    if not problems and not session.agenda_items.exists():
        problems.append(_("L'ordre du jour est vide."))
    return problems


@transaction.atomic
def validate_session(*, session: BoardSession, by: User) -> SessionValidation:
    """Validate every draft of the session at once; every item must have an outcome."""
    session = BoardSession.objects.select_for_update().select_related("board").get(pk=session.pk)
    policies.check(policies.can_validate_session(by, session))
    if SessionValidation.objects.filter(session=session).exists():
        raise ValidationError(_("Les décisions de cette séance sont déjà validées."))
    problems = session_problems(session)
    if problems:
        raise ValidationError(problems)
    for decision in Decision.objects.filter(
        item__session=session, status=Decision.Status.DRAFT
    ).select_related("item__session__board"):
        validate_decision(decision=decision, by=by)
    return SessionValidation.objects.create(session=session, validated_by=by)


# --- PPS ------------------------------------------------------------------------------------------

CARE_PLAN_FIELDS = (
    "treatment_plan",
    "calendar",
    "referent_physician",
    "secretariat_contact",
    "supportive_care",
    "patient_text",
    "gp_transmission",
)


def current_care_plan(case: Case) -> CarePlan | None:
    return case.care_plans.exclude(status=CarePlan.Status.SUPERSEDED).order_by("-version").first()


@transaction.atomic
def save_care_plan(*, decision: Decision, by: User, **fields) -> CarePlan:
    """Create or update the case's draft PPS (an issued one is kept: editing starts a new
    version that will supersede it when issued)."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=decision.case_id)
    policies.check(policies.can_edit_care_plan(by, case))
    decision = Decision.objects.get(pk=decision.pk)
    if not decision.is_validated:
        raise ValidationError(_("Le PPS se rédige à partir d'une fiche RCP validée."))
    unknown = set(fields) - set(CARE_PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown PPS fields: {sorted(unknown)}")
    plan = case.care_plans.filter(status=CarePlan.Status.DRAFT).first()
    if plan is None:
        last = case.care_plans.order_by("-version").values_list("version", flat=True).first()
        plan = CarePlan(case=case, version=(last or 0) + 1, created_by=by)
    plan.decision = decision
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean(exclude=["decision", "case", "created_by"])
    plan.save()
    return plan


@transaction.atomic
def issue_care_plan(*, plan: CarePlan, by: User) -> CarePlan:
    plan = CarePlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    policies.check(policies.can_edit_care_plan(by, plan.case))
    if plan.status != CarePlan.Status.DRAFT:
        raise ValidationError(_("Ce PPS est déjà émis."))
    CarePlan.objects.filter(case=plan.case, status=CarePlan.Status.ISSUED).update(
        status=CarePlan.Status.SUPERSEDED
    )
    plan.status = CarePlan.Status.ISSUED
    plan.issued_by = by
    plan.issued_at = timezone.now()
    plan.save()
    return plan


# --- Loop closure ---------------------------------------------------------------------------------


def latest_validated_decision(case: Case) -> Decision | None:
    return (
        case.decisions.filter(status=Decision.Status.VALIDATED, outcome=Outcome.PROPOSAL)
        .order_by("-item__session__starts_at", "-version")
        .first()
    )


@transaction.atomic
def record_treatment_start(
    *,
    case: Case,
    treatment: str,
    start_date: dt.date,
    discordance_reason: str = "",
    reason_details: str = "",
    by: User,
) -> TreatmentStart:
    """What was actually started, compared with the latest validated proposal; a treatment
    the board did not propose needs a reason."""
    case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    policies.check(policies.can_record_treatment(by, case))
    decision = latest_validated_decision(case)
    if decision is None:
        raise ValidationError(_("Aucune proposition RCP validée pour ce dossier."))
    errors = _Errors()
    concordant = treatment in decision.option_codes
    if not concordant and not discordance_reason:
        errors.add(
            "discordance_reason",
            _("Ce traitement diffère de l'avis de la RCP : indiquez le motif de l'écart."),
        )
    if discordance_reason == TreatmentStart.DiscordanceReason.OTHER and not reason_details.strip():
        errors.add("reason_details", _("Précisez le motif."))
    if start_date > timezone.localdate():
        errors.add("start_date", _("La date ne peut pas être dans le futur."))
    errors.raise_if_any()
    start = TreatmentStart(
        case=case,
        decision=decision,
        treatment=treatment,
        start_date=start_date,
        concordant=concordant,
        discordance_reason="" if concordant else discordance_reason,
        reason_details=reason_details.strip(),
        recorded_by=by,
    )
    start.full_clean(exclude=["case", "decision", "recorded_by"])
    start.save()
    return start

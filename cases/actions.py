"""Every write on case records: one keyword-only function each, atomic, history recorded.

Optimistic locking: an edit carries the version it started from; the save first claims the
next version with `UPDATE … WHERE version = expected`, which one writer only can win — on
PostgreSQL and SQLite alike — so a second editor is refused instead of silently overwriting.

Treatment lines and metastatic sites are separate rows with their own history; adding or
removing one does not bump the case version (an open form of the case does not carry them,
so nothing of theirs can be overwritten), but it is refused once the case is discussed and
when it would make a ready or registered case incomplete.

A case's status changes here only, through `transition` (the allowed changes are
`cases.policies.TRANSITIONS`); the other apps' actions call it (tests/cases/test_policies.py
fails on a `case.status = …` elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import policies
from cases.evaluation import readiness_problems
from cases.models import PATIENT_FIELDS, Case, MetastaticSite, Patient, TreatmentLine


class CaseConflict(Exception):
    """The case changed since the user opened it: their save is refused."""

    def __init__(self, current: Case):
        self.current = current
        last = current.history.select_related("history_user").first()
        self.changed_by = (
            (last.history_user.get_full_name() or last.history_user.username)
            if last and last.history_user
            else _("un autre utilisateur")
        )
        self.changed_at = timezone.localtime(last.history_date) if last else None
        super().__init__(self.message)

    @property
    def message(self) -> str:
        when = self.changed_at.strftime("%H:%M") if self.changed_at else "?"
        return _(
            "Ce dossier a été modifié par %(who)s à %(when)s pendant votre saisie. Vos "
            "modifications n'ont pas été enregistrées : elles sont conservées ci-dessous. "
            "Comparez avec la version actuelle (ouvrez le dossier dans un autre onglet), puis "
            "enregistrez à nouveau."
        ) % {"who": self.changed_by, "when": when}


class CaseNotReady(ValidationError):
    """The case lacks what the board needs; `problems` lists it in French."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems)


@dataclass
class UpdateResult:
    case: Case
    demoted: bool = False  # a ready case went back to draft because something is missing


IPP_TAKEN = "Cet IPP correspond déjà à un autre patient de votre centre."


def _save(instance, by, **kwargs) -> None:
    instance._history_user = by
    instance.save(**kwargs)


def _apply(instance, values: dict) -> None:
    for name, value in values.items():
        setattr(instance, name, value)


def _patient_for(*, centre, patient_fields: dict, by) -> Patient:
    """A new patient, or the centre's existing one with this IPP when the identity matches
    (a new presentation of the same person); another identity under the same IPP is refused."""
    existing = Patient.objects.filter(centre=centre, ipp=patient_fields.get("ipp")).first()
    if existing is not None and not existing.is_same_person(
        patient_fields.get("family_name", ""), patient_fields.get("birth_date")
    ):
        raise ValidationError({"ipp": _(IPP_TAKEN)})
    patient = existing or Patient(centre=centre)
    _apply(patient, patient_fields)
    # The IPP was checked above; the database constraint catches a race (below).
    patient.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            _save(patient, by)
    except IntegrityError:
        # Another clinician created this IPP a moment ago.
        raise ValidationError({"ipp": _(IPP_TAKEN)}) from None
    return patient


@transaction.atomic
def create_case(*, centre, patient_fields: dict, case_fields: dict, by) -> Case:
    """Create the patient (or reuse it, same IPP and identity) and a draft case, together."""
    patient = _patient_for(centre=centre, patient_fields=patient_fields, by=by)
    case = Case(centre=centre, patient=patient, created_by=by, status=Case.Status.DRAFT)
    _apply(case, case_fields)
    case.full_clean()
    _save(case, by)
    return case


@transaction.atomic
def create_imported_case(*, patient: Patient, case: Case, sites: list, lines: list, by) -> Case:
    """Save a case read from a transfer file (cases.transfer checked it): a new draft, with
    its patient when new, its sites and lines."""
    for instance in (patient, case, *sites, *lines):
        instance._history_user = by
    if patient.pk is None:
        patient.save()
    case.patient = patient
    case.created_by = by
    case.status = Case.Status.DRAFT  # whatever the file says: the receiving centre checks it
    case.save()
    for row in (*sites, *lines):
        row.case = case
        row.save()
    return case


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("patient").get(pk=case.pk)


@transaction.atomic
def update_case(
    *, case: Case, patient_fields: dict, case_fields: dict, expected_version: int | None, by
) -> UpdateResult:
    """Save an edit made from `expected_version`; raise CaseConflict if someone saved since.

    A ready case that loses a needed fact goes back to draft; a registered one refuses it
    (it is on a board's agenda) with the list of what is missing.
    """
    claimed = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise CaseConflict(Case.objects.get(pk=case.pk))
    fresh = _locked(case)
    policies.check_editable(fresh)
    _apply(fresh, case_fields)
    patient_changed = _edit_patient(fresh.patient, patient_fields)
    fresh.full_clean()
    result = UpdateResult(case=fresh)
    if fresh.status in (Case.Status.READY, Case.Status.REGISTERED):
        problems = readiness_problems(fresh)
        if problems and fresh.status == Case.Status.REGISTERED:
            raise CaseNotReady(problems)
        if problems:
            # Saved with the edit below: one history entry for the edit and its consequence.
            _apply_transition(fresh, Case.Status.DRAFT)
            result.demoted = True
    if patient_changed:  # an unchanged patient gets no new history entry
        _save(fresh.patient, by)
    _save(fresh, by)
    return result


def _edit_patient(patient: Patient, values: dict) -> bool:
    """Apply and validate the edited identity; True when it differs from the saved one."""
    saved = _identity(patient)
    _apply(patient, values)
    clash = Patient.objects.filter(centre=patient.centre_id, ipp=patient.ipp).exclude(pk=patient.pk)
    if clash.exists():
        raise ValidationError({"ipp": _(IPP_TAKEN)})
    patient.full_clean(validate_constraints=False)  # the IPP constraint is the check above
    return _identity(patient) != saved


def _identity(patient: Patient) -> tuple:
    return tuple(getattr(patient, name) for name in PATIENT_FIELDS)


def _apply_transition(case: Case, to: str, *, only_from: str | None = None) -> None:
    policies.check_can_transition(case, to, only_from=only_from)
    case.status = to


@transaction.atomic
def transition(*, case: Case, to: str, by, only_from: str | None = None) -> Case:
    """Move the case to status `to` if `cases.policies` allows it (ValidationError otherwise).

    The row is locked and re-read, so the check sees the committed status; `by` is recorded
    in the case history; the receivers of the save (dossier pre-rendering) run on commit. The
    caller's `case` object gets the new status and version too.
    """
    fresh = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    _apply_transition(fresh, to, only_from=only_from)
    # The bumped version makes a form opened before this change refuse to overwrite it.
    fresh.version += 1
    _save(fresh, by, update_fields=["status", "version", "updated_at"])
    case.status, case.version, case.updated_at = fresh.status, fresh.version, fresh.updated_at
    return fresh


@transaction.atomic
def mark_case_ready(*, case: Case, by) -> Case:
    """Draft → ready, refused with the list of what is missing (CaseNotReady)."""
    fresh = _locked(case)
    # A registered case also reaches "ready", but by leaving the agenda, not from here.
    policies.check_can_transition(fresh, Case.Status.READY, only_from=Case.Status.DRAFT)
    problems = readiness_problems(fresh)
    if problems:
        raise CaseNotReady(problems)
    transition(case=fresh, to=Case.Status.READY, by=by)
    return fresh


@transaction.atomic
def mark_case_draft(*, case: Case, by) -> Case:
    """Ready → draft (the clinician wants to complete it before registration)."""
    fresh = _locked(case)
    transition(case=fresh, to=Case.Status.DRAFT, by=by)
    return fresh


def _touch(case: Case) -> None:
    # The list is ordered by last change; a plain UPDATE keeps the case history for real edits.
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())


def _check_still_ready(case: Case) -> None:
    if case.status in (Case.Status.READY, Case.Status.REGISTERED):
        problems = readiness_problems(case)
        if problems:
            raise ValidationError(
                _(
                    "Ce dossier est « %(status)s » : ce changement le rendrait incomplet "
                    "(%(missing)s). Repassez-le d'abord en brouillon."
                )
                % {"status": case.get_status_display(), "missing": " ; ".join(problems)}
            )


@transaction.atomic
def add_treatment_line(*, case: Case, by, **fields) -> TreatmentLine:
    fresh = _locked(case)
    policies.check_editable(fresh)
    line = TreatmentLine(case=fresh, **fields)
    line.full_clean()
    _save(line, by)
    _touch(fresh)
    return line


@transaction.atomic
def remove_treatment_line(*, line: TreatmentLine, by) -> None:
    fresh = _locked(line.case)
    policies.check_editable(fresh)
    line._history_user = by
    line.delete()
    _check_still_ready(fresh)
    _touch(fresh)


@transaction.atomic
def add_metastatic_site(*, case: Case, by, site: str, details: str = "") -> MetastaticSite:
    fresh = _locked(case)
    policies.check_editable(fresh)
    # Checked here, under the case's lock, with the message the form shows next to the field.
    if fresh.metastatic_sites.filter(site=site).exists():
        raise ValidationError({"site": _("Ce site métastatique est déjà renseigné.")})
    row = MetastaticSite(case=fresh, site=site, details=details)
    row.full_clean(validate_constraints=False)
    _save(row, by)
    _touch(fresh)
    return row


@transaction.atomic
def remove_metastatic_site(*, site: MetastaticSite, by) -> None:
    fresh = _locked(site.case)
    policies.check_editable(fresh)
    site._history_user = by
    site.delete()
    _check_still_ready(fresh)
    _touch(fresh)

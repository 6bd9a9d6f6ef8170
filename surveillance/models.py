"""Post-operative surveillance: the expected exams of the engine's follow-up plan, the exams
actually done, and where the patient is followed.

The schedule itself is never written here: it comes from the engine's plan for the case
(guidelines.engine), dated from the surgery date (surveillance/schedule.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import not_in_future
from renaten.textlimits import NOTE_TEXT, bounded_text

REPORT_MAX_BYTES = 10 * 1024 * 1024


class ExamKind(models.TextChoices):
    """Imaging recorded during surveillance. The first labels are the engine plans' own words
    (a test checks every exam of every plan, and every exam asked on suspicion, is here).
    There is no PET: the text advises against PET for surveillance."""

    CT_EARLY_ARTERIAL = (
        "ct_early_arterial",
        "TDM thoraco-abdominale avec injection et acquisitions vasculaires précoces",
    )
    ABDOMINAL_ULTRASOUND = "abdominal_ultrasound", "Échographie abdominale"
    LIVER_MRI = "liver_mri", "IRM hépatique"
    SSTR_IMAGING = "sstr_imaging", "Imagerie des récepteurs à la somatostatine"
    DEDICATED_IMAGING = "dedicated_imaging", "Imagerie dédiée"
    BRONCHOSCOPY = "bronchoscopy", "Endoscopie bronchique"
    OTHER = "other", "Autre examen (préciser en commentaire)"


class ExamResult(models.TextChoices):
    NO_RECURRENCE = "no_recurrence", _("Pas de récidive")
    SUSPICION = "suspicion", _("Suspicion de récidive")
    RECURRENCE = "recurrence", _("Récidive")


def validate_report_size(file) -> None:
    if file and file.size > REPORT_MAX_BYTES:
        raise ValidationError(_("Le compte rendu dépasse 10 Mo."), code="too_large")


def report_path(instance, filename: str) -> str:
    # Never the uploaded name (it may hold an identity): a random one, served by a view only.
    return f"surveillance/reports/{uuid.uuid4().hex}.pdf"


class Surveillance(models.Model):
    """The follow-up of one operated case, and the patient's follow-up status."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Suivi en cours")
        ELSEWHERE = "elsewhere", _("Suivi ailleurs")
        LOST = "lost", _("Perdu de vue")

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="surveillance",
        verbose_name=_("dossier"),
    )
    # The engine's plan when the calendar was last computed (code, exams, interval, rules).
    plan_code = models.CharField(_("plan de surveillance"), max_length=60)
    plan = models.JSONField(_("plan du moteur"), default=dict)
    engine_version = models.CharField(_("version du moteur"), max_length=20, blank=True)
    surgery_date = models.DateField(_("date de la chirurgie"))
    # For CT N0 the text fixes no calendar: surveillance exists only if the clinician decides
    # it, with the exam and the rhythm they choose (stated as their choice, not the text's).
    chosen_exam = models.CharField(
        _("examen choisi"),
        max_length=30,
        choices=[
            (ExamKind.ABDOMINAL_ULTRASOUND.value, ExamKind.ABDOMINAL_ULTRASOUND.label),
            (ExamKind.LIVER_MRI.value, ExamKind.LIVER_MRI.label),
        ],
        blank=True,
    )
    chosen_interval_months = models.PositiveSmallIntegerField(
        _("rythme choisi (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(60)],
    )
    status = models.CharField(
        _("statut du suivi"), max_length=10, choices=Status, default=Status.ACTIVE, db_index=True
    )
    status_date = models.DateField(
        _("depuis le"), null=True, blank=True, validators=[not_in_future]
    )
    status_reason = models.CharField(_("motif"), max_length=500, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surveillance")
        verbose_name_plural = _("surveillances")

    def __str__(self) -> str:
        return f"Surveillance du dossier n° {self.case_id}"

    @property
    def interval_months(self) -> int | None:
        """The rhythm of the calendar: the engine plan's interval, else the clinician's choice."""
        return self.plan.get("interval_months") or self.chosen_interval_months

    @property
    def systematic(self) -> bool:
        return bool(self.plan.get("systematic"))

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class SurveillanceExam(models.Model):
    """An exam done, with its result and report."""

    surveillance = models.ForeignKey(
        Surveillance, on_delete=models.CASCADE, related_name="exams", verbose_name=_("suivi")
    )
    performed_on = models.DateField(_("date de l'examen"), validators=[not_in_future])
    kind = models.CharField(_("examen"), max_length=30, choices=ExamKind)
    result = models.CharField(_("résultat"), max_length=20, choices=ExamResult)
    comment = bounded_text(_("commentaire"), NOTE_TEXT, blank=True)
    report = models.FileField(
        _("compte rendu (PDF)"),
        upload_to=report_path,
        blank=True,
        max_length=200,
        validators=[FileExtensionValidator(["pdf"]), validate_report_size],
    )
    # The case opened for presentation after a recurrence found at this exam.
    follow_up_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier de récidive"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["report"])

    class Meta:
        verbose_name = _("examen de surveillance")
        verbose_name_plural = _("examens de surveillance")
        ordering = ["-performed_on", "-pk"]
        indexes = [models.Index(fields=["surveillance", "-performed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.performed_on:%d/%m/%Y}"


class ExpectedExam(models.Model):
    """One dated exam of the calendar; `fulfilled_by` is the exam that answered it."""

    surveillance = models.ForeignKey(
        Surveillance, on_delete=models.CASCADE, related_name="expected_exams"
    )
    month = models.PositiveSmallIntegerField(_("mois après la chirurgie"))
    due_date = models.DateField(_("date prévue"), db_index=True)
    exams = models.CharField(_("examen(s) prévu(s)"), max_length=300)
    fulfilled_by = models.OneToOneField(
        SurveillanceExam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fulfils",
        verbose_name=_("réalisé par"),
    )

    class Meta:
        verbose_name = _("examen prévu")
        verbose_name_plural = _("examens prévus")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["surveillance", "month"], name="one_expected_exam_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exams} — {self.due_date:%d/%m/%Y}"


class DigestSend(models.Model):
    """One weekly digest sent to a centre: no patient data, only the centre and the count of
    recipients (so that a retried task does not send twice in a week)."""

    centre = models.ForeignKey("accounts.Centre", on_delete=models.CASCADE, related_name="+")
    week = models.CharField(_("semaine ISO"), max_length=8)  # "2026-W49"
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("envoi du récapitulatif")
        verbose_name_plural = _("envois du récapitulatif")
        constraints = [
            models.UniqueConstraint(fields=["centre", "week"], name="one_digest_per_centre_week")
        ]

    def __str__(self) -> str:
        return f"{self.centre} — {self.week}"

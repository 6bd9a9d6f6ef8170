"""The board's decision on one agenda item (the fiche RCP), its PPS, the treatment actually
started, and the notifications sent on validation.

A validated decision is immutable (``save()`` refuses any change but its supersession); a
correction is a new version of the same item that supersedes it when it is validated itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.choices import Treatment
from cases.models import nct_validator
from renaten.textlimits import NOTE_TEXT, bounded_text

TEXT_MAX = NOTE_TEXT  # free texts of the fiche: bounded (form and model), escaped everywhere
PLAN_TEXT = 3000


class DecisionLocked(ValidationError):
    """A validated decision was about to change: only a correction (new version) may."""


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Saisie (à valider)")
        VALIDATED = "validated", _("Validée")
        SUPERSEDED = "superseded", _("Remplacée par une version corrigée")

    class Outcome(models.TextChoices):
        PROPOSAL = "proposal", _("Proposition thérapeutique")
        DEFERRED = "deferred", _("Dossier reporté à une séance ultérieure")
        NOT_DISCUSSED = "not_discussed", _("Dossier non discuté")

    class Concordance(models.TextChoices):
        IN = "in", _("Dans le référentiel")
        OUT = "out", _("Hors référentiel")
        NOT_APPLICABLE = "na", _("Sans objet")

    class DeferralReason(models.TextChoices):
        MISSING_EXAM = "missing_exam", _("Examen manquant")
        MISSING_SPECIALTY = "missing_specialty", _("Spécialité manquante")
        MISSING_INFORMATION = "missing_information", _("Informations insuffisantes")
        NO_TIME = "no_time", _("Temps de séance insuffisant")
        OTHER = "other", _("Autre")

    class PatientInformed(models.TextChoices):
        YES = "yes", _("Oui")
        NO = "no", _("Non")
        UNKNOWN = "unknown", _("Non renseigné")

    item = models.ForeignKey(
        "board_sessions.AgendaItem",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("inscription"),
    )
    # Denormalised from the item: the decision history of a case across sessions.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="decisions", verbose_name=_("dossier")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("corrige la version"),
    )
    correction_reason = models.CharField(_("motif de la correction"), max_length=500, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status, default=Status.DRAFT, db_index=True
    )
    outcome = models.CharField(_("issue"), max_length=16, choices=Outcome)

    # The proposal: snapshots of the engine's options chosen (code, label, level, regulatory,
    # eligible, rules, section) and/or a free proposal.
    chosen_options = models.JSONField(_("options retenues"), default=list, blank=True)
    free_proposal = bounded_text(_("proposition libre"), TEXT_MAX, blank=True)
    concordance = models.CharField(
        _("concordance au référentiel"),
        max_length=3,
        choices=Concordance,
        default=Concordance.NOT_APPLICABLE,
    )
    justification = bounded_text(_("justification (hors référentiel)"), TEXT_MAX, blank=True)
    # CPC / hors AMM checklist: [{key, option, label, text, met, explanation}]
    conditions = models.JSONField(_("conditions CPC / hors AMM"), default=list, blank=True)
    refer_to_national = models.BooleanField(
        _("à présenter en RCP nationale RENATEN"), default=False
    )
    deferral_reason = models.CharField(
        _("motif du report"), max_length=20, choices=DeferralReason, blank=True
    )
    deferral_details = models.CharField(_("précisions sur le report"), max_length=500, blank=True)
    trial_proposed = models.BooleanField(_("essai clinique proposé"), default=False)
    trial_nct = models.CharField(
        _("essai (NCT)"), max_length=11, blank=True, validators=[nct_validator]
    )
    follow_up_physician = models.CharField(
        _("médecin en charge du suivi"), max_length=150, blank=True
    )
    patient_informed_before = models.CharField(
        _("patient informé avant la RCP"),
        max_length=8,
        choices=PatientInformed,
        default=PatientInformed.UNKNOWN,
    )
    patient_informed_on = models.DateField(_("date de l'information"), null=True, blank=True)
    patient_information_plan = models.CharField(
        _("modalité d'information du patient après la RCP"), max_length=300, blank=True
    )

    # Who sat for this item and the quorum then (snapshots: the fiche never changes after).
    participants = models.JSONField(_("participants présents"), default=list, blank=True)
    quorum_reached = models.BooleanField(_("quorum atteint"), default=False)
    quorum_specialties = models.JSONField(default=list, blank=True)
    quorum_missing = models.JSONField(default=list, blank=True)
    to_represent = models.BooleanField(_("à représenter en RCP"), default=False)

    # What the app displayed when the board decided.
    evaluation = models.JSONField(_("évaluation du référentiel (figée)"), null=True, blank=True)
    referentiel = models.CharField(_("référentiel"), max_length=300, blank=True)
    engine_version = models.CharField(_("version du moteur"), max_length=20, blank=True)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("saisie le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    validated_at = models.DateTimeField(_("validée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("décision RCP")
        verbose_name_plural = _("décisions RCP")
        ordering = ["item", "-version"]
        permissions = [
            ("record_decision", "Saisir une décision RCP"),
            ("validate_decision", "Valider et signer une fiche RCP"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="unique_decision_version"),
            models.UniqueConstraint(
                fields=["item"], condition=Q(status="draft"), name="one_draft_decision_per_item"
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status="validated"),
                name="one_validated_decision_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"Décision v{self.version} — dossier n° {self.case_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = Decision.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.SUPERSEDED or (
                stored == self.Status.VALIDATED and self.status != self.Status.SUPERSEDED
            ):
                raise DecisionLocked(
                    _("Une fiche validée ne se modifie plus : faites une correction.")
                )
        super().save(*args, **kwargs)

    @property
    def is_validated(self) -> bool:
        return self.status == self.Status.VALIDATED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def option_codes(self) -> list[str]:
        return [option["code"] for option in self.chosen_options]


class SessionValidation(models.Model):
    """The coordinator's validation of a whole session's decisions."""

    session = models.OneToOneField(
        "board_sessions.BoardSession", on_delete=models.PROTECT, related_name="decision_validation"
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    validated_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("validation des décisions d'une séance")
        verbose_name_plural = _("validations des décisions de séance")

    def __str__(self) -> str:
        return f"Validation de la séance n° {self.session_id}"


class CarePlan(models.Model):
    """The PPS (programme personnalisé de soins) drafted from a validated decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        ISSUED = "issued", _("Émis")
        SUPERSEDED = "superseded", _("Remplacé")

    class GpTransmission(models.TextChoices):
        AGREED = "agreed", _("Le patient accepte la transmission au médecin traitant")
        REFUSED = "refused", _("Le patient refuse la transmission au médecin traitant")
        UNKNOWN = "unknown", _("Non recueilli")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="care_plans")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="care_plans")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    treatment_plan = bounded_text(_("traitement prévu"), PLAN_TEXT)
    # [{"date": "YYYY-MM-DD" or "", "label": str}]
    calendar = models.JSONField(_("calendrier"), default=list, blank=True)
    referent_physician = models.CharField(_("médecin référent"), max_length=150)
    secretariat_contact = models.CharField(
        _("secrétariat de la RCP / contact"), max_length=300, blank=True
    )
    supportive_care = bounded_text(_("soins de support"), TEXT_MAX, blank=True)
    patient_text = bounded_text(_("pour le patient (langage courant)"), PLAN_TEXT)
    gp_transmission = models.CharField(
        _("transmission au médecin traitant"),
        max_length=8,
        choices=GpTransmission,
        default=GpTransmission.UNKNOWN,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("PPS")
        verbose_name_plural = _("PPS")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="unique_careplan_version"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="draft"), name="one_draft_careplan_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"PPS v{self.version} — dossier n° {self.case_id}"


class TreatmentStart(models.Model):
    """What was actually started after the decision, compared with it (loop closure)."""

    class DiscordanceReason(models.TextChoices):
        PATIENT_CHOICE = "patient_choice", _("Choix du patient")
        CONTRAINDICATION = "contraindication", _("Contre-indication découverte")
        CLINICAL_CHANGE = "clinical_change", _("Évolution clinique")
        OTHER = "other", _("Autre")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="treatment_starts"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="treatment_starts"
    )
    treatment = models.CharField(_("traitement mis en route"), max_length=40, choices=Treatment)
    start_date = models.DateField(_("date de début"))
    concordant = models.BooleanField(_("conforme à l'avis"))
    discordance_reason = models.CharField(
        _("motif de l'écart"), max_length=20, choices=DiscordanceReason, blank=True
    )
    reason_details = models.CharField(_("précisions"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("traitement mis en route")
        verbose_name_plural = _("traitements mis en route")
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_treatment_display()} ({self.start_date:%d/%m/%Y})"


class Notification(models.Model):
    """One e-mail sent (or tried) on a fiche's validation: recipient, state, attempts."""

    class State(models.TextChoices):
        QUEUED = "queued", _("En attente")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.EmailField(_("destinataire"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=8, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "recipient"], name="one_notification_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"Notification n° {self.pk} ({self.get_state_display()})"

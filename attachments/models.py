"""Documents attached to a case, and the TENpath double reading of its pathology.

A file lives under MEDIA_ROOT/attachments/<centre>/<case>/<random>.<ext> with mode 0600 and is
only ever served by the download view (access checked and logged, as an attachment). Deleting
an attachment removes its file and its row; the history table keeps a tombstone (who, when,
kind, title), shown on the case page.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.choices import Histology
from cases.models import not_in_future
from renaten.textlimits import NOTE_TEXT, bounded_text


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PATHOLOGY_REPORT = "pathology_report", _("Compte rendu anatomopathologique")
        TENPATH_REPORT = "tenpath_report", _("Compte rendu de relecture TENpath")
        CT_REPORT = "ct_report", _("Compte rendu de scanner (TDM)")
        MRI_REPORT = "mri_report", _("Compte rendu d'IRM")
        SSTR_PET_REPORT = "sstr_pet_report", _("Compte rendu de TEP 68Ga-DOTATOC (IRS)")
        FDG_PET_REPORT = "fdg_pet_report", _("Compte rendu de TEP au FDG")
        CHROMOGRANIN_A = "chromogranin_a", _("Biologie : chromogranine A")
        HIAA_5 = "hiaa_5", _("Biologie : 5-HIAA urinaire")
        LETTER = "letter", _("Courrier")
        OTHER = "other", _("Autre document")

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("dossier"),
    )
    kind = models.CharField(_("type de document"), max_length=30, choices=Kind)
    document_date = models.DateField(_("date du document"), validators=[not_in_future])
    title = models.CharField(_("titre"), max_length=200)
    # What the uploader's file was called, made harmless (validation.display_name).
    original_name = models.CharField(_("nom du fichier"), max_length=120)
    content_type = models.CharField(_("format"), max_length=30)
    size = models.PositiveIntegerField(_("taille (octets)"))
    pages = models.PositiveIntegerField(_("pages"), default=1)
    sha256 = models.CharField(max_length=64)
    # Relative to MEDIA_ROOT; never a URL.
    file = models.CharField(max_length=255, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ajouté par"),
    )
    added_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["file"])

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["-document_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.title}"

    @property
    def path(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.file

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


@receiver(post_delete, sender=Attachment)
def _delete_file(sender, instance: Attachment, **kwargs) -> None:
    # The row is gone (deleted, or with its case): its file must not stay on the volume. Only
    # once committed: a rolled-back deletion keeps its row, so it must keep its file.
    if instance.file:
        path = instance.path
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


class PathologyReview(models.Model):
    """The TENpath network's second reading of the case's pathology.

    Once the review has concluded (concordant or discordant), the histology it gives is the one
    the engine reads (Case.reviewed_histology, written by the action that records it).
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demandée")
        RECEIVED = "received", _("Reçue")
        CONCORDANT = "concordant", _("Concordante")
        DISCORDANT = "discordant", _("Discordante")

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="pathology_reviews",
        verbose_name=_("dossier"),
    )
    requested_on = models.DateField(_("demandée le"), validators=[not_in_future])
    reviewer_centre = models.CharField(_("centre relecteur"), max_length=200)
    status = models.CharField(_("statut"), max_length=20, choices=Status, default=Status.REQUESTED)
    received_on = models.DateField(_("reçue le"), null=True, blank=True, validators=[not_in_future])
    # The histology of the record when the review was asked (what is being double-read).
    initial_histology = models.CharField(
        _("histologie initiale"), max_length=20, choices=Histology, blank=True
    )
    reviewed_histology = models.CharField(
        _("histologie après relecture"), max_length=20, choices=Histology, blank=True
    )
    new_diagnosis = bounded_text(
        _("nouveau diagnostic"),
        NOTE_TEXT,
        blank=True,
        help_text=_("Obligatoire pour une relecture discordante."),
    )
    report = models.ForeignKey(
        Attachment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte rendu de relecture"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("relecture TENpath")
        verbose_name_plural = _("relectures TENpath")
        ordering = ["-requested_on", "-pk"]

    def __str__(self) -> str:
        return f"Relecture TENpath ({self.get_status_display()})"

    @property
    def concluded(self) -> bool:
        return self.status in (self.Status.CONCORDANT, self.Status.DISCORDANT)

    @property
    def is_discordant(self) -> bool:
        return self.status == self.Status.DISCORDANT

    def clean(self) -> None:
        errors = {}
        if self.status != self.Status.REQUESTED and not self.received_on:
            errors["received_on"] = _("Indiquez la date de réception de la relecture.")
        if self.received_on and self.requested_on and self.received_on < self.requested_on:
            errors["received_on"] = _("La réception ne peut pas précéder la demande.")
        if self.concluded and not self.reviewed_histology:
            errors["reviewed_histology"] = _("Indiquez l'histologie retenue par la relecture.")
        if self.is_discordant and not self.new_diagnosis.strip():
            errors["new_diagnosis"] = _("Décrivez le nouveau diagnostic de la relecture.")
        if errors:
            raise ValidationError(errors)

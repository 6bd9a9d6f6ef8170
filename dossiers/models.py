import shutil
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renaten.textlimits import SHORT_TEXT, bounded_text


class ExportJob(models.Model):
    """One request for a PDF (a case's dossier or a whole session), rendered by a Celery task.

    The row is the task's whole state: the task takes the job id only. The requester's centre
    scopes both who may download the file and which cases a session export contains (plus, for
    a job that ``crosses_centres``, the cases its requester's export grants open: see
    dossiers.access.job_scope).
    """

    class Kind(models.TextChoices):
        CASE = "case", _("Dossier")
        SESSION = "session", _("Séance")

    class State(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    kind = models.CharField(_("type"), max_length=10, choices=Kind)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="export_jobs",
        verbose_name=_("dossier"),
    )
    session = models.ForeignKey(
        "board_sessions.BoardSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="export_jobs",
        verbose_name=_("séance"),
    )
    centre = models.ForeignKey(
        "accounts.Centre", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="export_jobs",
        verbose_name=_("demandé par"),
    )
    state = models.CharField(
        _("état"), max_length=10, choices=State, default=State.QUEUED, db_index=True
    )
    # Session exports: each case's attachments follow its dossier (images as PDF pages).
    include_attachments = models.BooleanField(_("avec les documents joints"), default=False)
    # A session export holding cases of other centres, opened to its requester by an export
    # grant (board_sessions.scope: a national board's secretary and the cases referred to it).
    # Such a job is the requester's alone, not her centre's (dossiers.access).
    crosses_centres = models.BooleanField(_("avec des dossiers d'autres centres"), default=False)
    reason = bounded_text(_("motif de l'échec"), SHORT_TEXT, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # Path relative to MEDIA_ROOT; the file is only ever served by the download view.
    file = models.CharField(max_length=255, blank=True)
    # The parts the job merges, in order: [[case id, part digest], ...] (ids and hashes only).
    parts = models.JSONField(default=list, blank=True)
    # Printed as the generation date: fixed at request time so a retry gives the same PDF.
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set when the retention task deleted the PDF (DOSSIER_RETENTION_DAYS after it was made).
    purged_at = models.DateTimeField(_("fichier supprimé le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("export PDF")
        verbose_name_plural = _("exports PDF")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="case", case__isnull=False, session__isnull=True)
                    | Q(kind="session", case__isnull=True, session__isnull=False)
                ),
                name="export_job_has_its_subject",
            )
        ]

    def __str__(self) -> str:
        return f"Export n° {self.pk} ({self.get_kind_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def progress_percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def path(self):
        return Path(settings.MEDIA_ROOT) / self.file if self.file else None

    @property
    def relative_path(self) -> str:
        """Where the PDF goes under MEDIA_ROOT: one folder per job, stored in ``file`` when done."""
        # Ids only: nothing identifying in a path that may show up in logs or backups.
        return f"dossiers/{self.centre_id}/{self.pk}/{self.download_name}"

    @property
    def download_name(self) -> str:
        if self.kind == self.Kind.CASE:
            return f"dossier-rcp-{self.case_id}.pdf"
        return f"seance-rcp-{self.session_id}.pdf"

    def stale_after(self) -> timedelta:
        # Every task of a job reports (progress, start, retry) well within the hard time limit,
        # and a message lost with its worker comes back after the broker's visibility timeout:
        # a running job silent for longer than both has lost its worker for good.
        return timedelta(seconds=settings.DOSSIER_JOB_STALE_AFTER)


@receiver(post_delete, sender=ExportJob)
def _delete_job_files(sender, instance: ExportJob, **kwargs) -> None:
    # A job goes with its case (CASCADE): its PDF must not stay behind on the volume.
    folder = (Path(settings.MEDIA_ROOT) / instance.relative_path).parent
    shutil.rmtree(folder, ignore_errors=True)


class DossierPart(models.Model):
    """One case's dossier rendered to PDF, stored under the hash of what was rendered.

    Content-addressed: the digest covers the dossier's HTML and the render version (templates,
    stylesheet, WeasyPrint), so the same content always maps to the same part and any change
    to the case, the référentiel or the layout yields a new one. Exports reuse the parts they
    find and render only the missing ones; unused parts are purged after a retention period.
    """

    digest = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="dossier_parts")
    # What the part was rendered from, for the reader of the table (the digest decides reuse).
    case_version = models.PositiveIntegerField()
    referentiel = models.CharField(max_length=200)
    engine_version = models.CharField(max_length=50)
    template_version = models.CharField(max_length=64)
    pages = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    # Path relative to MEDIA_ROOT.
    file = models.CharField(max_length=255)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("dossier pré-rendu")
        verbose_name_plural = _("dossiers pré-rendus")
        indexes = [models.Index(fields=["case", "-created_at"])]

    def __str__(self) -> str:
        return f"Dossier pré-rendu {self.digest[:12]} (dossier n° {self.case_id})"

    @property
    def path(self) -> Path:
        return Path(settings.MEDIA_ROOT) / self.file


@receiver(post_delete, sender=DossierPart)
def _delete_part_file(sender, instance: DossierPart, **kwargs) -> None:
    # Parts go with their case (CASCADE) and with the retention purge: never the file alone.
    (Path(settings.MEDIA_ROOT) / instance.file).unlink(missing_ok=True)

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boards.specialties import Specialty
from renaten.textlimits import NOTE_TEXT, bounded_text

# Without an explicit deadline, registrations in the last two days are "late additions".
DEFAULT_REGISTRATION_DELAY = timedelta(days=2)


class BoardSession(models.Model):
    """One meeting of a board: when, where, who attends and which cases are discussed."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planifiée")
        LOCKED = "locked", _("Verrouillée")

    board = models.ForeignKey(
        "boards.Board", on_delete=models.PROTECT, related_name="sessions", verbose_name=_("RCP")
    )
    # The centre whose secretariat runs the session: only it edits, reorders and locks.
    organiser_centre = models.ForeignKey(
        "accounts.Centre",
        on_delete=models.PROTECT,
        related_name="organised_sessions",
        verbose_name=_("centre organisateur"),
    )
    starts_at = models.DateTimeField(_("date et heure"))
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    video_link = models.URLField(
        _("lien de visioconférence"),
        blank=True,
        validators=[URLValidator(schemes=["https", "http"])],
    )
    registration_deadline = models.DateTimeField(
        _("date limite d'inscription"),
        null=True,
        blank=True,
        help_text=_("Par défaut deux jours avant la séance ; après, une inscription est tardive."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status, default=Status.PLANNED, db_index=True
    )
    notes = bounded_text(_("notes"), NOTE_TEXT, blank=True)
    # Empty for sessions made outside the app (imports, benchmarks): still editable.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    locked_at = models.DateTimeField(_("verrouillée le"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("séance RCP")
        verbose_name_plural = _("séances RCP")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.board} — {local:%d/%m/%Y %H:%M}"

    def clean(self) -> None:
        if not self.place and not self.video_link:
            raise ValidationError(_("Indiquez un lieu ou un lien de visioconférence."))
        if (
            self.registration_deadline
            and self.starts_at
            and self.registration_deadline > self.starts_at
        ):
            raise ValidationError(
                {
                    "registration_deadline": _(
                        "La date limite d'inscription doit précéder la séance."
                    )
                }
            )

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED

    @property
    def registration_closes_at(self) -> datetime:
        return self.registration_deadline or self.starts_at - DEFAULT_REGISTRATION_DELAY

    def agenda(self) -> list["AgendaItem"]:
        """The agenda in discussion order, with what each line shows of its case."""
        return list(self.agenda_items.select_related("case__patient", "case__centre"))


class AgendaItem(models.Model):
    """A case registered to a session, in discussion order."""

    session = models.ForeignKey(BoardSession, on_delete=models.CASCADE, related_name="agenda_items")
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="agenda_items",
        verbose_name=_("dossier"),
    )
    position = models.PositiveIntegerField(_("ordre"))
    added_late = models.BooleanField(_("ajout tardif"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscription à l'ordre du jour")
        verbose_name_plural = _("ordre du jour")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="unique_case_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.case}"


class Participant(models.Model):
    """Someone attending a session; physicians of distinct specialties make the quorum."""

    session = models.ForeignKey(BoardSession, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("nom"), max_length=150)
    specialty = models.CharField(_("spécialité"), max_length=30, choices=Specialty)
    is_physician = models.BooleanField(_("médecin"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_participations",
        verbose_name=_("compte utilisateur"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_specialty_display()})"

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boards.specialties import Specialty
from boards.validators import validate_french_phone


class Board(models.Model):
    """An RCP that discusses cases: a RENATEN expert (recourse) board or a regional one."""

    class Level(models.TextChoices):
        REGIONAL = "regional", _("Régionale")
        NATIONAL = "national", _("Nationale")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    region = models.CharField(_("région"), max_length=100)
    level = models.CharField(_("niveau"), max_length=20, choices=Level, default=Level.REGIONAL)
    institution = models.CharField(_("établissement"), max_length=200, blank=True)
    department = models.CharField(_("service"), max_length=200, blank=True)
    address = models.TextField(_("adresse"), blank=True)
    referring_physicians = models.TextField(
        _("médecins référents"), blank=True, help_text=_("Un nom par ligne.")
    )
    email = models.EmailField(_("courriel"), blank=True)
    secretariat_phone = models.CharField(
        _("téléphone du secrétariat"),
        max_length=20,
        blank=True,
        validators=[validate_french_phone],
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    required_specialties = models.JSONField(
        _("spécialités requises au quorum"), default=list, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("RCP")
        verbose_name_plural = _("RCP")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = [s for s in self.required_specialties if s not in Specialty.values]
        if unknown:
            raise ValidationError(
                {"required_specialties": _("Spécialité inconnue : %s") % ", ".join(map(str, unknown))}
            )

    @property
    def required_specialty_labels(self) -> list[str]:
        return [Specialty(s).label for s in self.required_specialties if s in Specialty.values]

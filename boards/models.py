from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from boards.specialties import Specialty
from boards.validators import (
    is_french_phone,
    normalise_french_phone,
    validate_departments,
    validate_french_phone,
    validate_regions,
    validate_specialties,
)
from renaten.textlimits import NOTE_TEXT, SHORT_TEXT, bounded_text


class Board(models.Model):
    """An RCP that discusses cases: a RENATEN expert (recourse) board or a regional one."""

    class Level(models.TextChoices):
        REGIONAL = "regional", _("Régionale")
        NATIONAL = "national", _("Nationale")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    region = models.CharField(
        _("région"),
        max_length=100,
        help_text=_("Telle que l'écrit le référentiel (ex. : Rhône-Alpes, Auvergne)."),
    )
    level = models.CharField(_("niveau"), max_length=20, choices=Level, default=Level.REGIONAL)
    institution = models.CharField(_("établissement"), max_length=200, blank=True)
    department = models.CharField(_("service"), max_length=200, blank=True)
    address = bounded_text(_("adresse"), SHORT_TEXT, blank=True)
    referring_physicians = bounded_text(
        _("médecins référents"), NOTE_TEXT, blank=True, help_text=_("Un nom par ligne.")
    )
    email = models.EmailField(_("courriel"), blank=True)
    secretariat_phone = models.CharField(
        _("téléphone du secrétariat"),
        max_length=20,
        blank=True,
        validators=[validate_french_phone],
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Une RCP inactive n'est plus proposée ni affichée dans les contacts."),
    )
    notes = bounded_text(_("notes"), NOTE_TEXT, blank=True)
    required_specialties = models.JSONField(
        _("spécialités requises au quorum"),
        default=list,
        blank=True,
        validators=[validate_specialties],
    )
    # Current regions and départements whose centres refer to this board by default.
    served_regions = models.JSONField(
        _("régions desservies"), default=list, blank=True, validators=[validate_regions]
    )
    served_departments = models.JSONField(
        _("départements desservis"),
        default=list,
        blank=True,
        validators=[validate_departments],
        help_text=_("Numéros de département (ex. : 69, 38) : départagent deux RCP d'une région."),
    )
    # Board members who sign the fiches RCP (avis) of its sessions, whatever their centre.
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_boards",
        verbose_name=_("coordonnateurs"),
        help_text=_("Valident et signent les fiches RCP des séances de cette RCP."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("RCP")
        verbose_name_plural = _("RCP")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # One stored and displayed format whatever was typed ("04.72…" → "04 72 …").
        if self.secretariat_phone and is_french_phone(self.secretariat_phone):
            self.secretariat_phone = normalise_french_phone(self.secretariat_phone)
        super().save(*args, **kwargs)

    @property
    def required_specialty_labels(self) -> list[str]:
        return [Specialty(s).label for s in self.required_specialties if s in Specialty.values]

    @property
    def phone_uri(self) -> str:
        """'tel:+33472110094' for a link, or '' when there is no valid number."""
        phone = self.secretariat_phone  # "04 72 11 00 94": save() stored it so
        if not is_french_phone(phone):
            return ""
        return "tel:+33" + phone.replace(" ", "")[1:]

    @property
    def referring_physician_list(self) -> list[str]:
        return [line.strip() for line in self.referring_physicians.splitlines() if line.strip()]

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def contact_lines(self) -> list[str]:
        """The contact as plain-text lines (PDF dossier), in the order of the contact block."""
        lines = [self.name]
        lines += [value for value in (self.institution, self.department) if value]
        lines += self.address_lines
        if self.referring_physician_list:
            lines.append(
                gettext("Médecins référents : %s") % ", ".join(self.referring_physician_list)
            )
        if self.email:
            lines.append(gettext("Courriel : %s") % self.email)
        if self.secretariat_phone:
            lines.append(gettext("Secrétariat : %s") % self.secretariat_phone)
        return lines

    def deletion_blockers(self) -> list[tuple[str, int]]:
        """[(verbose name, count)] of the records that still point to this board.

        Every reverse relation counts (cases, board sessions, whatever is added later), except
        history tables, whose DO_NOTHING links are only a record of the past.
        """
        blockers = []
        for relation in self._meta.related_objects:
            if relation.on_delete is models.DO_NOTHING or not relation.field.concrete:
                continue
            model = relation.related_model
            count = model._base_manager.filter(**{relation.field.name: self}).count()
            if count:
                name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
                blockers.append((str(name), count))
        return blockers

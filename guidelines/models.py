"""Engine settings kept by the administrator (issue 12, class 9), with their history.

The référentiel does not fix the "faible index de prolifération" threshold: the engine uses a
setting whose value and reason are printed wherever it is used. The administrator sets it here
(Django admin); every change is kept (who, when, old and new values).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DatabaseError, models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guidelines.engine import DEFAULT_SETTINGS, EngineSettings
from guidelines.engine.settings import LOW_PROLIFERATION_REASON, LOW_PROLIFERATION_SOURCE
from renaten.textlimits import bounded_text


class ProliferationThreshold(models.Model):
    """The one row (pk=1) holding the low-proliferation Ki-67 threshold."""

    ki67_max = models.DecimalField(
        _("seuil Ki-67 (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("Un Ki-67 strictement inférieur à ce seuil compte comme faible."),
    )
    reason = bounded_text(
        _("motif du seuil"),
        2000,
        default=LOW_PROLIFERATION_REASON,
        help_text=_("Imprimé avec le seuil partout où il sert (panneau, dossier PDF)."),
    )
    source = models.CharField(
        _("source (courte)"), max_length=200, default=LOW_PROLIFERATION_SOURCE
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("modifié par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seuil de faible prolifération")
        verbose_name_plural = _("seuil de faible prolifération")

    def __str__(self) -> str:
        return f"Ki-67 < {self.ki67_max.normalize():f} %"

    def save(self, *args, **kwargs):
        self.pk = 1  # one row: the setting
        super().save(*args, **kwargs)

    def as_engine_settings(self) -> EngineSettings:
        return EngineSettings(
            low_proliferation_ki67_max=float(self.ki67_max),
            low_proliferation_reason=self.reason.strip() or LOW_PROLIFERATION_REASON,
            low_proliferation_source=self.source.strip() or LOW_PROLIFERATION_SOURCE,
        )


def engine_settings() -> EngineSettings:
    """The settings the engine runs with: the administrator's, else the engine's defaults.

    Without a usable database (the command line on a machine that never migrated) the defaults
    apply; the output names the threshold it used either way (`thresholds`).
    """
    try:
        row = ProliferationThreshold.objects.filter(pk=1).first()
    except DatabaseError:
        return DEFAULT_SETTINGS
    return row.as_engine_settings() if row is not None else DEFAULT_SETTINGS

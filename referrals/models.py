"""A case referred by a regional board (or its centre's secretariat) to the national RCP.

The referral carries the case (and so its attachments), the reason and the regional opinion as
text. It opens the case to the national board's secretaries, whatever their centre
(referrals.access), until it is withdrawn.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaten.textlimits import NOTE_TEXT, SUMMARY_TEXT, bounded_text


class Referral(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("À inscrire")
        REGISTERED = "registered", _("Inscrit en séance nationale")
        WITHDRAWN = "withdrawn", _("Retiré")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="referrals", verbose_name=_("dossier")
    )
    from_board = models.ForeignKey(
        "boards.Board",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_sent",
        verbose_name=_("RCP régionale"),
    )
    to_board = models.ForeignKey(
        "boards.Board",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("RCP nationale"),
        limit_choices_to={"level": "national", "is_active": True},
    )
    reason = bounded_text(_("motif du recours"), NOTE_TEXT)
    regional_opinion = bounded_text(_("avis de la RCP régionale"), SUMMARY_TEXT)
    # The board decision the referral comes from, when it comes from one (decisions app).
    decision_id = models.PositiveBigIntegerField(_("décision n°"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status, default=Status.PENDING, db_index=True
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(_("adressé le"), auto_now_add=True)
    session = models.ForeignKey(
        "board_sessions.BoardSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("séance nationale"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registered_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recours national")
        verbose_name_plural = _("recours nationaux")
        ordering = ["-referred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "to_board"],
                condition=~models.Q(status="withdrawn"),
                name="one_open_referral_per_case_and_board",
            )
        ]

    def __str__(self) -> str:
        return f"Recours national du dossier n° {self.case_id}"

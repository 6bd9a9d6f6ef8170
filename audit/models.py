from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """Who looked at or exported which case, when and from where.

    Only ids are stored, never patient data: the log itself must be safe to show an auditor.
    """

    class Action(models.TextChoices):
        VIEW_CASE = "view_case", _("Consultation d'un dossier")
        EDIT_CASE = "edit_case", _("Modification d'un dossier")
        VIEW_HISTORY = "view_history", _("Consultation de l'historique")
        EXPORT_CASE = "export_case", _("Export PDF d'un dossier")
        EXPORT_SESSION = "export_session", _("Export PDF d'une séance")
        DOWNLOAD = "download", _("Téléchargement d'un PDF")
        EXPORT_JSON = "export_json", _("Export JSON d'un dossier")
        VIEW_CASE_LIST = "view_case_list", _("Consultation de la liste des dossiers")
        VIEW_SESSION = "view_session", _("Consultation d'une séance")
        VIEW_DECISION = "view_decision", _("Consultation d'une décision RCP")
        RECORD_DECISION = "record_decision", _("Saisie d'une décision RCP")
        VALIDATE_DECISION = "validate_decision", _("Validation d'une fiche RCP")
        EXPORT_FICHE = "export_fiche", _("Export PDF d'une fiche RCP")
        EXPORT_REPORT = "export_report", _("Export PDF du compte rendu de séance")
        EDIT_PPS = "edit_pps", _("Saisie d'un PPS")
        EXPORT_PPS = "export_pps", _("Export PDF d'un PPS")
        RECORD_TREATMENT = "record_treatment", _("Saisie du traitement mis en route")
        SEND_EMAIL = "send_email", _("Envoi d'un courriel de notification")
        EXPORT_CDA = "export_cda", _("Export CDA (fiche RCP, PPS)")
        EXPORT_FHIR = "export_fhir", _("Export FHIR d'un dossier")

    class Origin(models.TextChoices):
        WEB = "web", _("Application web")
        CLI = "cli", _("Ligne de commande (CLI)")

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("utilisateur"),
    )
    # Kept even if the account is later deleted; the OS user for the command line.
    username = models.CharField(_("identifiant"), max_length=150)
    origin = models.CharField(
        _("origine"), max_length=3, choices=Origin, default=Origin.WEB, db_index=True
    )
    action = models.CharField(_("action"), max_length=20, choices=Action, db_index=True)
    case_id = models.PositiveBigIntegerField(_("dossier n°"), null=True, blank=True, db_index=True)
    session_id = models.PositiveBigIntegerField(_("séance n°"), null=True, blank=True)
    job_id = models.PositiveBigIntegerField(_("export n°"), null=True, blank=True)
    centre_id = models.PositiveBigIntegerField(_("centre n°"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=200, blank=True)
    path = models.CharField(_("adresse"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("accès")
        verbose_name_plural = _("journal d'accès")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

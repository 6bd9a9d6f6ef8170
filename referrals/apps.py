from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Recours à la RCP nationale RENATEN"

    def ready(self) -> None:
        # board_sessions cannot import this app: it learns here which cases a national board's
        # secretary may export, the same ones the referral pages show her.
        from board_sessions.scope import ExportGrant, register_export_grant
        from referrals.access import referred_case_ids

        grant = ExportGrant(
            label=_("dossiers adressés à la RCP nationale"), case_ids=referred_case_ids
        )
        register_export_grant("referrals", grant)

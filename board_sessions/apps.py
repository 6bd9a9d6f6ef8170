from django.apps import AppConfig


class BoardSessionsConfig(AppConfig):
    name = "board_sessions"
    verbose_name = "Séances RCP"

    def ready(self) -> None:
        # Attachments sit below: they learn here when a board last discussed a case, to keep
        # the documents it discussed the case with (attachments.access).
        from attachments.access import register_discussion_clock
        from board_sessions.scope import last_discussed_at

        register_discussion_clock(last_discussed_at)

from django.apps import AppConfig


class BoardSessionsConfig(AppConfig):
    name = "board_sessions"
    verbose_name = "Séances RCP"

from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "Dossiers PDF"

    def ready(self) -> None:
        from dossiers import hooks, signals

        signals.connect()
        # The session page shows the exports through board_sessions' hook (it may not import
        # dossiers: apps import downwards only).
        hooks.register()

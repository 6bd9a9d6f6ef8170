from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "Dossiers PDF"

    def ready(self) -> None:
        from dossiers import signals

        signals.connect()

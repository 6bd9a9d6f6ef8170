from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Décisions RCP"

    def ready(self) -> None:
        # The case page and the case JSON transfer show/carry decisions through hooks that the
        # cases app exposes (cases may not import decisions: apps import downwards only).
        from decisions import hooks

        hooks.register()

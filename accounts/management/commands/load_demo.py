from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, DEMO_USERS

# Each app contributes its fictional demo data, in this order; each step is idempotent.
DEMO_STEPS = ("accounts.demo", "cases.demo", "board_sessions.demo", "decisions.demo")


class Command(BaseCommand):
    help = "Charge des données de démonstration fictives (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        for module in DEMO_STEPS:
            import_module(module).load()
        self.stdout.write(self.style.SUCCESS("Données de démonstration fictives chargées."))
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for username, _first, _last, role, _specialty in DEMO_USERS:
            self.stdout.write(f"  - {username:<12} {role}")
        self.stdout.write("  - coordinateur clinician, coordonnateur de la RCP de démonstration")

import json

from django.core.management.base import BaseCommand, CommandError

from audit.log import record_cli_access
from audit.models import AccessLog
from cases.models import Case
from cases.transfer import export_case_data
from renaten.files import write_private


class Command(BaseCommand):
    help = (
        "Exporte un dossier en JSON (identité, dossier, faits du moteur, sites métastatiques, "
        "lignes de traitement ; format « renaten-rcp-case » version 1, décrit dans "
        "cases/transfer.py). Contient des données de santé : à transmettre par un canal sûr."
    )

    def add_arguments(self, parser):
        parser.add_argument("case_id", type=int, help="Numéro du dossier")
        parser.add_argument("-o", "--output", help="Fichier de sortie (sinon la sortie standard)")

    def handle(self, *args, case_id, output=None, **options):
        case = (
            Case.objects.select_related("patient", "board")
            .prefetch_related("metastatic_sites", "treatment_lines")
            .filter(pk=case_id)
            .first()
        )
        if case is None:
            raise CommandError(f"Dossier n° {case_id} introuvable.")
        record_cli_access("export_case", AccessLog.Action.EXPORT_JSON, case=case)
        text = json.dumps(export_case_data(case), ensure_ascii=False, indent=2)
        if output:
            write_private(output, (text + "\n").encode("utf-8"))
            self.stderr.write(f"Dossier n° {case_id} exporté.")
        else:
            self.stdout.write(text)

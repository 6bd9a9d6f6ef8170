from django.core.management.base import BaseCommand, CommandError

from audit.log import record_cli_access
from audit.models import AccessLog
from cases.models import Case
from dossiers.render import render_case_pdf
from renaten.files import write_private


class Command(BaseCommand):
    help = "Génère le dossier PDF d'un cas (rendu synchrone, même service que l'application)."

    def add_arguments(self, parser):
        parser.add_argument("--case", type=int, required=True, help="identifiant du dossier")
        parser.add_argument("-o", "--output", required=True, help="fichier PDF à écrire")

    def handle(self, *args, case, output, **options):
        try:
            record = Case.objects.get(pk=case)
        except Case.DoesNotExist:
            raise CommandError(f"Dossier n° {case} introuvable.") from None
        # Logged before the file exists: an export that fails half-way was still attempted.
        record_cli_access("export_dossier", AccessLog.Action.EXPORT_CASE, case=record)
        target = write_private(output, render_case_pdf(record))
        self.stdout.write(self.style.SUCCESS(f"Dossier n° {case} écrit dans {target}."))

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from interop.exports import case_fhir_json


class Command(BaseCommand):
    help = (
        "Exporte un dossier en FHIR R4 (Bundle « collection » : patient, cancer primitif, TNM, "
        "Ki-67, imagerie, lignes de traitement, avis de la RCP). Contient des données de santé : "
        "à transmettre par un canal sûr."
    )

    def add_arguments(self, parser):
        parser.add_argument("--case", type=int, required=True, help="Numéro du dossier")
        parser.add_argument("-o", "--output", help="Fichier de sortie (sinon la sortie standard)")

    def handle(self, *args, case, output=None, **options):
        record = Case.objects.filter(pk=case).first()
        if record is None:
            raise CommandError(f"Dossier n° {case} introuvable.")
        text = case_fhir_json(record)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stderr.write(f"Dossier n° {case} exporté en FHIR.")
        else:
            self.stdout.write(text)

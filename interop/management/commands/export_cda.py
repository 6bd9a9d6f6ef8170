from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interop import exports


class Command(BaseCommand):
    help = (
        "Exporte la fiche RCP validée (volet CI-SIS CANCER-FRCP 2022.01) ou le PPS (volet "
        "CANCER-PPS 2022.01) d'une inscription à l'ordre du jour, en CDA R2 N3. Contient des "
        "données de santé : à transmettre par un canal sûr."
    )

    def add_arguments(self, parser):
        parser.add_argument("--item", type=int, required=True, help="Numéro de l'inscription")
        parser.add_argument("--volet", choices=("FRCP", "PPS"), default="FRCP")
        parser.add_argument("-o", "--output", required=True, help="Fichier XML de sortie")

    def handle(self, *args, item, volet, output, **options):
        try:
            if volet == "FRCP":
                record, data = exports.item_frcp(item)
            else:
                record, data = exports.item_pps(item)
        except exports.NotExportable as refusal:
            raise CommandError(str(refusal)) from refusal
        Path(output).write_bytes(data)
        self.stderr.write(f"{volet} version {record.version} de l'inscription n° {item} exporté.")

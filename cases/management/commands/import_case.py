import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Centre
from cases.transfer import FORMAT, VERSION, ImportRefused, import_case_data
from renaten import jsoninput


class Command(BaseCommand):
    help = (
        f"Importe un dossier exporté par export_case (JSON « {FORMAT} » version {VERSION}) "
        "dans le centre donné par --centre (numéro ou nom). Le fichier contient : "
        "« patient » (family_name, given_names, birth_date AAAA-MM-JJ, sex F/M/I, ipp, ins, "
        "ins_status), « case » (motif, médecin référent, textes, TNM, dates d'imagerie et de "
        "chirurgie, RCP par son nom), « facts » (faits du moteur, CONTRACT.md), "
        "« metastatic_sites » et « treatment_lines ». Tout est vérifié avant d'écrire : un "
        "fichier invalide est refusé avec ses raisons et rien n'est créé. Le dossier importé "
        "est un brouillon."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier JSON (« - » pour l'entrée standard)")
        parser.add_argument("--centre", required=True, help="Centre cible : numéro ou nom")

    def handle(self, *args, file, centre, **options):
        target = self._centre(centre)
        try:
            data = jsoninput.load_file(file, stdin=sys.stdin)
        except OSError as error:
            raise CommandError(f"Lecture impossible : {error.strerror}") from None
        except jsoninput.JSONInputError as error:
            raise CommandError(f"Fichier refusé : {error}") from None
        try:
            case, warnings = import_case_data(data, centre=target)
        except ImportRefused as refused:
            for line in refused.errors:
                self.stderr.write(f"  - {line}")
            raise CommandError(
                f"Fichier refusé : {len(refused.errors)} erreur(s) ; rien n'a été importé."
            ) from None
        for warning in warnings:
            self.stderr.write(warning)
        self.stdout.write(self.style.SUCCESS(f"Dossier importé : n° {case.pk} (brouillon)."))

    def _centre(self, value: str) -> Centre:
        centre = None
        if value.isascii() and value.isdecimal() and len(value) <= 18:
            centre = Centre.objects.filter(pk=int(value)).first()
        centre = centre or Centre.objects.filter(name=value).first()
        if centre is None:
            raise CommandError(f"Centre « {value} » introuvable.")
        return centre

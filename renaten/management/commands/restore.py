from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renaten.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite par « backup » dans une base VIDE (aucune table) et un "
        "MEDIA_ROOT vide. Toutes les sommes de contrôle sont vérifiées avant d'écrire ; le nombre "
        "de lignes de chaque table est comparé au manifeste après."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="dossier écrit par « manage.py backup »")

    def handle(self, *args, folder, **options):
        try:
            report = restore(Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(report.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde restaurée : {len(report.tables)} tables et {rows} lignes conformes "
                f"au manifeste, {report.files} fichiers vérifiés."
            )
        )

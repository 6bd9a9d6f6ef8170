from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from renaten.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde complète dans DOSSIER (vide ou absent) : la base (pg_dump au format custom, "
        "ou l'API de sauvegarde de SQLite), le dossier MEDIA_ROOT et un manifeste (nombre de "
        "lignes de chaque table, sommes SHA-256). Contient des données de santé : fichiers 0600."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="dossier de sauvegarde (créé s'il n'existe pas)")

    def handle(self, *args, folder, **options):
        try:
            report = backup(Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(report.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans {report.folder} : {len(report.tables)} tables, "
                f"{rows} lignes, {report.files} fichiers."
            )
        )

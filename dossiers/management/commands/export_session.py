from django.core.management.base import BaseCommand, CommandError

from accounts.models import Centre
from audit.log import record_cli_access
from audit.models import AccessLog
from board_sessions.models import BoardSession
from dossiers.render import render_session_pdf
from renaten.files import write_private


class Command(BaseCommand):
    help = (
        "Génère le PDF d'une séance : page de garde avec l'ordre du jour puis les dossiers "
        "(rendu synchrone). Par défaut, les cas de tous les centres inscrits sont inclus."
    )

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, required=True, help="identifiant de la séance")
        parser.add_argument("-o", "--output", required=True, help="fichier PDF à écrire")
        parser.add_argument(
            "--centre",
            type=int,
            help="n'inclure que les dossiers de ce centre (comme un export depuis l'application)",
        )

    def handle(self, *args, session, output, centre, **options):
        try:
            record = BoardSession.objects.get(pk=session)
        except BoardSession.DoesNotExist:
            raise CommandError(f"Séance n° {session} introuvable.") from None
        if centre is not None:
            try:
                centres = [Centre.objects.get(pk=centre)]
            except Centre.DoesNotExist:
                raise CommandError(f"Centre n° {centre} introuvable.") from None
        else:
            centres = None

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"{done} / {total}")

        record_cli_access(
            "export_session",
            AccessLog.Action.EXPORT_SESSION,
            session=record,
            centre_id=centre,
        )
        data = render_session_pdf(record, centres=centres, progress=progress)
        write_private(output, data)
        self.stdout.write(self.style.SUCCESS(f"Séance n° {session} écrite dans {output}."))

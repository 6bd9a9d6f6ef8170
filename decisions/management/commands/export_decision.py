from django.core.management.base import BaseCommand, CommandError

from audit.log import record_cli_access
from audit.models import AccessLog
from board_sessions.models import AgendaItem
from decisions.actions import current_decision
from decisions.documents import DocumentError
from decisions.render import render_fiche_pdf
from renaten.files import write_private


class Command(BaseCommand):
    help = (
        "Écrit la fiche RCP (PDF) de la décision en vigueur d'une inscription à l'ordre du jour "
        "(même rendu que l'application). Contient des données de santé."
    )

    def add_arguments(self, parser):
        parser.add_argument("--item", type=int, required=True, help="numéro de l'inscription")
        parser.add_argument("-o", "--output", required=True, help="fichier PDF à écrire")

    def handle(self, *args, item, output, **options):
        record = AgendaItem.objects.filter(pk=item).first()
        if record is None:
            raise CommandError(f"Inscription n° {item} introuvable.")
        decision = current_decision(record)
        if decision is None:
            raise CommandError(f"Aucune décision saisie pour l'inscription n° {item}.")
        # Logged before the file exists: an export that fails half-way was still attempted.
        record_cli_access(
            "export_decision",
            AccessLog.Action.EXPORT_FICHE,
            case=decision.case,
            session=record.session,
        )
        try:
            data = render_fiche_pdf(decision)
        except DocumentError as error:
            raise CommandError(str(error)) from None
        write_private(output, data)
        self.stdout.write(
            self.style.SUCCESS(
                f"Fiche RCP (version {decision.version}, {decision.get_status_display()}) "
                f"écrite dans {output}."
            )
        )

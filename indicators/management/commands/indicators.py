"""`manage.py indicators --board ID --from DATE --to DATE --format json|csv`."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from boards.models import Board
from indicators.charts import Period, all_charts
from indicators.export import charts_csv, charts_json


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Date invalide : {value!r} (AAAA-MM-JJ attendu).") from None


class Command(BaseCommand):
    help = "Indicateurs d'une RCP sur une période, en JSON ou CSV."

    def add_arguments(self, parser):
        parser.add_argument("--board", type=int, required=True, help="identifiant de la RCP")
        parser.add_argument("--from", dest="start", required=True, help="AAAA-MM-JJ")
        parser.add_argument("--to", dest="end", required=True, help="AAAA-MM-JJ")
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args, board, start, end, format, **options):
        start, end = _date(start), _date(end)
        if end < start:
            raise CommandError("--to précède --from.")
        try:
            board_obj = Board.objects.get(pk=board)
        except Board.DoesNotExist:
            raise CommandError(f"RCP {board} introuvable.") from None
        period = Period(board=board_obj, start=start, end=end, today=timezone.localdate())
        charts = all_charts(period)
        self.stdout.write(
            charts_csv(period, charts) if format == "csv" else charts_json(period, charts)
        )

"""`manage.py follow_up_due --centre ID --days 60 [--format table|csv]`: the recall list."""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Centre
from surveillance.recall import CSV_HEADER, DEFAULT_DAYS, csv_rows, recall_list


class Command(BaseCommand):
    help = (
        "Examens de surveillance d'un centre : en retard, patients sans examen depuis plus que "
        "leur intervalle, à prévoir dans les N jours."
    )

    def add_arguments(self, parser):
        parser.add_argument("--centre", type=int, required=True, help="identifiant du centre")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="horizon en jours")
        parser.add_argument("--format", choices=("table", "csv"), default="table")

    def handle(self, *args, centre, days, format, **options):
        if days < 1 or days > 3660:
            raise CommandError("--days doit être compris entre 1 et 3660.")
        if not Centre.objects.filter(pk=centre).exists():
            raise CommandError(f"Centre {centre} introuvable.")
        result = recall_list(centre_id=centre, today=timezone.localdate(), days=days)
        rows = csv_rows(result)
        if format == "csv":
            writer = csv.writer(self.stdout, delimiter=";", lineterminator="\n")
            writer.writerow(CSV_HEADER)
            writer.writerows(rows)
            return
        widths = [
            max(len(str(cell)) for cell in column)
            for column in zip(CSV_HEADER, *rows, strict=False)
        ]
        for line in (CSV_HEADER, *rows):
            self.stdout.write("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)))
        self.stdout.write(f"{len(rows)} ligne(s).")

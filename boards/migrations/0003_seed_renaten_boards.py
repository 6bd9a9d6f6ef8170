"""Seed the two RENATEN recourse boards named by the référentiel.

Source: 000_17c00554060b0654.txt, "Recommandations pour la prise en charge des tumeurs
carcinoïdes bronchiques métastatiques — Prérequis indispensables 1)". Only what the text gives is
stored: no phone for Auvergne, no physician names (the text gives e-mail addresses only), no
quorum (the text does not set one; the administrator adds it).

Level: both are "regional". The text lists them as the "concertation pluridisciplinaire de
recours RENATEN", one per (former) region, and names a separate "RCP nationale" (proposals for
Lutathera® under the CPC) without contact details, so neither of these two is the national one.
"""

from django.db import migrations
from django.utils import timezone

SOURCE_NOTE = (
    "Contact du référentiel RENATEN des carcinoïdes bronchiques (prise en charge des formes "
    "métastatiques, prérequis indispensables 1)."
)

BOARDS = [
    {
        "name": "RCP de recours RENATEN Rhône-Alpes",
        "region": "Rhône-Alpes",
        "level": "regional",
        "institution": "Hôpital Edouard Herriot",
        "department": "",
        "address": "Place d’Arsonval\n69008 Lyon",
        "referring_physicians": "",
        "email": "thomas.walter@chu-lyon.fr",
        # Written "04.72.11.00.94" in the text; stored in the app's one display format.
        "secretariat_phone": "04 72 11 00 94",
        "notes": SOURCE_NOTE,
        "served_regions": ["Auvergne-Rhône-Alpes"],
        # The départements of the former Rhône-Alpes region.
        "served_departments": ["01", "07", "26", "38", "42", "69", "73", "74"],
    },
    {
        "name": "RCP de recours RENATEN Auvergne",
        "region": "Auvergne",
        "level": "regional",
        "institution": "CHU Clermont-Ferrand",
        "department": "Service endocrinologie",
        "address": "",
        "referring_physicians": "",
        "email": "itauveron@chu-clermontferrand.fr",
        "secretariat_phone": "",
        "notes": SOURCE_NOTE + " Contact indiqué : Réseau RENATEN.",
        "served_regions": ["Auvergne-Rhône-Alpes"],
        # The départements of the former Auvergne region.
        "served_departments": ["03", "15", "43", "63"],
    },
]


def seed(apps, schema_editor):
    Board = apps.get_model("boards", "Board")
    HistoricalBoard = apps.get_model("boards", "HistoricalBoard")
    for values in BOARDS:
        if Board.objects.filter(name=values["name"]).exists():
            continue  # an administrator's version wins over the seed
        board = Board.objects.create(is_active=True, required_specialties=[], **values)
        # Historical models get no signals in migrations: record the creation by hand, so the
        # admin history starts with the référentiel's values.
        HistoricalBoard.objects.create(
            id=board.pk,
            is_active=True,
            required_specialties=[],
            history_date=timezone.now(),
            history_type="+",
            history_change_reason="Référentiel RENATEN (prérequis 1)",
            **values,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("boards", "0002_served_areas_and_validators"),
    ]

    operations = [
        # Reversing keeps the boards: cases and sessions may point to them.
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]

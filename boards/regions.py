"""French regions and the matching of free-text region names.

The référentiel names its boards after former regions ("Rhône-Alpes", "Auvergne"); centres carry a
current region ("Auvergne-Rhône-Alpes"). A board lists the current regions (and optionally the
départements) it serves, so the two vocabularies never have to agree on spelling.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models


class Region(models.TextChoices):
    """The 18 current French regions (2016 map), labels as commonly written."""

    AUVERGNE_RHONE_ALPES = "Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes"
    BOURGOGNE_FRANCHE_COMTE = "Bourgogne-Franche-Comté", "Bourgogne-Franche-Comté"
    BRETAGNE = "Bretagne", "Bretagne"
    CENTRE_VAL_DE_LOIRE = "Centre-Val de Loire", "Centre-Val de Loire"
    CORSE = "Corse", "Corse"
    GRAND_EST = "Grand Est", "Grand Est"
    HAUTS_DE_FRANCE = "Hauts-de-France", "Hauts-de-France"
    ILE_DE_FRANCE = "Île-de-France", "Île-de-France"
    NORMANDIE = "Normandie", "Normandie"
    NOUVELLE_AQUITAINE = "Nouvelle-Aquitaine", "Nouvelle-Aquitaine"
    OCCITANIE = "Occitanie", "Occitanie"
    PAYS_DE_LA_LOIRE = "Pays de la Loire", "Pays de la Loire"
    PROVENCE_ALPES_COTE_D_AZUR = "Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur"
    GUADELOUPE = "Guadeloupe", "Guadeloupe"
    GUYANE = "Guyane", "Guyane"
    LA_REUNION = "La Réunion", "La Réunion"
    MARTINIQUE = "Martinique", "Martinique"
    MAYOTTE = "Mayotte", "Mayotte"


# Département codes: metropolitan 01–95 (with 2A/2B for Corsica), overseas 971–976.
DEPARTMENT_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])$")
METROPOLITAN_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB])$")


def region_key(value: str) -> str:
    """Compare region names without case, accents, spaces or punctuation."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", letters.casefold())


def department_of_finess(finess: str) -> str:
    """The metropolitan département a FINESS number starts with ("69…" → "69"), else ""."""
    finess = (finess or "").strip().upper()
    # Overseas FINESS numbers do not start with their 3-digit code: no département is guessed.
    if len(finess) != 9 or not METROPOLITAN_CODE.match(finess[:2]):
        return ""
    return finess[:2]

"""Identity of the référentiel the rules encode, and of the engine itself."""

from __future__ import annotations

# 2.0.0: structured findings, three-valued eligibility, contradictions refused, new values
# (progression "clear", outcome "syndrome_escape"); see CONTRACT.md, "Changes".
ENGINE_VERSION = "2.0.0"

REFERENTIEL_ID = "aura-renaten-carcinoides-bronchiques"

# The excerpt carries no edition date. Its latest dated facts are the ANSM CPC of March 2022,
# a 2022 series and patient booklet, and a French trial that "devrait ouvrir ... courant 2023"
# (future tense): so it was written in 2022-2023. We say exactly that rather than invent a year.
REFERENTIEL_EDITION = (
    "édition non datée dans le texte (extrait ; références jusqu'en 2022, "
    "essai français annoncé « courant 2023 »)"
)

REFERENTIEL = (
    f"Référentiel carcinoïdes bronchiques — AURA/RENATEN [{REFERENTIEL_ID}], {REFERENTIEL_EDITION}"
)

# The text file the excerpts were copied from; a test checks the hash so a new edition of the
# text cannot silently leave stale rules behind.
SOURCE_FILE = "000_17c00554060b0654.txt"
SOURCE_SHA256 = "c28f64bad773e33e99620fdb2c134e1cb9a409ca593e341005fccb1eca2c0241"

"""Plausibility warnings on the pathology (issue 12, class 11): never a refusal.

The référentiel's scope is carcinoids; it does not restate their histological definition. The
thresholds below are the WHO classification of lung neuroendocrine tumours (typical carcinoid:
< 2 mitoses / 2 mm² and no necrosis; atypical carcinoid: 2 to 10 mitoses / 2 mm² and/or focal
necrosis), named as such: facts whose values fall outside it are flagged for pathology review,
and the evaluation goes on.
"""

from __future__ import annotations

from typing import Any

from .codes import ALERT_LABELS, AlertCode, Histology
from .facts import CaseFacts
from .text import french_number

SOURCE = (
    "définition OMS des carcinoïdes pulmonaires (hors texte du référentiel) : carcinoïde "
    "typique < 2 mitoses / 2 mm² sans nécrose ; carcinoïde atypique 2 à 10 mitoses / 2 mm² "
    "et/ou nécrose"
)
TYPICAL_MITOSES_MAX = 2  # strictly below
ATYPICAL_MITOSES_MAX = 10  # at most


def warnings(f: CaseFacts) -> list[dict[str, Any]]:
    """[{code, label, fields, message, source}] for facts outside the carcinoid definitions."""
    reasons: list[str] = []
    fields: list[str] = []
    mitoses = f.mitoses_per_2mm2
    if f.histology is Histology.TYPICAL:
        if mitoses is not None and mitoses >= TYPICAL_MITOSES_MAX:
            reasons.append(f"{french_number(mitoses)} mitoses / 2 mm² pour un carcinoïde typique")
            fields.append("mitoses_per_2mm2")
        if f.necrosis is True:
            reasons.append("nécrose pour un carcinoïde typique")
            fields.append("necrosis")
    elif (
        f.histology is Histology.ATYPICAL and mitoses is not None and mitoses > ATYPICAL_MITOSES_MAX
    ):
        reasons.append(
            f"{french_number(mitoses)} mitoses / 2 mm² : au-delà des carcinoïdes atypiques "
            "(> 10), hors du champ du référentiel"
        )
        fields.append("mitoses_per_2mm2")
    if not reasons:
        return []
    code = AlertCode.REVIEW_PATHOLOGY
    return [
        {
            "code": code.value,
            "label": ALERT_LABELS[code],
            "fields": ["histology", *fields],
            "message": "Relecture anatomopathologique conseillée : " + " ; ".join(reasons) + ".",
            "source": SOURCE,
        }
    ]

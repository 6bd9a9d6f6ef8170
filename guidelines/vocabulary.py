"""The one vocabulary: codes come from the engine's enums, French labels from here.

Forms, model choices, pages, the PDF dossier and (later) CDA / FHIR exports read every label of
the guideline contract through this module: facts (field names), fact values, option levels,
eligibility, regulatory statuses and their basis, alert and follow-up codes, severities. The
tables themselves live beside the enums in the pure engine (`guidelines.engine.codes`), because
the engine writes the `text` of its findings with the same words; nothing else keeps a copy.
A test asserts that every member of every enum has a label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.formats import number_format
from django.utils.text import capfirst

from guidelines import engine
from guidelines.engine.codes import ACTIONABLE_LEVELS  # noqa: F401  (re-exported for screens)
from guidelines.engine.facts import _ENUMS as FACT_ENUMS
from guidelines.engine.text import UNKNOWN_VALUE

NOT_PROVIDED = UNKNOWN_VALUE  # "non renseigné": the one spelling for an unknown value
# The same words standing alone, as a form's empty choice: "Non renseigné".
NOT_PROVIDED_LABEL = capfirst(NOT_PROVIDED)

# Every enum of the contract, with its labels (engine.VALUE_LABELS covers each one).
ENUMS: tuple[type[StrEnum], ...] = tuple(engine.VALUE_LABELS)

# Labels of the case-record fields that are not engine facts but that readiness and the
# dossier need (the slope's dated imagings, the surgery date, the question to the board).
RECORD_LABELS: dict[str, str] = {
    "surgery_date": "Date de la chirurgie",
    "progression_imaging_1_date": "Date de l'imagerie de référence (pente évolutive)",
    "progression_imaging_2_date": "Date de l'imagerie de comparaison (pente évolutive)",
    "sstr_imaging_date": "Date de l'imagerie des récepteurs de la somatostatine",
    "fdg_pet_date": "Date de la TEP au FDG",
    "question": "Question posée à la RCP",
}

# Short regulatory badges for the panel (the full wording is `label(Regulatory...)`).
REGULATORY_BADGES: dict[engine.Regulatory, str] = {
    engine.Regulatory.AMM: "AMM",
    engine.Regulatory.OFF_LABEL: "Hors AMM",
    engine.Regulatory.COMPASSIONATE_CPC: "CPC",
    engine.Regulatory.AMM_NOT_REIMBURSED: "AMM non remboursée",
    engine.Regulatory.NOT_AVAILABLE_FR: "Non disponible en France",
    engine.Regulatory.NO_AMM: "Pas d'AMM",
    engine.Regulatory.NOT_APPLICABLE: "—",
}


def labels(enum: type[StrEnum]) -> dict[str, str]:
    """{code: French label} for every member of `enum`, in declaration order."""
    table = engine.VALUE_LABELS[enum]
    return {member.value: table[member] for member in enum}


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """Form / model choices for `enum`: [(code, label)]."""
    return list(labels(enum).items())


def text_choices(name: str, enum: type[StrEnum]) -> type[models.TextChoices]:
    """A Django TextChoices class with the engine's members and the vocabulary's labels."""
    table = engine.VALUE_LABELS[enum]
    return models.TextChoices(name, [(m.name, (m.value, table[m])) for m in enum])


def label(enum: type[StrEnum], code: Any, default: str | None = None) -> str:
    """The French label of `code` in `enum`; `default` (else the code) when unknown."""
    try:
        return engine.VALUE_LABELS[enum][enum(code)]
    except (ValueError, KeyError):
        return str(code) if default is None else default


def fact_label(name: str) -> str:
    """The French name of a contract fact, or of a record field readiness needs."""
    return engine.FACT_LABELS.get(name) or RECORD_LABELS.get(name) or name


def value_label(fact: str, value: Any) -> str:
    """A contract value of `fact` (JSON: code, list of codes, bool, number, prior line)."""
    if value is None or value == [] or value == "":
        return NOT_PROVIDED
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, Mapping):  # {"treatment", "outcome"}
        treatment = label(engine.OptionCode, value.get("treatment"))
        outcome = label(engine.TreatmentOutcome, value.get("outcome")).lower()
        return f"{treatment} ({outcome})"
    if isinstance(value, list | tuple):
        return ", ".join(value_label(fact, item) for item in value)
    if isinstance(value, int | float):
        return number_format(value)
    enum = FACT_ENUMS.get(fact)
    return label(enum, value) if enum else str(value)


def level_label(code: str) -> str:
    return label(engine.Level, code)


def eligibility_label(code: str) -> str:
    return label(engine.Eligibility, code)


def regulatory_label(code: str) -> str:
    return label(engine.Regulatory, code)


def regulatory_badge(code: str) -> str:
    try:
        return REGULATORY_BADGES[engine.Regulatory(code)]
    except ValueError:
        return str(code)


def regulatory_basis_label(code: str) -> str:
    return label(engine.RegulatoryBasis, code)


def severity_label(code: str) -> str:
    return label(engine.Severity, code)


def alert_label(code: str) -> str:
    return label(engine.AlertCode, code)


def option_label(code: str) -> str:
    """The option's full name as the engine outputs it."""
    try:
        return engine.OPTION_LABELS[engine.OptionCode(code)]
    except ValueError:
        return str(code)


def code_label(code: str) -> str:
    """An option (full name), alert or follow-up code of the output, in French."""
    for enum in (engine.OptionCode, engine.AlertCode, engine.FollowUpCode):
        try:
            member = enum(code)
        except ValueError:
            continue
        return option_label(member) if enum is engine.OptionCode else label(enum, member)
    return str(code)


def treatment_label(code: str) -> str:
    """The option's short name, as a treatment line or a contraindication reads it."""
    return label(engine.OptionCode, code)


def setting_label(code: str) -> str:
    """ "Maladie métastatique": the evaluated setting, the same on the panel and in the PDF."""
    extent = label(engine.DiseaseExtent, code, default="")
    return f"Maladie {extent.lower()}" if extent else str(code)


def finding_texts(items: Iterable[Mapping[str, Any]] | None) -> list[str]:
    """The French sentences of structured findings (`unmet`, `because`, `follow_up_unmet`)."""
    return [str(item["text"]) for item in items or ()]


def pending_labels(option: Mapping[str, Any]) -> list[str]:
    """The facts a pending option waits for, in French."""
    return [fact_label(name) for name in option.get("pending_facts") or ()]


def options_by_level(
    options: Iterable[Mapping[str, Any]],
) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """(level, options) in the contract's level order; eligible, then pending, then excluded."""
    rank = {e.value: i for i, e in enumerate(engine.Eligibility)}
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for option in options:
        groups.setdefault(option["level"], []).append(option)
    return [
        (level.value, sorted(groups[level.value], key=lambda o: rank[o["eligibility"]]))
        for level in engine.Level
        if level.value in groups
    ]

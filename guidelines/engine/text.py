"""Small string helpers shared by the rules: fact formatting for `because` / `unmet`."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

UNKNOWN_VALUE = "non renseigné"
EXCERPT_GAP = " […] "  # joins non-contiguous verbatim fragments of the text in one excerpt


def normalise(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return " ".join(text.split())


def fmt(value: Any) -> str:
    """A fact value as the contract writes it (JSON-like: true/false, enum values)."""
    if value is None:
        return UNKNOWN_VALUE
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, StrEnum):
        return value._value_  # the Enum.value descriptor is slow on a hot path
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ", ".join(fmt(item) for item in value) or "aucun"
    treatment = getattr(value, "treatment", None)
    if treatment is not None:
        return f"{treatment.value}:{value.outcome.value}"
    return str(value)


def eq(fact: str, value: Any) -> str:
    """A `because` item: "fact=value"."""
    return f"{fact}={fmt(value)}"


def need(fact: str, requirement: str, value: Any) -> str:
    """An `unmet` item, always starting with the fact name."""
    return f"{fact}: {requirement} (actuellement: {fmt(value)})"

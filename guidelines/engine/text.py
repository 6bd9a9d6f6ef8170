"""Findings about facts (`because` / `unmet` items) and the French words they are written in.

Since engine 2.0.0 an item is structured: `{fact, required, actual, text}` where `fact` is the
contract field, `required` / `actual` are contract values (JSON; `actual` null = unknown) and
`text` is a plain French sentence built from the labels of codes.VALUE_LABELS and
facts.FACT_LABELS: no contract code ever appears in it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

from .codes import VALUE_LABELS, Histology, ImagingResult, Progression
from .facts import FACT_LABELS

UNKNOWN_VALUE = "non renseigné"
OUT_OF_REFERENTIEL = "hors référentiel — à discuter en RCP"  # where the text is silent
EXCERPT_GAP = " […] "  # joins non-contiguous verbatim fragments of the text in one excerpt

# Values that say "not known yet" although they are set: the fact is still to be obtained.
UNKNOWN_MEMBERS = frozenset({Progression.UNKNOWN, Histology.UNKNOWN, ImagingResult.NOT_DONE})


def normalise(text: str) -> str:
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return " ".join(text.split())


def french_number(value: float | int) -> str:
    """12 → "12", 2.5 → "2,5" (the engine has no Django locale machinery)."""
    return f"{value:g}".replace(".", ",")


def plain(value: Any) -> Any:
    """A fact value as contract JSON (hashable: tuples for lists, a pair for a prior line)."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return tuple(plain(item) for item in value)
    treatment = getattr(value, "treatment", None)
    if treatment is not None:
        return (("treatment", treatment.value), ("outcome", value.outcome.value))
    return value


def json_value(value: Any) -> Any:
    """An item's required / actual value as JSON (lists, objects)."""
    if isinstance(value, tuple):
        if _is_prior_line(value):
            return dict(value)
        return [json_value(v) for v in value]
    return value


def _is_prior_line(value: tuple) -> bool:
    return (
        len(value) == 2
        and all(isinstance(v, tuple) and len(v) == 2 for v in value)
        and (value[0][0] == "treatment" and value[1][0] == "outcome")
    )


def value_label(value: Any) -> str:
    """A fact value in French."""
    if value is None:
        return UNKNOWN_VALUE
    if value is True:
        return "oui"
    if value is False:
        return "non"
    if isinstance(value, StrEnum):
        return VALUE_LABELS[type(value)][value]
    if isinstance(value, int | float):
        return french_number(value)
    if isinstance(value, tuple):
        return ", ".join(value_label(item) for item in value) or "aucun"
    treatment = getattr(value, "treatment", None)
    if treatment is not None:
        outcome = VALUE_LABELS[type(value.outcome)][value.outcome]
        return f"{value_label(treatment)} ({outcome.lower()})"
    return str(value)


def fact_label(fact: str) -> str:
    return FACT_LABELS[fact]


def is_unknown(value: Any) -> bool:
    return value is None or value in UNKNOWN_MEMBERS


class Item(NamedTuple):
    """One `because` or `unmet` item. `group`: alternatives (any one met suffices) share it."""

    fact: str
    required: Any
    actual: Any
    text: str
    group: str = ""
    unknown: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "required": json_value(self.required),
            "actual": json_value(self.actual),
            "text": self.text,
        }


def eq(fact: str, value: Any) -> Item:
    """A `because` item: the fact has this value."""
    actual = plain(value)
    return Item(fact, actual, actual, f"{fact_label(fact)} : {value_label(value)}")


def need(fact: str, required: Any, actual: Any, text: str, group: str = "") -> Item:
    """An `unmet` item: `text` says in French what the rule needs (no codes in it)."""
    return Item(
        fact,
        plain(required),
        plain(actual),
        f"{fact_label(fact)} : {text} (actuellement : {value_label(actual)})",
        group,
        is_unknown(actual),
    )


def history_item(fact: str, value: Any, text: str) -> Item:
    """An `unmet` item from the treatment history: a known fact that excludes the option."""
    return Item(fact, None, plain(value), f"{fact_label(fact)} : {text}", "", False)


def history_because(fact: str, value: Any) -> Item:
    return Item(fact, None, plain(value), f"{fact_label(fact)} : {value_label(value)}")

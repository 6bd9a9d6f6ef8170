"""Pure logic of a decision: what is frozen of an option, concordance, the CPC / hors AMM
checklist, the quorum at an item and the PPS calendar. No database, no Django models.

Wording: a checklist item quotes the condition the référentiel sets (``text``) beside the short
label the board ticks (``label``); where the app reads the text, the label says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guidelines.engine import REGULATORY, OptionCode, Regulatory, add_months

CONDITIONAL = frozenset({Regulatory.OFF_LABEL.value, Regulatory.COMPASSIONATE_CPC.value})
# The fields of an engine option frozen with the decision (CONTRACT.md; "eligibility" is the
# engine's three-valued status once it provides it).
OPTION_FIELDS = ("code", "label", "level", "regulatory", "eligible", "eligibility", "rules")

IN, OUT, NOT_APPLICABLE = "in", "out", "na"


def option_snapshot(option: Mapping[str, Any]) -> dict[str, Any]:
    snapshot = {name: option[name] for name in OPTION_FIELDS if name in option}
    snapshot["section"] = option.get("section", "")
    snapshot["eligible"] = bool(option.get("eligible"))
    return snapshot


def concordance(outcome_is_proposal: bool, chosen: Sequence[Mapping[str, Any]]) -> str:
    """ "in" when every chosen option is eligible in the frozen evaluation; "out" when one is
    not, or when the proposal is free text only (the référentiel did not offer it); "na" when
    the board made no proposal (deferred, not discussed)."""
    if not outcome_is_proposal:
        return NOT_APPLICABLE
    if chosen and all(option.get("eligible") for option in chosen):
        return IN
    return OUT


@dataclass(frozen=True)
class Condition:
    key: str  # "<option code>:<condition id>"
    option: str
    label: str  # what the board ticks (French)
    text: str  # the référentiel's condition, quoted from the regulatory table


_OPTION_CODES = frozenset(code.value for code in OptionCode)
_PRRT = OptionCode.PRRT_LUTATHERA.value
_SSA = OptionCode.SSA_ANTITUMOUR.value


def _specific(code: str) -> list[tuple[str, str, int]]:
    """(id, label, index of the text's condition) where the issue's checklist is finer."""
    if code == _PRRT:
        return [
            ("patient_informed", "Patient informé (CPC : information du patient)", 0),
            ("national_rcp", "Proposition de la RCP nationale RENATEN", 1),
            ("fdg_pet", "Résultats de la TEP au FDG pris en compte", 2),
        ]
    if code == _SSA:
        return [("rcp_validation", "Validation en RCP RENATEN", 0)]
    return []


def checklist(chosen: Iterable[Mapping[str, Any]]) -> list[Condition]:
    """The conditions the text sets for each chosen off-label / CPC option, in option order."""
    items: list[Condition] = []
    for option in chosen:
        code = option["code"]
        if option.get("regulatory") not in CONDITIONAL:
            continue
        entry = REGULATORY.get(OptionCode(code)) if code in _OPTION_CODES else None
        texts = entry.conditions if entry else ()
        specific = _specific(code)
        if specific:
            for ident, label, index in specific:
                text = texts[index] if index < len(texts) else label
                items.append(Condition(f"{code}:{ident}", code, label, text))
        else:
            for index, text in enumerate(texts):
                items.append(Condition(f"{code}:{index}", code, text, text))
    return items


def needs_national_board(chosen: Iterable[Mapping[str, Any]]) -> bool:
    """The text asks for the national RENATEN RCP's proposal for Lutathera (CPC, §5.5)."""
    return any(option["code"] == _PRRT for option in chosen)


def checklist_problems(
    conditions: Sequence[Condition], answers: Mapping[str, tuple[bool, str]]
) -> dict[str, str]:
    """{key: message} for each condition neither ticked nor explained."""
    problems = {}
    for condition in conditions:
        met, explanation = answers.get(condition.key, (False, ""))
        if not met and not explanation.strip():
            problems[condition.key] = "Cochez la condition ou expliquez pourquoi elle ne l'est pas."
    return problems


# --- PPS calendar -------------------------------------------------------------------------------

# §5.5 (Lutathera): "Habituellement 4 cures […] à 2 mois d'intervalle"; "Les analogues de
# somatostatine devront être arrêtés dans les 6 semaines qui précèdent le traitement".
# §5.1: SSA "en une injection […] mensuelle" (the text's schedules quote 120 mg/28 j).
PRRT_CYCLES = 4
PRRT_INTERVAL_MONTHS = 2
SSA_WASHOUT_WEEKS = 6
SSA_INTERVAL_DAYS = 28
SSA_INJECTIONS_SHOWN = 6


@dataclass(frozen=True)
class CalendarEntry:
    date: dt.date | None
    label: str


def prrt_calendar(start: dt.date) -> list[CalendarEntry]:
    entries = [
        CalendarEntry(
            start - dt.timedelta(weeks=SSA_WASHOUT_WEEKS),
            "Arrêt des analogues de la somatostatine (au plus tard 6 semaines avant la 1re cure)",
        )
    ]
    for cycle in range(PRRT_CYCLES):
        entries.append(
            CalendarEntry(
                add_months(start, PRRT_INTERVAL_MONTHS * cycle),
                f"Lutathera® — cure {cycle + 1}/{PRRT_CYCLES} (2 mois d'intervalle)",
            )
        )
    return entries


def ssa_calendar(start: dt.date, count: int = SSA_INJECTIONS_SHOWN) -> list[CalendarEntry]:
    return [
        CalendarEntry(
            start + dt.timedelta(days=SSA_INTERVAL_DAYS * n),
            f"Injection d'analogue de la somatostatine n° {n + 1} (tous les 28 jours)",
        )
        for n in range(count)
    ]


def follow_up_calendar(dates: Sequence[Mapping[str, Any]]) -> list[CalendarEntry]:
    """From the engine's follow_up_dates(plan, surgery_date)."""
    return [
        CalendarEntry(
            entry["date"],
            f"Surveillance à {entry['month']} mois de la chirurgie : " + ", ".join(entry["exams"]),
        )
        for entry in dates
    ]


def draft_calendar(
    codes: Sequence[str], start: dt.date, *, follow_up_dates: Sequence[Mapping[str, Any]] = ()
) -> list[CalendarEntry]:
    """The calendar the text gives for the chosen treatments; empty where it gives none."""
    entries: list[CalendarEntry] = []
    if _PRRT in codes:
        entries += prrt_calendar(start)
    elif _SSA in codes or OptionCode.SSA_SYNDROME_CONTROL.value in codes:
        entries += ssa_calendar(start)
    entries += follow_up_calendar(follow_up_dates)
    return sorted(entries, key=lambda e: (e.date or dt.date.max, e.label))

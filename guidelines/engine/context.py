"""RuleContext: what rules see while they run, and how findings merge into output options.

Merging goes straight to the contract's JSON dict for the option (cached per option): phase-2
rules read its "eligible", the output reuses it as is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from .clinical import PROGRESSING, SSA_CODES
from .codes import (
    ACTIONABLE_LEVELS,
    LEVEL_RANK,
    OPTION_LABELS,
    AlertCode,
    Eligibility,
    Level,
    OptionCode,
    TreatmentOutcome,
)
from .facts import CaseFacts
from .model import AlertFinding, Finding, FollowUpFinding, Kind, OptionFinding
from .regulatory import REGULATORY
from .settings import EngineSettings
from .text import Item, history_because, history_item, value_label

_RULE_FAMILIES = "LPSTR"  # DIGEST.md order of the rule families


# Every id a family could use, ranked once (family order, then number).
_RANKS: dict[str, int] = {
    f"{family}{number}": rank * 100 + number
    for rank, family in enumerate(_RULE_FAMILIES)
    for number in range(1, 100)
}


def rule_rank(rule_id: str) -> int:
    """Registry order of a rule id (L1..L9, P1..P6, S1..S5, T1..T10, R1..R6)."""
    return _RANKS[rule_id]


class History(NamedTuple):
    """What prior_treatments and contraindications say about one option."""

    unmet: tuple[Item, ...] = ()
    because: tuple[Item, ...] = ()
    notes: tuple[str, ...] = ()


_NO_HISTORY = History()

# Options where a past line ending in progression is a failure not to re-propose silently.
# Locoregional acts are excluded: the text allows repeating them ("une ou plusieurs").
_FAILURE_TRACKED = frozenset(
    {
        OptionCode.SSA_ANTITUMOUR,
        OptionCode.EVEROLIMUS,
        OptionCode.ANTIANGIOGENIC,
        OptionCode.SUNITINIB,
        OptionCode.SURUFATINIB,
        OptionCode.CHEMO_TEMOZOLOMIDE,
        OptionCode.CHEMO_OXALIPLATIN,
        OptionCode.CISPLATIN_ETOPOSIDE,
        OptionCode.STREPTOZOTOCIN,
        OptionCode.PRRT_LUTATHERA,
        OptionCode.INTERFERON_ALPHA,
        OptionCode.IMMUNE_CHECKPOINT_INHIBITOR,
        OptionCode.PASIREOTIDE,
        OptionCode.TELOTRISTAT,
    }
)


def _same_drugs(code: OptionCode) -> frozenset[OptionCode]:
    # Judgement: both SSA options use the same molecules, so progression under SSA given for
    # the syndrome is an SSA failure for the antitumour use too, and an intolerance to either
    # is an intolerance to both.
    return SSA_CODES if code in SSA_CODES else frozenset({code})


def option_history(f: CaseFacts, code: OptionCode) -> History:
    prior, declared = f.prior_treatments or (), f.contraindications or ()
    if not prior and code not in declared:
        return _NO_HISTORY
    unmet: list[Item] = []
    because: list[Item] = []
    notes: list[str] = []
    same = _same_drugs(code)
    progressing = f.progression in PROGRESSING
    tracked = code in _FAILURE_TRACKED
    for p in prior:
        if p.treatment not in same:
            continue
        name = value_label(p.treatment)
        if p.outcome is TreatmentOutcome.INTOLERANCE:
            unmet.append(history_item("prior_treatments", p, f"intolérance antérieure : {name}"))
        elif tracked and p.outcome is TreatmentOutcome.PROGRESSION:
            unmet.append(
                history_item("prior_treatments", p, f"échec antérieur (progression) : {name}")
            )
        elif tracked and p.outcome is TreatmentOutcome.ONGOING and progressing:
            unmet.append(
                history_item(
                    "prior_treatments",
                    p,
                    f"progression sous {name} en cours (pente "
                    f"{value_label(f.progression).lower()}) : échec",
                )
            )
        elif p.treatment is code:
            because.append(history_because("prior_treatments", p))
            if p.outcome is TreatmentOutcome.ONGOING:
                notes.append("Traitement en cours.")
    if code in declared:
        unmet.append(
            history_item(
                "contraindications",
                (code,),
                f"contre-indication déclarée : {value_label(code)}",
            )
        )
    if not (unmet or because):
        return _NO_HISTORY  # lets the merge take its fast path
    return History(tuple(unmet), tuple(because), tuple(notes))


def histories(f: CaseFacts) -> dict[OptionCode, History]:
    """The history of every option that prior_treatments or contraindications mention."""
    mentioned = {p.treatment for p in f.prior_treatments or ()}
    mentioned.update(f.contraindications or ())
    if mentioned & SSA_CODES:
        mentioned |= SSA_CODES
    found = {code: option_history(f, code) for code in mentioned}
    return {code: history for code, history in found.items() if history is not _NO_HISTORY}


class RuleContext:
    """What a rule sees: the facts, the settings, and (phase 2) the options merged so far."""

    __slots__ = (
        "_history",
        "_merged",
        "_supported",
        "alerts",
        "f",
        "follow_ups",
        "options",
        "settings",
    )

    def __init__(self, facts: CaseFacts, settings: EngineSettings) -> None:
        self.f = facts
        self.settings = settings
        self.options: dict[OptionCode, list[tuple[str, OptionFinding]]] = {}
        self.alerts: dict[AlertCode, list[tuple[str, AlertFinding]]] = {}
        self.follow_ups: list[tuple[str, FollowUpFinding]] = []
        # Phase-2 rules and the output both need merged options: merge each once.
        self._merged: dict[OptionCode, dict[str, Any] | None] = {}
        self._supported: set[OptionCode] = set()
        self._history: dict[OptionCode, History] | None = None

    def add(self, rule_id: str, findings: Sequence[Finding]) -> None:
        for finding in findings:
            kind = type(finding)
            if kind is OptionFinding:
                self.options.setdefault(finding.code, []).append((rule_id, finding))
                self._merged.pop(finding.code, None)
                if finding.kind is Kind.SUPPORT:
                    self._supported.add(finding.code)
            elif kind is AlertFinding:
                self.alerts.setdefault(finding.code, []).append((rule_id, finding))
            else:
                self.follow_ups.append((rule_id, finding))

    def eligible(self, code: OptionCode) -> bool:
        merged = self.merge(code)
        return merged is not None and merged["eligible"]

    def any_eligible(self, codes: Sequence[OptionCode]) -> list[OptionCode]:
        return [code for code in codes if self.eligible(code)]

    def merge(self, code: OptionCode) -> dict[str, Any] | None:
        """The option's output dict, or None if no rule supports it."""
        if code in self._merged:
            return self._merged[code]
        merged = None
        if code in self._supported:
            if self._history is None:
                self._history = histories(self.f)
            merged = merge_option(code, self.options[code], self._history.get(code, _NO_HISTORY))
        self._merged[code] = merged
        return merged


def merge_option(
    code: OptionCode, entries: list[tuple[str, OptionFinding]], history: History
) -> dict[str, Any]:
    """Combine the findings of every rule about one option into its output dict.

    Any eligible support makes the option eligible unless a prerequisite is unmet, a
    contraindication applies, or the history (failure, intolerance, declared
    contraindication) stands against it.
    """
    if len(entries) == 1 and history is _NO_HISTORY:
        # One rule, no history: its lists hold no repeats (the property tests check it), so
        # they are copied without de-duplication.
        rule_id, f = entries[0]
        # Spelled out here and below rather than as a property: attribute calls cost on this path.
        actionable = f.level in ACTIONABLE_LEVELS
        eligible = not f.unmet and actionable
        rules = sorted({rule_id, *f.also_rules}, key=rule_rank) if f.also_rules else [rule_id]
        unmet = [] if eligible else list(f.unmet)
        excluded = _known_contrary(unmet)
        if eligible:
            eligibility = Eligibility.ELIGIBLE
        elif actionable and not excluded and f.kind is Kind.SUPPORT:
            eligibility = Eligibility.PENDING
        else:
            eligibility = Eligibility.INELIGIBLE
        return _option_dict(
            code, f.level, eligibility, unmet, excluded, list(f.because), list(f.notes), rules
        )
    supports: list[OptionFinding] = []
    winners: list[OptionFinding] = []
    pending: list[OptionFinding] = []  # supports held back by unknown facts only
    blockers: list[OptionFinding] = []  # contraindications and unmet prerequisites
    contraindicated = False
    for _, f in entries:
        if f.kind is Kind.SUPPORT:
            supports.append(f)
            if f.level in ACTIONABLE_LEVELS:
                if not f.unmet:
                    winners.append(f)
                elif not _known_contrary(f.unmet):
                    pending.append(f)
        elif f.kind is Kind.CONTRAINDICATE:
            contraindicated = True
            blockers.append(f)
        elif f.kind is Kind.REQUIRE and f.unmet:
            blockers.append(f)
    if contraindicated:
        level, eligible = Level.CONTRAINDICATED, False
    else:
        level = Level.CONTRAINDICATED
        for f in winners or pending or supports:
            if LEVEL_RANK[f.level] < LEVEL_RANK[level]:
                level = f.level
        eligible = bool(winners) and not blockers and not history.unmet
    unmet: list[Item] = []
    if not eligible:
        sources = blockers if winners or contraindicated else supports + blockers
        for f in sources:
            unmet.extend(f.unmet)
        unmet.extend(history.unmet)
    unmet = list(dict.fromkeys(unmet))
    excluded = _known_contrary([i for f in blockers for i in f.unmet] + list(history.unmet))
    if eligible:
        eligibility = Eligibility.ELIGIBLE
    elif contraindicated or excluded or not (winners or pending):
        eligibility = Eligibility.INELIGIBLE
        if not excluded and not (winners or pending):
            excluded = _known_contrary(unmet)
    else:
        eligibility = Eligibility.PENDING
    because: list[Item] = []
    notes: list[str] = []
    rules: list[str] = []
    winner_ids = {id(f) for f in winners}
    for rule_id, f in entries:
        if winner_ids and f.kind is Kind.SUPPORT and id(f) not in winner_ids:
            continue  # an eligible option is explained by the rules that put it forward
        because.extend(f.because)
        notes.extend(f.notes)
        rules.append(rule_id)
        rules.extend(f.also_rules)
    because.extend(history.because)
    notes.extend(history.notes)
    if len(rules) > 1:
        rules = sorted(set(rules), key=rule_rank)
    return _option_dict(
        code,
        level,
        eligibility,
        unmet,
        excluded,
        list(dict.fromkeys(because)),
        list(dict.fromkeys(notes)),
        rules,
    )


def _known_contrary(items: Sequence[Item]) -> list[Item]:
    """The items that exclude: every alternative of their group is a known, contrary fact.

    Items sharing a `group` are alternatives (any one met would do): the group excludes only
    when none of them is unknown. Ungrouped items stand alone.
    """
    if not items:
        return []
    groups: dict[str, list[Item]] = {}
    for index, item in enumerate(items):
        groups.setdefault(item.group or f"#{index}", []).append(item)
    return [
        item for group in groups.values() if not any(i.unknown for i in group) for item in group
    ]


def _option_dict(
    code: OptionCode,
    level: Level,
    eligibility: Eligibility,
    unmet: list[Item],
    excluded: list[Item],
    because: list[Item],
    notes: list[str],
    rules: list[str],
) -> dict[str, Any]:
    """The contract's option dict; the lists must already be free of repeats, rules sorted."""
    entry = REGULATORY[code]
    pending = eligibility is Eligibility.PENDING
    return {
        "code": code.value,
        "label": OPTION_LABELS[code],
        "level": level.value,
        "eligibility": eligibility.value,
        "eligible": eligibility is Eligibility.ELIGIBLE,
        "unmet": [item.as_json() for item in unmet],
        "pending_facts": list(dict.fromkeys(i.fact for i in unmet if i.unknown)) if pending else [],
        "excluded_by": [item.as_json() for item in excluded],
        "regulatory": entry.status.value,
        "regulatory_basis": entry.basis.value,
        "regulatory_reason": entry.note,
        "rules": rules,
        "section": entry.section,
        "because": [item.as_json() for item in because],
        "notes": notes,
        "conditions": list(entry.conditions),
        "regulatory_wording": entry.wording,
    }

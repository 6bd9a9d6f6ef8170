"""How the guideline panel lays out one evaluation: pure functions, no Django request.

The panel is read beside a long form, so it shows first what the référentiel makes possible
(eligible options, compactly), then what is waiting for information ("à compléter", with what is
missing), and folds away what is excluded or not recommended, with the reason in words.

The engine (CONTRACT.md) gives each option `eligible` and, from engine 2 on, a three-valued
`eligibility` ("eligible" | "pending" | "ineligible") and its `unmet` / `because` items as
objects carrying a French `text`. With an older output the layout derives the same groups: an
option is pending when every prerequisite it misses is a fact the record does not give yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cases import display
from cases.evaluation import fact_label
from guidelines.engine.codes import Level

ELIGIBLE = "eligible"
PENDING = "pending"
INELIGIBLE = "ineligible"
# Levels the text advises against: never "à compléter", always folded with their reason.
ADVISED_AGAINST = ("not_recommended", "contraindicated")
# Alerts about the whole case stay at the top; the others go with the option they qualify.
CASE_WIDE_ALERT_RULE_PREFIXES = ("P", "L")
CASE_WIDE_ALERT_CODES = frozenset({"out_of_referentiel"})
# The engine's level order (its contract's output order), as the PDF uses it.
_LEVEL_RANK = {level.value: rank for rank, level in enumerate(Level)}


@dataclass
class PanelOption:
    option: dict[str, Any]
    eligibility: str
    why: list[str] = field(default_factory=list)  # the facts that make it apply, in words
    missing: list[str] = field(default_factory=list)  # prerequisites not given yet
    reasons: list[str] = field(default_factory=list)  # prerequisites contradicted, in words
    # (anchor on the form, French label) of each fact to give, for one line of links.
    missing_fields: list[tuple[str, str]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.option["code"]

    @property
    def advised_against(self) -> bool:
        return self.option.get("level") in ADVISED_AGAINST


@dataclass
class PanelLayout:
    alerts: list[dict[str, Any]]
    eligible: list[PanelOption]
    pending: list[PanelOption]
    folded: list[PanelOption]


# Facts that are not one input of the case form, and where the form shows them.
FIELD_ANCHORS = {
    "metastatic_sites": "metastatic-sites",
    "prior_treatments": "treatment-lines",
    "contraindications": "id_contraindications_label",
    "planned_procedures": "id_planned_procedures_label",
}


def field_anchor(name: str) -> str:
    """The id on the case form where the fact `name` is given."""
    return FIELD_ANCHORS.get(name, f"id_{name}")


def item_text(item: Any) -> str:
    """One unmet / because item in French: an engine-2 finding's `text`, or an engine-1 string
    humanised (cases.display.humanise_fact, gone once every output is engine 2)."""
    if isinstance(item, dict):
        return str(item.get("text") or item.get("fact") or "")
    humanise = getattr(display, "humanise_fact", str)
    return humanise(item)


def item_fact(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("fact", ""))
    text = str(item)
    for separator in (":", "="):
        name, found, _rest = text.partition(separator)
        if found and " " not in name.strip():
            return name.strip()
    return ""


def _is_unknown(item: Any, facts: dict[str, Any]) -> bool:
    """Whether an unmet prerequisite is missing information rather than a contrary fact."""
    if isinstance(item, dict) and "actual" in item:
        return item["actual"] is None or item["actual"] == [] or item["actual"] == ""
    name = item_fact(item)
    return bool(name) and name not in facts


def eligibility(option: dict[str, Any], facts: dict[str, Any]) -> str:
    if option.get("eligibility") in (ELIGIBLE, PENDING, INELIGIBLE):
        return option["eligibility"]
    if option.get("eligible"):
        return ELIGIBLE
    unmet = option.get("unmet") or []
    if (
        unmet
        and option.get("level") not in ADVISED_AGAINST
        and all(_is_unknown(item, facts) for item in unmet)
    ):
        return PENDING
    return INELIGIBLE


def _alert_owner(alert: dict[str, Any], options: list[PanelOption]) -> PanelOption | None:
    """The option an alert qualifies, or None when it is about the whole case."""
    named = alert.get("option") or alert.get("options")
    if named:
        codes = [named] if isinstance(named, str) else list(named)
        return next((o for o in options if o.code in codes), None)
    rules = set(alert.get("rules") or ())
    if alert.get("code") in CASE_WIDE_ALERT_CODES:
        return None
    if not rules or all(rule.startswith(CASE_WIDE_ALERT_RULE_PREFIXES) for rule in rules):
        return None
    sharing = [o for o in options if rules & set(o.option.get("rules") or ())]
    if len(sharing) > 1:
        # Several options under one rule (T5: two chemotherapies): the one the alert names.
        words = set(str(alert.get("code", "")).split("_"))
        sharing = [o for o in sharing if words & set(o.code.split("_"))] or sharing[:0]
    return sharing[0] if len(sharing) == 1 else None


def layout(result: dict[str, Any] | None, facts: dict[str, Any]) -> PanelLayout | None:
    if not result:
        return None
    options = []
    for option in result.get("options", []):
        unmet = option.get("unmet") or []
        state = eligibility(option, facts)
        if "excluded_by" in option:  # engine 2 says what excludes and what is awaited
            excluded = option.get("excluded_by") or []
            reasons = [item_text(i) for i in excluded]
            missing = [item_text(i) for i in unmet if i not in excluded and _is_unknown(i, facts)]
        else:
            reasons = [item_text(i) for i in unmet if not _is_unknown(i, facts)]
            missing = [item_text(i) for i in unmet if _is_unknown(i, facts)]
        names = option.get("pending_facts") or [
            item_fact(i) for i in unmet if _is_unknown(i, facts) and item_fact(i)
        ]
        options.append(
            PanelOption(
                option=option,
                eligibility=state,
                why=[item_text(item) for item in option.get("because") or []],
                missing=missing,
                reasons=reasons,
                missing_fields=[(field_anchor(n), fact_label(n)) for n in dict.fromkeys(names)],
            )
        )
    options.sort(key=lambda o: _LEVEL_RANK.get(o.option.get("level"), len(_LEVEL_RANK)))
    top = []
    for alert in result.get("alerts", []):
        owner = _alert_owner(alert, options)
        if owner is None:
            top.append(alert)
        else:
            owner.alerts.append(alert)
    return PanelLayout(
        alerts=top,
        eligible=[o for o in options if o.eligibility == ELIGIBLE],
        pending=[o for o in options if o.eligibility == PENDING],
        folded=[o for o in options if o.eligibility == INELIGIBLE],
    )

"""What the référentiel says about a case record: the case page, the panel and the dossier
all call `evaluate_case`, so they always show the evaluation of the current record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cases import choices
from cases.facts import RELATED_FACTS, case_to_facts
from cases.models import Case, MetastaticSite, TreatmentLine
from guidelines import vocabulary
from guidelines.engine import FactsError, evaluate, follow_up_calendar, needed_facts
from guidelines.models import engine_settings

DONE = (choices.Imaging.POSITIVE, choices.Imaging.NEGATIVE)
fact_label = vocabulary.fact_label


def required_facts(case: Case, facts: dict[str, Any]) -> list[str]:
    """Field names the engine needs for this case's setting, in form order.

    The engine says which facts it needs in the case's setting (`guidelines.engine.needed_facts`,
    documented in CONTRACT.md); the record adds the dates the text's reasoning rests on (the
    slope is judged on two dated imagings; follow-up runs from surgery).
    """
    # The référentiel's own needs come from the engine (needed_facts reads the setting and
    # whether the primary was resected); the record adds the dates the reasoning rests on.
    needed = list(needed_facts(facts))
    if "surgery_type" in needed:
        needed.insert(needed.index("surgery_type"), "surgery_date")
    if case.progression and case.progression != choices.Progression.UNKNOWN:
        needed += ["progression_imaging_1_date", "progression_imaging_2_date"]
    if case.sstr_imaging in DONE:
        needed.append("sstr_imaging_date")
    if case.fdg_pet in DONE:
        needed.append("fdg_pet_date")
    return needed


def _is_missing(case: Case, facts: dict[str, Any], name: str) -> bool:
    if name in facts:
        return False
    if name in RELATED_FACTS:  # built from rows: absent from the facts means none
        return True
    value = getattr(case, name, None)
    return value is None or value == "" or value == []


@dataclass
class CaseEvaluation:
    """The engine's answer for one record.

    result: the engine output (CONTRACT.md) or None when the facts were refused / incomplete.
    missing: the French label of each fact the engine needs that is missing.
    missing_fields: the same, as field names.
    errors: the engine's refusal, field name → French messages.
    """

    facts: dict[str, Any]
    result: dict[str, Any] | None = None
    missing: list[str] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    follow_up_calendar: list[dict[str, Any]] = field(default_factory=list)

    @property
    def refusals(self) -> dict[str, list[str]]:
        """The engine's refusals other than "required" facts already listed as missing."""
        return {k: v for k, v in self.errors.items() if k not in self.missing_fields}

    @property
    def missing_links(self) -> list[tuple[str, str]]:
        """(anchor on the form, French label) of each missing fact, for links to its field."""
        from cases.panel import field_anchor

        return [(field_anchor(name), fact_label(name)) for name in self.missing_fields]

    @property
    def panel(self):
        """The panel's layout of this evaluation (cases.panel), or None without a result."""
        from cases.panel import layout  # cases.panel reads labels that import this module

        return layout(self.result, self.facts)

    @property
    def options_by_level(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """(level, options) in the contract's order; eligible, pending, excluded in each."""
        if not self.result:
            return []
        return vocabulary.options_by_level(self.result["options"])


def evaluate_case(
    case: Case,
    *,
    sites: Iterable[MetastaticSite] | None = None,
    lines: Iterable[TreatmentLine] | None = None,
) -> CaseEvaluation:
    """Map the record to facts and evaluate it; never raises on incomplete or bad facts."""
    facts = case_to_facts(case, sites=sites, lines=lines)
    missing_fields = [
        name for name in required_facts(case, facts) if _is_missing(case, facts, name)
    ]
    evaluation = CaseEvaluation(
        facts=facts,
        missing=[fact_label(name) for name in missing_fields],
        missing_fields=missing_fields,
    )
    try:
        evaluation.result = evaluate(facts, engine_settings())
    except FactsError as error:
        evaluation.errors = error.errors
        return evaluation
    if evaluation.result.get("follow_up") and case.surgery_date:
        evaluation.follow_up_calendar = follow_up_calendar(
            evaluation.result["follow_up"], case.surgery_date
        )
    return evaluation


def readiness_items(case: Case, evaluation: CaseEvaluation | None = None) -> list[tuple[str, str]]:
    """(French text, form field name) for each reason this case cannot be marked ready.

    The facts the engine needs in this case's setting (required_facts), the question, and the
    engine's refusals; the field name lets the case page link to the field to fill.
    """
    from cases.panel import field_anchor

    evaluation = evaluation or evaluate_case(case)
    items = [
        (text, field_anchor(name))
        for text, name in zip(evaluation.missing, evaluation.missing_fields, strict=True)
    ]
    if not case.question.strip():
        items.append((fact_label("question"), field_anchor("question")))
    for name, messages in evaluation.refusals.items():
        text = _("%(field)s : %(messages)s") % {
            "field": fact_label(name),
            "messages": " ; ".join(messages),
        }
        items.append((text, field_anchor(name)))
    return items


def readiness_problems(case: Case, evaluation: CaseEvaluation | None = None) -> list[str]:
    """Why this case cannot be marked ready (empty when it can), in French."""
    return [text for text, _name in readiness_items(case, evaluation)]

"""Rules as declarative units, the findings they emit, and how findings merge per option.

A rule reads facts and emits findings; it never builds output. Several rules may speak about
one option: *support* findings say when the référentiel puts it forward (any eligible support
suffices), *require* findings add a prerequisite (all must hold), *contraindicate* findings
forbid it, *annotate* findings add rules, reasons and notes without changing eligibility.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from .codes import (
    AlertCode,
    DiseaseExtent,
    FollowUpCode,
    Level,
    OptionCode,
    Severity,
)
from .text import EXCERPT_GAP, Item

if TYPE_CHECKING:
    from .context import RuleContext


class Kind(StrEnum):
    SUPPORT = "support"
    REQUIRE = "require"
    CONTRAINDICATE = "contraindicate"
    ANNOTATE = "annotate"


# Findings are created by the thousand per second: NamedTuples build ~3x faster than frozen
# dataclasses and are just as immutable.
class OptionFinding(NamedTuple):
    code: OptionCode
    kind: Kind
    level: Level | None = None
    unmet: tuple[Item, ...] = ()
    because: tuple[Item, ...] = ()
    notes: tuple[str, ...] = ()
    also_rules: tuple[str, ...] = ()  # other rules this finding applies (e.g. P6)


class AlertFinding(NamedTuple):
    code: AlertCode
    severity: Severity
    message: str
    also_rules: tuple[str, ...] = ()


class FollowUpFinding(NamedTuple):
    code: FollowUpCode | None  # None: a schedule cannot be chosen, see unmet
    unmet: tuple[Item, ...] = ()


Finding = OptionFinding | AlertFinding | FollowUpFinding


def support(
    code: OptionCode,
    level: Level,
    unmet: Sequence[Item] = (),
    because: Sequence[Item] = (),
    notes: Sequence[str] = (),
    also_rules: Sequence[str] = (),
) -> OptionFinding:
    return OptionFinding(
        code, Kind.SUPPORT, level, tuple(unmet), tuple(because), tuple(notes), tuple(also_rules)
    )


def require(code: OptionCode, unmet: Sequence[Item], because: Sequence[Item] = ()) -> OptionFinding:
    return OptionFinding(code, Kind.REQUIRE, None, tuple(unmet), tuple(because))


def contraindicate(
    code: OptionCode, unmet: Sequence[Item], because: Sequence[Item] = ()
) -> OptionFinding:
    return OptionFinding(
        code, Kind.CONTRAINDICATE, Level.CONTRAINDICATED, tuple(unmet), tuple(because)
    )


def annotate(
    code: OptionCode,
    because: Sequence[Item] = (),
    notes: Sequence[str] = (),
    also_rules: Sequence[str] = (),
) -> OptionFinding:
    return OptionFinding(
        code, Kind.ANNOTATE, None, (), tuple(because), tuple(notes), tuple(also_rules)
    )


def alert(code: AlertCode, severity: Severity, message: str) -> AlertFinding:
    return AlertFinding(code, severity, message)


RuleFn = Callable[["RuleContext"], Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of DIGEST.md, with everything the Référentiel page needs to display it."""

    id: str
    section: str
    title: str  # French
    excerpt: str  # verbatim French wording, whitespace-normalised; fragments joined by " […] "
    reads: tuple[str, ...]  # fact names the logic reads
    settings: tuple[DiseaseExtent, ...]  # disease extents where the rule is evaluated
    outcome: str  # French: what the engine emits when the rule applies
    apply: RuleFn | None = None  # phase 1: reads facts
    after: RuleFn | None = None  # phase 2: may also read the merged options of phase 1
    options: tuple[OptionCode, ...] = ()
    alerts: tuple[AlertCode, ...] = ()
    follow_up: tuple[FollowUpCode, ...] = ()
    interpretation: str = ""  # French: reading retained where the text is ambiguous
    source: str = ""  # where in the text (DIGEST.md's source column)

    @property
    def excerpt_fragments(self) -> tuple[str, ...]:
        return tuple(self.excerpt.split(EXCERPT_GAP))


class RuleBook:
    """The rules of one module, each declared on its function.

    `@book.rule(id=..., section=..., excerpt=..., ...)` above a rule's function declares the
    rule (its metadata for the Référentiel page, the panel and the PDF) and makes the function
    its phase 1; `@book.after(id)` adds a phase 2 (it may also read the options merged in phase
    1); `book.declare(...)` declares a rule that has no function of its own. Iterating gives
    the rules in declaration order; registry.RULES gathers every book in the digest's order.
    """

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def rule(
        self,
        *,
        id: str,
        section: str,
        source: str,
        title: str,
        excerpt: str,
        reads: tuple[str, ...],
        settings: tuple[DiseaseExtent, ...],
        outcome: str,
        options: tuple[OptionCode, ...] = (),
        alerts: tuple[AlertCode, ...] = (),
        follow_up: tuple[FollowUpCode, ...] = (),
        interpretation: str = "",
    ) -> Callable[[RuleFn], RuleFn]:
        def declare(apply: RuleFn) -> RuleFn:
            self._add(
                Rule(
                    id=id,
                    section=section,
                    source=source,
                    title=title,
                    excerpt=excerpt,
                    reads=reads,
                    settings=settings,
                    outcome=outcome,
                    apply=apply,
                    options=options,
                    alerts=alerts,
                    follow_up=follow_up,
                    interpretation=interpretation,
                )
            )
            return apply

        return declare

    def after(self, rule_id: str) -> Callable[[RuleFn], RuleFn]:
        """Phase 2 of the rule `rule_id`, declared above in the same book."""

        def declare(after: RuleFn) -> RuleFn:
            rule = self._rules[rule_id]
            if rule.after is not None:  # pragma: no cover - guards a copy-paste slip at import
                raise RuntimeError(f"{rule_id} already has a phase 2")
            self._rules[rule_id] = replace(rule, after=after)
            return after

        return declare

    def declare(self, **fields: Any) -> None:
        """A rule without a function: the rules that read its facts apply it (P6)."""
        self._add(Rule(**fields))

    def _add(self, rule: Rule) -> None:
        if rule.id in self._rules:  # pragma: no cover - guards a copy-paste slip at import
            raise RuntimeError(f"duplicate rule id {rule.id}")
        self._rules[rule.id] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

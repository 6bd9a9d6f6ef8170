"""Rules as declarative units, the findings they emit, and how findings merge per option.

A rule reads facts and emits findings; it never builds output. Several rules may speak about
one option: *support* findings say when the référentiel puts it forward (any eligible support
suffices), *require* findings add a prerequisite (all must hold), *contraindicate* findings
forbid it, *annotate* findings add rules, reasons and notes without changing eligibility.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

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


# Enum member lookups are slow on Python 3.11 (~0.1 µs); these constructors run constantly.
_SUPPORT, _REQUIRE, _CONTRAINDICATE, _ANNOTATE = (
    Kind.SUPPORT,
    Kind.REQUIRE,
    Kind.CONTRAINDICATE,
    Kind.ANNOTATE,
)
_CONTRAINDICATED = Level.CONTRAINDICATED


def support(
    code: OptionCode,
    level: Level,
    unmet: Sequence[Item] = (),
    because: Sequence[Item] = (),
    notes: Sequence[str] = (),
    also_rules: Sequence[str] = (),
) -> OptionFinding:
    return OptionFinding(
        code, _SUPPORT, level, tuple(unmet), tuple(because), tuple(notes), tuple(also_rules)
    )


def require(code: OptionCode, unmet: Sequence[Item], because: Sequence[Item] = ()) -> OptionFinding:
    return OptionFinding(code, _REQUIRE, None, tuple(unmet), tuple(because))


def contraindicate(
    code: OptionCode, unmet: Sequence[Item], because: Sequence[Item] = ()
) -> OptionFinding:
    return OptionFinding(code, _CONTRAINDICATE, _CONTRAINDICATED, tuple(unmet), tuple(because))


def annotate(
    code: OptionCode,
    because: Sequence[Item] = (),
    notes: Sequence[str] = (),
    also_rules: Sequence[str] = (),
) -> OptionFinding:
    return OptionFinding(code, _ANNOTATE, None, (), tuple(because), tuple(notes), tuple(also_rules))


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

"""Derived clinical notions shared by several rules, in three-valued logic (None = unknown).

Each helper reads only the facts its docstring names, so a rule using it must declare them.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from .codes import (
    CarcinoidSyndrome,
    MetastaticSite,
    OptionCode,
    PlannedProcedure,
    Progression,
    TreatmentOutcome,
    TumourBurden,
)
from .facts import CaseFacts, PriorTreatment
from .text import Item, eq, history_because, need

if TYPE_CHECKING:
    from .context import RuleContext

PROGRESSING = frozenset({Progression.SLOW, Progression.CLEAR, Progression.RAPID})
SSA_CODES = frozenset({OptionCode.SSA_ANTITUMOUR, OptionCode.SSA_SYNDROME_CONTROL})
_UNCONTROLLED = frozenset({CarcinoidSyndrome.UNCONTROLLED, CarcinoidSyndrome.REFRACTORY})
SSA_IN_USE = frozenset(
    {TreatmentOutcome.ONGOING, TreatmentOutcome.PROGRESSION, TreatmentOutcome.SYNDROME_ESCAPE}
)


def progression_known(f: CaseFacts) -> bool:
    """Reads progression. "unknown" and absent are the same thing: no slope yet."""
    return f.progression is not None and f.progression is not Progression.UNKNOWN


def failed_lines(
    f: CaseFacts, treatments: Collection[OptionCode], intolerance: bool = False
) -> list[PriorTreatment]:
    """Reads prior_treatments, progression: the prior lines of `treatments` that failed.

    Judgement: the text's "échec" is read as progression under the treatment — a past line that
    ended in progression, or a line still ongoing while the disease now progresses (escape).
    Intolerance is not a failure of efficacy; it only counts where the text says "échec ou
    contre-indication" (T7), hence the `intolerance` switch. A syndrome escape (outcome
    syndrome_escape) is a refractory syndrome, never an antitumour failure (2.0.0).
    """
    progressing_now = f.progression in PROGRESSING
    return [
        p
        for p in f.prior_treatments or ()
        if p.treatment in treatments
        and (
            p.outcome is TreatmentOutcome.PROGRESSION
            or (p.outcome is TreatmentOutcome.ONGOING and progressing_now)
            or (intolerance and p.outcome is TreatmentOutcome.INTOLERANCE)
        )
    ]


def syndrome_present(f: CaseFacts) -> bool | None:
    """Reads carcinoid_syndrome, carcinoid_crisis. A crisis implies a syndrome."""
    if f.carcinoid_crisis is True:
        return True
    if f.carcinoid_syndrome is None:
        return None
    return f.carcinoid_syndrome is not CarcinoidSyndrome.NONE


def syndrome_because(f: CaseFacts) -> list[Item]:
    """Reads carcinoid_syndrome, carcinoid_crisis: those that are set, for `because`."""
    return [
        eq(n, v)
        for n, v in (
            ("carcinoid_syndrome", f.carcinoid_syndrome),
            ("carcinoid_crisis", f.carcinoid_crisis),
        )
        if v
    ]


def syndrome_uncontrolled(f: CaseFacts) -> bool | None:
    """Reads carcinoid_syndrome, carcinoid_crisis."""
    if f.carcinoid_crisis is True:
        return True
    if f.carcinoid_syndrome is None:
        return None
    return f.carcinoid_syndrome in _UNCONTROLLED


def syndrome_refractory(f: CaseFacts) -> bool | None:
    """Reads carcinoid_syndrome, carcinoid_crisis, prior_treatments.

    The contract defines refractory as "escaping SSA". Judgement: an uncontrolled syndrome while
    SSA are ongoing (or ended in progression) is that escape too, even if not labelled so.
    """
    syndrome = f.carcinoid_syndrome
    if syndrome is CarcinoidSyndrome.REFRACTORY:
        return True
    if syndrome not in (CarcinoidSyndrome.NONE, CarcinoidSyndrome.CONTROLLED) and any(
        p.treatment in SSA_CODES and p.outcome is TreatmentOutcome.SYNDROME_ESCAPE
        for p in f.prior_treatments or ()
    ):
        return True  # the syndrome escaped SSA (recorded on the line)
    if syndrome is None and f.carcinoid_crisis is not True:
        return None
    if syndrome is CarcinoidSyndrome.UNCONTROLLED or f.carcinoid_crisis is True:
        if any(
            p.treatment in SSA_CODES and p.outcome in SSA_IN_USE for p in f.prior_treatments or ()
        ):
            return True
        return None if syndrome is None else False
    return False


def refractory_because(f: CaseFacts) -> list[Item]:
    """Reads carcinoid_syndrome, carcinoid_crisis, prior_treatments: the facts that make the
    syndrome refractory (for `because`; see syndrome_refractory)."""
    because = syndrome_because(f)
    if f.carcinoid_syndrome is not CarcinoidSyndrome.REFRACTORY:
        because += [
            history_because("prior_treatments", p)
            for p in f.prior_treatments or ()
            if p.treatment in SSA_CODES and p.outcome in SSA_IN_USE
        ]
    return because


def liver_involved(f: CaseFacts) -> bool | None:
    """Reads liver_predominant, metastatic_sites."""
    if f.liver_predominant is True:
        return True
    if f.metastatic_sites is None:
        return None
    return MetastaticSite.LIVER in f.metastatic_sites


def liver_because(f: CaseFacts) -> list[Item]:
    """Reads liver_predominant, metastatic_sites: why the liver counts as involved."""
    if f.liver_predominant is True:
        return [eq("liver_predominant", True)]
    return [eq("metastatic_sites", MetastaticSite.LIVER)]


def liver_unmet(f: CaseFacts) -> list[Item]:
    """Reads metastatic_sites: the unmet item of a gesture that needs liver metastases."""
    return [
        need(
            "metastatic_sites",
            (MetastaticSite.LIVER,),
            f.metastatic_sites,
            "métastases hépatiques requises",
        )
    ]


def indolent(f: CaseFacts) -> bool:
    """Reads tumour_burden, symptomatic, progression and the not_resectable facts.

    Summary point 1: "à faible masse tumorale, non accessible à un geste d'exérèse chirurgicale,
    non symptomatique et peu évolutive" ("peu évolutive" = stable or slow slope).
    """
    return (
        f.tumour_burden is TumourBurden.LOW
        and f.symptomatic is False
        and f.progression in (Progression.STABLE, Progression.SLOW)
        and not_resectable(f) is True
    )


def not_resectable(f: CaseFacts) -> bool | None:
    """Reads liver_resectable, primary_resectable, other_lesions_outside_liver_and_primary,
    liver_predominant, metastatic_sites.

    "Non accessible à un geste d'exérèse chirurgicale": any non-resectable site makes the whole
    disease non-resectable; only every site known resectable makes it resectable. Without liver
    disease, the liver is no obstacle.
    """
    liver = True if liver_involved(f) is False else f.liver_resectable
    primary, other = f.primary_resectable, f.other_lesions_outside_liver_and_primary
    if liver is False or primary is False or other is True:
        return True
    if liver is True and primary is True and other is False:
        return False
    return None


def prrt_retained_or_planned(c: RuleContext) -> bool:
    """Reads planned_procedures, and the PRRT option merged in phase 1 (phase 2 only).

    The RIV is retained by T7 or already planned: its CPC patient information (T7) and the stop
    of SSA before it (T8) apply then.
    """
    return c.eligible(OptionCode.PRRT_LUTATHERA) or PlannedProcedure.PRRT in (
        c.f.planned_procedures or ()
    )

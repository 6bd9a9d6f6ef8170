"""Which facts the référentiel needs to conclude in a case's setting (issue 15, item 6).

The case form's readiness check and the completeness check of attachments ask the engine
instead of hand-coding the text's prerequisites. The answer depends only on the setting (the
disease extent) and, for localised disease, on whether the primary was resected: that decides
which of the text's branches applies (surgery, or its quality and the follow-up).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .codes import DiseaseExtent

ALWAYS: tuple[str, ...] = ("histology", "disease_extent")

# Why each fact is needed, by setting; the order is the contract's (and the form's).
_LOCALIZED = ("surgery_done",)  # L1/L2 (not operated) or L5/L7-L9 (operated)
_OPERATED = ("surgery_type", "resection_status", "nodal_status")  # L3-L5, L7-L9
_NOT_OPERATED = ("surgical_contraindication",)  # L1, L2, L4
# P6 (slope on two imagings), P5 (SSTR PET before any locoregional act), P3/P4 (syndrome
# controlled first), T7 (CPC: SSTR-positive, progressive or secretory).
_ADVANCED = ("progression", "sstr_imaging", "carcinoid_syndrome")
_METASTATIC = ("metastatic_sites",)  # R1-R5, S4: which sites (liver, bone) decide the gestures


def needed_facts(facts: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """Contract field names the engine needs for this case's setting, in contract order.

    `facts` may be partial or even invalid: only `disease_extent` and `surgery_done` are read
    (as contract JSON values). Without a known extent only the two required facts are needed.
    """
    facts = facts or {}
    extent = facts.get("disease_extent")
    needed = list(ALWAYS)
    if extent == DiseaseExtent.LOCALIZED:
        needed += _LOCALIZED
        surgery_done = facts.get("surgery_done")
        if surgery_done is True:
            needed += _OPERATED
        elif surgery_done is False:
            needed += _NOT_OPERATED
    elif extent in (DiseaseExtent.METASTATIC, DiseaseExtent.LOCALLY_ADVANCED_INOPERABLE):
        needed += _ADVANCED
        if extent == DiseaseExtent.METASTATIC:
            needed += _METASTATIC
    return tuple(needed)

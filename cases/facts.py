"""The ONE mapping from a case record to the guideline engine's facts (CONTRACT.md, "Input").

An empty or unknown value is omitted — never sent as "no": the engine reads an absent fact as
"unknown". Metastatic sites and treatment lines come from `case.metastatic_sites.all()` and
`case.treatment_lines.all()`, so a queryset that prefetches them maps without extra queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from cases.models import Case, MetastaticSite, TreatmentLine

# Case fields copied as they are (same name, same vocabulary as the contract).
CHOICE_FACTS = (
    "histology",
    "histology_source",
    "disease_extent",
    "surgery_type",
    "resection_status",
    "nodal_status",
    "tumour_burden",
    "progression",
    "sstr_imaging",
    "fdg_pet",
    "mgmt_status",
    "carcinoid_syndrome",
)
BOOLEAN_FACTS = (
    "surgery_done",
    "surgical_contraindication",
    "disproportionate_resection",
    "liver_resectable",
    "liver_predominant",
    "primary_resectable",
    "other_lesions_outside_liver_and_primary",
    "portal_vein_thrombosis",
    "biliodigestive_anastomosis",
    "bone_metastases_threatening",
    "primary_symptomatic",
    "symptomatic",
    "widely_disseminated",
    "carcinoid_crisis",
    "refractory_diarrhoea",
    "cushing_syndrome",
    "necrosis",
    "fdg_sstr_discordant",
)
NUMBER_FACTS = ("ki67_percent", "mitoses_per_2mm2", "pd_l1_percent")
LIST_FACTS = ("planned_procedures", "contraindications")
# Facts built from related rows rather than from a field of the case.
RELATED_FACTS = ("metastatic_sites", "prior_treatments")
ALL_FACTS = CHOICE_FACTS + BOOLEAN_FACTS + NUMBER_FACTS + LIST_FACTS + RELATED_FACTS


def json_number(value: Decimal | float | int) -> int | float:
    """A JSON number: 12, not 12.0 (facts and transfer files alike)."""
    number = float(value)
    return int(number) if number.is_integer() else number


def case_to_facts(
    case: Case,
    *,
    sites: Iterable[MetastaticSite] | None = None,
    lines: Iterable[TreatmentLine] | None = None,
) -> dict[str, Any]:
    """Facts of `case` as the engine reads them.

    `sites` / `lines` replace the saved rows (the panel evaluates an unsaved form); by default
    they are read through the relations, and an unsaved case has none.
    """
    facts: dict[str, Any] = {}
    for name in CHOICE_FACTS:
        value = getattr(case, name)
        if value:
            facts[name] = str(value)
    for name in BOOLEAN_FACTS:
        value = getattr(case, name)
        if value is not None:
            facts[name] = bool(value)
    for name in NUMBER_FACTS:
        value = getattr(case, name)
        if value is not None:
            facts[name] = json_number(value)
    for name in LIST_FACTS:
        value = getattr(case, name) or []
        if value:
            facts[name] = [str(code) for code in value]

    # Once the TENpath double reading has concluded, its histology is the one the rules read.
    if getattr(case, "reviewed_histology", ""):
        facts["histology"] = str(case.reviewed_histology)

    if sites is None:
        sites = case.metastatic_sites.all() if case.pk else ()
    if lines is None:
        lines = case.treatment_lines.all() if case.pk else ()
    site_codes = sorted({str(site.site) for site in sites})
    if site_codes:
        facts["metastatic_sites"] = site_codes
    prior = [
        {"treatment": str(line.treatment), "outcome": str(outcome)}
        for line in sorted(lines, key=lambda line: (line.start_date, line.pk or 0))
        if (outcome := line.outcome) is not None
    ]
    if prior:
        facts["prior_treatments"] = prior
    return facts

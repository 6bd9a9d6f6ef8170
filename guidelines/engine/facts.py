"""Case facts: the typed, validated input of the engine (CONTRACT.md, "Input").

An absent field means "unknown", never "no": every optional field defaults to None. An explicit
JSON null is accepted as "unknown" for optional fields (forms send it); required fields refuse it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any

from .codes import (
    TREATMENT_LABELS,
    CarcinoidSyndrome,
    DiseaseExtent,
    Histology,
    HistologySource,
    ImagingResult,
    MetastaticSite,
    MgmtStatus,
    NodalStatus,
    OptionCode,
    PlannedProcedure,
    Progression,
    ResectionStatus,
    SurgeryType,
    TreatmentOutcome,
    TumourBurden,
)

INPUT_ERROR_KEY = "__input__"


class FactsError(ValueError):
    """Bad case facts. `errors` maps each field name to its French messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors: dict[str, list[str]] = {key: list(msgs) for key, msgs in errors.items()}
        summary = "; ".join(f"{key}: {', '.join(msgs)}" for key, msgs in self.errors.items())
        super().__init__(f"Faits invalides — {summary}")


@dataclass(frozen=True, slots=True)
class PriorTreatment:
    treatment: OptionCode
    outcome: TreatmentOutcome


@dataclass(frozen=True, slots=True)
class CaseFacts:
    histology: Histology
    disease_extent: DiseaseExtent
    histology_source: HistologySource | None = None
    surgery_done: bool | None = None
    surgery_type: SurgeryType | None = None
    resection_status: ResectionStatus | None = None
    nodal_status: NodalStatus | None = None
    surgical_contraindication: bool | None = None
    disproportionate_resection: bool | None = None
    ki67_percent: float | None = None
    mitoses_per_2mm2: float | None = None
    necrosis: bool | None = None
    metastatic_sites: tuple[MetastaticSite, ...] | None = None
    liver_resectable: bool | None = None
    liver_predominant: bool | None = None
    primary_resectable: bool | None = None
    other_lesions_outside_liver_and_primary: bool | None = None
    portal_vein_thrombosis: bool | None = None
    biliodigestive_anastomosis: bool | None = None
    bone_metastases_threatening: bool | None = None
    primary_symptomatic: bool | None = None
    tumour_burden: TumourBurden | None = None
    symptomatic: bool | None = None
    progression: Progression | None = None
    widely_disseminated: bool | None = None
    sstr_imaging: ImagingResult | None = None
    fdg_pet: ImagingResult | None = None
    fdg_sstr_discordant: bool | None = None
    pd_l1_percent: float | None = None
    mgmt_status: MgmtStatus | None = None
    carcinoid_syndrome: CarcinoidSyndrome | None = None
    carcinoid_crisis: bool | None = None
    refractory_diarrhoea: bool | None = None
    cushing_syndrome: bool | None = None
    planned_procedures: tuple[PlannedProcedure, ...] | None = None
    prior_treatments: tuple[PriorTreatment, ...] | None = None
    contraindications: tuple[OptionCode, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The facts back as contract JSON (unknown fields omitted)."""
        out: dict[str, Any] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None:
                out[field.name] = _plain(value)
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, PriorTreatment):
        return {"treatment": value.treatment.value, "outcome": value.outcome.value}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


# --- field specifications (also used by the UI and the tests to build forms / strategies) ------

Checker = Callable[[Any], tuple[Any, list[str]]]


@dataclass(frozen=True, slots=True)
class FactField:
    name: str
    kind: str  # "choice", "bool", "number", "choices", "prior_treatments"
    label: str
    choices: tuple[str, ...] = ()
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None


def _choice(name: str, enum: type[StrEnum], label: str, required: bool = False) -> FactField:
    return FactField(name, "choice", label, tuple(m.value for m in enum), required)


def _many(name: str, enum: type[StrEnum], label: str) -> FactField:
    return FactField(name, "choices", label, tuple(m.value for m in enum))


def _flag(name: str, label: str) -> FactField:
    return FactField(name, "bool", label)


FACT_FIELDS: tuple[FactField, ...] = (
    _choice("histology", Histology, "Histologie", required=True),
    _choice("histology_source", HistologySource, "Origine de l'histologie"),
    _choice("disease_extent", DiseaseExtent, "Extension de la maladie", required=True),
    _flag("surgery_done", "Tumeur primitive opérée"),
    _choice("surgery_type", SurgeryType, "Type d'exérèse"),
    _choice("resection_status", ResectionStatus, "Qualité de l'exérèse"),
    _choice("nodal_status", NodalStatus, "Statut ganglionnaire"),
    _flag("surgical_contraindication", "Contre-indication chirurgicale"),
    _flag("disproportionate_resection", "Exérèse parenchymateuse disproportionnée"),
    FactField("ki67_percent", "number", "Ki-67 (%)", minimum=0, maximum=100),
    FactField("mitoses_per_2mm2", "number", "Mitoses pour 2 mm²", minimum=0),
    _flag("necrosis", "Nécrose"),
    _many("metastatic_sites", MetastaticSite, "Sites métastatiques"),
    _flag("liver_resectable", "Métastases hépatiques résécables en totalité"),
    _flag("liver_predominant", "Atteinte hépatique prédominante"),
    _flag("primary_resectable", "Tumeur primitive résécable"),
    _flag("other_lesions_outside_liver_and_primary", "Autres lésions hors foie et primitif"),
    _flag("portal_vein_thrombosis", "Thrombose portale"),
    _flag("biliodigestive_anastomosis", "Anastomose bilio-digestive"),
    _flag("bone_metastases_threatening", "Métastases osseuses menaçantes ou symptomatiques"),
    _flag("primary_symptomatic", "Symptômes liés à la tumeur primitive"),
    _choice("tumour_burden", TumourBurden, "Masse tumorale"),
    _flag("symptomatic", "Symptômes tumoraux"),
    _choice("progression", Progression, "Pente évolutive"),
    _flag("widely_disseminated", "Maladie très largement disséminée"),
    _choice("sstr_imaging", ImagingResult, "Imagerie des récepteurs de la somatostatine (IRS)"),
    _choice("fdg_pet", ImagingResult, "TEP au FDG"),
    _flag("fdg_sstr_discordant", "Lésions discordantes (fixant le FDG, sans récepteurs à l'IRS)"),
    FactField("pd_l1_percent", "number", "PD-L1 (% de cellules tumorales)", minimum=0, maximum=100),
    _choice("mgmt_status", MgmtStatus, "Statut MGMT"),
    _choice("carcinoid_syndrome", CarcinoidSyndrome, "Syndrome carcinoïde"),
    _flag("carcinoid_crisis", "Crise carcinoïdienne / syndrome menaçant"),
    _flag("refractory_diarrhoea", "Diarrhée réfractaire aux ASM"),
    _flag("cushing_syndrome", "Syndrome de Cushing"),
    _many("planned_procedures", PlannedProcedure, "Gestes prévus"),
    FactField("prior_treatments", "prior_treatments", "Traitements antérieurs"),
    _many("contraindications", OptionCode, "Contre-indications"),
)

FACT_NAMES: frozenset[str] = frozenset(f.name for f in FACT_FIELDS)
FACT_LABELS: dict[str, str] = {f.name: f.label for f in FACT_FIELDS}
_REQUIRED: tuple[str, ...] = tuple(f.name for f in FACT_FIELDS if f.required)
_ENUMS: dict[str, type[StrEnum]] = {
    "histology": Histology,
    "histology_source": HistologySource,
    "disease_extent": DiseaseExtent,
    "surgery_type": SurgeryType,
    "resection_status": ResectionStatus,
    "nodal_status": NodalStatus,
    "metastatic_sites": MetastaticSite,
    "tumour_burden": TumourBurden,
    "progression": Progression,
    "sstr_imaging": ImagingResult,
    "fdg_pet": ImagingResult,
    "mgmt_status": MgmtStatus,
    "carcinoid_syndrome": CarcinoidSyndrome,
    "planned_procedures": PlannedProcedure,
    "contraindications": OptionCode,
}
_OUTCOMES: dict[str, TreatmentOutcome] = {m.value: m for m in TreatmentOutcome}
_TREATMENTS: dict[str, OptionCode] = {m.value: m for m in OptionCode}

# --- checkers: each returns (value, problems) ------------------------------------------------


def _member(lookup: Mapping[str, StrEnum], raw: Any) -> tuple[Any, str | None]:
    if not isinstance(raw, str):
        return None, "doit être une chaîne de caractères"
    member = lookup.get(raw)
    if member is None:
        return None, f"valeur inconnue « {raw} » (valeurs admises : {', '.join(lookup)})"
    return member, None


def _choice_checker(enum: type[StrEnum]) -> Checker:
    lookup = {m.value: m for m in enum}

    def check(raw: Any) -> tuple[Any, list[str]]:
        member, problem = _member(lookup, raw)
        return member, [problem] if problem else []

    return check


def _choices_checker(enum: type[StrEnum]) -> Checker:
    lookup = {m.value: m for m in enum}

    def check(raw: Any) -> tuple[Any, list[str]]:
        if not isinstance(raw, list | tuple):
            return None, ["doit être une liste"]
        problems: list[str] = []
        members: dict[Any, None] = {}  # ordered de-duplication: a repeat is not an error
        for index, item in enumerate(raw, start=1):
            member, problem = _member(lookup, item)
            if problem:
                problems.append(f"élément n°{index} : {problem}")
            else:
                members[member] = None
        return tuple(members), problems

    return check


def _check_bool(raw: Any) -> tuple[Any, list[str]]:
    if raw is True or raw is False:
        return raw, []
    return None, ["doit être un booléen (true ou false)"]


def _number_checker(spec: FactField) -> Checker:
    def check(raw: Any) -> tuple[Any, list[str]]:
        # bool is an int subclass in Python, but true is not a percentage.
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            return None, ["doit être un nombre"]
        if isinstance(raw, float) and not math.isfinite(raw):
            return None, ["doit être un nombre fini"]
        low, high = spec.minimum, spec.maximum
        if high is not None and low is not None and not low <= raw <= high:
            return None, [f"doit être compris entre {low:g} et {high:g}"]
        if low is not None and raw < low:
            return None, [f"doit être supérieur ou égal à {low:g}"]
        return raw, []

    return check


def _check_prior_treatments(raw: Any) -> tuple[Any, list[str]]:
    if not isinstance(raw, list | tuple):
        return None, ["doit être une liste d'objets {treatment, outcome}"]
    problems: list[str] = []
    items: list[PriorTreatment] = []
    for index, item in enumerate(raw, start=1):
        item_problems = _prior_item_problems(item)
        if item_problems:
            problems.extend(f"élément n°{index} : {p}" for p in item_problems)
        else:
            items.append(PriorTreatment(_TREATMENTS[item["treatment"]], _OUTCOMES[item["outcome"]]))
    # Identical {treatment, outcome} pairs say nothing more than one: merged, order kept.
    return tuple(dict.fromkeys(items)), problems


def _prior_item_problems(item: Any) -> list[str]:
    if not isinstance(item, Mapping):
        return ["doit être un objet {treatment, outcome}"]
    problems = [f"clé inconnue « {key} »" for key in item if key not in ("treatment", "outcome")]
    for key, lookup in (("treatment", _TREATMENTS), ("outcome", _OUTCOMES)):
        if key not in item:
            problems.append(f"{key} : champ obligatoire")
            continue
        _, problem = _member(lookup, item[key])
        if problem:
            problems.append(f"{key} : {problem}")
    return problems


def _checker(spec: FactField) -> Checker:
    if spec.kind == "choice":
        return _choice_checker(_ENUMS[spec.name])
    if spec.kind == "choices":
        return _choices_checker(_ENUMS[spec.name])
    if spec.kind == "bool":
        return _check_bool
    if spec.kind == "number":
        return _number_checker(spec)
    return _check_prior_treatments


_CHECKERS: dict[str, Checker] = {spec.name: _checker(spec) for spec in FACT_FIELDS}
_CHOICE_LOOKUPS: dict[str, dict[str, StrEnum]] = {
    spec.name: {m.value: m for m in _ENUMS[spec.name]}
    for spec in FACT_FIELDS
    if spec.kind == "choice"
}
_BOOL_FIELDS = frozenset(spec.name for spec in FACT_FIELDS if spec.kind == "bool")


def validate(facts: Mapping[str, Any] | CaseFacts) -> CaseFacts:
    """Check every field at once; raise FactsError listing every problem, or return CaseFacts."""
    if isinstance(facts, CaseFacts):
        return facts
    if not isinstance(facts, Mapping):
        raise FactsError({INPUT_ERROR_KEY: ["les faits doivent être un objet JSON (clé: valeur)"]})
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for key, raw in facts.items():
        # Happy path for the most common fields (plain string choices and booleans); anything
        # else, including every error, goes through the full checkers below.
        lookup = _CHOICE_LOOKUPS.get(key)
        if lookup is not None:
            if type(raw) is str and (member := lookup.get(raw)) is not None:
                values[key] = member
                continue
        elif (raw is True or raw is False) and key in _BOOL_FIELDS:
            values[key] = raw
            continue
        check = _CHECKERS.get(key) if isinstance(key, str) else None
        if check is None:
            errors[str(key)] = ["champ inconnu"]
        elif raw is not None:
            value, problems = check(raw)
            if problems:
                errors[key] = problems
            else:
                values[key] = value
    for name in _REQUIRED:
        if values.get(name) is None and name not in errors:
            errors[name] = ["champ obligatoire"]
    _check_coherence(values, errors)
    if errors:
        raise FactsError(errors)
    return CaseFacts(**values)


def _check_coherence(values: Mapping[str, Any], errors: dict[str, list[str]]) -> None:
    """Contradictory facts are bad input, not an unknown: refuse them, naming both fields.

    Evaluating them would mean guessing which of the two is right (with a localised extent and
    metastatic sites, the guess could be curative surgery for a metastatic patient).
    """

    def clash(first: str, second: str, why: str) -> None:
        errors.setdefault(first, []).append(f"incompatible avec « {FACT_LABELS[second]} » : {why}")
        errors.setdefault(second, []).append(f"incompatible avec « {FACT_LABELS[first]} » : {why}")

    if values.get("surgery_done") is False:
        for name in ("surgery_type", "resection_status"):
            if values.get(name) is not None:
                clash(
                    name,
                    "surgery_done",
                    "une exérèse est décrite alors que la tumeur n'est pas opérée",
                )
    extent = values.get("disease_extent")
    if values.get("metastatic_sites") and extent in (
        DiseaseExtent.LOCALIZED,
        DiseaseExtent.LOCALLY_ADVANCED_INOPERABLE,
    ):
        clash(
            "disease_extent",
            "metastatic_sites",
            "des sites métastatiques sont déclarés pour une maladie non métastatique",
        )
    if values.get("carcinoid_crisis") is True and (
        values.get("carcinoid_syndrome") is CarcinoidSyndrome.NONE
    ):
        clash(
            "carcinoid_crisis",
            "carcinoid_syndrome",
            "une crise carcinoïdienne suppose un syndrome carcinoïde",
        )
    if values.get("refractory_diarrhoea") is True and (
        values.get("carcinoid_syndrome") is CarcinoidSyndrome.NONE
    ):
        clash(
            "refractory_diarrhoea",
            "carcinoid_syndrome",
            "une diarrhée réfractaire aux ASM suppose un syndrome carcinoïde",
        )
    ongoing = {
        p.treatment
        for p in values.get("prior_treatments") or ()
        if p.outcome is TreatmentOutcome.ONGOING
    }
    both = [code for code in values.get("contraindications") or () if code in ongoing]
    if both:
        names = ", ".join(TREATMENT_LABELS[code] for code in both)
        clash(
            "contraindications",
            "prior_treatments",
            f"traitement déclaré contre-indiqué et en cours ({names})",
        )

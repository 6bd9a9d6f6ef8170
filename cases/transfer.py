"""Move a case between installations as JSON: identity + record + facts + sites + lines.

Format (version 1), one JSON object:

    {
      "format": "renaten-rcp-case",
      "version": 1,
      "patient": {"family_name", "given_names", "birth_date" (YYYY-MM-DD), "sex" (F/M/I),
                  "ipp", "ins", "ins_status"},
      "case": {"reason", "referring_physician", "discovery_circumstances",
               "who_performance_status" (0-4 or null), "comorbidities", "clinical_summary",
               "question", "clinical_trial_nct", "tnm_t", "tnm_n", "tnm_m", "surgery_date",
               "progression_imaging_1_date", "progression_imaging_2_date", "sstr_imaging_date",
               "fdg_pet_date", "board" (board name or null), "status" (informative)},
      "facts": {the engine facts, CONTRACT.md; "metastatic_sites" and "prior_treatments" are
                derived from the two lists below and, when present, must agree with them},
      "metastatic_sites": [{"site", "details"}],
      "treatment_lines": [{"treatment", "start_date", "end_date", "best_response",
                           "reason_stopped", "comment"}]
    }

An imported case always starts as a draft in the target centre. Import checks everything first
(format, every model's validation, the engine's validation of the facts) and writes nothing
unless all of it is valid.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError

from boards.models import Board
from cases.actions import create_imported_case
from cases.extensions import transfer_sections
from cases.facts import (
    BOOLEAN_FACTS,
    CHOICE_FACTS,
    LIST_FACTS,
    NUMBER_FACTS,
    case_to_facts,
    json_number,
)
from cases.models import PATIENT_FIELDS, Case, MetastaticSite, Patient, TreatmentLine
from guidelines.engine import FactsError, validate

FORMAT = "renaten-rcp-case"
VERSION = 1

# The identity the form edits; a field added there changes this format.
PATIENT_KEYS = PATIENT_FIELDS
CASE_KEYS = (
    "reason",
    "referring_physician",
    "discovery_circumstances",
    "who_performance_status",
    "comorbidities",
    "clinical_summary",
    "question",
    "clinical_trial_nct",
    "tnm_t",
    "tnm_n",
    "tnm_m",
    "surgery_date",
    "progression_imaging_1_date",
    "progression_imaging_2_date",
    "sstr_imaging_date",
    "fdg_pet_date",
)
SITE_KEYS = ("site", "details")
LINE_KEYS = ("treatment", "start_date", "end_date", "best_response", "reason_stopped", "comment")
TOP_KEYS = ("format", "version", "patient", "case", "facts", "metastatic_sites", "treatment_lines")
DATE_FIELDS = frozenset(
    {
        "birth_date",
        "surgery_date",
        "progression_imaging_1_date",
        "progression_imaging_2_date",
        "sstr_imaging_date",
        "fdg_pet_date",
        "start_date",
        "end_date",
    }
)


class ImportRefused(Exception):
    """The file cannot be imported; `errors` says why, one French line each."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return json_number(value)
    return value


def export_case_data(case: Case) -> dict[str, Any]:
    """The case as the version-1 JSON object (see the module docstring)."""
    patient = case.patient
    sites = list(case.metastatic_sites.all())
    lines = list(case.treatment_lines.all())
    extra = {name: section.export(case) for name, section in transfer_sections().items()}
    return {
        "format": FORMAT,
        "version": VERSION,
        "patient": {key: _plain(getattr(patient, key)) for key in PATIENT_KEYS},
        "case": {
            **{key: _plain(getattr(case, key)) for key in CASE_KEYS},
            "board": case.board.name if case.board_id else None,
            "status": case.status,
        },
        "facts": case_to_facts(case, sites=sites, lines=lines),
        "metastatic_sites": [{key: getattr(site, key) for key in SITE_KEYS} for site in sites],
        "treatment_lines": [
            {key: _plain(getattr(line, key)) for key in LINE_KEYS} for line in lines
        ],
        **extra,
    }


# --- import ------------------------------------------------------------------------------------


class _Collector:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.errors.append(f"{where} : {message}")

    def validation(self, where: str, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for name, problems in error.message_dict.items():
                label = where if name == "__all__" else f"{where}.{name}"
                for problem in problems:
                    self.add(label, problem)
        else:
            for problem in error.messages:
                self.add(where, problem)


def _object(data: Any, where: str, allowed: tuple[str, ...], out: _Collector) -> dict[str, Any]:
    if not isinstance(data, dict):
        out.add(where, "un objet JSON est attendu")
        return {}
    for key in data:
        if key not in allowed:
            out.add(where, f"clé inconnue « {key} »")
    return data


def _value(field_name: str, raw: Any, where: str, out: _Collector) -> Any:
    """JSON value → model value (dates from ISO strings, "" for absent text)."""
    if field_name in DATE_FIELDS:
        if raw in (None, ""):
            return None
        try:
            return dt.date.fromisoformat(raw)
        except (TypeError, ValueError):
            out.add(f"{where}.{field_name}", f"date invalide « {raw} » (AAAA-MM-JJ attendu)")
            return None
    if raw is None:
        return None
    if isinstance(raw, bool | int | float | str):
        return raw
    out.add(f"{where}.{field_name}", "valeur de type inattendu")
    return None


def _text_or_empty(model, name: str, value: Any) -> Any:
    field = model._meta.get_field(name)
    if value is None and not field.null:
        return ""
    return value


def _fill(instance, data: dict, keys: tuple[str, ...], where: str, out: _Collector) -> None:
    for key in keys:
        if key in data:
            value = _value(key, data[key], where, out)
            setattr(instance, key, _text_or_empty(type(instance), key, value))


def _facts_to_case(case: Case, facts: dict[str, Any], out: _Collector) -> None:
    for name in CHOICE_FACTS:
        setattr(case, name, facts.get(name) or "")
    for name in BOOLEAN_FACTS:
        setattr(case, name, facts.get(name))
    for name in NUMBER_FACTS:
        value = facts.get(name)
        try:
            setattr(case, name, None if value is None else Decimal(str(value)))
        except InvalidOperation:
            out.add(f"facts.{name}", "nombre invalide")
    for name in LIST_FACTS:
        setattr(case, name, list(facts.get(name) or []))


def _parse(data: Any, centre, out: _Collector):
    sections = transfer_sections()
    root = _object(data, "fichier", (*TOP_KEYS, *sections), out)
    if not root:
        return None
    # Sections of the apps built on cases (decisions…): checked, refused when inconsistent.
    for name, section in sections.items():
        if name in root:
            for problem in section.check(root[name]):
                out.add(name, problem)
    if root.get("format") != FORMAT:
        out.add("format", f"« {FORMAT} » attendu")
    if root.get("version") != VERSION:
        out.add("version", f"version {VERSION} attendue (reçu : {root.get('version')!r})")
    for key in ("patient", "case", "facts"):
        if key not in root:
            out.add(key, "section obligatoire absente")

    patient_data = _object(root.get("patient", {}), "patient", PATIENT_KEYS, out)
    patient = Patient(centre=centre)
    _fill(patient, patient_data, PATIENT_KEYS, "patient", out)

    case_data = _object(root.get("case", {}), "case", (*CASE_KEYS, "board", "status"), out)
    case = Case(centre=centre)  # saved as a draft by cases.actions.create_imported_case
    _fill(case, case_data, CASE_KEYS, "case", out)
    board_name = case_data.get("board")
    if board_name:
        case.board = Board.objects.filter(name=board_name).first()

    facts = root.get("facts", {})
    if not isinstance(facts, dict):
        out.add("facts", "un objet JSON est attendu")
        facts = {}
    try:
        validate(facts)
    except FactsError as error:
        for name, problems in error.errors.items():
            for problem in problems:
                out.add(f"facts.{name}", problem)
    _facts_to_case(case, facts, out)

    sites = []
    raw_sites = root.get("metastatic_sites", [])
    if not isinstance(raw_sites, list):
        out.add("metastatic_sites", "une liste est attendue")
        raw_sites = []
    for index, raw in enumerate(raw_sites, start=1):
        item = _object(raw, f"metastatic_sites[{index}]", SITE_KEYS, out)
        site = MetastaticSite()
        _fill(site, item, SITE_KEYS, f"metastatic_sites[{index}]", out)
        sites.append(site)
    lines = []
    raw_lines = root.get("treatment_lines", [])
    if not isinstance(raw_lines, list):
        out.add("treatment_lines", "une liste est attendue")
        raw_lines = []
    for index, raw in enumerate(raw_lines, start=1):
        item = _object(raw, f"treatment_lines[{index}]", LINE_KEYS, out)
        line = TreatmentLine()
        _fill(line, item, LINE_KEYS, f"treatment_lines[{index}]", out)
        lines.append(line)

    # Derived facts present in the file must agree with the detailed lists.
    derived = case_to_facts(case, sites=sites, lines=lines)
    for name in ("metastatic_sites", "prior_treatments"):
        if name in facts and facts[name] != derived.get(name):
            out.add(f"facts.{name}", f"incohérent avec la liste détaillée ({derived.get(name)})")
    return patient, case, sites, lines, board_name


def _validate_models(patient, case, sites, lines, centre, out: _Collector) -> Patient:
    existing = Patient.objects.filter(centre=centre, ipp=patient.ipp).first()
    if existing is not None:
        if not existing.is_same_person(patient.family_name, patient.birth_date):
            out.add("patient.ipp", "cet IPP correspond à un autre patient du centre cible")
        patient = existing
    else:
        try:
            patient.full_clean()
        except ValidationError as error:
            out.validation("patient", error)
    case.patient = patient
    try:
        case.full_clean(exclude=["patient"])
    except ValidationError as error:
        out.validation("case", error)
    seen = set()
    for index, site in enumerate(sites, start=1):
        if site.site in seen:
            out.add(f"metastatic_sites[{index}]", "site en double")
        seen.add(site.site)
        try:
            site.full_clean(exclude=["case"], validate_unique=False)
        except ValidationError as error:
            out.validation(f"metastatic_sites[{index}]", error)
    for index, line in enumerate(lines, start=1):
        try:
            line.full_clean(exclude=["case"])
        except ValidationError as error:
            out.validation(f"treatment_lines[{index}]", error)
    return patient


def import_case_data(data: Any, *, centre, by=None) -> tuple[Case, list[str]]:
    """Create the case (and patient if new) in `centre`; (case, warnings) or ImportRefused."""
    out = _Collector()
    parsed = _parse(data, centre, out)
    if parsed is None:
        raise ImportRefused(out.errors)
    patient, case, sites, lines, board_name = parsed
    patient = _validate_models(patient, case, sites, lines, centre, out)
    if out.errors:
        raise ImportRefused(out.errors)
    warnings = [
        section.describe
        for name, section in transfer_sections().items()
        if isinstance(data, dict) and data.get(name)
    ]
    if board_name and case.board is None:
        warnings.append(f"RCP « {board_name} » inconnue ici : dossier importé sans RCP de recours.")
    try:
        create_imported_case(patient=patient, case=case, sites=sites, lines=lines, by=by)
    except IntegrityError as error:
        raise ImportRefused([f"base de données : {error}"]) from None
    return case, warnings

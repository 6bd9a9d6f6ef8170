"""Guideline engine throughput on a realistic mix of cases (evaluations per second, one core).

Importable (`from benchmarks.engine_bench import run`) or runnable:
    .venv/bin/python benchmarks/engine_bench.py [seconds]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from guidelines.engine import evaluate

EVEROLIMUS_FAILED = [{"treatment": "everolimus", "outcome": "progression"}]

# Each situation is written as the web form would send it (every evaluation re-validates).
MIX: dict[str, dict[str, Any]] = {
    "localised TC before surgery": {
        "histology": "typical",
        "disease_extent": "localized",
        "surgery_done": False,
        "surgical_contraindication": False,
        "ki67_percent": 2,
    },
    "localised CA on biopsy": {
        "histology": "atypical",
        "histology_source": "biopsy",
        "disease_extent": "localized",
        "surgery_done": False,
        "surgical_contraindication": False,
        "disproportionate_resection": False,
    },
    "resected TC N0": {
        "histology": "typical",
        "disease_extent": "localized",
        "surgery_done": True,
        "surgery_type": "segmentectomy",
        "resection_status": "R0",
        "nodal_status": "N0",
    },
    "resected TC N+ after sleeve resection": {
        "histology": "typical",
        "disease_extent": "localized",
        "surgery_done": True,
        "surgery_type": "sleeve_resection",
        "resection_status": "R0",
        "nodal_status": "N+",
    },
    "metastatic indolent": {
        "histology": "typical",
        "disease_extent": "metastatic",
        "ki67_percent": 3,
        "metastatic_sites": ["liver", "bone"],
        "liver_resectable": False,
        "tumour_burden": "low",
        "symptomatic": False,
        "progression": "stable",
        "sstr_imaging": "positive",
        "carcinoid_syndrome": "none",
    },
    "metastatic rapidly progressive": {
        "histology": "atypical",
        "disease_extent": "metastatic",
        "ki67_percent": 18,
        "metastatic_sites": ["liver", "bone", "lung"],
        "widely_disseminated": True,
        "tumour_burden": "high",
        "progression": "rapid",
        "sstr_imaging": "negative",
        "fdg_pet": "positive",
        "carcinoid_syndrome": "none",
    },
    "uncontrolled syndrome, liver embolization planned": {
        "histology": "typical",
        "disease_extent": "metastatic",
        "metastatic_sites": ["liver"],
        "liver_predominant": True,
        "liver_resectable": False,
        "portal_vein_thrombosis": False,
        "biliodigestive_anastomosis": False,
        "progression": "slow",
        "carcinoid_syndrome": "uncontrolled",
        "refractory_diarrhoea": True,
        "planned_procedures": ["liver_embolization"],
        "prior_treatments": [{"treatment": "ssa_syndrome_control", "outcome": "ongoing"}],
    },
    "PRRT candidate after everolimus": {
        "histology": "atypical",
        "disease_extent": "metastatic",
        "ki67_percent": 12,
        "metastatic_sites": ["liver", "bone"],
        "progression": "slow",
        "sstr_imaging": "positive",
        "fdg_pet": "negative",
        "bone_metastases_threatening": False,
        "prior_treatments": [
            {"treatment": "ssa_antitumour", "outcome": "progression"},
            *EVEROLIMUS_FAILED,
        ],
        "planned_procedures": ["prrt"],
    },
    "both sites resectable": {
        "histology": "typical",
        "disease_extent": "metastatic",
        "metastatic_sites": ["liver"],
        "liver_resectable": True,
        "primary_resectable": True,
        "other_lesions_outside_liver_and_primary": False,
        "progression": "stable",
        "sstr_imaging": "positive",
    },
    "locally advanced inoperable": {
        "histology": "atypical",
        "disease_extent": "locally_advanced_inoperable",
        "progression": "rapid",
        "sstr_imaging": "positive",
        "fdg_pet": "positive",
        "contraindications": ["everolimus"],
    },
}


def run(seconds: float = 3.0) -> float:
    """Evaluate the mix round-robin for about `seconds`; return evaluations per second.

    Throughput is per core: it is computed on this process's CPU time, so other processes
    sharing the machine do not distort it (`measure` also gives the wall-clock figure).
    """
    return measure(seconds)["cpu_evaluations_per_s"]


def measure(seconds: float = 3.0) -> dict[str, float]:
    cases = list(MIX.values())
    for facts in cases:  # warm-up (imports, caches)
        evaluate(facts)
    count = 0
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    deadline = wall_start + seconds
    while time.perf_counter() < deadline:
        for facts in cases:
            evaluate(facts)
        count += len(cases)
    wall = time.perf_counter() - wall_start
    cpu = time.process_time() - cpu_start
    return {
        "evaluations": count,
        "cpu_evaluations_per_s": count / cpu,
        "wall_evaluations_per_s": count / wall,
    }


if __name__ == "__main__":
    duration = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    result = measure(duration)
    print(
        f"guideline engine: {result['cpu_evaluations_per_s']:,.0f} evaluations/s per core "
        f"(CPU time; wall clock {result['wall_evaluations_per_s']:,.0f}/s), "
        f"{len(MIX)} situations"
    )

"""Fictional bench data: one centre with N cases (a realistic mix), one with 10, and users.

Run inside Django (`python -m benchmarks.dataset --cases 2000`). Bulk inserts keep it fast;
history rows are not needed for reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random

BENCH_PASSWORD = "bench-pass-2026"

# Each profile is one clinical situation, with its treatment lines (code, months, reason).
PROFILES = [
    {
        "histology": "typical",
        "disease_extent": "localized",
        "surgery_done": True,
        "surgery_type": "lobectomy",
        "resection_status": "R0",
        "nodal_status": "N0",
        "tnm_m": "M0",
        "lines": [],
        "sites": [],
    },
    {
        "histology": "atypical",
        "disease_extent": "localized",
        "surgery_done": True,
        "surgery_type": "lobectomy",
        "resection_status": "R0",
        "nodal_status": "N+",
        "tnm_m": "M0",
        "lines": [],
        "sites": [],
    },
    {
        "histology": "typical",
        "disease_extent": "metastatic",
        "tnm_m": "M1c",
        "progression": "slow",
        "tumour_burden": "low",
        "symptomatic": False,
        "sstr_imaging": "positive",
        "ki67_percent": 3,
        "carcinoid_syndrome": "none",
        "lines": [],
        "sites": ["liver", "bone"],
    },
    {
        "histology": "atypical",
        "disease_extent": "metastatic",
        "tnm_m": "M1c",
        "progression": "rapid",
        "tumour_burden": "high",
        "sstr_imaging": "positive",
        "fdg_pet": "positive",
        "ki67_percent": 18,
        "carcinoid_syndrome": "uncontrolled",
        "lines": [("ssa_antitumour", 14, "progression"), ("everolimus", 8, "progression")],
        "sites": ["liver", "bone", "lung"],
    },
    {
        "histology": "atypical",
        "disease_extent": "metastatic",
        "tnm_m": "M1b",
        "progression": "slow",
        "sstr_imaging": "positive",
        "ki67_percent": 12,
        "carcinoid_syndrome": "refractory",
        "liver_predominant": True,
        "liver_resectable": False,
        "lines": [("ssa_syndrome_control", 20, "")],
        "sites": ["liver"],
    },
]


def build(n_cases: int, *, small: int = 10, seed: int = 7) -> dict:
    from accounts.models import Centre, User
    from accounts.roles import CLINICIAN, SECRETARY, assign_role
    from cases.models import Case, MetastaticSite, Patient, TreatmentLine

    rng = random.Random(seed)
    today = dt.date(2026, 11, 1)
    big, _ = Centre.objects.get_or_create(name="Centre fictif BENCH", region="Auvergne-Rhône-Alpes")
    little, _ = Centre.objects.get_or_create(name="Centre fictif PETIT", region="Bretagne")
    users = {}
    for username, centre, role in (
        ("bench-clin", big, CLINICIAN),
        ("bench-secr", big, SECRETARY),
        ("petit-clin", little, CLINICIAN),
    ):
        user, _ = User.objects.get_or_create(username=username, defaults={"centre": centre})
        user.set_password(BENCH_PASSWORD)
        user.centre = centre
        user.save()
        assign_role(user, role)
        users[username] = user

    for centre, count in ((big, n_cases), (little, small)):
        existing = Case.objects.filter(centre=centre).count()
        _bulk_cases(centre, range(existing, count), rng, today, Patient, Case)
        cases = list(
            Case.objects.filter(centre=centre, treatment_lines__isnull=True).order_by("pk")
        )
        lines, sites = [], []
        for case in cases:
            profile = PROFILES[case.pk % len(PROFILES)]
            start = today - dt.timedelta(days=30 * 40)
            for code, months, reason in profile["lines"]:
                end = start + dt.timedelta(days=30 * months)
                lines.append(
                    TreatmentLine(
                        case=case,
                        treatment=code,
                        start_date=start,
                        end_date=end if reason else None,
                        reason_stopped=reason,
                        best_response="stable",
                    )
                )
                start = end
            sites += [MetastaticSite(case=case, site=s) for s in profile["sites"]]
        TreatmentLine.objects.bulk_create(lines, batch_size=1000)
        MetastaticSite.objects.bulk_create(sites, batch_size=1000, ignore_conflicts=True)
    return {"users": list(users), "cases": Case.objects.count()}


def _bulk_cases(centre, numbers, rng, today, Patient, Case) -> None:
    patients, cases = [], []
    for n in numbers:
        patients.append(
            Patient(
                centre=centre,
                family_name=f"BENCH-{n:05d}",
                given_names=rng.choice(["Alex", "Camille", "Dominique", "Claude"]),
                birth_date=dt.date(1940 + n % 50, 1 + n % 12, 1 + n % 28),
                sex=rng.choice("FM"),
                ipp=f"B{centre.pk}-{n:06d}",
            )
        )
    Patient.objects.bulk_create(patients, batch_size=1000)
    for patient in Patient.objects.filter(centre=centre, cases__isnull=True):
        n = int(patient.ipp.rsplit("-", 1)[1])
        facts = {
            k: v for k, v in PROFILES[n % len(PROFILES)].items() if k not in ("lines", "sites")
        }
        cases.append(
            Case(
                centre=centre,
                patient=patient,
                referring_physician="Dr Fictif",
                reason="progression"
                if facts["disease_extent"] == "metastatic"
                else "post_operative",
                status=rng.choice(["draft", "ready", "registered"]),
                question="Quelle stratégie thérapeutique ?",
                clinical_summary="Résumé fictif de banc d'essai.",
                progression_imaging_1_date=today - dt.timedelta(days=200),
                progression_imaging_2_date=today - dt.timedelta(days=20),
                **facts,
            )
        )
    Case.objects.bulk_create(cases, batch_size=1000)


def main() -> None:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaten.settings")
    django.setup()
    print(build(args.cases))


if __name__ == "__main__":
    main()

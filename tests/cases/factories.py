"""Factories for case records. Every name and identifier is fictional."""

import datetime as dt

import factory

from cases.models import Case, MetastaticSite, Patient, TreatmentLine
from tests.factories import CentreFactory


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    centre = factory.SubFactory(CentreFactory)
    family_name = factory.Sequence(lambda n: f"FICTIF-{n:04d}")
    given_names = "Dominique"
    birth_date = dt.date(1961, 4, 12)
    sex = Patient.Sex.FEMALE
    ipp = factory.Sequence(lambda n: f"TEST-{n:06d}")


class CaseFactory(factory.django.DjangoModelFactory):
    """A draft localised typical carcinoid by default; see the traits for other settings."""

    class Meta:
        model = Case

    class Params:
        # Metastatic atypical carcinoid, slowly progressive, SSTR-positive, complete for "ready".
        metastatic = factory.Trait(
            histology="atypical",
            histology_source="biopsy",
            disease_extent="metastatic",
            tnm_t="T2a",
            tnm_n="N1",
            tnm_m="M1b",
            ki67_percent=8,
            reason=Case.Reason.PROGRESSION,
            progression="slow",
            progression_imaging_1_date=dt.date(2025, 1, 10),
            progression_imaging_2_date=dt.date(2025, 7, 10),
            sstr_imaging="positive",
            sstr_imaging_date=dt.date(2025, 7, 20),
            carcinoid_syndrome="none",
            surgery_done=None,
        )
        # Operated localised typical carcinoid, R0 N0, complete for "ready".
        resected = factory.Trait(
            histology="typical",
            histology_source="surgical_specimen",
            disease_extent="localized",
            tnm_t="T1b",
            tnm_n="N0",
            tnm_m="M0",
            ki67_percent=2,
            reason=Case.Reason.POST_OPERATIVE,
            surgery_done=True,
            surgery_date=dt.date(2025, 3, 3),
            surgery_type="lobectomy",
            resection_status="R0",
            nodal_status="N0",
        )

    centre = factory.SubFactory(CentreFactory)
    patient = factory.SubFactory(PatientFactory, centre=factory.SelfAttribute("..centre"))
    referring_physician = "Dr Exemple-Fictif"
    reason = Case.Reason.NEW_DIAGNOSIS
    question = "Quelle prise en charge proposer ?"
    histology = "typical"
    histology_source = "biopsy"
    disease_extent = "localized"
    tnm_t = "T1b"
    tnm_n = "N0"
    tnm_m = "M0"


class MetastaticSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetastaticSite
        django_get_or_create = ("case", "site")

    case = factory.SubFactory(CaseFactory, metastatic=True)
    site = "liver"


class TreatmentLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TreatmentLine

    case = factory.SubFactory(CaseFactory, metastatic=True)
    treatment = "ssa_antitumour"
    start_date = dt.date(2024, 1, 15)
    end_date = None
    best_response = TreatmentLine.BestResponse.STABLE
    reason_stopped = ""


def metastatic_case(**kwargs) -> Case:
    """A metastatic CA with a liver site, ready to be marked ready."""
    case = CaseFactory(metastatic=True, **kwargs)
    MetastaticSiteFactory(case=case, site="liver")
    return case


def localised_case(**kwargs) -> Case:
    """An operated localised CT (R0, N0)."""
    return CaseFactory(resected=True, **kwargs)

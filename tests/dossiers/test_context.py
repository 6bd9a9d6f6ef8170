"""The dossier's content before layout: the same French wording as the case page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cases.models import Case, MetastaticSite
from dossiers.context import board_header, build_case_dossier, imaging_rows, tumour_rows
from dossiers.render import case_queryset
from tests.board_sessions.factories import BoardFactory
from tests.cases.factories import CaseFactory
from tests.dossiers.conftest import GENERATED_AT, cpc_case

pytestmark = pytest.mark.django_db


def _options(dossier):
    evaluation = dossier.evaluation
    return [o for group in evaluation.eligible_groups for o in group.options] + list(
        evaluation.pending + evaluation.ineligible
    )


def test_the_reasons_of_the_options_name_facts_and_values_in_french(centre):
    # Slowly progressive, after an everolimus line stopped for progression.
    case = case_queryset().get(pk=cpc_case(centre).pk)
    assert case.progression == "slow"
    assert case.treatment_lines.filter(treatment="everolimus", reason_stopped="progression")

    options = {o.code: o for o in _options(build_case_dossier(case, generated_at=GENERATED_AT))}

    lutathera = options["prrt_lutathera"]
    assert "Pente évolutive : Lentement progressive" in lutathera.because
    assert "Traitements antérieurs : Évérolimus (Afinitor®) (progression (échec))" in (
        lutathera.because
    )
    assert "Extension de la maladie : Métastatique" in lutathera.because
    assert "TEP au FDG : Négative" in lutathera.because
    because = [item for o in options.values() for item in o.because]
    assert not [item for item in because if "slow" in item or "everolimus" in item]
    everolimus = options["everolimus"]
    assert everolimus.eligibility == "ineligible"
    assert everolimus.unmet == (
        "Traitements antérieurs : échec antérieur (progression) : Évérolimus (Afinitor®)",
    )
    assert everolimus.excluded_by == everolimus.unmet


def test_every_filled_tumour_field_is_printed_in_the_form_order(centre):
    case = CaseFactory(
        centre=centre,
        resected=True,
        ki67_percent=Decimal("12.50"),
        mitoses_per_2mm2=Decimal("10.0"),
        necrosis=True,
        surgical_contraindication=False,
        disproportionate_resection=True,
        primary_resectable=False,
        primary_symptomatic=True,
        tumour_burden="low",
        symptomatic=False,
        widely_disseminated=True,
        liver_resectable=True,
        liver_predominant=False,
        other_lesions_outside_liver_and_primary=True,
        portal_vein_thrombosis=False,
        biliodigestive_anastomosis=True,
        bone_metastases_threatening=False,
        carcinoid_syndrome="controlled",
        carcinoid_crisis=True,
        refractory_diarrhoea=False,
        cushing_syndrome=True,
        planned_procedures=["liver_surgery", "prrt"],
        contraindications=["everolimus", "sunitinib"],
        sstr_imaging="positive",
        fdg_pet="negative",
        fdg_pet_date=dt.date(2025, 2, 3),
    )
    MetastaticSite.objects.create(case=case, site="bone", details="rachis")
    case = Case.objects.get(pk=case.pk)

    rows = [(r.label, r.value) for r in tumour_rows(case, case.metastatic_sites.all())]

    assert rows == [
        ("Histologie", "Carcinoïde typique (CT)"),
        ("Origine de l'histologie", "Pièce opératoire"),
        ("Ki-67 (%)", "12,5"),
        ("Mitoses / 2 mm²", "10"),
        ("Nécrose", "Oui"),
        ("T", "T1b"),
        ("N", "N0"),
        ("M", "M0"),
        ("Extension", "Localisée"),
        ("Primitif opéré", "Oui"),
        ("Date de la chirurgie", "3 mars 2025"),
        ("Type de chirurgie", "Lobectomie"),
        ("Qualité d'exérèse", "R0"),
        ("Statut ganglionnaire (pN)", "N0"),
        ("Contre-indication chirurgicale", "Non"),
        ("Exérèse parenchymateuse disproportionnée", "Oui"),
        ("Primitif résécable", "Non"),
        ("Primitif symptomatique (hémoptysie, toux, infections)", "Oui"),
        ("Masse tumorale", "Faible masse tumorale"),
        ("Symptomatique", "Non"),
        ("Très largement disséminée", "Oui"),
        ("Métastases hépatiques résécables", "Oui"),
        ("Atteinte hépatique prédominante", "Non"),
        ("Autres lésions hors foie et primitif", "Oui"),
        ("Thrombose portale", "Non"),
        ("Anastomose bilio-digestive", "Oui"),
        ("Métastases osseuses menaçantes ou symptomatiques", "Non"),
        ("Syndrome carcinoïde", "Contrôlé"),
        ("Syndrome menaçant / crise carcinoïde", "Oui"),
        ("Diarrhée réfractaire aux ASM", "Non"),
        ("Syndrome de Cushing", "Oui"),
        ("Gestes envisagés", "Chirurgie hépatique, RIV (Lutathera®)"),
        ("Contre-indications", "Évérolimus (Afinitor®), Sunitinib"),
        ("Sites métastatiques", "Os (rachis)"),
    ]
    assert [(r.label, r.value) for r in imaging_rows(case)] == [
        ("Imagerie des récepteurs de la somatostatine", "Positive (fixante)"),
        ("TEP au FDG", "Négative — 3 février 2025"),
        ("Pente évolutive", "non renseigné"),
    ]


def test_key_fields_are_printed_even_when_unknown_and_the_others_are_left_out(centre):
    case = CaseFactory(
        centre=centre, histology="", histology_source="", disease_extent="", tnm_t="", tnm_n=""
    )
    rows = [(r.label, r.value) for r in tumour_rows(case, [])]
    assert rows == [
        ("Histologie", "non renseigné"),
        ("Ki-67 (%)", "non renseigné"),
        ("Mitoses / 2 mm²", "non renseigné"),
        ("M", "M0"),
        ("Extension", "non renseigné"),
    ]


def test_the_header_names_the_board_once(db):
    board = BoardFactory(name="RCP fictive du contact", email="rcp@example.org")
    header = board_header(board)
    assert header.board_name == "RCP fictive du contact"
    assert board.contact_lines()[0] == board.name
    assert header.board_contact == tuple(board.contact_lines()[1:])
    assert "Courriel : rcp@example.org" in header.board_contact


def test_the_pdf_prints_the_follow_up_calendar_past_ten_years(centre):
    # L9: "Durée de surveillance CT et CA : plus de 10 ans" — the PDF prints the dates of the one
    # calendar function (guidelines.engine.follow_up.calendar), the last after ten years.
    case = CaseFactory(
        centre=centre,
        resected=True,
        histology="atypical",
        nodal_status="N+",
        surgery_date=dt.date(2025, 3, 3),
    )
    dossier = build_case_dossier(case_queryset().get(pk=case.pk), generated_at=GENERATED_AT)
    follow_up = dossier.evaluation.follow_up
    assert follow_up.dates[0].startswith("3 juillet 2025")
    assert follow_up.dates[-1].startswith("3 juillet 2035")

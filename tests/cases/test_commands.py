"""export_case / import_case: cases move between installations; bad files change nothing."""

import copy
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.facts import case_to_facts
from cases.models import Case, MetastaticSite, Patient, TreatmentLine
from tests.cases.factories import (
    MetastaticSiteFactory,
    PatientFactory,
    TreatmentLineFactory,
    metastatic_case,
)


@pytest.fixture
def exported(centre):
    case = metastatic_case(
        centre=centre,
        clinical_trial_nct="NCT04665739",
        fdg_pet="negative",
        fdg_pet_date=dt.date(2025, 7, 21),
        ki67_percent=12.5,
    )
    MetastaticSiteFactory(case=case, site="bone", details="Rachis <T8>")
    TreatmentLineFactory(
        case=case,
        treatment="everolimus",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 1, 1),
        reason_stopped="progression",
        comment="Échec « net »",
    )
    TreatmentLineFactory(case=case, treatment="ssa_antitumour", start_date=dt.date(2025, 2, 1))
    out = io.StringIO()
    call_command("export_case", str(case.pk), stdout=out)
    return case, json.loads(out.getvalue())


def _import(tmp_path, data, centre, raw=None):
    path = tmp_path / "case.json"
    path.write_text(raw if raw is not None else json.dumps(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_case", str(path), "--centre", str(centre.pk), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _counts():
    return (
        Patient.objects.count(),
        Case.objects.count(),
        MetastaticSite.objects.count(),
        TreatmentLine.objects.count(),
    )


def test_export_format(exported):
    case, data = exported
    assert data["format"] == "renaten-rcp-case" and data["version"] == 1
    assert data["patient"]["ipp"] == case.patient.ipp
    assert data["patient"]["birth_date"] == "1961-04-12"
    assert data["case"]["clinical_trial_nct"] == "NCT04665739"
    assert data["facts"]["ki67_percent"] == 12.5
    assert data["facts"]["metastatic_sites"] == ["bone", "liver"]
    assert [line["treatment"] for line in data["treatment_lines"]] == [
        "everolimus",
        "ssa_antitumour",
    ]


def test_round_trip_into_another_centre(exported, other_centre, tmp_path):
    case, data = exported
    out, _err = _import(tmp_path, data, other_centre)
    copy_ = Case.objects.exclude(pk=case.pk).get()
    assert f"n° {copy_.pk}" in out
    assert copy_.centre == other_centre and copy_.patient.centre == other_centre
    assert copy_.status == Case.Status.DRAFT
    assert case_to_facts(copy_) == case_to_facts(case)
    assert list(copy_.metastatic_sites.values_list("site", "details")) == list(
        case.metastatic_sites.values_list("site", "details")
    )
    fields = ("treatment", "start_date", "end_date", "best_response", "reason_stopped", "comment")
    assert list(copy_.treatment_lines.values_list(*fields)) == list(
        case.treatment_lines.values_list(*fields)
    )
    again = io.StringIO()
    call_command("export_case", str(copy_.pk), stdout=again)
    exported_again = json.loads(again.getvalue())
    assert exported_again["facts"] == data["facts"]
    assert exported_again["patient"] == data["patient"]


def test_import_reuses_the_same_patient(exported, centre, tmp_path):
    case, data = exported
    _import(tmp_path, data, centre)
    assert Patient.objects.count() == 1
    assert case.patient.cases.count() == 2


def _broken(data, path, value):
    broken = copy.deepcopy(data)
    target = broken
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (("version",), 2, "version"),
        (("format",), "autre", "format"),
        (("facts", "histology"), "small_cell", "facts.histology"),
        (("facts", "ki67_percent"), 150, "facts.ki67_percent"),
        (("facts", "disease_extent"), KeyError, "facts.disease_extent"),
        (("facts", "colour"), "blue", "facts.colour"),
        (("facts", "metastatic_sites"), ["liver"], "incohérent"),
        (("patient", "birth_date"), "12/04/1961", "date invalide"),
        (("patient", "ins"), "123", "INS invalide"),
        (("patient", "nickname"), "Dodo", "clé inconnue"),
        (("case", "tnm_m"), "M0", "case.tnm_m"),
        (("case", "clinical_trial_nct"), "NCT1", "case.clinical_trial_nct"),
        (("case", "surgery_date"), "2999-01-01", "futur"),
        (("treatment_lines", 0, "end_date"), "2020-01-01", "treatment_lines[1].end_date"),
        (("treatment_lines", 1, "treatment"), "homeopathy", "treatment_lines[2].treatment"),
        (("metastatic_sites", 0, "site"), "moon", "metastatic_sites[1].site"),
        (("patient",), "oops", "patient"),
    ],
)
def test_bad_files_are_refused_with_reasons_and_nothing_imported(
    exported, other_centre, tmp_path, path, value, reason
):
    _case, data = exported
    before = _counts()
    with pytest.raises(CommandError) as refused:
        _import(tmp_path, _broken(data, path, value), other_centre)
    assert "rien n'a été importé" in str(refused.value)
    assert _counts() == before


def test_reasons_go_to_stderr(exported, other_centre, tmp_path, capsys):
    _case, data = exported
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_broken(data, ("facts", "ki67_percent"), 150)), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_case", str(path), "--centre", other_centre.name, stderr=err)
    assert "facts.ki67_percent" in err.getvalue()
    assert "entre 0 et 100" in err.getvalue()


def test_ipp_of_another_patient_is_refused(exported, other_centre, tmp_path):
    _case, data = exported
    PatientFactory(centre=other_centre, ipp=data["patient"]["ipp"], family_name="AUTRE-TEST")
    before = _counts()
    with pytest.raises(CommandError):
        _import(tmp_path, data, other_centre)
    assert _counts() == before


@pytest.mark.parametrize("raw", ["{not json", "[]", "null", '"text"'])
def test_not_a_case_file(exported, other_centre, tmp_path, raw):
    before = _counts()
    with pytest.raises(CommandError):
        _import(tmp_path, None, other_centre, raw=raw)
    assert _counts() == before


def test_unknown_centre_and_missing_file(tmp_path, db):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("import_case", str(tmp_path / "x.json"), "--centre", "Nulle part")


def test_export_unknown_case(db):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("export_case", "99999")


def test_unknown_board_is_a_warning(exported, other_centre, tmp_path):
    _case, data = exported
    data["case"]["board"] = "RCP qui n'existe pas ici"
    _out, err = _import(tmp_path, data, other_centre)
    assert "inconnue ici" in err
    assert Case.objects.filter(centre=other_centre, board__isnull=True).count() == 1


def test_export_to_file(exported, tmp_path):
    case, data = exported
    target = tmp_path / "out.json"
    call_command("export_case", str(case.pk), "--output", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text(encoding="utf-8")) == data

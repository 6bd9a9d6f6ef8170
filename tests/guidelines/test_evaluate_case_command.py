import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
# The command reads the administrator's Ki-67 threshold from the database.
pytestmark = pytest.mark.django_db

SITUATIONS = {
    "localised_ct": {"histology": "typical", "disease_extent": "localized"},
    "resected_ca_n_plus": {
        "histology": "atypical",
        "disease_extent": "localized",
        "surgery_done": True,
        "surgery_type": "lobectomy",
        "resection_status": "R0",
        "nodal_status": "N+",
    },
    "metastatic_prrt_candidate": {
        "histology": "atypical",
        "disease_extent": "metastatic",
        "progression": "rapid",
        "sstr_imaging": "positive",
        "fdg_pet": "positive",
        "prior_treatments": [{"treatment": "everolimus", "outcome": "progression"}],
    },
    "secretory": {
        "histology": "typical",
        "disease_extent": "metastatic",
        "carcinoid_syndrome": "uncontrolled",
        "metastatic_sites": ["liver"],
    },
}


def _run(*args, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "manage.py", "evaluate_case", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", SITUATIONS)
def test_answers_contract_json(name, tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(SITUATIONS[name]))
    out = io.StringIO()
    call_command("evaluate_case", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert {"referentiel", "engine_version", "setting", "alerts", "options", "follow_up"} <= set(
        result
    )
    assert result["setting"] == SITUATIONS[name]["disease_extent"]
    for option in result["options"]:
        assert option["rules"] and option["regulatory"]


def test_prrt_candidate_is_offered_lutathera_under_cpc(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(SITUATIONS["metastatic_prrt_candidate"]))
    out = io.StringIO()
    call_command("evaluate_case", str(path), stdout=out)
    prrt = next(o for o in json.loads(out.getvalue())["options"] if o["code"] == "prrt_lutathera")
    assert prrt["eligible"] is True
    assert prrt["regulatory"] == "compassionate_cpc"
    assert "T7" in prrt["rules"]


def test_reads_standard_input():
    result = _run("-", stdin=json.dumps(SITUATIONS["localised_ct"]))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["setting"] == "localized"


def test_bad_input_exits_2_with_field_errors_and_no_traceback():
    result = _run("-", stdin=json.dumps({"histology": "squamous", "ki67_percent": 140}))
    assert result.returncode == 2
    assert "histology:" in result.stderr
    assert "ki67_percent:" in result.stderr
    assert "disease_extent:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("stdin", ["{not json", "", "[1, 2]", "null"])
def test_unreadable_input_exits_2(stdin):
    result = _run("-", stdin=stdin)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_missing_file_exits_2():
    result = _run("/nonexistent/facts.json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("facts", "fields"),
    [
        (
            {"histology": "typical", "disease_extent": "localized", "metastatic_sites": ["liver"]},
            ("disease_extent", "metastatic_sites"),
        ),
        (
            {
                "histology": "typical",
                "disease_extent": "metastatic",
                "carcinoid_crisis": True,
                "carcinoid_syndrome": "none",
            },
            ("carcinoid_crisis", "carcinoid_syndrome"),
        ),
        (
            {
                "histology": "typical",
                "disease_extent": "metastatic",
                "contraindications": ["everolimus"],
                "prior_treatments": [{"treatment": "everolimus", "outcome": "ongoing"}],
            },
            ("contraindications", "prior_treatments"),
        ),
    ],
)
def test_contradictions_exit_2_naming_both_fields(facts, fields):
    """Issue 12, class 1: contradictory facts are bad input, never evaluated."""
    result = _run("-", stdin=json.dumps(facts))
    assert result.returncode == 2
    assert result.stdout == ""
    for name in fields:
        assert f"{name}: incompatible avec" in result.stderr

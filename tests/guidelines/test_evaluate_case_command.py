import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

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
    """The real process: one end-to-end test (exit code, streams) uses it."""
    return subprocess.run(
        [sys.executable, "manage.py", "evaluate_case", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _call(*args, stdin: str = "", monkeypatch) -> tuple[int, str, str]:
    """In-process: (exit code, stdout, stderr), as a shell would see them."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("evaluate_case", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


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


def test_reads_standard_input(monkeypatch):
    code, out, err = _call(
        "-", stdin=json.dumps(SITUATIONS["localised_ct"]), monkeypatch=monkeypatch
    )
    assert code == 0, err
    assert json.loads(out)["setting"] == "localized"


def test_bad_input_exits_2_with_field_errors_and_no_traceback():
    """End to end, in its own process: the exit code and the streams a script sees."""
    result = _run("-", stdin=json.dumps({"histology": "squamous", "ki67_percent": 140}))
    assert result.returncode == 2
    assert "histology:" in result.stderr
    assert "ki67_percent:" in result.stderr
    assert "disease_extent:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "stdin",
    ["{not json", "", "[1, 2]", "null", "[" * 50_000, '{"ki67_percent": ' + "9" * 5000 + "}"],
    ids=["syntax", "empty", "list", "null", "deep", "huge-number"],
)
def test_unreadable_input_exits_2(stdin, monkeypatch):
    code, out, err = _call("-", stdin=stdin, monkeypatch=monkeypatch)
    assert code == 2
    assert err.strip() and out == ""


def test_missing_file_exits_2(monkeypatch):
    code, _, err = _call("/nonexistent/facts.json", monkeypatch=monkeypatch)
    assert code == 2
    assert "Lecture impossible" in err

"""The bench harness itself: form reading, percentiles, verdicts, and the real load scenario
(login, per-user CSRF token, htmx panel, list) driven against a live server for a second."""

import itertools
import time

import pytest

from benchmarks import load, run
from benchmarks.formdata import form_fields
from tests.cases.factories import metastatic_case
from tests.factories import TEST_PASSWORD

FORM = """
<form id="other"><input name="ignored" value="x"></form>
<form id="case-form">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <input name="ki67_percent" value="12">
  <input type="checkbox" name="symptomatic" checked>
  <input type="checkbox" name="surgery_done">
  <input type="radio" name="sex" value="F" checked><input type="radio" name="sex" value="M">
  <select name="histology"><option value="">—</option><option value="typical" selected>TC</option>
  </select>
  <select name="board"><option value="">—</option><option value="3">RCP</option></select>
  <textarea name="question">Quelle stratégie &amp; quand ?</textarea>
  <input type="submit" name="go" value="Enregistrer">
</form>
"""


def test_form_fields_reads_what_a_browser_would_submit():
    assert form_fields(FORM, "case-form") == [
        ("csrfmiddlewaretoken", "tok"),
        ("ki67_percent", "12"),
        ("symptomatic", "on"),
        ("sex", "F"),
        ("histology", "typical"),
        ("board", ""),
        ("question", "Quelle stratégie & quand ?"),
    ]


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([], 95, None), ([7.0], 95, 7.0), (list(range(1, 101)), 50, 50.5), ([1, 2, 3, 4], 95, 3.85)],
)
def test_percentile(values, q, expected):
    result = load.percentile([float(v) for v in values], q)
    if expected is None:
        assert result != result  # NaN: no sample, no figure
    else:
        assert result == pytest.approx(expected)


def test_verdicts_compare_each_figure_with_its_target():
    verdicts = run.verdicts({"engine_evals_per_s": 4999, "panel_p95_ms": 149.9, "errors": 0})
    assert verdicts["engine_evals_per_s"] == {"target": ">= 5000", "met": False}
    assert verdicts["panel_p95_ms"]["met"] is True
    assert verdicts["errors"]["met"] is True
    assert "list_p95_ms" not in verdicts  # not measured in this run


def test_summary_has_the_table_the_growth_and_the_machine():
    results = {
        "engine_evals_per_s": 6000,
        "panel_p50_ms": 20.0,
        "panel_p95_ms": 90.0,
        "session10_s": 2.0,
        "session40_s": 8.0,
        "by_users": {
            "1": {
                "panel_p50_ms": 9,
                "panel_p95_ms": 12,
                "list_p95_ms": 20,
                "requests_per_s": 50,
                "errors": 0,
            },
            "20": {
                "panel_p50_ms": 20,
                "panel_p95_ms": 90,
                "list_p95_ms": 80,
                "requests_per_s": 18,
                "errors": 0,
            },
        },
        "measured_at": "2026-11-27T21:00:00+00:00",
        "machine": {"cpu": "Test CPU", "cores": 2, "python": "3.11.7"},
    }
    text = run.summary(results)
    assert "| Engine evaluations / s (one core) | 6000 | ≥ 5,000 |" in text
    assert "| 20 | 20 / 90 | 80 | — | — | — / — / — | 18 | 0 |" in text
    assert "0.20 s more per case" in text
    assert "Test CPU (2 cores)" in text


def test_summary_labels_follow_the_run_and_the_targets(monkeypatch):
    monkeypatch.setitem(run.TARGETS, "panel_p95_ms", ("<", 120))
    monkeypatch.setitem(run.TARGETS, "engine_evals_per_s", (">=", 12000))
    results = {
        "users": 12,
        "think_time_s": [0.2, 0.8],
        "panel_p50_ms": 20.0,
        "panel_p95_ms": 90.0,
        "errors": 0,
        "by_users": {"12": {"panel_p50_ms": 20, "panel_p95_ms": 90, "list_p95_ms": 80,
                            "requests_per_s": 18, "errors": 0}},
        "measured_at": "2026-11-27T21:00:00+00:00",
        "machine": {"cpu": "Test CPU", "cores": 2, "python": "3.11.7"},
    }  # fmt: skip
    text = run.summary(results)
    assert "| Panel p50 / p95 (ms), 12 users | 20.0 / 90.0 | p95 < 120 |" in text
    assert "| Case list p95 (ms), 12 users | — | < 250 |" in text
    assert "| Engine evaluations / s (one core) | — | ≥ 12,000 |" in text
    assert "| HTTP errors under load | 0 | 0 |" in text
    assert "(0.2–0.8 s pause between actions; 1 user: none)" in text
    assert "20 users" not in text


def test_errors_are_counted_by_kind_and_in_total():
    samples = load.Samples()
    samples.add("panel", 5.0, True)
    samples.add("panel", 7.0, False, "403")
    samples.add("panel", 9.0, False, "403")
    samples.add("list", 3.0, False, "ConnectionResetError")
    assert samples.error_kinds == {"panel 403": 2, "list ConnectionResetError": 1}
    assert samples.errors == 3
    assert len(samples.latencies_ms["panel"]) == 3  # failures are timed too


@pytest.mark.parametrize("floor_probe", [True, False])
@pytest.mark.django_db(transaction=True)
def test_the_load_scenario_runs_without_errors_against_a_live_server(
    live_server, clinician, floor_probe
):
    cases = [metastatic_case(centre=clinician.centre) for _ in range(2)]
    host, port = live_server.thread.host, live_server.thread.port
    samples = run._drive(
        port,
        [case.pk for case in cases],
        users=2,
        seconds=1,
        think=(0.0, 0.0),
        host=host,
        username=clinician.username,
        password=TEST_PASSWORD,
        floor_probe=floor_probe,
    )
    assert samples.error_kinds == {} and samples.errors == 0
    assert samples.latencies_ms["panel"] and samples.latencies_ms["list"]
    assert samples.latencies_ms["form"]  # opening the form is timed apart
    floors = len(samples.latencies_ms["floor"])
    if floor_probe:  # one more client, ten times a second for the whole run
        assert 5 <= floors <= 12
    else:  # each user, after each visit
        assert floors == len(samples.latencies_ms["list"])
    assert samples.seconds >= 1


def _one_user_for_a_second(live_server, clinician, **options) -> load.Samples:
    return load.run_users(
        host=live_server.thread.host,
        port=live_server.thread.port,
        users=1,
        seconds=1,
        username=clinician.username,
        password=TEST_PASSWORD,
        **options,
    )


def _probed_for_a_second(live_server, clinician, probe) -> load.Samples:
    """One idle-ish user, and `probe` scheduled every 0.2 s."""
    return _one_user_for_a_second(
        live_server,
        clinician,
        scenario=lambda session, samples: time.sleep(0.05),
        probe=probe,
        probe_every=0.2,
    )


@pytest.mark.django_db(transaction=True)
def test_the_probe_samples_at_even_intervals_beside_the_users(live_server, clinician):
    seen = []

    def probe(session, samples):
        seen.append(time.monotonic())
        load.timed(samples, "floor", lambda: session.request("GET", "/session/"))

    samples = _probed_for_a_second(live_server, clinician, probe)
    assert samples.errors == 0
    assert len(samples.latencies_ms["floor"]) == len(seen)
    assert 4 <= len(seen) <= 6  # at 0, 0.2, … 0.8 s (and 1.0, by rounding)
    gaps = [b - a for a, b in itertools.pairwise(seen)]
    assert all(0.1 < gap < 0.5 for gap in gaps)  # on schedule, not back to back


@pytest.mark.django_db(transaction=True)
def test_a_slow_probe_skips_the_slots_it_overran_and_a_broken_one_is_counted(
    live_server, clinician
):
    seen = []

    def probe(session, samples):
        seen.append(time.monotonic())
        if len(seen) == 1:
            time.sleep(0.45)  # overruns the slots at 0.2 and 0.4 s
        if len(seen) == 3:
            raise ConnectionResetError

    samples = _probed_for_a_second(live_server, clinician, probe)
    assert len(seen) == 3  # at 0, 0.6 (not 0.45 twice) and 0.8 s, where it broke
    assert seen[1] - seen[0] > 0.5
    assert samples.error_kinds == {"probe ConnectionResetError": 1}


@pytest.mark.django_db(transaction=True)
def test_a_user_whose_scenario_breaks_is_counted_as_an_error(live_server, clinician):
    def scenario(session, samples):
        raise KeyError("no form on the page")

    samples = _one_user_for_a_second(live_server, clinician, scenario=scenario)
    assert samples.error_kinds == {"scenario KeyError": 1}
    assert samples.errors == 1


def test_ratios_to_the_floor_and_the_40_user_keys():
    samples = load.Samples()
    for name, ms in (("floor", 10.0), ("panel", 25.0), ("form", 45.0), ("list", 30.0)):
        samples.add(name, ms, True)
    samples.seconds = 1.0
    figures = run._figures(samples)
    assert figures["floor_p95_ms"] == 10.0
    assert (figures["panel_vs_floor"], figures["form_vs_floor"]) == (2.5, 4.5)
    assert run._ratio(5.0, float("nan")) is None  # no floor sample, no ratio
    verdicts = run.verdicts(
        {"form_vs_floor_40": 4.5, "panel_vs_floor_40": 3.2, "dossier_vs_chromium": None}
    )
    assert verdicts["form_vs_floor_40"] == {"target": "<= 5", "met": True}
    assert verdicts["panel_vs_floor_40"]["met"] is False
    assert "dossier_vs_chromium" not in verdicts  # skipped: no verdict

import pytest
from django.core.management import call_command

from cases.demo import DEMO_CASES
from cases.evaluation import evaluate_case, readiness_problems
from cases.models import Case


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=None)
    return Case.objects.filter(patient__ipp__startswith="DEMO-").select_related("patient")


def _by_ipp(demo, ipp):
    return demo.get(patient__ipp=ipp)


def test_demo_loads_fictional_cases_idempotently(demo):
    assert demo.count() == len(DEMO_CASES)
    assert 8 <= demo.count() <= 10
    call_command("load_demo")
    assert Case.objects.filter(patient__ipp__startswith="DEMO-").count() == len(DEMO_CASES)
    for case in demo:
        assert case.patient.family_name.endswith("-TEST")
        assert case.patient.ipp.startswith("DEMO-")


def test_every_ready_demo_case_is_really_ready(demo):
    ready = [case for case in demo if case.status == Case.Status.READY]
    assert len(ready) >= 4
    for case in ready:
        assert readiness_problems(case) == [], case.patient.ipp


def test_every_demo_case_is_evaluated(demo):
    for case in demo:
        evaluation = evaluate_case(case)
        assert evaluation.result is not None, (case.patient.ipp, evaluation.errors)


@pytest.mark.parametrize(
    ("ipp", "eligible_option"),
    [
        ("DEMO-0001", "surgery_anatomical_resection"),
        ("DEMO-0002", "lobectomy_mediastinal_dissection"),
        ("DEMO-0005", "watchful_waiting"),
        ("DEMO-0006", "everolimus"),
        ("DEMO-0007", "telotristat"),
        ("DEMO-0008", "prrt_lutathera"),
    ],
)
def test_demo_cases_illustrate_their_setting(demo, ipp, eligible_option):
    result = evaluate_case(_by_ipp(demo, ipp)).result
    eligible = {option["code"] for option in result["options"] if option["eligible"]}
    assert eligible_option in eligible, sorted(eligible)


@pytest.mark.parametrize(
    ("ipp", "follow_up"),
    [
        ("DEMO-0003", "follow_up_optional_low_irradiation"),
        ("DEMO-0004", "follow_up_ct_4m_then_yearly"),
    ],
)
def test_resected_demo_cases_get_their_follow_up(demo, ipp, follow_up):
    result = evaluate_case(_by_ipp(demo, ipp)).result
    assert result["follow_up"]["code"] == follow_up

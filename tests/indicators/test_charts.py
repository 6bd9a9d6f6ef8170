"""Each indicator on the hand-written data set of conftest.py; one query per chart."""

import dataclasses
import json

import pytest
from django.core.management import call_command

from indicators import charts
from indicators.export import chart_csv
from indicators.stats import median, p90, percent_label

pytestmark = pytest.mark.django_db


def test_activity(dataset):
    chart = charts.activity(dataset["period"])
    # S1 (3) + S2 (2) + S3 (1) registered in the period; S1 + S2 held; 2 late of 6.
    # Held: 5, of which 1 deferred by its validated fiche → 4 presented.
    assert chart.figures == {
        "registered": 6,
        "presented": 4,
        "deferred": 1,
        "not_discussed": 0,
        "late_registered": 2,
        "late_share": 2 / 6,
    }
    assert chart.rows[-1] == ("Inscrits tardivement", 2, "33,3 %")


def test_presentation_to_validation(dataset):
    chart = charts.presentation_to_validation(dataset["period"])
    # 1, 3, 7, 10 days: median 5; p90 nearest rank = 4th of 4 = 10. The draft does not count.
    assert chart.figures == {"count": 4, "median_days": 5, "p90_days": 10}


def test_referentiel_concordance_with_justifications(dataset):
    chart = charts.referentiel_concordance(dataset["period"])
    assert chart.figures == {
        "proposals": 3,
        "in_referentiel": 2,
        "out_of_referentiel": 1,
        "in_share": 2 / 3,
        "justifications": ["Patient très âgé, préférence exprimée (fictif)."],
    }
    assert [bar.display for bar in chart.bars] == ["2 (66,7 %)", "1 (33,3 %)"]


def test_cpc_and_off_label_by_treatment(dataset):
    chart = charts.cpc_off_label(dataset["period"])
    assert chart.rows == [
        ("Lutathera (fictif)", "Cadre de prescription compassionnelle (CPC)", 2),
        ("ASM antitumoraux (fictif)", "Hors AMM", 1),
    ]
    assert chart.figures["by_treatment"] == [
        {"treatment": "Lutathera (fictif)", "regulatory": "compassionate_cpc", "decisions": 2},
        {"treatment": "ASM antitumoraux (fictif)", "regulatory": "off_label", "decisions": 1},
    ]


def test_treatment_concordance_and_reasons(dataset):
    chart = charts.treatment_concordance(dataset["period"])
    assert chart.figures == {
        "treatments_started": 3,
        "concordant": 2,
        "concordant_share": 2 / 3,
        "reasons": {"Choix du patient": 1},
    }
    assert chart.rows[0][1:3] == ("Évérolimus (Afinitor®)", "Choix du patient")


def test_ready_to_presentation_median_and_p90(dataset):
    chart = charts.ready_to_presentation(dataset["period"])
    # Delays 5, 10, 12 (S1) and 20, 40 (S2): median 12; p90 nearest rank = 5th of 5 = 40.
    assert sorted(row[3] for row in chart.rows) == [5, 10, 12, 20, 40]
    assert chart.figures == {"count": 5, "median_days": 12, "p90_days": 40}
    assert [bar.display for bar in chart.bars] == ["12 j", "40 j"]


def test_quorum_share_and_missing_specialties(dataset):
    chart = charts.quorum(dataset["period"])
    # 5 items presented, 3 with quorum → 60 %; S2 lacks pathology and a third specialty.
    assert chart.figures["items"] == 5 and chart.figures["quorum_reached"] == 3
    assert chart.figures["share"] == 0.6
    assert chart.figures["missing"] == {
        "Anatomopathologie": 2,
        "Moins de 3 spécialités médicales": 2,
    }
    assert chart.rows[0] == ("Quorum atteint", 3, "60 %")


def test_follow_up_on_time_and_overdue(dataset):
    chart = charts.follow_up(dataset["period"])
    # Due with the 30-day window closed by 06-30: X×3, Y×1 (05-01), Z×1 = 5; on time: 2.
    # Overdue active patients at 06-30: X (05-01) and Y (06-20); Z is lost to follow-up.
    assert chart.figures == {
        "exams_due": 5,
        "exams_on_time": 2,
        "on_time_share": 0.4,
        "patients_followed": 2,
        "patients_overdue": 2,
    }


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_one_query_per_chart(name, dataset, django_assert_num_queries):
    period = dataset["period"]
    with django_assert_num_queries(1):
        charts.CHARTS[name](period)


def test_another_board_sees_nothing(dataset):
    from tests.board_sessions.factories import BoardFactory

    period = dataclasses.replace(dataset["period"], board=BoardFactory(name="Autre RCP fictive"))
    assert all(chart.empty for chart in charts.all_charts(period))


def test_stats_helpers():
    assert median([]) is None and p90([]) is None
    assert p90(list(range(1, 11))) == 9 and p90([7]) == 7
    assert percent_label(None) == "—" and percent_label(0.6) == "60 %"


def test_chart_csv(dataset):
    text = chart_csv(charts.quorum(dataset["period"]))
    assert text.splitlines()[:2] == ["Indicateur;Dossiers;Part", "Quorum atteint;3;60 %"]


def test_indicators_command_json_and_csv(dataset, capsys, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: dataset["period"].today)
    board = dataset["board"].pk
    call_command(
        "indicators",
        "--board",
        str(board),
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--format",
        "json",
    )
    data = json.loads(capsys.readouterr().out)
    assert data["indicators"]["quorum"]["figures"]["share"] == 0.6
    assert data["indicators"]["follow_up"]["figures"]["patients_overdue"] == 2
    assert data["from"] == "2026-01-01" and data["as_of"] == "2026-06-30"
    call_command(
        "indicators",
        "--board",
        str(board),
        "--from",
        "2026-01-01",
        "--to",
        "2026-06-30",
        "--format",
        "csv",
    )
    out = capsys.readouterr().out
    assert "Quorum atteint;3;60 %" in out and "Médiane" not in out.splitlines()[0]


def test_indicators_command_refuses_bad_input(dataset):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("indicators", "--board", "1", "--from", "2026-13-01", "--to", "2026-06-30")
    with pytest.raises(CommandError):
        call_command(
            "indicators",
            "--board",
            str(dataset["board"].pk),
            "--from",
            "2026-06-01",
            "--to",
            "2026-01-01",
        )

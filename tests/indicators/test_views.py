"""The indicators page: who sees which boards, the SVG charts, CSV downloads."""

import pytest
from django.urls import reverse

from tests.board_sessions.factories import BoardFactory, BoardSessionFactory

pytestmark = pytest.mark.django_db

QUERY = "?board={board}&start=2026-01-01&end=2026-06-30"


def test_administrator_sees_svg_charts_tables_and_csv_links(admin_client_role, dataset):
    url = reverse("indicators:dashboard") + QUERY.format(board=dataset["board"].pk)
    response = admin_client_role.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 8 and "<script" not in html.split("</head>")[1]
    assert "Quorum atteint" in html and "60 %" in html
    assert reverse("indicators:csv", args=["quorum"]) in html
    assert "no-store" in response["Cache-Control"]


def test_csv_download(admin_client_role, dataset):
    url = reverse("indicators:csv", args=["follow_up"]) + QUERY.format(board=dataset["board"].pk)
    response = admin_client_role.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Indicateur;Nombre;Sur;Part"
    assert lines[1] == "Examens faits à temps;2;5;40 %"


def test_unknown_chart_and_bad_period(admin_client_role, dataset):
    assert admin_client_role.get(reverse("indicators:csv", args=["nope"])).status_code == 404
    bad = admin_client_role.get(
        reverse("indicators:dashboard")
        + f"?board={dataset['board'].pk}&start=2026-06-01&end=2026-01-01"
    )
    assert bad.status_code == 400
    assert "La date de fin précède la date de début." in bad.content.decode()


def test_a_secretary_sees_only_the_boards_her_centre_organises(
    secretary_client, dataset, other_centre
):
    foreign = BoardFactory(name="RCP fictive d'un autre centre")
    BoardSessionFactory(board=foreign, organiser_centre=other_centre)
    page = secretary_client.get(reverse("indicators:dashboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert dataset["board"].name in html and foreign.name not in html
    refused = secretary_client.get(reverse("indicators:dashboard") + QUERY.format(board=foreign.pk))
    assert refused.status_code == 400


def test_clinicians_have_no_indicators(clinician_client, dataset):
    assert clinician_client.get(reverse("indicators:dashboard")).status_code == 403


def test_a_board_coordinator_sees_the_boards_they_coordinate(client, other_clinician, dataset):
    dataset["board"].coordinators.add(other_clinician)
    client.force_login(other_clinician)
    page = client.get(reverse("indicators:dashboard") + QUERY.format(board=dataset["board"].pk))
    assert page.status_code == 200 and "Quorum atteint" in page.content.decode()
    other = BoardFactory(name="RCP fictive non coordonnée")
    refused = client.get(reverse("indicators:dashboard") + QUERY.format(board=other.pk))
    assert refused.status_code == 400

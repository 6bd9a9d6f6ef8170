import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_anonymous_admin_redirects_to_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302


def test_login_page_is_public_and_french(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Connexion" in response.content.decode()
    assert 'lang="fr"' in response.content.decode()


def test_login_then_home(client, clinician):
    response = client.post(
        reverse("login"), {"username": clinician.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Clinicien" in home.content.decode()


def test_clinician_cannot_reach_the_admin(clinician_client):
    response = clinician_client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_administrator_reaches_the_admin(admin_client_role):
    assert admin_client_role.get("/admin/").status_code == 200


def test_logout_is_a_post(clinician_client):
    response = clinician_client.post(reverse("logout"))
    assert response.status_code == 302
    assert clinician_client.get(reverse("home")).status_code == 302


def test_pages_load_htmx_from_own_static_files_and_send_csrf(clinician_client):
    html = clinician_client.get(reverse("home")).content.decode()
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "X-CSRFToken" in html
    assert "https://" not in html.split("<body", 1)[0]

"""The 400/403/404/500 pages: French, in the app's layout, with a way back (issue 14, item 8)."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse


@pytest.mark.django_db
def test_a_clinician_refused_the_sessions_gets_a_french_403_in_the_layout(clinician_client):
    response = clinician_client.get(reverse("board_sessions:list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 id="error-title">Accès refusé</h1>' in html
    assert "Forbidden" not in html
    assert 'class="topbar"' in html and "Nouveau dossier" in html  # the app's menu
    assert f'href="{reverse("home")}"' in html and "Retour à l'accueil" in html


@pytest.mark.django_db
def test_an_unknown_case_is_a_french_404(clinician_client):
    response = clinician_client.get(reverse("cases:detail", args=[999_999]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html and "Not Found" not in html
    assert "Retour à l'accueil" in html


@override_settings(DEBUG=False)
def test_the_500_page_is_french_and_needs_no_database():
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Erreur du serveur" in html and 'lang="fr"' in html and 'href="/"' in html


@pytest.mark.django_db
def test_a_stale_csrf_token_gets_a_french_page(clinician):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician)
    response = client.post(reverse("cases:create"), {})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()

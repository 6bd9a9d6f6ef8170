import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PUBLIC = {"login"}


def _named_routes(resolver=None, prefix=""):
    """Every named route of the project, with dummy values for its arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_routes(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", entry.pattern


def _reverse_with_dummies(name, pattern):
    converters = getattr(pattern, "converters", {})
    kwargs = {key: (1 if conv.regex == "[0-9]+" else "x") for key, conv in converters.items()}
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:
        return None


def test_anonymous_requests_to_every_view_go_to_login(client):
    login = reverse("login")
    checked = 0
    for name, pattern in _named_routes():
        if name in PUBLIC or name.startswith("admin:"):
            continue
        url = _reverse_with_dummies(name, pattern)
        if url is None:
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, url, response.status_code)
            assert response["Location"].startswith(login), (name, url)
        checked += 1
    assert checked >= 1


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

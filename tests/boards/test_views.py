import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from boards.models import Board
from tests.board_sessions.factories import BoardFactory

URL = reverse("boards:contacts")


@pytest.mark.parametrize(
    "role_client", ["clinician_client", "secretary_client", "admin_client_role"]
)
def test_contacts_page_lists_the_active_boards(request, role_client, seeded_boards):
    response = request.getfixturevalue(role_client).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Contacts RENATEN" in page
    for board in seeded_boards.values():
        assert board.name in page
        assert f'href="mailto:{board.email}"' in page
    assert "Hôpital Edouard Herriot" in page
    assert "Place d’Arsonval" in page
    assert '<a href="tel:+33472110094">04 72 11 00 94</a>' in page
    assert "Service endocrinologie" in page


def test_inactive_boards_are_hidden(clinician_client, seeded_boards):
    BoardFactory(name="RCP fictive désactivée", is_active=False)
    page = clinician_client.get(URL).content.decode()
    assert "RCP fictive désactivée" not in page
    assert seeded_boards["Auvergne"].name in page


def test_free_text_is_escaped(clinician_client, no_boards):
    BoardFactory(
        name="RCP <b>fictive</b>",
        notes='<script>alert("notes")</script>\nSeconde ligne',
        address="<img src=x onerror=alert(1)>\n75000 Paris",
        referring_physicians="Dr <i>Fictif</i>",
    )
    page = clinician_client.get(URL).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;notes&quot;)&lt;/script&gt;<br>Seconde ligne" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>fictive</b>" not in page and "<i>Fictif</i>" not in page


def test_the_suggested_board_of_the_users_centre_is_named(
    clinician_client, clinician, seeded_boards
):
    clinician.centre.finess = "690781810"
    clinician.centre.save()
    page = clinician_client.get(URL).content.decode()
    assert "RCP proposée par défaut pour votre centre" in page
    assert f"<strong>{seeded_boards['Rhône-Alpes'].name}</strong>" in page


def test_the_boards_are_read_once_for_the_list_and_the_suggestion(
    clinician_client, clinician, seeded_boards, django_assert_num_queries
):
    clinician.centre.finess = "690781810"
    clinician.centre.save()
    clinician_client.get(URL)  # the first request after login refreshes the session
    # Session, user with its centre, groups, boards.
    with django_assert_num_queries(4) as queries:
        page = clinician_client.get(URL).content.decode()
    assert f"<strong>{seeded_boards['Rhône-Alpes'].name}</strong>" in page
    assert sum('FROM "boards_board"' in q["sql"] for q in queries.captured_queries) == 1


def test_empty_list_says_so(clinician_client, no_boards):
    assert "Aucune RCP active" in clinician_client.get(URL).content.decode()


def test_a_user_without_role_is_refused(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_the_page_is_read_only(clinician_client, seeded_boards):
    assert clinician_client.post(URL, {"email": "x@y.fr"}).status_code == 405
    assert (
        "<form"
        not in clinician_client.get(URL).content.decode().split("<main")[1].split("</main>")[0]
    )


def test_contact_partial_renders_every_field(no_boards):
    board = BoardFactory(
        department="Pneumologie",
        address="1 rue fictive\n69000 Lyon",
        referring_physicians="Dr A-Fictif\nDr B-Fictif",
        secretariat_phone="02 99 00 00 00",
        is_active=False,
    )
    html = render_to_string("boards/_contact.html", {"board": board})
    for text in (
        board.name,
        "Hôpital fictif",
        "Pneumologie",
        "1 rue fictive<br>",
        "69000 Lyon",
        "Dr A-Fictif, Dr B-Fictif",
        'href="mailto:rcp-fictive@example.org"',
        '<a href="tel:+33299000000">02 99 00 00 00</a>',
        "RCP inactive",
    ):
        assert text in html


def test_contact_partial_omits_what_is_missing(no_boards):
    board = Board.objects.create(name="RCP minimale", region="Corse")
    html = render_to_string("boards/_contact.html", {"board": board})
    for absent in ("mailto:", "tel:", "Secrétariat", "Médecins référents", "RCP inactive"):
        assert absent not in html

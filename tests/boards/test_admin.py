import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from board_sessions.models import BoardSession
from boards.models import Board
from cases.models import Case, Patient

CHANGELIST = reverse("admin:boards_board_changelist")


def change_url(board):
    return reverse("admin:boards_board_change", args=[board.pk])


def form_data(board, **overrides):
    data = {
        "name": board.name,
        "region": board.region,
        "level": board.level,
        "institution": board.institution,
        "department": board.department,
        "address": board.address,
        "referring_physicians": board.referring_physicians,
        "email": board.email,
        "secretariat_phone": board.secretariat_phone,
        "required_specialties": board.required_specialties,
        "served_regions": board.served_regions,
        "served_departments": ", ".join(board.served_departments),
        "notes": board.notes,
        "_save": "Enregistrer",
    }
    if board.is_active:
        data["is_active"] = "on"
    data.update(overrides)
    return data


def refer_a_case_to(board, centre):
    patient = Patient.objects.create(
        centre=centre,
        family_name="FICTIF",
        given_names="Dominique",
        birth_date=dt.date(1960, 1, 1),
        sex=Patient.Sex.FEMALE,
        ipp="TEST-BOARDS-1",
    )
    return Case.objects.create(
        centre=centre,
        patient=patient,
        board=board,
        referring_physician="Dr Fictif",
        reason=Case.Reason.NEW_DIAGNOSIS,
    )


def test_admin_changes_the_phone_and_history_keeps_the_old_one(
    admin_client_role, administrator, seeded_boards
):
    board = seeded_boards["Rhône-Alpes"]
    response = admin_client_role.post(
        change_url(board), form_data(board, secretariat_phone="04.72.11.00.95")
    )
    assert response.status_code == 302
    assert response.url == CHANGELIST

    board.refresh_from_db()
    assert board.secretariat_phone == "04 72 11 00 95"
    phones = list(
        board.history.order_by("history_date", "history_id").values_list(
            "secretariat_phone", flat=True
        )
    )
    assert phones == ["04 72 11 00 94", "04 72 11 00 95"]
    latest = board.history.latest()
    assert latest.history_user == administrator
    assert latest.history_type == "~"
    assert abs(latest.history_date - timezone.now()) < dt.timedelta(minutes=5)

    history_page = admin_client_role.get(
        reverse("admin:boards_board_history", args=[board.pk])
    ).content.decode()
    assert "04 72 11 00 94" in history_page and "04 72 11 00 95" in history_page
    assert administrator.username in history_page


def test_the_new_phone_shows_at_once_on_the_contacts_page(
    client, administrator, clinician, seeded_boards
):
    board = seeded_boards["Rhône-Alpes"]
    client.force_login(administrator)
    client.post(change_url(board), form_data(board, secretariat_phone="0472110095"))
    client.force_login(clinician)
    page = client.get(reverse("boards:contacts")).content.decode()
    assert "04 72 11 00 95" in page
    assert "04 72 11 00 94" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("secretariat_phone", "04 72 11", "Numéro de téléphone français invalide"),
        ("secretariat_phone", "<script>alert(1)</script>", "Numéro de téléphone français invalide"),
        ("email", "thomas.walter", "Adresse électronique invalide"),
        ("email", "a@b@chu-lyon.fr", "Adresse électronique invalide"),
        ("served_departments", "69, 99", "Départements desservis"),
        ("required_specialties", ["astrology"], "Sélectionnez un choix valide"),
        ("name", "", "Ce champ est obligatoire"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(
    admin_client_role, board, field, value, message
):
    before = board.history.count()
    response = admin_client_role.post(
        change_url(board), form_data(board, institution="Autre hôpital fictif", **{field: value})
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors[field])
    assert message in response.content.decode()
    board.refresh_from_db()
    assert board.institution == "Hôpital fictif"
    assert board.history.count() == before


def test_lists_are_edited_as_checkboxes_and_saved(admin_client_role, board):
    page = admin_client_role.get(change_url(board)).content.decode()
    assert 'type="checkbox" name="required_specialties" value="pathology"' in page
    assert 'type="checkbox" name="served_regions" value="Bretagne"' in page
    response = admin_client_role.post(
        change_url(board),
        form_data(
            board,
            required_specialties=["pathology", "thoracic_surgery"],
            served_regions=["Bretagne"],
            served_departments="29; 35 22,56 29",
        ),
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.required_specialties == ["pathology", "thoracic_surgery"]
    assert board.served_regions == ["Bretagne"]
    assert board.served_departments == ["29", "35", "22", "56"]


def test_admin_adds_a_board(admin_client_role):
    data = form_data(
        Board(name="RCP fictive ajoutée", region="Occitanie", level="national"),
        email="rcp@exemple.fr",
        secretariat_phone="+33 5 61 00 00 00",
    )
    response = admin_client_role.post(reverse("admin:boards_board_add"), data)
    assert response.status_code == 302
    board = Board.objects.get(name="RCP fictive ajoutée")
    assert board.secretariat_phone == "05 61 00 00 00"
    assert board.level == Board.Level.NATIONAL


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?q=arsonval", ["RCP de recours RENATEN Rhône-Alpes"]),
        ("?q=chu-clermontferrand", ["RCP de recours RENATEN Auvergne"]),
        ("?region=Auvergne", ["RCP de recours RENATEN Auvergne"]),
        ("?level__exact=national", ["RCP nationale RENATEN"]),
        ("?is_active__exact=0", ["RCP fictive inactive"]),
    ],
)
def test_changelist_search_and_filters(admin_client_role, seeded_boards, query, expected):
    Board.objects.create(name="RCP fictive inactive", region="Bretagne", is_active=False)
    response = admin_client_role.get(CHANGELIST + query)
    assert response.status_code == 200
    names = sorted(b.name for b in response.context["cl"].result_list)
    assert names == sorted(expected)


def test_a_board_with_a_case_cannot_be_deleted(admin_client_role, board, centre):
    refer_a_case_to(board, centre)
    url = reverse("admin:boards_board_delete", args=[board.pk])

    change_page = admin_client_role.get(change_url(board)).content.decode()
    assert url not in change_page  # no delete link
    assert "ne peut pas être supprimée" in change_page

    for method in (admin_client_role.get, admin_client_role.post):
        response = method(url, {"post": "yes"}, follow=True)
        assert response.redirect_chain[-1][0] == change_url(board)
        page = response.content.decode()
        assert "ne peut pas être supprimée" in page
        assert "liée à 1 dossier." in page
        assert "désactiver" in page
    assert Board.objects.filter(pk=board.pk).exists()


def test_the_change_page_reads_the_board_and_counts_its_links_once(
    admin_client_role, board, centre, django_assert_num_queries
):
    refer_a_case_to(board, centre)
    admin_client_role.get(change_url(board))  # the first request after login refreshes the session
    # Session, user, the board, one COUNT per kind of link (cases, sessions, referrals sent and
    # received), the role and permissions (one query, accounts.roles), the board's coordinators
    # and the users offered as coordinators, the national secretaries and the users offered as
    # secretaries.
    with django_assert_num_queries(12) as queries:
        page = admin_client_role.get(change_url(board)).content.decode()
    assert "liée à 1 dossier" in page
    sqls = [q["sql"] for q in queries.captured_queries]
    assert sum(sql.startswith('SELECT "boards_board"') for sql in sqls) == 1
    assert sum("COUNT(*)" in sql for sql in sqls) == 4


def test_a_board_with_a_session_cannot_be_deleted(admin_client_role, board, centre):
    BoardSession.objects.create(
        board=board, organiser_centre=centre, starts_at=timezone.now() + dt.timedelta(days=7)
    )
    assert board.deletion_blockers() == [("séance RCP", 1)]
    response = admin_client_role.post(
        reverse("admin:boards_board_delete", args=[board.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert Board.objects.filter(pk=board.pk).exists()


def test_bulk_delete_refuses_all_when_one_board_is_referred_to(admin_client_role, board, centre):
    free = Board.objects.create(name="RCP fictive libre", region="Bretagne")
    refer_a_case_to(board, centre)
    response = admin_client_role.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [board.pk, free.pk], "post": "yes"},
        follow=True,
    )
    assert "ne peut pas être supprimée" in response.content.decode()
    assert Board.objects.filter(pk__in=[board.pk, free.pk]).count() == 2


def test_a_board_nothing_refers_to_can_be_deleted(admin_client_role, board):
    url = reverse("admin:boards_board_delete", args=[board.pk])
    assert url in admin_client_role.get(change_url(board)).content.decode()
    response = admin_client_role.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Board.objects.filter(pk=board.pk).exists()
    assert Board.history.filter(id=board.pk, history_type="-").exists()


def test_bulk_delete_of_free_boards_goes_through_confirmation(admin_client_role, board):
    data = {"action": "delete_selected", "_selected_action": [board.pk]}
    confirmation = admin_client_role.post(CHANGELIST, data)
    assert confirmation.status_code == 200  # Django's "are you sure?" page
    assert Board.objects.filter(pk=board.pk).exists()
    admin_client_role.post(CHANGELIST, {**data, "post": "yes"})
    assert not Board.objects.filter(pk=board.pk).exists()


def test_deactivate_action(admin_client_role, administrator, board, centre):
    refer_a_case_to(board, centre)
    admin_client_role.post(
        CHANGELIST, {"action": "deactivate", "_selected_action": [board.pk]}, follow=True
    )
    board.refresh_from_db()
    assert not board.is_active
    assert board.history.latest().history_user == administrator


@pytest.mark.parametrize("role_client", ["clinician_client", "secretary_client"])
def test_only_administrators_reach_the_admin(request, role_client, board):
    client = request.getfixturevalue(role_client)
    response = client.get(change_url(board))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
    response = client.post(change_url(board), form_data(board, secretariat_phone="0100000000"))
    board.refresh_from_db()
    assert board.secretariat_phone == "04 72 11 00 94"


def test_history_reads_in_french_without_phantom_changes(admin_client_role, seeded_boards):
    board = seeded_boards["Rhône-Alpes"]
    board.address = "Hôpital fictif\nBâtiment A"
    board.save()
    # Browsers post textareas with CRLF: saving the unchanged page is no address change.
    crlf = form_data(board, address="Hôpital fictif\r\nBâtiment A")
    assert admin_client_role.post(change_url(board), crlf).status_code == 302
    assert admin_client_role.post(change_url(board), crlf).status_code == 302
    board.refresh_from_db()
    assert board.address == "Hôpital fictif\nBâtiment A"
    admin_client_role.post(change_url(board), form_data(board, is_active=""))
    page = admin_client_role.get(
        reverse("admin:boards_board_history", args=[board.pk])
    ).content.decode()
    assert page.count("Adresse :") == 1  # the real change made by save() above, only
    assert "Active :</strong> Oui → Non" in page or "Actif :</strong> Oui → Non" in page
    for raw in ("secretariat_phone", "SECRETARIAT_PHONE", "is_active", "True", "None"):
        assert raw not in page.split('id="change-history"')[1].split("</table>")[0]


def test_a_board_in_use_warns_rather_than_congratulates(admin_client_role, board, centre):
    refer_a_case_to(board, centre)
    response = admin_client_role.get(change_url(board))
    levels = [m.level_tag for m in response.context["messages"]]
    assert levels == ["warning"]

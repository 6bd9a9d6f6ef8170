import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from boards.models import Board
from cases.models import Case, Patient
from tests.board_sessions.factories import BoardFactory


def test_contact_lines_in_block_order(no_boards):
    board = BoardFactory(
        name="RCP fictive de test",
        department="Pneumologie",
        address="1 rue fictive\n\n69000 Lyon ",
        referring_physicians="Dr A-Fictif\n Dr B-Fictif",
        secretariat_phone="+33 2 99 00 00 00",
    )
    assert board.contact_lines() == [
        "RCP fictive de test",
        "Hôpital fictif",
        "Pneumologie",
        "1 rue fictive",
        "69000 Lyon",
        "Médecins référents : Dr A-Fictif, Dr B-Fictif",
        "Courriel : rcp-fictive@example.org",
        "Secrétariat : 02 99 00 00 00",
    ]


def test_contact_lines_of_a_bare_board(no_boards):
    assert Board.objects.create(name="RCP nue", region="Corse").contact_lines() == ["RCP nue"]


def test_contact_lines_of_the_seeded_boards(seeded_boards):
    assert seeded_boards["Rhône-Alpes"].contact_lines() == [
        "RCP de recours RENATEN Rhône-Alpes",
        "Hôpital Edouard Herriot",
        "Place d’Arsonval",
        "69008 Lyon",
        "Courriel : thomas.walter@chu-lyon.fr",
        "Secrétariat : 04 72 11 00 94",
    ]


@pytest.mark.parametrize("typed", ["04.72.11.00.94", "0472110094", "+33 4 72 11 00 94"])
def test_phone_is_stored_in_one_format(no_boards, typed):
    board = BoardFactory(secretariat_phone=typed)
    board.refresh_from_db()
    assert board.secretariat_phone == "04 72 11 00 94"
    assert board.phone_uri == "tel:+33472110094"


def test_model_validation_gives_french_messages(no_boards):
    board = Board(
        name="RCP fictive",
        region="Corse",
        email="pas-une-adresse",
        secretariat_phone="12345",
        required_specialties=["astrology"],
        served_regions=["Rhône-Alpes"],
        served_departments=["99"],
    )
    with pytest.raises(ValidationError) as error:
        board.full_clean()
    errors = error.value.message_dict
    assert set(errors) == {
        "email",
        "secretariat_phone",
        "required_specialties",
        "served_regions",
        "served_departments",
    }
    assert "Numéro de téléphone français invalide" in errors["secretariat_phone"][0]


def test_history_records_each_change(no_boards):
    board = BoardFactory()
    board.email = "nouveau@exemple.fr"
    board.save()
    assert list(board.history.order_by("history_id").values_list("email", flat=True)) == [
        "rcp-fictive@example.org",
        "nouveau@exemple.fr",
    ]


def test_deletion_blockers_count_cases(no_boards, centre):
    board = BoardFactory()
    assert board.deletion_blockers() == []
    patient = Patient.objects.create(
        centre=centre,
        family_name="FICTIF",
        given_names="Claude",
        birth_date=dt.date(1970, 5, 5),
        sex=Patient.Sex.MALE,
        ipp="TEST-BOARDS-2",
    )
    for _ in range(2):
        Case.objects.create(
            centre=centre,
            patient=patient,
            board=board,
            referring_physician="Dr Fictif",
            reason=Case.Reason.NEW_DIAGNOSIS,
        )
    assert board.deletion_blockers() == [("dossiers", 2)]

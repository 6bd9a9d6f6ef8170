import pytest

from board_sessions.quorum import quorum_for
from boards.specialties import Specialty as S
from tests.board_sessions.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

PNEUMO, SURGERY, PATHO, ONCO = S.PULMONOLOGY, S.THORACIC_SURGERY, S.PATHOLOGY, S.MEDICAL_ONCOLOGY


@pytest.mark.parametrize(
    ("participants", "reached", "distinct", "missing"),
    [
        ([], False, 0, ("Chirurgie thoracique", "Anatomopathologie")),
        ([(PNEUMO, True), (SURGERY, True), (PATHO, True)], True, 3, ()),
        # Three physicians, but two share a specialty.
        ([(PNEUMO, True), (PNEUMO, True), (SURGERY, True)], False, 2, ("Anatomopathologie",)),
        # A non-physician does not count, even with the missing specialty.
        ([(PNEUMO, True), (SURGERY, True), (PATHO, False)], False, 2, ("Anatomopathologie",)),
        # Three specialties but not the required ones.
        (
            [(PNEUMO, True), (ONCO, True), (S.RADIOLOGY, True)],
            False,
            3,
            ("Chirurgie thoracique", "Anatomopathologie"),
        ),
        ([(PNEUMO, True), (ONCO, True), (SURGERY, True), (PATHO, True)], True, 4, ()),
    ],
)
def test_quorum(session, participants, reached, distinct, missing):
    for specialty, is_physician in participants:
        ParticipantFactory(session=session, specialty=specialty, is_physician=is_physician)
    quorum = quorum_for(session)
    assert quorum.reached is reached
    assert len(quorum.specialties) == distinct
    assert quorum.missing_required == missing
    assert bool(quorum.warnings) is (not reached)


def test_warning_texts(session):
    ParticipantFactory(session=session, specialty=PNEUMO)
    warnings = quorum_for(session).warnings
    assert warnings[0].startswith("Quorum non atteint : 1 spécialité(s)")
    assert warnings[1] == (
        "Spécialité(s) requise(s) par la RCP absente(s) : Chirurgie thoracique, Anatomopathologie."
    )


def test_board_without_required_specialties(session):
    session.board.required_specialties = []
    session.board.save()
    for specialty in (PNEUMO, ONCO, S.RADIOLOGY):
        ParticipantFactory(session=session, specialty=specialty)
    assert quorum_for(session).reached

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from board_sessions import actions
from board_sessions.models import AgendaItem, BoardSession, Participant
from boards.specialties import Specialty
from cases.models import Case
from tests.board_sessions.factories import BoardSessionFactory
from tests.cases.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _positions(session):
    return list(session.agenda_items.order_by("position").values_list("case_id", "position"))


def test_register_ready_case_appends_and_marks_registered(session, ready_cases, secretary):
    first, second, _third = ready_cases
    actions.register_case(session=session, case=first, by=secretary)
    item = actions.register_case(session=session, case=second, by=secretary)

    assert item.position == 2
    assert item.added_late is False
    assert item.added_by == secretary
    second.refresh_from_db()
    assert second.status == Case.Status.REGISTERED
    assert second.version == 2  # an edit form opened before registration will not overwrite it
    assert _positions(session) == [(first.pk, 1), (second.pk, 2)]
    assert second.history.first().history_user == secretary
    assert item.history.first().history_user == secretary


def test_registration_after_the_deadline_is_a_late_addition(
    board, centre, secretary, make_ready_case
):
    session = BoardSessionFactory(
        board=board,
        organiser_centre=centre,
        starts_at=timezone.now() + dt.timedelta(days=1),  # default deadline: 2 days before
    )
    item = actions.register_case(session=session, case=make_ready_case(), by=secretary)
    assert item.added_late is True

    session.registration_deadline = timezone.now() + dt.timedelta(hours=2)
    session.save()
    item = actions.register_case(session=session, case=make_ready_case(), by=secretary)
    assert item.added_late is False


@pytest.mark.parametrize(
    "status", [Case.Status.DRAFT, Case.Status.REGISTERED, Case.Status.DISCUSSED]
)
def test_only_ready_cases_can_be_registered(session, centre, secretary, status):
    case = CaseFactory(centre=centre, status=status)
    with pytest.raises(ValidationError, match="prêt"):
        actions.register_case(session=session, case=case, by=secretary)
    assert not AgendaItem.objects.exists()
    case.refresh_from_db()
    assert case.status == status


def test_another_centres_case_cannot_be_registered(
    session, other_centre, secretary, make_ready_case
):
    case = make_ready_case(centre=other_centre)
    with pytest.raises(ValidationError, match="votre centre"):
        actions.register_case(session=session, case=case, by=secretary)
    assert not AgendaItem.objects.exists()


def test_secretary_of_another_centre_registers_own_case_in_a_shared_session(
    session, other_centre, other_secretary, make_ready_case
):
    case = make_ready_case(centre=other_centre)
    item = actions.register_case(session=session, case=case, by=other_secretary)
    assert item.session == session


def test_unregister_puts_the_case_back_to_ready_and_renumbers(session, ready_cases, secretary):
    items = [actions.register_case(session=session, case=c, by=secretary) for c in ready_cases]
    actions.unregister_case(item=items[0], by=secretary)
    ready_cases[0].refresh_from_db()
    assert ready_cases[0].status == Case.Status.READY
    assert _positions(session) == [(ready_cases[1].pk, 1), (ready_cases[2].pk, 2)]


@pytest.mark.parametrize(
    ("index", "direction", "expected"),
    [
        (1, "up", [1, 0, 2]),
        (1, "down", [0, 2, 1]),
        (0, "up", [0, 1, 2]),  # already first: nothing moves
        (2, "down", [0, 1, 2]),
    ],
)
def test_move_item(session, ready_cases, secretary, index, direction, expected):
    items = [actions.register_case(session=session, case=c, by=secretary) for c in ready_cases]
    actions.move_item(item=items[index], direction=direction, by=secretary)
    assert [case_id for case_id, _ in _positions(session)] == [ready_cases[i].pk for i in expected]


def test_move_with_unknown_direction_is_refused(session, ready_cases, secretary):
    item = actions.register_case(session=session, case=ready_cases[0], by=secretary)
    with pytest.raises(ValidationError):
        actions.move_item(item=item, direction="sideways", by=secretary)


def test_lock_marks_cases_discussed_and_freezes_the_session(
    board, centre, secretary, make_ready_case
):
    session = BoardSessionFactory(
        board=board, organiser_centre=centre, starts_at=timezone.now() + dt.timedelta(hours=1)
    )
    case = make_ready_case()
    item = actions.register_case(session=session, case=case, by=secretary)
    participant = actions.add_participant(
        session=session,
        name="Dr Fictif",
        specialty=Specialty.PATHOLOGY,
        is_physician=True,
        by=secretary,
    )

    with pytest.raises(ValidationError, match="après la réunion"):
        actions.lock_session(session=session, by=secretary)

    BoardSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2)
    )
    session.refresh_from_db()
    actions.lock_session(session=session, by=secretary)
    session.refresh_from_db()
    case.refresh_from_db()
    assert session.is_locked
    assert session.locked_by == secretary
    assert case.status == Case.Status.DISCUSSED

    frozen = [
        lambda: actions.register_case(session=session, case=make_ready_case(), by=secretary),
        lambda: actions.unregister_case(item=item, by=secretary),
        lambda: actions.move_item(item=item, direction="up", by=secretary),
        lambda: actions.add_participant(
            session=session,
            name="Dr Tard",
            specialty="radiology",
            is_physician=True,
            by=secretary,
        ),
        lambda: actions.remove_participant(participant=participant, by=secretary),
        lambda: actions.update_session(session=session, by=secretary, place="Ailleurs"),
        lambda: actions.lock_session(session=session, by=secretary),
    ]
    for attempt in frozen:
        with pytest.raises(ValidationError, match="verrouillée"):
            attempt()
    assert AgendaItem.objects.count() == 1
    assert Participant.objects.count() == 1


def test_create_session_needs_a_place_or_a_link(board, secretary):
    with pytest.raises(ValidationError):
        actions.create_session(
            board=board, starts_at=timezone.now() + dt.timedelta(days=3), by=secretary
        )
    session = actions.create_session(
        board=board,
        starts_at=timezone.now() + dt.timedelta(days=3),
        video_link="https://visio.example.org/rcp-fictive",
        by=secretary,
    )
    assert session.organiser_centre == secretary.centre
    assert session.history.count() == 1


def test_participant_with_unknown_specialty_is_refused(session, secretary):
    with pytest.raises(ValidationError):
        actions.add_participant(
            session=session, name="Dr X", specialty="astrology", is_physician=True, by=secretary
        )
    assert not Participant.objects.exists()

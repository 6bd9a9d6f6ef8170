import pytest

from tests.board_sessions.factories import AgendaItemFactory

pytestmark = pytest.mark.django_db


def test_agenda_is_in_discussion_order_with_what_its_lines_show(
    session, centre, django_assert_num_queries, make_ready_case
):
    for position in (2, 3, 1):
        AgendaItemFactory(session=session, case=make_ready_case(), position=position)

    with django_assert_num_queries(1):
        agenda = session.agenda()
        shown = [(item.position, str(item.case.patient), str(item.case.centre)) for item in agenda]

    assert [position for position, _patient, _centre in shown] == [1, 2, 3]

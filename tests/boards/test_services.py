import pytest

from accounts.models import Centre
from boards.models import Board
from boards.regions import department_of_finess, region_key
from boards.services import suggested_board_for
from tests.board_sessions.factories import BoardFactory


def centre(region="Auvergne-Rhône-Alpes", finess=""):
    return Centre(name="Centre fictif", region=region, finess=finess)


@pytest.mark.parametrize(
    ("finess", "expected"),
    [("690781810", "Rhône-Alpes"), ("380780080", "Rhône-Alpes"), ("630780989", "Auvergne")],
)
def test_an_aura_centre_gets_the_board_of_its_departement(seeded_boards, finess, expected):
    assert suggested_board_for(centre(finess=finess)) == seeded_boards[expected]


def test_an_aura_centre_without_finess_gets_a_stable_choice(seeded_boards):
    first = suggested_board_for(centre())
    assert first in seeded_boards.values()
    assert all(suggested_board_for(centre()) == first for _ in range(3))
    assert first == seeded_boards["Auvergne"]  # ties go by name


@pytest.mark.parametrize(
    "spelling", ["auvergne rhone alpes", "AUVERGNE-RHÔNE-ALPES", " Auvergne Rhône-Alpes "]
)
def test_region_spelling_does_not_matter(seeded_boards, spelling):
    assert suggested_board_for(centre(region=spelling)) in seeded_boards.values()


def test_no_board_for_a_region_nobody_serves(seeded_boards):
    assert suggested_board_for(centre(region="Bretagne")) is None
    assert suggested_board_for(None) is None


def test_inactive_boards_are_never_suggested(seeded_boards):
    Board.objects.update(is_active=False)
    assert suggested_board_for(centre(finess="690781810")) is None


def test_a_board_named_after_the_current_region_beats_a_served_region(no_boards):
    serving = BoardFactory(name="A serving", region="Rhône-Alpes", served_regions=["Bretagne"])
    named = BoardFactory(name="Z named", region="Bretagne")
    assert suggested_board_for(centre(region="Bretagne")) == named
    named.is_active = False
    named.save()
    assert suggested_board_for(centre(region="Bretagne")) == serving


def test_a_regional_board_beats_a_national_one(no_boards):
    BoardFactory(name="A nationale", region="Bretagne", level=Board.Level.NATIONAL)
    regional = BoardFactory(name="B régionale", region="Bretagne", level=Board.Level.REGIONAL)
    assert suggested_board_for(centre(region="Bretagne")) == regional


def test_departement_match_beats_region_match(no_boards):
    BoardFactory(name="A région", region="Bretagne")
    by_department = BoardFactory(name="B Finistère", region="Ouest", served_departments=["29"])
    assert suggested_board_for(centre(region="Bretagne", finess="290000017")) == by_department
    assert suggested_board_for(centre(region="Bretagne", finess="350000014")).name == "A région"


@pytest.mark.parametrize(
    ("finess", "department"),
    [
        ("690781810", "69"),
        ("2A0000012", "2A"),
        ("970100000", ""),
        ("69", ""),
        ("", ""),
        ("xx0000000", ""),
    ],
)
def test_department_of_finess(finess, department):
    assert department_of_finess(finess) == department


def test_region_key_ignores_case_accents_and_punctuation():
    assert region_key("Provence-Alpes-Côte d'Azur") == region_key("provence alpes cote d’azur")

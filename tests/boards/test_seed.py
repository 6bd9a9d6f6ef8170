"""The seeded boards say exactly what the référentiel's "Prérequis indispensables 1)" says."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from boards.models import Board

SEED = import_module("boards.migrations.0003_seed_renaten_boards")
SOURCE = Path(settings.BASE_DIR) / "guidelines" / "referentiel" / "000_17c00554060b0654.txt"


def _flat(text: str) -> str:
    """One line, single spaces, straight apostrophes: the PDF extraction's layout is not content."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip()


@pytest.fixture(scope="module")
def contacts() -> dict[str, str]:
    """{'Rhône-Alpes': '…', 'Auvergne': '…'} from the text's list of recourse boards."""
    text = _flat(SOURCE.read_text(encoding="utf-8"))
    start = text.index("concertation pluridisciplinaire de recours RENATEN avec avis d'experts")
    block = text[start : text.index("2) La possibilité", start)]
    found = dict(re.findall(r"- ([^:]+?) : (.+?)(?= - |$)", block))
    assert set(found) == {"Rhône-Alpes", "Auvergne"}, found
    return found


def test_two_active_regional_boards_are_seeded(seeded_boards):
    assert set(seeded_boards) == {"Rhône-Alpes", "Auvergne"}
    for board in seeded_boards.values():
        assert board.is_active
        # Listed region by region as "recours" boards; the text's "RCP nationale" is another one.
        assert board.level == Board.Level.REGIONAL
        assert board.history.filter(history_type="+").exists()


@pytest.mark.parametrize("region", ["Rhône-Alpes", "Auvergne"])
def test_every_seeded_detail_is_in_the_text(seeded_boards, contacts, region):
    board, source = seeded_boards[region], contacts[region].casefold()
    assert board.email and board.email in source
    assert board.institution and _flat(board.institution).casefold() in source
    for line in board.address_lines:
        assert _flat(line).casefold() in source
    if board.department:
        assert _flat(board.department).casefold() in source
    # Nothing the text does not give: no names, no quorum.
    assert board.referring_physicians == ""
    assert board.required_specialties == []


def test_rhone_alpes_matches_the_text(seeded_boards, contacts):
    board, source = seeded_boards["Rhône-Alpes"], contacts["Rhône-Alpes"]
    assert board.email == "thomas.walter@chu-lyon.fr"
    assert board.institution == "Hôpital Edouard Herriot"
    assert _flat(board.address) == "Place d'Arsonval 69008 Lyon"
    assert "Place d'Arsonval, 69008 Lyon" in source
    phone_in_text = re.search(r"téléphone secrétariat : ([0-9.]+[0-9])", source).group(1)
    assert phone_in_text == "04.72.11.00.94"
    assert re.sub(r"\D", "", board.secretariat_phone) == re.sub(r"\D", "", phone_in_text)
    assert board.secretariat_phone == "04 72 11 00 94"  # stored as displayed


def test_auvergne_matches_the_text_and_has_no_phone(seeded_boards, contacts):
    board, source = seeded_boards["Auvergne"], contacts["Auvergne"]
    assert board.email == "itauveron@chu-clermontferrand.fr"
    assert board.institution == "CHU Clermont-Ferrand"
    assert board.department.casefold() == "service endocrinologie"
    assert "téléphone" not in source and board.secretariat_phone == ""
    assert board.address == ""
    assert "Réseau RENATEN" in source and "Réseau RENATEN" in board.notes


def test_the_text_names_no_other_contact(seeded_boards, contacts):
    emails = set(re.findall(r"[\w.-]+@[\w.-]+\.\w+", " ".join(contacts.values())))
    assert emails == {board.email for board in seeded_boards.values()}


def test_seeding_again_changes_nothing(seeded_boards):
    board = seeded_boards["Rhône-Alpes"]
    board.secretariat_phone = "04 72 11 00 95"
    board.save()
    SEED.seed(apps, None)
    board.refresh_from_db()
    assert board.secretariat_phone == "04 72 11 00 95"  # an administrator's edit is kept
    assert Board.objects.filter(region__in=["Rhône-Alpes", "Auvergne"]).count() == 2

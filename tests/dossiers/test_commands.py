import pytest
from django.core.management import CommandError, call_command

from cases.models import Case
from tests.dossiers.conftest import cpc_case
from tests.dossiers.helpers import register_case
from tests.dossiers.pdf_utils import page_texts, pdf_text

pytestmark = pytest.mark.django_db


def test_export_dossier_writes_the_pdf(tmp_path, centre, capsys):
    case = cpc_case(centre, question="Question posée en ligne de commande ?")
    target = tmp_path / "dossier.pdf"
    call_command("export_dossier", "--case", str(case.pk), "-o", str(target))
    assert "Question posée en ligne de commande ?" in pdf_text(target.read_bytes())
    assert f"Dossier n° {case.pk} écrit" in capsys.readouterr().out


def test_export_session_writes_cover_and_cases(
    tmp_path, board_session, centre, other_centre, secretary, other_secretary
):
    own = cpc_case(centre, question="Question du centre ?")
    foreign = cpc_case(other_centre, question="Question de l'autre centre ?")
    Case.objects.filter(pk__in=[own.pk, foreign.pk]).update(status=Case.Status.READY)
    own.refresh_from_db()
    foreign.refresh_from_db()
    register_case(session=board_session, case=own, by=secretary)
    register_case(session=board_session, case=foreign, by=other_secretary)

    everything = tmp_path / "seance.pdf"
    call_command("export_session", "--session", str(board_session.pk), "-o", str(everything))
    text = pdf_text(everything.read_bytes())
    assert "Question du centre ?" in text
    assert "Question de l'autre centre ?" in text

    mine = tmp_path / "seance-centre.pdf"
    call_command(
        "export_session",
        "--session",
        str(board_session.pk),
        "--centre",
        str(centre.pk),
        "-o",
        str(mine),
    )
    pages = page_texts(mine.read_bytes())
    assert "Ordre du jour de la séance" in pages[0]
    assert "Question de l'autre centre ?" not in " ".join(pages)


@pytest.mark.parametrize(
    ("command", "option", "message"),
    [
        ("export_dossier", "--case", "Dossier n° 424242 introuvable."),
        ("export_session", "--session", "Séance n° 424242 introuvable."),
    ],
)
def test_unknown_ids_fail_clearly(tmp_path, command, option, message):
    target = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=message):
        call_command(command, option, "424242", "-o", str(target))
    assert not target.exists()


def test_unknown_centre_fails_clearly(tmp_path, board_session):
    with pytest.raises(CommandError, match=r"Centre n° 424242 introuvable\."):
        call_command(
            "export_session",
            "--session",
            str(board_session.pk),
            "--centre",
            "424242",
            "-o",
            str(tmp_path / "x.pdf"),
        )

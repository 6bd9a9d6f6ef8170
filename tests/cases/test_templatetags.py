import pytest

from cases.templatetags.case_tags import (
    get_item,
    humanise_fact,
    ki67,
    level_label,
    regulatory_badge,
    severity_label,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("disease_extent=metastatic", "Extension de la maladie = Métastatique"),
        ("progression=slow", "Pente évolutive = Lentement progressive"),
        ("surgery_done=false", "Tumeur primitive opérée = non"),
        ("ki67_percent=8", "Ki-67 (%) = 8"),
        (
            "prior_treatments=everolimus:progression",
            "Traitements antérieurs = Évérolimus (Afinitor®) (Progression (échec))",
        ),
        (
            "sstr_imaging: positive requis (actuellement: non renseigné)",
            "Imagerie des récepteurs de la somatostatine (IRS) : positive requis "
            "(actuellement: non renseigné)",
        ),
        ("Une phrase : sans fait", "Une phrase : sans fait"),
        ("inconnu=3", "inconnu = 3"),
    ],
)
def test_humanise_fact(text, expected):
    assert humanise_fact(text) == expected


@pytest.mark.parametrize(
    ("code", "badge"),
    [
        ("amm", "AMM"),
        ("off_label", "Hors AMM"),
        ("compassionate_cpc", "CPC"),
        ("amm_not_reimbursed", "AMM non remboursée"),
        ("not_available_fr", "Non disponible en France"),
        ("no_amm", "Pas d'AMM"),
        ("not_applicable", "—"),
    ],
)
def test_regulatory_badges_in_french(code, badge):
    assert regulatory_badge(code) == badge


def test_labels():
    assert level_label("discuss") == "À discuter en RCP"
    assert level_label("bogus") == "bogus"
    assert severity_label("blocking") == "Bloquant"
    assert ki67(None) == "non renseigné"
    assert ki67(12.5) == "12,5 %"
    assert get_item({"a": 1}, "a") == 1
    assert get_item(None, "a") is None

import pytest
from django.template import Context, Template

from cases import display
from cases.templatetags.case_tags import (
    get_item,
    humanise_fact,
    ki67,
    level_label,
    regulatory_badge,
    severity_label,
)


def test_humanise_fact_filter_is_the_shared_function():
    # The case page and the PDF dossier word the engine's items the same way.
    assert humanise_fact is display.humanise_fact
    html = Template("{% load case_tags %}{{ item|humanise_fact }}").render(
        Context({"item": "progression=slow"})
    )
    assert html == "Pente évolutive = Lentement progressive"


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

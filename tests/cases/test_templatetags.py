import pytest
from django.template import Context, Template

from cases.templatetags.case_tags import get_item, ki67
from guidelines.vocabulary import level_label, regulatory_badge, severity_label


def test_findings_render_their_french_text():
    # The case page and the PDF dossier print the engine's structured findings' `text`.
    item = {"fact": "progression", "required": "slow", "actual": "slow", "text": "Pente : lente"}
    html = Template("{% load case_tags %}{% for t in items|finding_texts %}{{ t }}{% endfor %}")
    assert html.render(Context({"items": [item]})) == "Pente : lente"


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

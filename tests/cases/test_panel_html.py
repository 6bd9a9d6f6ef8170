"""The panel's option cards and alerts written in Python (cases.panel_html): what each group
shows, in which elements, everything escaped."""

from __future__ import annotations

import lxml.html
import pytest

from cases import panel_html
from cases.panel import PanelOption

URL = "/referentiel/"
NASTY = '<script>alert("x")</script> & "quotes"'


def _option(**extra):
    return {
        "code": "prrt_lutathera",
        "label": "Lutathera®",
        "level": "option",
        "regulatory": "off_label",
        "regulatory_basis": "text",
        "rules": ["T7", "T8"],
        "section": "4.3",
        **extra,
    }


def card(item: PanelOption, group: str, *, on_form: bool = True) -> lxml.html.HtmlElement:
    html = panel_html.option_card(item, group, on_form=on_form, referentiel_url=URL)
    return lxml.html.fragment_fromstring(html)


def test_an_eligible_card_says_why_its_conditions_alerts_notes_and_rules():
    option = _option(conditions=["Après accord RCP"], notes=["Note du texte"])
    alert = {"code": "a", "label": "Alerte", "message": "Vérifier", "severity": "warning"}
    item = PanelOption(option, "eligible", why=["IRS positive", "progression"], alerts=[alert])
    article = card(item, panel_html.ELIGIBLE)
    assert article.get("class") == "option option-eligible"
    assert article.get("data-code") == "prrt_lutathera"
    assert article.find("header/strong").text == "Lutathera®"
    assert article.find("header/span[@class='badge badge-off_label']").text == "Hors AMM"
    assert (
        article.find("p[@class='why']").text_content() == "Parce que : IRS positive ; progression"
    )
    assert [li.text for li in article.findall("ul[@class='conditions']/li")] == ["Après accord RCP"]
    assert article.find("ul[@class='alerts']/li/strong").text == "Alerte"
    assert article.find("details[@class='notes']/ul/li").text == "Note du texte"
    rules = article.find("p[@class='rules']")
    assert [a.get("href") for a in rules.findall("a")] == [f"{URL}#rule-T7", f"{URL}#rule-T8"]
    assert rules.text_content() == "Règles T7, T8 · § 4.3"


def test_a_pending_card_links_the_fields_to_fill_on_the_form_only():
    item = PanelOption(
        _option(),
        "pending",
        missing=["IRS à faire"],
        missing_fields=[("id_sstr_imaging", "Imagerie des récepteurs")],
    )
    on_form = card(item, panel_html.PENDING)
    assert on_form.get("class") == "option option-pending"
    assert on_form.find("p[@class='why']/a").get("href") == "#id_sstr_imaging"
    assert on_form.find("details/ul[@class='unmet']/li").text == "IRS à faire"
    on_page = card(item, panel_html.PENDING, on_form=False)
    assert on_page.find("p[@class='why']/a") is None
    assert on_page.find("p[@class='why']").text_content() == (
        "À renseigner : Imagerie des récepteurs"
    )


def test_a_folded_card_gives_the_exclusion_or_the_advice_against():
    excluded = card(
        PanelOption(_option(notes=["n"]), "ineligible", reasons=["Ki-67 élevé"], missing=["x"]),
        panel_html.FOLDED,
    )
    assert excluded.get("class") == "option option-ineligible"
    assert [p.text for p in excluded.findall("p[@class='sub']")] == [
        "Exclu par :",
        "Non renseigné :",
    ]
    assert excluded.find("ul[@class='notes']/li").text == "n"
    against = card(
        PanelOption(_option(level="not_recommended"), "ineligible", why=["forte charge"]),
        panel_html.FOLDED,
    )
    assert against.get("class") == "option option-ineligible option-against"
    assert against.find("p[@class='why']").text == "Non recommandé : forte charge"


def test_a_deduced_regulatory_status_says_so_with_its_reason():
    option = _option(regulatory_basis="deduced", regulatory_reason="Hors indication de l'AMM")
    header = card(PanelOption(option, "eligible"), panel_html.ELIGIBLE).find("header")
    deduced = header.find("span[@class='muted small']")
    assert deduced.get("title") == "Hors indication de l'AMM"


@pytest.mark.parametrize("group", [panel_html.ELIGIBLE, panel_html.PENDING, panel_html.FOLDED])
def test_every_value_is_escaped(group):
    option = _option(
        code=NASTY, label=NASTY, section=NASTY, rules=[NASTY], notes=[NASTY], conditions=[NASTY]
    )
    alert = {"code": NASTY, "message": NASTY, "severity": NASTY, "rules": [NASTY]}
    item = PanelOption(
        option,
        group,
        why=[NASTY],
        missing=[NASTY],
        reasons=[NASTY],
        missing_fields=[(NASTY, NASTY)],
        alerts=[alert],
    )
    html = panel_html.option_card(item, group, on_form=True, referentiel_url=URL)
    assert "<script>" not in html
    article = lxml.html.fragment_fromstring(html)
    assert article.get("data-code") == NASTY
    assert article.find("header/strong").text == NASTY


def test_an_unknown_group_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown panel group"):
        panel_html.option_card(
            PanelOption(_option(), "x"), "other", on_form=True, referentiel_url=URL
        )

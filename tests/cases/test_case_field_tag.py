"""{% case_field %}: one field of the case form, its label, help, errors and a concurrent value."""

from __future__ import annotations

import lxml.html
import pytest
from django import forms
from django.template import Context, Template

from cases.forms import CaseForm


class Sample(forms.Form):
    name = forms.CharField(label="Nom <b>", help_text="Aide & <i>conseil</i>")
    note = forms.CharField(required=False)
    sites = forms.MultipleChoiceField(
        choices=[("liver", "Foie"), ("bone", "Os")], widget=forms.CheckboxSelectMultiple
    )


def render(field, *, wide=False, conflicts=None) -> lxml.html.HtmlElement:
    html = Template("{% load case_tags %}{% case_field field wide=wide %}").render(
        Context({"field": field, "wide": wide, "conflict_fields": conflicts or {}})
    )
    return lxml.html.fragment_fromstring(html)


def test_a_required_field_is_labelled_marked_and_helped_with_its_text_escaped():
    div = render(Sample()["name"])
    assert div.get("class") == "field"
    label = div.find("label")
    assert label.get("for") == "id_name"
    assert label.text_content().strip() == "Nom <b> *"  # the label's markup is text
    assert div.find(".//input").get("id") == "id_name"
    assert div.find("small").text_content() == "Aide & <i>conseil</i>"
    assert div.find(".//span[@class='required-mark']").get("aria-hidden") == "true"


def test_an_optional_field_has_no_mark_and_a_wide_one_says_so():
    div = render(Sample()["note"], wide=True)
    assert div.get("class") == "field field-wide"
    assert div.find(".//span[@class='required-mark']") is None
    assert div.find("small") is None


def test_several_choices_are_a_labelled_group():
    div = render(Sample()["sites"])
    heading = div.find("span[@class='label']")
    group = div.find("div[@role='group']")
    assert heading.get("id") == "id_sites_label"
    assert group.get("aria-labelledby") == "id_sites_label"
    assert len(group.findall(".//input[@type='checkbox']")) == 2
    assert div.find("label[@for]") is None


def test_errors_and_the_value_saved_meanwhile_are_shown_escaped():
    form = Sample({"note": "x"})
    form.is_valid()
    div = render(form["name"], conflicts={"name": "<script>alert(1)</script>"})
    assert div.get("class") == "field field-error"
    assert div.find(".//ul[@class='errorlist']") is not None
    conflict = div.find("p[@class='conflict-value']")
    assert conflict.text_content() == "Version enregistrée entre-temps : <script>alert(1)</script>"
    assert div.find(".//script") is None


@pytest.mark.django_db
def test_every_field_of_the_case_form_renders(centre):
    form = CaseForm()
    for field in form:
        div = render(field)
        assert div.find(f".//*[@name='{field.html_name}']") is not None, field.name

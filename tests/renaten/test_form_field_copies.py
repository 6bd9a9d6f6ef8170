"""renaten.forms.copy_fields_cheaply: each form instance still owns its fields."""

from __future__ import annotations

import copy

import pytest
from django import forms

from boards.models import Board
from cases.forms import CaseForm, MetastaticSiteForm, PatientForm, TreatmentLineForm
from renaten.forms import _FieldsCopiedCheaply, copy_fields_cheaply


@copy_fields_cheaply
class Sample(forms.Form):
    colour = forms.ChoiceField(choices=[("", "—"), ("red", "Rouge")], required=False)
    shades = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(widget=forms.TextInput(attrs={"size": 10}))


def test_an_instance_changing_its_fields_leaves_the_class_and_other_instances_alone():
    first, second = Sample(), Sample()
    first.fields["colour"].choices = [("blue", "Bleu")]
    first.fields["colour"].required = True
    first.fields["note"].widget.attrs["max"] = "3"
    first.fields["note"].error_messages["required"] = "!"
    first.fields["note"].validators.append(lambda value: None)
    for form in (second, Sample):
        fields = form.base_fields if form is Sample else form.fields
        assert fields["colour"].choices == [("", "—"), ("red", "Rouge")]
        assert fields["colour"].widget.choices == [("", "—"), ("red", "Rouge")]
        assert not fields["colour"].required
        assert fields["note"].widget.attrs == {"size": 10}
        assert fields["note"].error_messages["required"] != "!"
        assert fields["note"].validators == Sample.base_fields["note"].validators
    assert first.fields["colour"].widget is not second.fields["colour"].widget
    assert first.fields["shades"].choices is not Sample.base_fields["shades"].choices


def test_the_copies_render_as_django_s_own_deep_copies(monkeypatch):
    cheap = str(Sample({"colour": "red", "shades": ["b"], "note": "x"}))
    plain_fields = dict(Sample.base_fields)
    monkeypatch.setattr(Sample, "base_fields", plain_fields)
    assert str(Sample({"colour": "red", "shades": ["b"], "note": "x"})) == cheap


def test_fields_with_their_own_deep_copy_keep_it():
    @copy_fields_cheaply
    class WithBoard(forms.Form):
        board = forms.ModelChoiceField(queryset=Board.objects.all())

    field = WithBoard().fields["board"]
    # Django's ModelChoiceField.__deepcopy__ gives each instance its own queryset.
    assert field.queryset is not WithBoard.base_fields["board"].queryset
    assert field.widget is not WithBoard.base_fields["board"].widget


def _sharing(original, copied) -> dict[str, bool]:
    """For the field and its widget: which attributes the copy shares with the original."""
    shared = {}
    for prefix, a, b in (("", original, copied), ("widget.", original.widget, copied.widget)):
        for name, value in vars(a).items():
            shared[prefix + name] = getattr(b, name) is value
    return shared


@pytest.mark.parametrize(
    "form_class", [PatientForm, CaseForm, TreatmentLineForm, MetastaticSiteForm]
)
def test_instances_share_with_the_class_exactly_what_django_s_deep_copy_shares(form_class):
    fields = form_class.base_fields
    assert isinstance(fields, _FieldsCopiedCheaply)
    assert fields.cheap, "no field is copied cheaply: the decorator would be pointless"
    ours = copy.deepcopy(fields)
    django_s = copy.deepcopy(dict(fields))  # a plain dict: Django's own __deepcopy__
    for name, field in fields.items():
        assert _sharing(field, ours[name]) == _sharing(field, django_s[name]), name
        if isinstance(field, forms.ChoiceField) and name in fields.cheap:
            assert ours[name].choices == django_s[name].choices
            assert ours[name].widget.choices == django_s[name].widget.choices


def test_grouped_or_callable_choices_keep_django_s_copy():
    @copy_fields_cheaply
    class Odd(forms.Form):
        grouped = forms.ChoiceField(choices=[("Fruits", [("a", "Pomme")]), ("b", "Pain")])
        computed = forms.ChoiceField(choices=lambda: [("x", "X")])
        plain = forms.ChoiceField(choices=[("x", "X")])

    assert Odd.base_fields.cheap == {"plain"}
    first, second = Odd(), Odd()
    first.fields["grouped"].choices[0][1].append(("c", "Poire"))
    assert second.fields["grouped"].choices[0][1] == [("a", "Pomme")]

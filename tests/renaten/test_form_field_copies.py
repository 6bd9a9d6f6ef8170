"""renaten.forms.copy_fields_cheaply: each form instance still owns its fields."""

from __future__ import annotations

from django import forms

from boards.models import Board
from cases.forms import CaseForm
from renaten.forms import copy_fields_cheaply


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


def test_the_case_form_copies_its_fields_cheaply():
    assert type(CaseForm.base_fields).__name__ == "_FieldsCopiedCheaply"
    assert CaseForm().fields.keys() == CaseForm.base_fields.keys()

"""The fast widget renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given, settings
from hypothesis import strategies as st

from board_sessions.forms import ParticipantForm
from cases.forms import CaseFilterForm, CaseForm, MetastaticSiteForm, PatientForm, TreatmentLineForm
from renaten.form_renderer import RENDERERS, FastWidgetRenderer

TEMPLATES = DjangoTemplates()
FAST = FastWidgetRenderer()


def _both(form: forms.BaseForm) -> list[tuple[str, str, str]]:
    out = []
    for bound in form:
        bound.form.renderer = TEMPLATES
        slow = str(bound.as_widget())
        bound.form.renderer = FAST
        out.append((bound.name, slow, str(bound.as_widget())))
    return out


def _assert_same(form: forms.BaseForm) -> None:
    for name, slow, fast in _both(form):
        assert fast == slow, name


@pytest.mark.django_db
def test_every_widget_of_the_app_forms_is_byte_identical(centre):
    from tests.dossiers.conftest import cpc_case

    assert FAST.fast  # Django's own templates: the fast path is on
    case = cpc_case(centre, question='Guillemets " et <balises> & co')
    for form in (
        CaseForm(instance=case),
        CaseForm({"question": "<script>alert(1)</script>", "contraindications": ["x"]}),
        CaseForm(),
        PatientForm(instance=case.patient, prefix="patient"),
        PatientForm({"patient-family_name": "D'Artagnan <b>"}, prefix="patient"),
        TreatmentLineForm(),
        TreatmentLineForm({"treatment": "everolimus", "start_date": "2024-01-01"}),
        MetastaticSiteForm(),
        CaseFilterForm({"q": "<&>", "status": "ready"}),
        ParticipantForm(),
    ):
        _assert_same(form)


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"data-x": mark_safe("<i>"), "b": True}))
    hidden = forms.CharField(widget=forms.HiddenInput(attrs={"off": False}))
    number = forms.DecimalField()
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    email = forms.EmailField()
    area = forms.CharField(widget=forms.Textarea)
    choice = forms.ChoiceField(
        choices=[("", "—"), ("Groupe <1>", [("a", "A & a"), ("b", "B")]), ("c", 3)]
    )
    multi = forms.MultipleChoiceField(
        choices=[("Groupe", [("x", "X")]), ("y", "Y")], widget=forms.CheckboxSelectMultiple
    )
    radio = forms.ChoiceField(choices=[("r", "R"), ("s", "S")], widget=forms.RadioSelect)
    select_multiple = forms.MultipleChoiceField(choices=[("m", "M"), ("n", "N")])
    nullable = forms.NullBooleanField()


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(max_size=30),
    number=st.one_of(st.none(), st.integers(-(10**6), 10**6)),
    date=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
)
def test_hostile_and_unusual_values_render_the_same(text, number, date):
    data = {
        "text": text,
        "hidden": text,
        "number": number,
        "date": date,
        "email": text,
        "area": text,
        "choice": "a",
        "multi": ["x", "y"],
        "radio": "s",
        "select_multiple": ["m"],
        "nullable": "true",
    }
    _assert_same(Everything(data))
    _assert_same(Everything(initial=data))


def test_an_overridden_widget_template_turns_the_fast_path_off(settings, tmp_path):
    folder = tmp_path / "django" / "forms" / "widgets"
    folder.mkdir(parents=True)
    (folder / "select_option.html").write_text("<option>{{ widget.label }}</option>")
    renderer = FastWidgetRenderer()
    renderer.engine.engine.dirs = [str(tmp_path), *renderer.engine.engine.dirs]
    assert renderer.fast is False
    assert set(RENDERERS) >= {"django/forms/widgets/select.html"}

"""Case forms: the clinician's structured record, in French, validated on the server."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boards.models import Board
from cases import choices
from cases.models import PATIENT_FIELDS, Case, MetastaticSite, Patient, TreatmentLine
from guidelines import vocabulary
from renaten.forms import copy_fields_cheaply

PRESENTATION_FIELDS = (
    "board",
    "referring_physician",
    "reason",
    "who_performance_status",
    "discovery_circumstances",
    "comorbidities",
    "clinical_summary",
    "question",
    "clinical_trial_nct",
)

# (legend, fields) in the order the form shows them; the Patient fieldset comes first.
CASE_FIELDSETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (_("Présentation"), PRESENTATION_FIELDS),
    (
        _("Anatomopathologie"),
        (
            "histology",
            "histology_source",
            "ki67_percent",
            "mitoses_per_2mm2",
            "necrosis",
            "pd_l1_percent",
            "mgmt_status",
        ),
    ),
    (_("Stade et extension"), ("tnm_t", "tnm_n", "tnm_m", "disease_extent")),
    (
        _("Chirurgie"),
        (
            "surgery_done",
            "surgery_date",
            "surgery_type",
            "resection_status",
            "nodal_status",
            "surgical_contraindication",
            "disproportionate_resection",
            "primary_resectable",
            "primary_symptomatic",
        ),
    ),
    (
        _("Maladie métastatique"),
        (
            "tumour_burden",
            "symptomatic",
            "widely_disseminated",
            "progression",
            "progression_imaging_1_date",
            "progression_imaging_2_date",
            "liver_resectable",
            "liver_predominant",
            "other_lesions_outside_liver_and_primary",
            "portal_vein_thrombosis",
            "biliodigestive_anastomosis",
            "bone_metastases_threatening",
        ),
    ),
    (
        _("Imagerie fonctionnelle"),
        ("sstr_imaging", "sstr_imaging_date", "fdg_pet", "fdg_pet_date", "fdg_sstr_discordant"),
    ),
    (
        _("Syndromes sécrétoires"),
        ("carcinoid_syndrome", "carcinoid_crisis", "refractory_diarrhoea", "cushing_syndrome"),
    ),
    (_("Gestes envisagés et contre-indications"), ("planned_procedures", "contraindications")),
)
CASE_FIELDS = tuple(name for _legend, names in CASE_FIELDSETS for name in names)


@dataclass(frozen=True)
class Fold:
    """Part of a fieldset folded (<details>) while it does not apply to this case.

    It applies when `field`'s value is in `open_values` or, with `closed_values`, when it is
    not in them (an unknown value leaves it open: nothing is hidden before the user says so).
    The browser (case_form.js) opens and closes it as the field changes; folded fields are
    still submitted, so folding never loses input.
    """

    legend: str
    field: str
    fields: tuple[str, ...]
    summary: str
    open_values: tuple[str, ...] = ()
    closed_values: tuple[str, ...] = ()

    def applies(self, value) -> bool:
        value = "" if value is None else str(value)
        if self.open_values:
            return value.lower() in self.open_values
        return value not in self.closed_values


FOLDS = (
    # A localised disease has no metastatic section to fill (CASE_FIELDSETS' whole fieldset).
    Fold(
        legend=_("Maladie métastatique"),
        field="disease_extent",
        fields=CASE_FIELDSETS[4][1],
        summary=_("sans objet pour une maladie localisée"),
        closed_values=(choices.DiseaseExtent.LOCALIZED,),
    ),
    # The operation's details only when the primary was operated.
    Fold(
        legend=_("Chirurgie"),
        field="surgery_done",
        fields=("surgery_date", "surgery_type", "resection_status", "nodal_status"),
        summary=_("détails de l'intervention, si le primitif est opéré"),
        open_values=("true",),
    ),
)
WIDE_FIELDS = frozenset(
    {
        "discovery_circumstances",
        "comorbidities",
        "clinical_summary",
        "question",
        "planned_procedures",
        "contraindications",
    }
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class _ShortChoiceList(forms.models.ModelChoiceIterator):
    """A short list's choices (the boards) in one plain query: Django's default iterates a
    server-side cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def _tidy_choices(form_class):
    """Class decorator: the French blank choice, set once on the class (instances copy it)."""
    for field in form_class.base_fields.values():
        if isinstance(field, forms.ChoiceField) and not isinstance(
            field, forms.ModelChoiceField | forms.MultipleChoiceField | forms.NullBooleanField
        ):
            field.choices = [
                ("", vocabulary.NOT_PROVIDED_LABEL) if value == "" else (value, label)
                for value, label in field.choices
            ]
    # Every instance copies these fields: cheaply (renaten.forms), as nothing mutates the choices.
    return copy_fields_cheaply(form_class)


def _tidy_widgets(form: forms.BaseForm) -> None:
    """French blank choice of the board list, no date after today in the date pickers (the
    server checks too)."""
    today = timezone.localdate().isoformat()
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            # Its choices come from the database when rendered; copying them here would run
            # that query on every form built, the panel's included.
            field.empty_label = vocabulary.NOT_PROVIDED_LABEL
        if isinstance(field.widget, DateInput):
            field.widget.attrs.setdefault("max", today)


@_tidy_choices
class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = PATIENT_FIELDS
        widgets = {"birth_date": DateInput()}
        help_texts = {
            "ins": _("Affiché et imprimé seulement si l'identité est « qualifiée »."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _tidy_widgets(self)

    def clean_family_name(self) -> str:
        return self.cleaned_data["family_name"].strip()

    def clean_ipp(self) -> str:
        return self.cleaned_data["ipp"].strip()

    def clean_ins(self) -> str:
        return self.cleaned_data["ins"].replace(" ", "")


@_tidy_choices
class CaseForm(forms.ModelForm):
    """The case record. `version` carries the version the user started from (lost updates)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    who_performance_status = forms.TypedChoiceField(
        label=_("État général (OMS)"),
        choices=[("", vocabulary.NOT_PROVIDED_LABEL)] + [(str(n), str(n)) for n in range(5)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    planned_procedures = forms.MultipleChoiceField(
        label=_("Gestes envisagés"),
        choices=choices.PlannedProcedure.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contraindications = forms.MultipleChoiceField(
        label=_("Contre-indications à un traitement"),
        choices=choices.Treatment.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checkbox-columns"}),
        required=False,
    )

    wide_fields = WIDE_FIELDS

    class Meta:
        model = Case
        fields = CASE_FIELDS
        widgets = {
            name: DateInput()
            for name in (
                "surgery_date",
                "progression_imaging_1_date",
                "progression_imaging_2_date",
                "sstr_imaging_date",
                "fdg_pet_date",
            )
        } | {
            "discovery_circumstances": forms.Textarea(attrs={"rows": 2}),
            "comorbidities": forms.Textarea(attrs={"rows": 2}),
            "clinical_summary": forms.Textarea(attrs={"rows": 4}),
            "question": forms.Textarea(attrs={"rows": 2}),
            "ki67_percent": forms.NumberInput(attrs={"step": "0.1", "min": 0, "max": 100}),
            "mitoses_per_2mm2": forms.NumberInput(attrs={"step": "0.1", "min": 0}),
            "pd_l1_percent": forms.NumberInput(attrs={"step": "0.1", "min": 0, "max": 100}),
            "clinical_trial_nct": forms.TextInput(attrs={"placeholder": "NCT01234567"}),
        }
        labels = {
            "board": _("RCP de recours"),
            "necrosis": _("Nécrose"),
        }
        help_texts = {
            "progression": _(
                "Appréciée sur deux imageries en coupe successives (dates ci-dessous)."
            ),
            "ki67_percent": _("Entre 0 et 100."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An inactive board stays choosable on the case that already names it.
        boards = Board.objects.filter(Q(is_active=True) | Q(pk=self.instance.board_id))
        # The iterator first: assigning the queryset gives the widget its choices.
        self.fields["board"].iterator = _ShortChoiceList
        self.fields["board"].queryset = boards.order_by("name")
        self.fields["version"].initial = self.instance.version if self.instance.pk else None
        for name in ("ki67_percent", "mitoses_per_2mm2", "pd_l1_percent"):
            # Show "12", not "12.00" (and never "1E+1").
            value = self.initial.get(name)
            if isinstance(value, Decimal):
                self.initial[name] = f"{value.normalize():f}"
        _tidy_widgets(self)

    def clean_clinical_trial_nct(self) -> str:
        return self.cleaned_data["clinical_trial_nct"].strip().upper()

    def clean_referring_physician(self) -> str:
        return self.cleaned_data["referring_physician"].strip()

    def fieldsets(self):
        """[(legend, [bound fields])] for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in CASE_FIELDSETS]

    def sections(self) -> list[dict]:
        """The fieldsets with their folds, for the template.

        Each: legend, fields (always shown), fold (None or a dict with the folded fields,
        whether it applies to the value the form holds now, and what the browser watches).
        A fold covering the whole fieldset folds the fieldset itself (`whole`).
        """
        folds = {fold.legend: fold for fold in FOLDS}
        sections = []
        for legend, names in CASE_FIELDSETS:
            fold = folds.get(legend)
            shown = [n for n in names if fold is None or n not in fold.fields]
            section = {"legend": legend, "fields": [self[n] for n in shown], "fold": None}
            if fold is not None:
                section["fold"] = {
                    "fields": [self[n] for n in fold.fields],
                    "open": fold.applies(self[fold.field].value()),
                    "summary": fold.summary,
                    "whole": not shown,
                    "watch": fold.field,
                    "open_values": " ".join(fold.open_values),
                    "closed_values": " ".join(fold.closed_values),
                }
            sections.append(section)
        return sections

    def model_values(self) -> dict:
        """The cleaned values of the case's own fields (not the version)."""
        return {name: self.cleaned_data[name] for name in CASE_FIELDS}


@_tidy_choices
class TreatmentLineForm(forms.ModelForm):
    class Meta:
        model = TreatmentLine
        fields = (
            "treatment",
            "start_date",
            "end_date",
            "best_response",
            "reason_stopped",
            "comment",
        )
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "line")
        super().__init__(*args, **kwargs)
        _tidy_widgets(self)


@_tidy_choices
class MetastaticSiteForm(forms.ModelForm):
    class Meta:
        model = MetastaticSite
        fields = ("site", "details")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "site")
        super().__init__(*args, **kwargs)
        _tidy_widgets(self)


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Patient (nom ou IPP)"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous")), *Case.Status.choices]
    )
    histology = forms.ChoiceField(
        label=_("Histologie"),
        required=False,
        choices=[("", _("Toutes")), *choices.Histology.choices],
    )
    extent = forms.ChoiceField(
        label=_("Extension"),
        required=False,
        choices=[("", _("Toutes")), *choices.DiseaseExtent.choices],
    )

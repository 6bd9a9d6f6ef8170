from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from boards.models import Board
from guidelines.engine import FOLLOW_UP_LABELS
from surveillance.models import ExamKind, ExamResult, Surveillance
from surveillance.recall import CATEGORY_LABELS, DEFAULT_DAYS

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecallFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Catégorie"),
        required=False,
        choices=[("", _("Toutes")), *CATEGORY_LABELS.items()],
    )
    days = forms.IntegerField(
        label=_("À prévoir dans les (jours)"),
        required=False,
        min_value=1,
        max_value=366,
        initial=DEFAULT_DAYS,
    )
    board = forms.ModelChoiceField(
        label=_("RCP"), required=False, queryset=Board.objects.all(), empty_label=_("Toutes")
    )
    plan = forms.ChoiceField(
        label=_("Plan"),
        required=False,
        choices=[
            ("", _("Tous")),
            *((code.value, label) for code, label in FOLLOW_UP_LABELS.items()),
        ],
    )


class ExamForm(forms.Form):
    performed_on = forms.DateField(label=_("Date de l'examen"), widget=DATE_INPUT)
    kind = forms.ChoiceField(label=_("Examen"), choices=ExamKind.choices)
    result = forms.ChoiceField(label=_("Résultat"), choices=ExamResult.choices)
    expected = forms.TypedChoiceField(
        label=_("Examen prévu auquel il répond"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    report = forms.FileField(
        label=_("Compte rendu (PDF, 10 Mo au plus)"),
        required=False,
        max_length=200,
    )

    def __init__(self, *args, pending=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.pending = {row.pk: row for row in pending}
        self.fields["expected"].choices = [("", _("Aucun (examen hors calendrier)"))] + [
            (row.pk, f"{row.due_date:%d/%m/%Y} — {row.exams}") for row in pending
        ]

    def clean_report(self):
        report = self.cleaned_data.get("report")
        if report:
            head = report.read(5)
            report.seek(0)
            if head != b"%PDF-":
                raise forms.ValidationError(_("Le compte rendu doit être un fichier PDF."))
        return report

    def clean_expected(self):
        value = self.cleaned_data.get("expected")
        if value is None:
            return None
        if value not in self.pending:
            raise forms.ValidationError(_("Cet examen prévu n'est plus en attente."))
        return self.pending[value]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Statut du suivi"), choices=Surveillance.Status.choices)
    status_date = forms.DateField(label=_("Depuis le"), required=False, widget=DATE_INPUT)
    status_reason = forms.CharField(label=_("Motif"), required=False, max_length=500)


class ChoiceForm(forms.Form):
    """CT N0: the clinician's decision on surveillance (the text fixes no calendar)."""

    chosen_exam = forms.ChoiceField(
        label=_("Examen choisi"),
        required=False,
        choices=[("", _("Pas de surveillance systématique"))]
        + [(k.value, k.label) for k in (ExamKind.ABDOMINAL_ULTRASOUND, ExamKind.LIVER_MRI)],
    )
    chosen_interval_months = forms.IntegerField(
        label=_("Rythme choisi (mois)"), required=False, min_value=3, max_value=60
    )

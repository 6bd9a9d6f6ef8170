"""Forms of the decision pages. Every text is bounded; the action re-checks everything."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.choices import Treatment
from cases.models import nct_validator
from decisions import rules
from decisions.actions import DecisionInput
from decisions.models import TEXT_MAX, CarePlan, Decision, TreatmentStart


def option_choice_label(option) -> str:
    return option.get("label", option["code"])


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Issue"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    options = forms.MultipleChoiceField(
        label=_("Options du référentiel retenues"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    free_proposal = forms.CharField(
        label=_("Proposition libre (si aucune option ne convient)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    justification = forms.CharField(
        label=_("Justification (obligatoire hors référentiel)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    refer_to_national = forms.BooleanField(
        label=_("À présenter en RCP nationale RENATEN"), required=False
    )
    deferral_reason = forms.ChoiceField(
        label=_("Motif du report"),
        required=False,
        choices=[("", "—"), *Decision.DeferralReason.choices],
    )
    deferral_details = forms.CharField(label=_("Précisions"), required=False, max_length=500)
    trial_proposed = forms.BooleanField(label=_("Essai clinique proposé"), required=False)
    trial_nct = forms.CharField(
        label=_("Identifiant de l'essai (NCT)"),
        required=False,
        max_length=11,
        validators=[nct_validator],
    )
    follow_up_physician = forms.CharField(
        label=_("Médecin en charge du suivi"), required=False, max_length=150
    )
    patient_informed_before = forms.ChoiceField(
        label=_("Patient informé avant la RCP"), choices=Decision.PatientInformed.choices
    )
    patient_informed_on = forms.DateField(
        label=_("Date de l'information"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    patient_information_plan = forms.CharField(
        label=_("Comment le patient sera informé de l'avis"), required=False, max_length=300
    )
    participants = forms.MultipleChoiceField(
        label=_("Participants présents pour ce dossier"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, evaluation_options, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation_options = list(evaluation_options)
        self.fields["options"].choices = [
            (o["code"], option_choice_label(o)) for o in self.evaluation_options
        ]
        self.fields["participants"].choices = [
            (str(p.pk), f"{p.name} — {p.get_specialty_display()}") for p in participants
        ]
        # Every condition any conditional option could bring; only the chosen ones count.
        self.conditions = rules.checklist(
            [o for o in self.evaluation_options if o.get("regulatory") in rules.CONDITIONAL]
        )
        for index, condition in enumerate(self.conditions):
            self.fields[f"cond-{index}-met"] = forms.BooleanField(
                label=condition.label, required=False
            )
            self.fields[f"cond-{index}-explanation"] = forms.CharField(
                label=_("ou : pourquoi elle ne l'est pas"), required=False, max_length=500
            )

    @classmethod
    def initial_from(cls, decision: Decision | None, participants) -> dict:
        if decision is None:
            return {
                "outcome": Decision.Outcome.PROPOSAL,
                "participants": [str(p.pk) for p in participants],
                "patient_informed_before": Decision.PatientInformed.UNKNOWN,
            }
        initial = {
            name: getattr(decision, name)
            for name in (
                "outcome",
                "free_proposal",
                "justification",
                "refer_to_national",
                "deferral_reason",
                "deferral_details",
                "trial_proposed",
                "trial_nct",
                "follow_up_physician",
                "patient_informed_before",
                "patient_informed_on",
                "patient_information_plan",
            )
        }
        initial["options"] = decision.option_codes
        initial["participants"] = [str(p["id"]) for p in decision.participants]
        return initial

    def condition_rows(self):
        """(condition, met field, explanation field, option label) for the template."""
        labels = {o["code"]: option_choice_label(o) for o in self.evaluation_options}
        return [
            (c, self[f"cond-{i}-met"], self[f"cond-{i}-explanation"], labels.get(c.option, ""))
            for i, c in enumerate(self.conditions)
        ]

    def set_condition_initial(self, decision: Decision | None) -> None:
        if decision is None:
            return
        answers = {c["key"]: c for c in decision.conditions}
        for index, condition in enumerate(self.conditions):
            if condition.key in answers:
                self.initial[f"cond-{index}-met"] = answers[condition.key]["met"]
                self.initial[f"cond-{index}-explanation"] = answers[condition.key]["explanation"]

    def to_input(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            outcome=data["outcome"],
            option_codes=list(data["options"]),
            free_proposal=data["free_proposal"],
            justification=data["justification"],
            conditions={
                c.key: (
                    bool(data.get(f"cond-{i}-met")),
                    data.get(f"cond-{i}-explanation") or "",
                )
                for i, c in enumerate(self.conditions)
            },
            refer_to_national=data["refer_to_national"],
            deferral_reason=data["deferral_reason"],
            deferral_details=data["deferral_details"],
            trial_proposed=data["trial_proposed"],
            trial_nct=data["trial_nct"],
            follow_up_physician=data["follow_up_physician"],
            patient_informed_before=data["patient_informed_before"],
            patient_informed_on=data["patient_informed_on"],
            patient_information_plan=data["patient_information_plan"],
            participant_ids=[int(pk) for pk in data["participants"]],
        )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de la correction"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def calendar_to_text(entries) -> str:
    lines = []
    for entry in entries:
        day = entry.get("date") or ""
        if day:
            day = dt.date.fromisoformat(day).strftime("%d/%m/%Y")
        lines.append(f"{day or 'à fixer'} : {entry['label']}")
    return "\n".join(lines)


class CarePlanForm(forms.ModelForm):
    calendar_text = forms.CharField(
        label=_("Calendrier"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Une étape par ligne : « JJ/MM/AAAA : étape » (ou « à fixer : étape »)."),
    )

    class Meta:
        model = CarePlan
        fields = [
            "treatment_plan",
            "referent_physician",
            "secretariat_contact",
            "supportive_care",
            "patient_text",
            "gp_transmission",
        ]
        widgets = {
            "treatment_plan": forms.Textarea(attrs={"rows": 4}),
            "supportive_care": forms.Textarea(attrs={"rows": 3}),
            "patient_text": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_calendar_text(self):
        entries, problems = [], []
        for number, raw in enumerate(self.cleaned_data["calendar_text"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            when, sep, label = line.partition(":")
            label = label.strip()
            if not sep or not label:
                problems.append(_("Ligne %s : « date : étape » attendu.") % number)
                continue
            when = when.strip()
            day = ""
            if when.casefold() != "à fixer":
                try:
                    day = dt.datetime.strptime(when, "%d/%m/%Y").date().isoformat()
                except ValueError:
                    problems.append(
                        _("Ligne %s : date JJ/MM/AAAA ou « à fixer » attendue.") % number
                    )
                    continue
            entries.append({"date": day, "label": label[:300]})
        if problems:
            raise forms.ValidationError(problems)
        if len(entries) > 60:
            raise forms.ValidationError(_("60 étapes au plus."))
        return entries


class TreatmentStartForm(forms.Form):
    treatment = forms.ChoiceField(label=_("Traitement mis en route"), choices=Treatment.choices)
    start_date = forms.DateField(
        label=_("Date de début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    discordance_reason = forms.ChoiceField(
        label=_("Motif de l'écart avec l'avis (si différent)"),
        required=False,
        choices=[("", "—"), *TreatmentStart.DiscordanceReason.choices],
    )
    reason_details = forms.CharField(label=_("Précisions"), required=False, max_length=500)

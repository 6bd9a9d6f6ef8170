from django import forms
from django.utils.translation import gettext_lazy as _

from audit.models import AccessLog


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=_("Identifiant"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Toutes")), *AccessLog.Action.choices]
    )
    origin = forms.ChoiceField(
        label=_("Origine"), required=False, choices=[("", _("Toutes")), *AccessLog.Origin.choices]
    )
    case_id = forms.IntegerField(label=_("Dossier n°"), required=False, min_value=1)
    session_id = forms.IntegerField(label=_("Séance n°"), required=False, min_value=1)
    job_id = forms.IntegerField(label=_("Export n°"), required=False, min_value=1)
    ip_address = forms.GenericIPAddressField(label=_("Adresse IP"), required=False)
    since = forms.DateField(
        label=_("Depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Jusqu'au"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", _("La date de fin précède la date de début."))
        return data

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("username"):
            queryset = queryset.filter(username__iexact=data["username"])
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        for name in ("origin", "case_id", "session_id", "job_id", "ip_address"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("since"):
            queryset = queryset.filter(at__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(at__date__lte=data["until"])
        return queryset

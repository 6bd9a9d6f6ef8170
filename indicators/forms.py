from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_SPAN_DAYS = 366 * 20


class PeriodForm(forms.Form):
    board = forms.ModelChoiceField(label=_("RCP"), queryset=None, empty_label=None)
    start = forms.DateField(label=_("Du"), widget=DATE_INPUT)
    end = forms.DateField(label=_("Au"), widget=DATE_INPUT)

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("La date de fin précède la date de début."))
            elif (end - start).days > MAX_SPAN_DAYS:
                self.add_error("end", _("Période de 20 ans au plus."))
        return data


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve months up to today."""
    return today.replace(year=today.year - 1) + dt.timedelta(days=1), today

"""The administrator's form for a board: lists edited as checkboxes, French messages."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from boards.models import Board
from boards.regions import Region
from boards.specialties import Specialty
from boards.validators import EMAIL_MESSAGE, PHONE_MESSAGE, validate_departments


class DepartmentsField(forms.CharField):
    """'69, 38 01' ⇄ ['69', '38', '01']: département codes typed as one line."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        codes = [code.upper() for code in re.split(r"[\s,;]+", text) if code]
        return list(dict.fromkeys(codes))

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        validate_departments(value)


class BoardAdminForm(forms.ModelForm):
    required_specialties = forms.MultipleChoiceField(
        label=_("spécialités requises au quorum"),
        choices=Specialty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    served_regions = forms.MultipleChoiceField(
        label=_("régions desservies"),
        choices=Region.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Régions actuelles dont les centres adressent leurs dossiers à cette RCP."),
    )
    served_departments = DepartmentsField(
        label=_("départements desservis"),
        required=False,
        help_text=_("Numéros séparés par des virgules (ex. : 69, 38, 01)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "secretaries" in self.fields:
            from accounts.models import User
            from accounts.roles import SECRETARY

            # Only secretariat accounts can see and register referred cases.
            self.fields["secretaries"].queryset = (
                User.objects.filter(groups__name=SECRETARY, is_active=True)
                .select_related("centre")
                .order_by("last_name", "username")
            )

    def clean(self):
        data = super().clean()
        if data.get("secretaries") and data.get("level") != Board.Level.NATIONAL:
            self.add_error(
                "secretaries",
                _("Seule la RCP nationale a des secrétaires qui voient les dossiers adressés."),
            )
        return data

    class Meta:
        model = Board
        fields = [
            "name",
            "region",
            "level",
            "is_active",
            "institution",
            "department",
            "address",
            "referring_physicians",
            "email",
            "secretariat_phone",
            "required_specialties",
            "served_regions",
            "served_departments",
            "secretaries",
            "coordinators",
            "notes",
        ]
        # The model validates the phone and save() stores it as "04 72 11 00 94"; the form
        # fields strip spaces. Anything too long for the column is no French number either.
        help_texts = {
            "secretariat_phone": _(
                "Format français : 04 72 11 00 94, 04.72.11.00.94 ou +33 4 72 11 00 94."
            ),
        }
        error_messages = {
            "email": {"invalid": EMAIL_MESSAGE},
            "secretariat_phone": {"max_length": PHONE_MESSAGE},
        }

    def _clean_text(self, name: str) -> str:
        # Browsers post textareas with CRLF: store LF, or every save would record a change.
        return self.cleaned_data[name].replace("\r\n", "\n").strip()

    def clean_address(self) -> str:
        return self._clean_text("address")

    def clean_referring_physicians(self) -> str:
        return self._clean_text("referring_physicians")

    def clean_notes(self) -> str:
        return self._clean_text("notes")

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import CLINICIAN
from board_sessions.models import BoardSession, Participant
from boards.models import Board
from cases.models import Case
from guidelines import vocabulary

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
FIRST_YEAR, LAST_YEAR = 2000, 2099


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class SessionForm(forms.ModelForm):
    board = forms.ModelChoiceField(
        label=_("RCP"), queryset=Board.objects.filter(is_active=True), empty_label=None
    )
    video_link = forms.URLField(
        label=_("Lien de visioconférence"), required=False, assume_scheme="https"
    )

    class Meta:
        model = BoardSession
        fields = ["board", "starts_at", "place", "video_link", "registration_deadline", "notes"]
        widgets = {
            "starts_at": DateTimeInput(),
            "registration_deadline": DateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "registration_deadline"):
            self.fields[name].input_formats = [DATETIME_FORMAT]

    def clean_starts_at(self):
        return _plausible(self.cleaned_data["starts_at"])

    def clean_registration_deadline(self):
        return _plausible(self.cleaned_data["registration_deadline"])


def _plausible(value):
    # A parseable year 1 (or 9999) overflows when converted to UTC for the database.
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Date invalide : indiquez une date entre %(first)s et %(last)s.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )
    return value


class RegisterCaseForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("Dossier prêt à inscrire"),
        queryset=Case.objects.none(),
        empty_label=_("Choisir un dossier prêt"),
        error_messages={"invalid_choice": _("Ce dossier ne peut pas être inscrit.")},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases.filter(status=Case.Status.READY).select_related(
            "patient"
        )
        self.fields["case"].label_from_instance = lambda case: (
            f"{case.patient} — {case.get_reason_display()} (dossier n° {case.pk})"
        )


class IncompleteReasonMixin(forms.Form):
    incomplete_reason = forms.CharField(
        label=_("Motif (si le dossier est incomplet)"),
        max_length=500,
        required=False,
        help_text=_(
            "Un dossier incomplet n'est inscrit qu'avec un motif, conservé avec l'inscription."
        ),
    )


class RegisterCaseWithReasonForm(IncompleteReasonMixin, RegisterCaseForm):
    pass


class AcceptRequestForm(IncompleteReasonMixin):
    pass


class DeclineRequestForm(forms.Form):
    reason = forms.CharField(label=_("Motif du refus"), max_length=300)


class RequestRegistrationForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("Dossier prêt"),
        queryset=Case.objects.none(),
        error_messages={"invalid_choice": _("Ce dossier ne peut pas être proposé.")},
    )

    def __init__(self, *args, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases.filter(status=Case.Status.READY).select_related(
            "patient"
        )
        self.fields["case"].label_from_instance = lambda case: (
            f"{case.patient} (dossier n° {case.pk})"
        )


class ParticipantForm(forms.ModelForm):
    user = forms.ModelChoiceField(
        label=_("Compte utilisateur (facultatif)"),
        queryset=User.objects.filter(is_active=True, groups__name=CLINICIAN)
        .select_related("centre")
        .order_by("last_name", "first_name"),
        required=False,
        empty_label=vocabulary.NOT_PROVIDED_LABEL,
    )

    class Meta:
        model = Participant
        fields = ["name", "specialty", "is_physician", "user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        specialty = self.fields["specialty"]
        specialty.choices = [
            ("", vocabulary.NOT_PROVIDED_LABEL) if value == "" else (value, label)
            for value, label in specialty.choices
        ]
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.username} — {user.centre or ''}"
        )


class MoveForm(forms.Form):
    item = forms.IntegerField(min_value=1)
    direction = forms.ChoiceField(choices=[("up", _("Monter")), ("down", _("Descendre"))])

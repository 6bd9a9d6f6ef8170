from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from board_sessions.models import BoardSession
from boards.models import Board
from referrals.models import Referral


class ReferralForm(forms.ModelForm):
    to_board = forms.ModelChoiceField(
        label=_("RCP nationale"),
        queryset=Board.objects.filter(level=Board.Level.NATIONAL, is_active=True),
        empty_label=None,
    )

    class Meta:
        model = Referral
        fields = ["to_board", "reason", "regional_opinion"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "regional_opinion": forms.Textarea(attrs={"rows": 5}),
        }


class RegisterReferralForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Séance nationale"),
        queryset=BoardSession.objects.none(),
        error_messages={"invalid_choice": _("Choisissez une séance à venir de la RCP nationale.")},
    )
    incomplete_reason = forms.CharField(
        label=_("Motif si le dossier est incomplet"), max_length=500, required=False
    )

    def __init__(self, *args, board_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = BoardSession.objects.filter(
            board_id=board_id, status=BoardSession.Status.PLANNED, starts_at__gte=timezone.now()
        ).select_related("board")

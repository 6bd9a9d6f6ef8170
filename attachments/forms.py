from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from attachments.models import Attachment, PathologyReview
from attachments.validation import EXTENSIONS


class AttachmentForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Fichier (PDF, PNG ou JPEG)"),
        max_length=255,
        allow_empty_file=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ",".join(f".{ext}" for ext in {*EXTENSIONS.values(), "jpeg"})}
        ),
    )

    class Meta:
        model = Attachment
        fields = ["kind", "document_date", "title"]
        widgets = {"document_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.ATTACHMENT_MAX_BYTES // 2**20
        self.fields["file"].help_text = _(
            "Vérifié par son contenu ; %(mb)s Mo au maximum ; jamais affiché dans le navigateur."
        ) % {"mb": limit}


class ReviewRequestForm(forms.ModelForm):
    class Meta:
        model = PathologyReview
        fields = ["requested_on", "reviewer_centre"]
        widgets = {"requested_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ReviewResultForm(forms.ModelForm):
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[
            c for c in PathologyReview.Status.choices if c[0] != PathologyReview.Status.REQUESTED
        ],
    )

    class Meta:
        model = PathologyReview
        fields = ["status", "received_on", "reviewed_histology", "new_diagnosis", "report"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "new_diagnosis": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = case.attachments.all()
        self.fields["report"].required = False

    def _post_clean(self):
        # Validation of the whole review happens in the action (model.full_clean there).
        pass

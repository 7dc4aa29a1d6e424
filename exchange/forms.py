"""The upload of a filled-in offline questionnaire: one .xlsx file, at most MAX_BYTES (read here,
checked by exchange/questionnaire_file.py)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from assessment import uploads
from assessment.forms.evidence import refusal_message
from exchange.questionnaire_file import MAX_BYTES


class QuestionnaireUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in questionnaire (.xlsx)"),
        allow_empty_file=True,  # refused by the file check, with its message
        error_messages={"required": _("Choose a file to upload.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_BYTES:
            refusal = uploads.UploadRefusal("too_large")
            raise forms.ValidationError(refusal_message(refusal, MAX_BYTES), code="too_large")
        self.data_read = upload.read()
        return upload

"""The evidence upload of one answer: a file, refused with a reason unless its content is what
its name promises (assessment/uploads.py) and it is within EVIDENCE_MAX_BYTES."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import uploads


def refusal_message(refusal: uploads.UploadRefusal, max_bytes: int) -> str:
    return {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than the limit of %(mb)d MB.")
        % {"mb": max_bytes // (1024 * 1024)},
        "extension": _(
            "Files of this type are not accepted. Upload PDF, images (PNG, JPEG, GIF, WebP), "
            "Word, Excel or PowerPoint documents, CSV or TXT."
        ),
        "content": _("The file's content does not match its name (%(ext)s); it was refused.")
        % {"ext": refusal.detail},
        "zip_bomb": _("The document expands to far more data than it holds; it was refused."),
        "zip_members": _("The document holds more than %(count)s files; it was refused.")
        % {"count": refusal.detail},
        "zip_nested": _(
            "The document contains another archive (%(name)s); archives inside documents "
            "are refused."
        )
        % {"name": refusal.detail},
        "zip_sizes": _(
            "The document's archive states sizes that differ from its content (%(name)s); "
            "it was refused."
        )
        % {"name": refusal.detail},
        "bad_name": _("The file has no usable name."),
    }.get(refusal.code, _("The file was refused."))


class EvidenceUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Evidence file"),
        allow_empty_file=True,  # refused by clean_file, with the message of the other refusals
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        max_bytes = settings.EVIDENCE_MAX_BYTES
        try:
            self.checked = uploads.read_checked(upload, max_bytes)
        except uploads.UploadRefusal as refusal:
            message = refusal_message(refusal, max_bytes)
            raise forms.ValidationError(message, code=refusal.code) from None
        return upload

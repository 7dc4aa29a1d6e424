"""The evidence upload of one answer: a file, refused with a reason in plain words (no MIME
types) unless its content is what its name promises (assessment/uploads.py: documents, images,
Office and WPS files, checked ZIP archives) and it is within EVIDENCE_MAX_BYTES."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import uploads


def refusal_message(refusal: uploads.UploadRefusal, max_bytes: int) -> str:
    """Why a file was refused, in plain words: the file's extension or a name inside an
    archive at most, never a MIME type."""
    return {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than the limit of %(mb)d MB.")
        % {"mb": max_bytes // (1024 * 1024)},
        "extension": _(
            "Files of this type are not accepted. Upload PDF or OFD documents, images (PNG, "
            "JPEG, GIF, WebP, TIFF), Word, Excel, PowerPoint or WPS files, ZIP archives, CSV "
            "or TXT."
        ),
        "content": _(
            "This file is not a real %(ext)s file: its content does not match its name. "
            "It was refused."
        )
        % {"ext": refusal.detail},
        "zip_bomb": _("The file expands to far more data than it holds; it was refused."),
        "zip_members": _("The file holds more than %(count)s files inside it; it was refused.")
        % {"count": refusal.detail},
        "zip_nested": _(
            "The file contains another archive (%(name)s); archives inside uploaded files "
            "are refused."
        )
        % {"name": refusal.detail},
        "zip_sizes": _(
            "A file inside the archive (%(name)s) is not the size the archive says it is; "
            "it was refused."
        )
        % {"name": refusal.detail},
        "zip_encrypted": _(
            "A file inside the archive (%(name)s) is protected by a password, so it cannot "
            "be checked; it was refused. Upload it without a password."
        )
        % {"name": refusal.detail},
        "zip_member_type": _(
            "A file inside the archive (%(name)s) is of a kind that is not accepted; it was "
            "refused."
        )
        % {"name": refusal.detail},
        "zip_unsafe_name": _(
            "A file inside the archive (%(name)s) is stored under a name that leads outside the "
            "archive; it was refused."
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

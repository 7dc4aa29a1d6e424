"""The evidence register's forms: a document with what it is and its files (several at once,
each checked like an evidence file), more files for a document, and linking one to an answer."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import uploads
from assessment.forms.evidence import refusal_message
from assessment.models import Document

# Files one upload may carry, each within EVIDENCE_MAX_BYTES and together within this many
# times it (they are checked in memory).
MAX_FILES_PER_UPLOAD = 10
MAX_UPLOAD_TOTAL_FACTOR = 3


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once; each is checked by its content, and every refusal is named."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data or []) if item] if isinstance(data, list) else [data]
        files = [item for item in files if item]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise forms.ValidationError(
                _("Upload at most %(count)d files at once.") % {"count": MAX_FILES_PER_UPLOAD},
                code="too_many",
            )
        max_bytes = settings.EVIDENCE_MAX_BYTES
        total_limit = max_bytes * MAX_UPLOAD_TOTAL_FACTOR
        if sum(upload.size or 0 for upload in files) > total_limit:
            raise forms.ValidationError(
                _("Upload at most %(size)s at once; send the other files afterwards.")
                % {"size": filesizeformat(total_limit)},
                code="too_much",
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append((upload, uploads.read_checked(upload, max_bytes)))
            except uploads.UploadRefusal as refusal:
                name = uploads.safe_display_name(upload.name or "", 100)
                errors.append(
                    forms.ValidationError(
                        _("%(name)s: %(reason)s")
                        % {"name": name, "reason": refusal_message(refusal, max_bytes)},
                        code=refusal.code,
                    )
                )
        if errors:
            raise forms.ValidationError(errors)
        return checked


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "number", "issuer", "issued_on", "valid_from", "valid_until"]
        widgets = {
            "issued_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
        }


class DocumentAddForm(DocumentForm):
    files = MultipleFileField(
        label=gettext_lazy("Files"),
        required=False,
        help_text=gettext_lazy(
            "PDF or OFD documents, images (incl. TIFF), Word, Excel, PowerPoint or WPS files, "
            "ZIP archives; several at once."
        ),
    )


class FilesForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Files"),
        error_messages={"required": gettext_lazy("Choose one or more files to upload.")},
    )


class LinkForm(forms.Form):
    """A document of the answer's site's register (the choices are that register)."""

    document = forms.ModelChoiceField(
        queryset=Document.objects.none(),
        label=gettext_lazy("Document from the site's register"),
        error_messages={"invalid_choice": gettext_lazy("Choose a document of this site.")},
    )

    def __init__(self, *args, site_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.filter(site_id=site_id)

"""Forms of the reports app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import REPORT_ID_LENGTH, normalise_report_id

# An issued PDF is a few megabytes at most; anything far larger is not one of ours.
MAX_VERIFY_UPLOAD = 50 * 1024 * 1024


class VerifyReportForm(forms.Form):
    report_id = forms.CharField(
        label=_("Report id"),
        max_length=40,
        help_text=_("As printed on the report's cover and at the foot of every page."),
    )
    pdf = forms.FileField(
        label=_("The PDF file (optional)"),
        required=False,
        help_text=_("To check that this file is exactly the one issued."),
    )

    def clean_report_id(self) -> str:
        report_id = normalise_report_id(self.cleaned_data["report_id"])
        if len(report_id) != REPORT_ID_LENGTH:
            raise forms.ValidationError(
                _("A report id has %(count)d letters and digits.") % {"count": REPORT_ID_LENGTH},
                code="length",
            )
        return report_id

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if upload is not None and upload.size > MAX_VERIFY_UPLOAD:
            raise forms.ValidationError(_("This file is too large to be a report."), code="size")
        return upload

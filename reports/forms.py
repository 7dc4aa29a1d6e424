"""Forms of the reports app."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from assessment.models import Site
from assessment.scoring.vocabulary import BANDS
from reports.matrix import NOT_ASSESSED
from reports.models import REPORT_ID_LENGTH, normalise_report_id
from reports.presentation import BAND_LABELS

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


class MatrixFilterForm(forms.Form):
    """The group matrix's filters and sort, read from the query string; what is invalid is
    ignored. Provinces and minerals offered are those of the firm's sites."""

    province = forms.ChoiceField(required=False, label=_("Province"))
    mineral = forms.ChoiceField(required=False, label=_("Mineral"))
    scale = forms.ChoiceField(required=False, label=_("Scale"))
    stage = forms.ChoiceField(required=False, label=_("Stage"))
    band = forms.ChoiceField(required=False, label=_("Band"))
    sort = forms.ChoiceField(
        required=False,
        label=_("Sort by"),
        choices=[
            ("name", _("site name")),
            ("overall", _("overall score")),
            ("band", _("band")),
            ("province", _("province")),
            ("submitted", _("last submission")),
            ("overdue", _("overdue actions")),
        ],
    )

    def __init__(self, *args, sites: Sequence[Site], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        provinces = {site.province: site.province_label for site in sites}
        minerals = {
            code: name
            for site in sites
            for code, name in zip(site.minerals, site.mineral_labels, strict=True)
        }
        self.fields["province"].choices = [("", _("every province")), *_by_name(provinces)]
        self.fields["mineral"].choices = [("", _("every mineral")), *_by_name(minerals)]
        self.fields["scale"].choices = [("", _("every scale")), *Site.Scale.choices]
        self.fields["stage"].choices = [("", _("every stage")), *Site.Stage.choices]
        self.fields["band"].choices = [
            ("", _("every band")),
            *[(band, BAND_LABELS[band]) for band in BANDS],
            (NOT_ASSESSED, _("not assessed")),
        ]

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {name: "" for name in self.fields}
        return self.cleaned_data


def _by_name(choices: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(choices.items(), key=lambda item: (item[1], item[0]))

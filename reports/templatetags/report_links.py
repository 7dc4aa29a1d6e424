"""The report links of an assessment's results page: preview and PDF in both languages, and the
state of its issued reports (with the last error for the firm's owners)."""

from __future__ import annotations

from django import template

from assessment.language import LANGUAGES
from assessment.models import Assessment
from reports.models import IssuedReport

register = template.Library()


@register.inclusion_tag("reports/_report_links.html")
def report_links(assessment: Assessment) -> dict:
    """``assessment`` as the access helpers give it (with the user's ``membership``)."""
    issued = {report.language: report for report in assessment.issued_reports.all()}
    return {
        "assessment": assessment,
        "is_owner": assessment.membership.is_owner,
        "languages": [{"code": code, "issued": issued.get(code)} for code in LANGUAGES],
        "Status": IssuedReport.Status,
    }

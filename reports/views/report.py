"""The gap report of an assessment for people: its HTML preview and its PDF download."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from assessment.access import get_assessment_for
from assessment.language import LANGUAGES
from assessment.models import Assessment
from assessment.results import scoring_date
from reports.models import IssuedReport
from reports.pdf import STYLESHEET, render_report, render_report_html


def report_filename(assessment: Assessment, language: str) -> str:
    """``<site>-<date>-<language>.pdf``: the site's name as a slug (Chinese characters kept),
    and the date the report is scored on (the submission date once submitted)."""
    site = slugify(assessment.site.name, allow_unicode=True) or f"site-{assessment.site_id}"
    return f"{site}-{scoring_date(assessment).isoformat()}-{language}.pdf"


def _assessment(request: HttpRequest, assessment_id: int, language: str) -> Assessment:
    if language not in LANGUAGES:
        raise Http404
    return get_assessment_for(request.user, assessment_id)


@login_required
@require_GET
def report_preview(request: HttpRequest, assessment_id: int, language: str) -> HttpResponse:
    """The report as an HTML page, rendered afresh (what the PDF shows)."""
    assessment = _assessment(request, assessment_id, language)
    html = render_report_html(assessment, language, stylesheet_url=static(STYLESHEET))
    return HttpResponse(html)


@login_required
@require_GET
def report_pdf(request: HttpRequest, assessment_id: int, language: str) -> FileResponse:
    """The report as a PDF: the issued file, byte for byte, once a submitted assessment's
    report is issued; otherwise rendered afresh."""
    assessment = _assessment(request, assessment_id, language)
    filename = report_filename(assessment, language)
    if assessment.is_locked:
        issued = IssuedReport.objects.filter(
            assessment=assessment, language=language, status=IssuedReport.Status.READY
        ).first()
        if issued is not None:
            try:  # streamed from the storage (a folder or the bucket), never a public URL
                stored = issued.pdf.open("rb")
            except FileNotFoundError:
                raise Http404 from None
            return FileResponse(
                stored, as_attachment=True, filename=filename, content_type="application/pdf"
            )
    rendered = render_report(assessment, language)
    return FileResponse(
        io.BytesIO(rendered.pdf),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )

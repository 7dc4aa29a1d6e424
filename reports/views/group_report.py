"""The group report of a firm as a PDF download, in English or Chinese."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from assessment.access import get_firm_for
from assessment.language import LANGUAGES
from reports.group_report import render_group_report


@login_required
@require_GET
def group_report_pdf(request: HttpRequest, firm_id: int, language: str) -> FileResponse:
    if language not in LANGUAGES:
        raise Http404
    firm = get_firm_for(request.user, firm_id)
    rendered = render_group_report(firm, language)
    name = slugify(firm.name, allow_unicode=True) or f"firm-{firm.pk}"
    return FileResponse(
        io.BytesIO(rendered.pdf),
        as_attachment=True,
        filename=f"{name}-group-{timezone.localdate().isoformat()}-{language}.pdf",
        content_type="application/pdf",
    )

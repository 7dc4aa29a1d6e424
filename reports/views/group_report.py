"""The group report of a firm as a PDF, rendered on request in ?lang=en|zh-hans (by default
the person's language)."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessment.access import get_firm_for
from assessment.language import LANGUAGES, current_language
from reports.group_report import group_report_filename, render_group_report


@login_required
@require_GET
def group_report_pdf(request: HttpRequest, firm_id: int) -> FileResponse:
    firm = get_firm_for(request.user, firm_id)
    language = request.GET.get("lang") or current_language()
    if language not in LANGUAGES:
        raise Http404
    rendered = render_group_report(firm, language)
    return FileResponse(
        io.BytesIO(rendered.pdf),
        as_attachment=True,
        filename=group_report_filename(firm, language, timezone.localdate()),
        content_type="application/pdf",
    )

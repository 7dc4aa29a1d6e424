"""The public page that verifies an issued report."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from assessment.request_size import takes_upload
from reports.forms import VerifyReportForm
from reports.issuing import verify_report


@takes_upload
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Public: whether a report id was issued (and whether an uploaded file is that report),
    for which firm, site and date as the report prints them (not their current names);
    nothing more."""
    data = request.POST if request.method == "POST" else request.GET
    form = VerifyReportForm(data or None, request.FILES or None)
    verification = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data.get("pdf")
        verification = verify_report(
            form.cleaned_data["report_id"], upload.read() if upload is not None else None
        )
    return render(request, "reports/verify.html", {"form": form, "verification": verification})

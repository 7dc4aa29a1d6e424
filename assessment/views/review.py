"""Review an assessment before submitting it, and submit it (which locks it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.access import get_assessment_for
from assessment.results import answers_with_evidence
from assessment.submission import assessment_submit, review_findings
from assessment.views.questionnaire import area_progress, can_write, overall_progress


@login_required
def review(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    findings = review_findings(list(answers_with_evidence(assessment)))
    areas = list(assessment.version.areas.order_by("order"))
    progress = area_progress(assessment, areas)
    return render(
        request,
        "assessment/review.html",
        {
            "assessment": assessment,
            "site": assessment.site,
            "findings": findings,
            "progress": progress,
            "overall": overall_progress(progress),
            "can_submit": can_write(assessment) and findings.can_submit,
            "writable": can_write(assessment),
        },
    )


@login_required
@require_POST
def submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id, write=True)
    try:
        assessment_submit(assessment=assessment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment:review", assessment.pk)
    messages.success(request, _("Assessment submitted. It is now locked."))
    return redirect("assessment:review", assessment.pk)

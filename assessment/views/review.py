"""Review an assessment before submitting it; the sign-off (an editor sends it for approval, an
owner approves or returns it); and the submit, after a page that shows what it locks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment import submission
from assessment.access import get_assessment_for
from assessment.limits import JUSTIFICATION_MAX_LENGTH
from assessment.models import Evidence
from assessment.results import answers_with_evidence
from assessment.views.questionnaire import area_progress, can_write, overall_progress


@login_required
def review(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    findings = submission.review_findings(list(answers_with_evidence(assessment)))
    areas = list(assessment.version.areas.order_by("order"))
    progress = area_progress(assessment, areas)
    writable = can_write(assessment)
    owner = assessment.membership.is_owner
    return render(
        request,
        "assessment/review.html",
        {
            "assessment": assessment,
            "site": assessment.site,
            "findings": findings,
            "progress": progress,
            "overall": overall_progress(progress),
            "can_submit": writable and owner and findings.can_submit,
            "can_request_approval": (
                writable and not owner and findings.can_submit and not assessment.awaits_approval
            ),
            "can_return": writable and owner and assessment.awaits_approval,
            "writable": writable,
            "comment_limit": JUSTIFICATION_MAX_LENGTH,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """An owner submits (or approves a draft sent for approval): first a page that says what
    will be locked, then the results."""
    assessment = get_assessment_for(request.user, assessment_id, owner=True)
    if request.method == "POST":
        try:
            submission.assessment_submit(assessment=assessment, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessment:review", assessment.pk)
        messages.success(request, _("Assessment submitted. It is now locked."))
        return redirect("reports:results", assessment.pk)
    if assessment.is_locked:
        return redirect("assessment:review", assessment.pk)
    findings = submission.review_findings(list(answers_with_evidence(assessment)))
    context = {
        "assessment": assessment,
        "site": assessment.site,
        "findings": findings,
        "answered": findings.total,
        "evidence": Evidence.objects.filter(answer__assessment=assessment).count(),
    }
    return render(request, "assessment/submit_confirm.html", context)


@login_required
@require_POST
def approval_request(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id, write=True)
    try:
        submission.approval_request(
            assessment=assessment, user=request.user, build_url=request.build_absolute_uri
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sent for approval: the firm's owners were told."))
    return redirect("assessment:review", assessment.pk)


@login_required
@require_POST
def approval_return(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id, owner=True)
    try:
        submission.approval_return(
            assessment=assessment,
            user=request.user,
            comment=request.POST.get("comment", ""),
            build_url=request.build_absolute_uri,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Returned to the editors with your comment."))
    return redirect("assessment:review", assessment.pk)

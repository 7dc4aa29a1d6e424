"""Start an assessment of a site against a published framework version (one open draft per
site), and delete a draft."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment import workflow
from assessment.access import get_assessment_for, get_site_for
from assessment.forms.answers import StartAssessmentForm
from assessment.models import Evidence, FrameworkVersion
from assessment.overview import answer_given, open_draft


@login_required
def assessment_start(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_site_for(request.user, site_id, write=True)
    draft = open_draft(site)
    if draft is not None:
        messages.info(request, workflow.DRAFT_EXISTS)
        return redirect("assessment:assessment", draft.pk)
    versions = FrameworkVersion.objects.published().select_related("framework")
    previous = workflow.latest_submitted(site)
    form = StartAssessmentForm(
        request.POST or None,
        versions=versions,
        can_carry_over=previous is not None,
        initial={"version": versions.newest_first().first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = workflow.assessment_start(
                site=site,
                version=form.cleaned_data["version"],
                user=request.user,
                carry_over=form.cleaned_data.get("carry_over", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assessment started."))
            return redirect("assessment:assessment", assessment.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "assessment/assessment_start.html",
        {"site": site, "form": form, "previous": previous},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_delete(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """An owner deletes a draft, after a page that says what goes with it."""
    assessment = get_assessment_for(request.user, assessment_id, owner=True)
    site = assessment.site
    if assessment.is_locked:
        messages.error(
            request, _("Only a draft can be deleted; a submitted assessment stays as it is.")
        )
        return redirect("assessment:site_detail", site.pk)
    if request.method == "POST":
        workflow.assessment_delete(assessment=assessment, user=request.user)
        messages.success(request, _("The draft was deleted."))
        return redirect("assessment:site_detail", site.pk)
    answers = assessment.answers
    context = {
        "assessment": assessment,
        "site": site,
        "answered": answers.filter(answer_given()).count(),
        "evidence": Evidence.objects.filter(answer__assessment=assessment).count(),
    }
    return render(request, "assessment/assessment_delete.html", context)

"""Start an assessment of a site against a published framework version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessment import workflow
from assessment.access import get_site_for
from assessment.forms.answers import StartAssessmentForm
from assessment.models import FrameworkVersion


@login_required
def assessment_start(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_site_for(request.user, site_id, write=True)
    versions = FrameworkVersion.objects.published().select_related("framework")
    previous = workflow.latest_submitted(site)
    form = StartAssessmentForm(
        request.POST or None,
        versions=versions,
        can_carry_over=previous is not None,
        initial={"version": versions.order_by("-published_at").first()},
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

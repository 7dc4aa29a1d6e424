"""The results page of an assessment: scores, band, charts and ranked gaps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessment import plans
from assessment.access import get_assessment_for
from assessment.results import assessment_results
from reports import presentation


@login_required
def results(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    outcome = assessment_results(assessment)
    area_names = outcome.area_names
    earlier = (
        assessment.site.assessments.exclude(pk=assessment.pk)
        .filter(created_at__lte=assessment.created_at)
        .select_related("version__framework")
    )
    gap_rows = outcome.gap_rows()
    by_code = {
        code: planned[0] for code, planned in plans.by_criterion(assessment.site.actions).items()
    }
    context = {
        "assessment": assessment,
        "site": assessment.site,
        "results": outcome,
        "score": outcome.score,
        "band_reasons": presentation.band_reason_items(outcome.score.band_reasons, area_names),
        "area_rows": outcome.area_rows(),
        "gap_rows": gap_rows,
        "gap_items": [(row, by_code.get(row.gap.code)) for row in gap_rows],
        # Our own markup: every text in it is escaped by reports/charts.py.
        "area_chart": mark_safe(presentation.area_chart(outcome)),
        "gauge": mark_safe(presentation.overall_gauge(outcome, caption=_("out of 100"))),
        "earlier": list(earlier),
        "can_write": assessment.membership.can_write,
    }
    return render(request, "reports/results.html", context)

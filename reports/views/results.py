"""The results page of an assessment: scores, band, charts and ranked gaps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessment.access import get_assessment_for
from assessment.action_rules import is_overdue
from assessment.models import Action
from assessment.results import assessment_results
from reports import presentation


def actions_by_code(site) -> dict[str, Action]:
    """The site's newest action not dropped for each criterion code (one query)."""
    found: dict[str, Action] = {}
    today = timezone.localdate()
    for action in (
        site.actions.exclude(status=Action.State.DROPPED)
        .select_related("owner")
        .order_by("criterion_code", "-created_at", "-pk")
    ):
        if action.criterion_code not in found:
            action.overdue = is_overdue(action.status, action.due_on, today)
            found[action.criterion_code] = action
    return found


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
    by_code = actions_by_code(assessment.site)
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

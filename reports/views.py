"""Results of an assessment, the portfolio of a firm, and the comparison of two assessments."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.access import get_assessment_for, get_firm_for
from assessment.models import Assessment, Criterion
from reports import presentation
from reports.comparison import compare_scores
from reports.results import AssessmentResults, assessment_results, firm_portfolio

SCALE_LABELS = {"large": gettext_lazy("Large mines"), "medium": gettext_lazy("Medium mines")}


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
    context = {
        "assessment": assessment,
        "site": assessment.site,
        "results": outcome,
        "score": outcome.score,
        "band_reasons": presentation.band_reason_items(outcome.score.band_reasons, area_names),
        "area_rows": outcome.area_rows(),
        "gap_rows": outcome.gap_rows(),
        # Our own markup: every text in it is escaped by reports/charts.py.
        "area_chart": mark_safe(presentation.area_chart(outcome)),
        "gauge": mark_safe(presentation.overall_gauge(outcome, caption=_("out of 100"))),
        "earlier": list(earlier),
    }
    return render(request, "reports/results.html", context)


@login_required
def portfolio(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for(request.user, firm_id)
    overview = firm_portfolio(firm)
    green = overview.green_mine
    scales = [
        {
            "scale": scale,
            "label": SCALE_LABELS[scale],
            "progress": progress,
            "sites": overview.counted_sites(scale),
        }
        for scale, progress in (("large", green.large), ("medium", green.medium))
    ]
    context = {
        "firm": firm,
        "portfolio": overview,
        "green_mine": green,
        "scales": scales,
        "time_left": overview.time_left,
    }
    return render(request, "reports/portfolio.html", context)


def _criterion_of(code: str, *results: AssessmentResults) -> Criterion | None:
    """The criterion of a code as the latest of the results has it (texts may change)."""
    for outcome in results:
        if code in outcome.criteria:
            return outcome.criteria[code]
    return None


@login_required
def compare(request: HttpRequest, assessment_id: int, other_id: int) -> HttpResponse:
    """Two assessments of one site, the earlier one (by start) first, whatever the URL order."""
    first = get_assessment_for(request.user, assessment_id)
    second = get_assessment_for(request.user, other_id)
    if first.pk == second.pk or first.site_id != second.site_id:
        raise Http404
    old, new = sorted((first, second), key=lambda a: (a.created_at, a.pk))
    old_results, new_results = assessment_results(old), assessment_results(new)
    comparison = compare_scores(old_results.score, new_results.score)
    area_names = {**old_results.area_names, **new_results.area_names}

    def criterion_rows(changes):
        return [
            {"change": change, "criterion": _criterion_of(change.code, new_results, old_results)}
            for change in changes
        ]

    context = {
        "site": new.site,
        "old": old_results,
        "new": new_results,
        "comparison": comparison,
        "areas": [
            {"change": change, "name": area_names.get(change.code, change.code)}
            for change in comparison.areas
        ],
        "improved": criterion_rows(comparison.improved),
        "regressed": criterion_rows(comparison.regressed),
        "gaps_closed": criterion_rows(comparison.gaps_closed),
        "gaps_opened": criterion_rows(comparison.gaps_opened),
        "draft": Assessment.State.DRAFT in (old.state, new.state),
    }
    return render(request, "reports/compare.html", context)

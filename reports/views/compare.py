"""The comparison of two assessments of one site."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from assessment.access import get_assessment_for
from assessment.models import Assessment, Criterion
from assessment.results import AssessmentResults, assessment_results
from assessment.scoring.comparison import compare_scores


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

"""What the dashboard and firm pages show of sites: each site's latest assessment and its
completion, read in a fixed number of queries however many sites there are.

Completion = answered / total answers of the assessment: an Answer row exists for every
applicable criterion, and it is answered when it has a value or is marked N/A.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from assessment.models import Assessment, Site


def with_completion(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate `answer_total` and `answer_done` (one query for the whole queryset)."""
    done = Q(answers__is_na=True) | Q(answers__value__isnull=False)
    return assessments.annotate(
        answer_total=Count("answers"), answer_done=Count("answers", filter=done)
    )


def completion_percent(assessment: Assessment) -> int:
    """Whole percent answered, from the annotations of with_completion()."""
    if not assessment.answer_total:
        return 0
    return (100 * assessment.answer_done) // assessment.answer_total


def assessments_with_completion(assessments: QuerySet[Assessment]) -> list[Assessment]:
    """The assessments, each with `answer_total`, `answer_done` and `completion` (percent)."""
    rows = list(with_completion(assessments.select_related("version__framework")))
    for assessment in rows:
        assessment.completion = completion_percent(assessment)
    return rows


def sites_with_latest_assessment(sites: QuerySet[Site]) -> list[Site]:
    """The sites, each with `latest_assessment` (None when none was started): two queries."""
    latest = (
        Assessment.objects.filter(site=OuterRef("pk")).order_by("-created_at", "-pk").values("pk")
    )
    rows = list(sites.annotate(latest_assessment_id=Subquery(latest[:1])))
    ids = [site.latest_assessment_id for site in rows if site.latest_assessment_id]
    by_id = (
        {a.pk: a for a in assessments_with_completion(Assessment.objects.filter(pk__in=ids))}
        if ids
        else {}
    )
    for site in rows:
        site.latest_assessment = by_id.get(site.latest_assessment_id)
    return rows

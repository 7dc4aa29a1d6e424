"""What the dashboard and firm pages show of sites: each site's latest assessment and its
completion, read in a fixed number of queries however many sites there are."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from assessment.models import Assessment, Site
from assessment.scoring.breakdown import completion_percent


def latest_assessments(site: Site | OuterRef, *, submitted: bool) -> QuerySet[Assessment]:
    """A site's assessments, latest first: with ``submitted``, only submitted (or archived)
    ones by submission time (drafts never count); else all of them by when they started."""
    assessments = Assessment.objects.filter(site=site)
    if submitted:
        return assessments.exclude(state=Assessment.State.DRAFT).order_by("-submitted_at", "-pk")
    return assessments.order_by("-created_at", "-pk")


def open_draft(site: Site) -> Assessment | None:
    """The site's one open draft, if it has one."""
    return Assessment.objects.filter(site=site, state=Assessment.State.DRAFT).order_by("pk").first()


def answer_given(prefix: str = "") -> Q:
    """An answer has a value or is N/A (``prefix`` reaches answers from another model, e.g.
    "answers__"); Answer.is_answered says the same of one answer."""
    return Q(**{f"{prefix}is_na": True}) | Q(**{f"{prefix}value__isnull": False})


def answer_done(prefix: str = "") -> Q:
    """An answer is done when given and not a carried-over answer still to confirm."""
    return answer_given(prefix) & Q(**{f"{prefix}carried_over": False})


def with_completion(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Annotate `answer_total` and `answer_done` (one query for the whole queryset): an answer
    is done when it has a value or is marked N/A, and is not a carried-over one to confirm."""
    done = answer_done("answers__")
    return assessments.annotate(
        answer_total=Count("answers"), answer_done=Count("answers", filter=done)
    )


def assessments_with_completion(assessments: QuerySet[Assessment]) -> list[Assessment]:
    """The assessments, each with `answer_total`, `answer_done` and `completion` (percent)."""
    rows = list(with_completion(assessments.select_related("version__framework")))
    for assessment in rows:
        assessment.completion = completion_percent(assessment.answer_done, assessment.answer_total)
    return rows


def sites_with_latest_assessment(sites: QuerySet[Site]) -> list[Site]:
    """The sites, each with `latest_assessment` (None when none was started): two queries."""
    latest = latest_assessments(OuterRef("pk"), submitted=False).values("pk")
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

"""Scores over time: a site's overall and area scores over its submitted assessments, and a
group's average overall score and green-mine share at each quarter's end, with their SVG
charts (reports/charts.py). Each reads the stored results, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessment.models import Assessment, Firm, Site, StoredResults
from assessment.portfolio import Portfolio, submitted_results
from assessment.results import AssessmentResults
from assessment.scoring.document import summary_overall_and_green
from assessment.scoring.group import Submitted, TrendPoint, group_trend, quarter_ends
from reports.charts import Series, line_chart
from reports.presentation import percent_text, score_text


def site_history(site: Site) -> list[AssessmentResults]:
    """The results of the site's submitted (and archived) assessments, oldest first."""
    results = submitted_results(site.assessments.all(), sites={site.pk: site})
    return sorted(results.values(), key=lambda r: (r.assessment.submitted_at, r.assessment.pk))


def _short_date(results: AssessmentResults) -> str:
    return date_format(timezone.localdate(results.assessment.submitted_at), "SHORT_DATE_FORMAT")


def site_trend_chart(history: list[AssessmentResults], *, id_prefix: str = "site-trend") -> str:
    """The overall score and each area's over the site's submitted assessments."""
    areas: dict[str, str] = {}
    for results in history:
        for area in results.areas:
            areas.setdefault(area.code, area.name)
    series = [_series(_("Overall score"), [r.score.overall for r in history])]
    for code, name in areas.items():
        scores = [(r.score.area(code).score if r.score.area(code) else None) for r in history]
        series.append(_series(name, scores))
    return line_chart(
        series,
        [_short_date(results) for results in history],
        title=_("Scores over time"),
        description=_("The overall and area scores of each submitted assessment."),
        id_prefix=id_prefix,
    )


def _series(label: str, values: list[float | None]) -> Series:
    return Series(label, values, [score_text(value) for value in values])


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{percent_text(share)} %"


@dataclass(frozen=True)
class GroupTrend:
    points: list[TrendPoint]
    chart: SafeString


def firm_submissions(firm: Firm, portfolio: Portfolio) -> list[Submitted]:
    """Every submitted assessment of the firm in submission order, as the group's trend reads
    it: two numbers of each stored summary; assessments without stored results are scored
    live (one query, and five more when some are not the portfolio's)."""
    assessments = list(
        Assessment.objects.filter(site__firm=firm)
        .exclude(state=Assessment.State.DRAFT)
        .select_related("stored_results")
        .defer("stored_results__document")
        .order_by("submitted_at", "pk")
    )
    missing = []
    for assessment in assessments:
        try:
            assessment.stored_results  # noqa: B018 (loaded by select_related)
        except StoredResults.DoesNotExist:
            missing.append(assessment.pk)
    # The portfolio's results of latest assessments are used, not scored again.
    live = {row.results.assessment.pk: row.results for row in portfolio.sites if row.results}
    unknown = [pk for pk in missing if pk not in live]
    if unknown:
        live |= submitted_results(Assessment.objects.filter(pk__in=unknown))
    missing_set = set(missing)
    submitted = []
    for assessment in assessments:
        if assessment.pk in missing_set:
            score = live[assessment.pk]
            overall, green = score.score.overall_exact, score.green_mine_ready
        else:
            overall, green = summary_overall_and_green(assessment.stored_results.summary)
        on = timezone.localdate(assessment.submitted_at)
        submitted.append(Submitted(assessment.site_id, on, overall, green))
    return submitted


def group_trend_of(
    firm: Firm, portfolio: Portfolio, *, submitted: list[Submitted] | None = None
) -> GroupTrend | None:
    """The firm's average overall score and green-mine share at each quarter's end since its
    first submission (None before any), from firm_submissions (or ``submitted``, when the
    caller has read them already)."""
    submitted = firm_submissions(firm, portfolio) if submitted is None else submitted
    if not submitted:
        return None
    counted = {row.site.pk for row in portfolio.sites if row.counts_for_green_mine}
    days = quarter_ends(submitted[0].on, portfolio.today)
    points = group_trend(submitted, counted, days)
    labels = [date_format(point.on, "SHORT_DATE_FORMAT") for point in points]
    shares = [None if p.green_share is None else 100 * p.green_share for p in points]
    series = [
        _series(_("Average overall score"), [point.average for point in points]),
        Series(
            _("Green-mine ready (share of counted sites, %)"),
            shares,
            [_percent(point.green_share) for point in points],
        ),
    ]
    chart = line_chart(
        series,
        labels,
        title=_("The group over time"),
        description=_(
            "At each quarter's end, each site by its latest assessment submitted by then."
        ),
        id_prefix="group-trend",
        markers=(),
    )
    # Our own markup: every text in it is escaped by reports/charts.py.
    return GroupTrend(points, mark_safe(chart))

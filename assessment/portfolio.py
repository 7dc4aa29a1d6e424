"""Firms' portfolios: each site with the results of its latest submitted assessment (stored
results where there are, scored live otherwise) and the firm's green-mine progress, in a fixed
number of queries however many sites there are."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from assessment.models import (
    Answer,
    Area,
    Assessment,
    Criterion,
    DocumentLink,
    Evidence,
    Firm,
    Site,
    StoredResults,
)
from assessment.overview import latest_assessments
from assessment.results import AssessmentResults, results_from_rows, scoring_date
from assessment.scoring.green_mine import (
    GREEN_MINE_TARGETS,
    PortfolioGreenMine,
    SiteReadiness,
    portfolio_green_mine,
)


@dataclass(frozen=True)
class PortfolioSite:
    """A site with the result of its latest submitted assessment (None: none submitted yet)."""

    site: Site
    results: AssessmentResults | None

    @property
    def green_ready(self) -> bool | None:
        """Green-mine ready by its latest submitted assessment; None when not assessed."""
        return None if self.results is None else self.results.green_mine_ready

    @property
    def counts_for_green_mine(self) -> bool:
        """Large and medium licensed-and-producing sites count towards the 2028 targets."""
        return self.site.licensed_producing and self.site.scale in GREEN_MINE_TARGETS


@dataclass(frozen=True)
class TimeLeft:
    """Whole days to a deadline and, for people, about how many years and months that is."""

    days: int  # negative once the deadline has passed
    years: int
    months: int

    @property
    def passed(self) -> bool:
        return self.days < 0

    @property
    def days_passed(self) -> int:
        return max(-self.days, 0)


def time_left(today: date, deadline: date) -> TimeLeft:
    """Days from ``today`` to ``deadline``, and the whole calendar months between them split
    into years and months (counted from the earlier date to the later one, never negative)."""
    start, end = sorted((today, deadline))
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return TimeLeft(days=(deadline - today).days, years=months // 12, months=months % 12)


@dataclass(frozen=True)
class Portfolio:
    firm: Firm
    sites: tuple[PortfolioSite, ...]
    green_mine: PortfolioGreenMine
    today: date

    @property
    def time_left(self) -> TimeLeft:
        return time_left(self.today, self.green_mine.deadline)

    def counted_sites(self, scale: str) -> list[PortfolioSite]:
        """The licensed-and-producing sites of a scale: those the green-mine target counts."""
        return [s for s in self.sites if s.counts_for_green_mine and s.site.scale == scale]

    @property
    def assessed(self) -> int:
        return sum(site.results is not None for site in self.sites)


def with_latest_submitted(sites: QuerySet[Site]) -> QuerySet[Site]:
    """Annotate ``latest_submitted_id``: the site's latest submitted (or archived) assessment."""
    latest = latest_assessments(OuterRef("pk"), submitted=True).values("pk")[:1]
    return sites.annotate(latest_submitted_id=Subquery(latest))


def _stored_of(assessment: Assessment) -> StoredResults | None:
    """The assessment's stored results, loaded with it by select_related (no query)."""
    try:
        return assessment.stored_results
    except StoredResults.DoesNotExist:
        return None


def submitted_results(
    assessments: QuerySet[Assessment],
    *,
    known: Mapping[int, AssessmentResults] | None = None,
    sites: Mapping[int, Site] | None = None,
) -> dict[int, AssessmentResults]:
    """The results of submitted (or archived) assessments, by id, in five queries at most
    however many there are: the assessments with their stored results and the versions' areas,
    and for those without stored results their criteria, answers and evidence counts. Stored
    results are read from their summary (see AssessmentResults).

    The answers in results scored live carry only what scoring reads (value, N/A, criterion,
    evidence count); other fields load on access, one query each. ``known`` holds results the
    caller has already computed, by assessment id: they are used, not computed again.
    ``sites``: the assessments' sites already loaded, by id (else they load on access).
    """
    known = known or {}
    assessments_by_id = {
        assessment.pk: assessment
        for assessment in assessments.exclude(state=Assessment.State.DRAFT)
        .select_related("version__framework", "stored_results")
        .defer("stored_results__document")
    }
    stored = {pk: _stored_of(assessment) for pk, assessment in assessments_by_id.items()}
    # Only assessments without stored results are scored from their answers.
    assessment_ids = [pk for pk in assessments_by_id if pk not in known and stored[pk] is None]
    versions = {assessments_by_id[pk].version_id for pk in assessment_ids}
    # Many assessments share a few versions: load each criterion once, not once per answer,
    # and count evidence apart, so that the answers query stays narrow (no join, no GROUP BY).
    criteria = {
        criterion.pk: criterion
        for criterion in Criterion.objects.filter(version_id__in=versions).select_related("area")
    }
    # Submitted assessments only: their links say whether they counted at submission.
    evidence_counts = Counter(
        answer_id
        for (answer_id,) in Evidence.objects.filter(answer__assessment_id__in=assessment_ids)
        .order_by()
        .values_list("answer_id")
        .union(
            DocumentLink.objects.filter(answer__assessment_id__in=assessment_ids, counted=True)
            .order_by()
            .values_list("answer_id"),
            all=True,
        )
        .order_by()
    )
    answers_by_assessment: dict[int, list[Answer]] = defaultdict(list)
    for answer in (
        Answer.objects.filter(assessment_id__in=assessment_ids)
        .only("assessment_id", "criterion_id", "value", "is_na", "carried_over")
        .order_by()
    ):
        answer.criterion = criteria[answer.criterion_id]
        answer.evidence_count = evidence_counts.get(answer.pk, 0)
        answers_by_assessment[answer.assessment_id].append(answer)
    areas_by_version: dict[int, list[Area]] = defaultdict(list)
    area_versions = {a.version_id for pk, a in assessments_by_id.items() if pk not in known}
    for area in Area.objects.filter(version_id__in=area_versions).order_by("order", "code"):
        areas_by_version[area.version_id].append(area)
    results = {}
    for pk, assessment in assessments_by_id.items():
        if pk in known:
            results[pk] = known[pk]
            continue
        if sites and assessment.site_id in sites:
            assessment.site = sites[assessment.site_id]
        results[pk] = results_from_rows(
            assessment,
            answers_by_assessment[pk],
            areas_by_version[assessment.version_id],
            scoring_date(assessment),
            stored[pk],
            summary=True,
        )
    return results


def firm_portfolio(
    firm: Firm,
    *,
    today: date | None = None,
    known: Mapping[int, AssessmentResults] | None = None,
) -> Portfolio:
    """Each site of the firm with the score of its latest submitted assessment, and the firm's
    green-mine progress: six queries however many sites and criteria there are."""
    return firm_portfolios([firm], today=today, known=known)[firm.pk]


def firm_portfolios(
    firms: list[Firm],
    *,
    today: date | None = None,
    known: Mapping[int, AssessmentResults] | None = None,
) -> dict[int, Portfolio]:
    """The portfolio of each firm (by firm id), in six queries however many firms, sites and
    criteria there are (fewer when every latest assessment has stored results: their answers
    are not read).

    Scale and licensed-and-producing come from each site's current profile (the target is about
    the mines as they are now); readiness comes from its latest submitted assessment (see
    submitted_results, also for ``known``: a report passes its own results).
    """
    today = today if today is not None else timezone.localdate()
    sites = list(with_latest_submitted(Site.objects.filter(firm__in=firms)).order_by("name", "pk"))
    latest = submitted_results(
        Assessment.objects.filter(
            pk__in=[site.latest_submitted_id for site in sites if site.latest_submitted_id]
        ),
        known=known,
        sites={site.pk: site for site in sites},
    )
    rows_by_firm: dict[int, list[PortfolioSite]] = {firm.pk: [] for firm in firms}
    for site in sites:
        rows_by_firm[site.firm_id].append(PortfolioSite(site, latest.get(site.latest_submitted_id)))
    portfolios = {}
    for firm in firms:
        rows = rows_by_firm[firm.pk]
        green_mine = portfolio_green_mine(
            [
                SiteReadiness(
                    scale=row.site.scale,
                    licensed_producing=row.site.licensed_producing,
                    green_ready=row.green_ready,
                )
                for row in rows
            ],
            today=today,
        )
        portfolios[firm.pk] = Portfolio(
            firm=firm, sites=tuple(rows), green_mine=green_mine, today=today
        )
    return portfolios

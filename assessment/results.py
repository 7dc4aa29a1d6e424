"""Scores of assessments as stored: the one place that turns database rows into the input of
the scoring rules (assessment/scoring/) and keeps the rows a page or report needs next to them.

Which criteria count: exactly those with an Answer row (created when an assessment starts, one
per criterion applicable to the site then). A draft is scored on today's local date, a submitted
assessment on the local date of its submission, so its result never changes: it is stored at
submission (assessment/stored_results.py) and read back from there, and only scored live when
nothing is stored (assessments submitted before results were stored, until
`manage.py rescore_stored --store-missing`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

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
from assessment.scoring.answers import AnswerInput, AnswerScore, answer_score
from assessment.scoring.breakdown import AreaScore, AssessmentScore, Contribution, score_assessment
from assessment.scoring.criteria import CriterionSpec
from assessment.scoring.document import GapPriority, score_from_document, summary_gaps
from assessment.scoring.exact import FRACTION_PLACES, floored
from assessment.scoring.gaps import Gap
from assessment.scoring.green_mine import (
    GREEN_AREA,
    GREEN_MINE_TARGETS,
    PortfolioGreenMine,
    SiteReadiness,
    green_mine_ready,
    portfolio_green_mine,
)
from assessment.support import support_count


def criterion_spec(criterion: Criterion, *, with_area: bool = True) -> CriterionSpec:
    """The plain data scoring needs of a criterion. Its area must be loaded, unless the spec is
    only for checking values (`with_area=False`), which the area does not change."""
    return CriterionSpec(
        code=criterion.code,
        area=criterion.area.code if with_area else "",
        weight=criterion.weight,
        force=criterion.force,
        gate=criterion.gate,
        answer_type=criterion.answer_type,
        parameters=criterion.parameters or {},
        evidence_expected=criterion.evidence_expected,
        deadline=criterion.deadline,
        order=criterion.order,
    )


def answer_input(answer: Answer, evidence_count: int) -> AnswerInput:
    return AnswerInput(
        value=answer.value,
        is_na=answer.is_na,
        evidence_count=evidence_count,
        to_confirm=answer.carried_over,
    )


def answers_with_evidence(assessment: Assessment, today: date | None = None) -> QuerySet[Answer]:
    """The assessment's answers with criterion, area and evidence count (files and documents
    that count on its scoring date, see scoring_date): a fixed 1 query."""
    return (
        assessment.answers.select_related("criterion__area")
        .annotate(evidence_count=support_count(scoring_date(assessment, today)))
        .order_by("criterion__area__order", "criterion__order", "criterion__code")
    )


def stored_answer_score(answer: Answer) -> AnswerScore:
    """The score of an answer from answers_with_evidence (its criterion and evidence count)."""
    return answer_score(
        criterion_spec(answer.criterion), answer_input(answer, answer.evidence_count)
    )


@dataclass(frozen=True)
class ContributionRow:
    contribution: Contribution
    criterion: Criterion


@dataclass(frozen=True)
class AreaRow:
    """An area's score with the criteria that make it up, in questionnaire order."""

    area: Area
    score: AreaScore
    contributions: tuple[ContributionRow, ...]


@dataclass(frozen=True)
class GapRow:
    gap: Gap
    criterion: Criterion
    area: Area


@dataclass(frozen=True)
class AssessmentResults:
    """The score of one assessment with what a page needs to explain it.

    ``criteria`` and ``answers`` are keyed by criterion code (the criteria come with their area
    loaded); ``areas`` are the version's areas in order, also those without an applicable
    criterion (their score is None). ``stored``: the score was read from the results stored at
    submission, not scored live. Results of many assessments at once (submitted_results: a
    portfolio, a matrix, a trend) read from stored results come from their summary: no
    criteria, answers, area contributions or gaps (``stored_gaps`` ranks them): those pages
    show scores, never criteria.
    """

    assessment: Assessment
    score: AssessmentScore
    scored_on: date
    areas: tuple[Area, ...]
    criteria: Mapping[str, Criterion]
    answers: Mapping[str, Answer]
    stored: bool = False
    summary: Mapping | None = None  # the stored summary the score was read from

    @property
    def provisional(self) -> bool:
        """A draft's result changes with its answers (and with the date)."""
        return self.assessment.state == Assessment.State.DRAFT

    @property
    def area_names(self) -> dict[str, str]:
        return {area.code: area.name for area in self.areas}

    @property
    def weight_total(self) -> int:
        """Σ weight over the counted criteria: the denominator of the overall score."""
        return sum(area.weight_total for area in self.score.areas)

    @property
    def weighted_sum_exact(self) -> Fraction:
        """Σ weight × s over the counted criteria: the numerator of the overall score."""
        return sum((area.weighted_sum_exact for area in self.score.areas), Fraction(0))

    @property
    def weighted_sum(self) -> float:
        """The numerator as a float, floored like every number of the scoring rules."""
        return floored(self.weighted_sum_exact, FRACTION_PLACES)

    @property
    def green_mine_ready(self) -> bool:
        return green_mine_ready(self.score)

    @property
    def green_area(self) -> AreaScore | None:
        return self.score.area(GREEN_AREA)

    def stored_gaps(self) -> tuple[GapPriority, ...]:
        """The gaps to rank across sites: a summary's, or the score's."""
        if self.summary is not None:
            return tuple(summary_gaps(self.summary))
        return tuple(GapPriority(g.code, g.area, g.gate, g.priority_exact) for g in self.score.gaps)

    def area_rows(self) -> list[AreaRow]:
        """Each scored area (the version's areas, in order) with its contributions."""
        areas = {area.code: area for area in self.areas}
        return [
            AreaRow(
                area=areas[area_score.code],
                score=area_score,
                contributions=tuple(
                    ContributionRow(c, self.criteria[c.code]) for c in area_score.contributions
                ),
            )
            for area_score in self.score.areas
            if area_score.code in areas
        ]

    def gap_rows(self) -> list[GapRow]:
        """The gaps in priority order, each with its criterion (texts, remediation) and area."""
        return [
            GapRow(gap, self.criteria[gap.code], self.criteria[gap.code].area)
            for gap in self.score.gaps
        ]


def scoring_date(assessment: Assessment, today: date | None = None) -> date:
    """The date the assessment's result is scored on (see the module docstring)."""
    if assessment.state != Assessment.State.DRAFT and assessment.submitted_at is not None:
        return timezone.localdate(assessment.submitted_at)
    return today if today is not None else timezone.localdate()


def assessment_results(
    assessment: Assessment, *, today: date | None = None, live: bool = False
) -> AssessmentResults:
    """The result of one assessment in two queries (answers with criteria, areas and evidence
    counts; the version's areas), however many criteria it has, and one more for a submitted
    assessment's stored results, which are its score when there are any.

    ``today`` replaces the current date for a draft; a submitted assessment is always scored
    on its submission date. ``live``: score the answers even when results are stored.
    """
    stored = None
    if assessment.state != Assessment.State.DRAFT and not live:
        stored = StoredResults.objects.filter(assessment_id=assessment.pk).first()
    answers = list(answers_with_evidence(assessment, today))
    areas = list(Area.objects.filter(version_id=assessment.version_id).order_by("order", "code"))
    return _results(assessment, answers, areas, scoring_date(assessment, today), stored)


def _results(
    assessment: Assessment,
    answers: Sequence[Answer],
    areas: Sequence[Area],
    scored_on: date,
    stored: StoredResults | None = None,
    *,
    summary: bool = False,
) -> AssessmentResults:
    """The stored score (its summary when told: see AssessmentResults), or the score of rows
    already loaded (answers need ``criterion__area`` and ``evidence_count``)."""
    criteria = {answer.criterion.code: answer.criterion for answer in answers}
    if stored is not None:
        document = stored.summary if summary else stored.document
        score = score_from_document(document)
        scored_on = date.fromisoformat(document["scored_on"])
    else:
        score = score_assessment(
            [criterion_spec(criterion) for criterion in criteria.values()],
            {a.criterion.code: answer_input(a, a.evidence_count) for a in answers},
            today=scored_on,
            area_order=[area.code for area in areas],
        )
    return AssessmentResults(
        assessment=assessment,
        score=score,
        scored_on=scored_on,
        areas=tuple(areas),
        criteria=criteria,
        answers={answer.criterion.code: answer for answer in answers},
        stored=stored is not None,
        summary=stored.summary if stored and summary else None,
    )


# --- portfolio -------------------------------------------------------------------------------


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
        results[pk] = _results(
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

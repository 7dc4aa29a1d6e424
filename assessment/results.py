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

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import QuerySet
from django.utils import timezone

from assessment.models import (
    Answer,
    Area,
    Assessment,
    Criterion,
    StoredResults,
)
from assessment.scoring.answers import AnswerInput, AnswerScore, answer_score
from assessment.scoring.breakdown import AreaScore, AssessmentScore, Contribution, score_assessment
from assessment.scoring.criteria import CriterionSpec
from assessment.scoring.document import score_from_document, summary_gap_keys
from assessment.scoring.exact import FRACTION_PLACES, floored
from assessment.scoring.gaps import Gap
from assessment.scoring.green_mine import (
    GREEN_AREA,
    green_mine_ready,
)
from assessment.scoring.group import GapKey, gap_key
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
    criteria, answers, area contributions or gaps (``gap_keys`` ranks them): those pages
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
        # A summary has no criteria, so its green area's failed gates cannot be seen: it keeps
        # the readiness scored from the whole document.
        if self.summary is not None:
            return bool(self.summary["green_mine_ready"])
        return green_mine_ready(self.score)

    @property
    def green_area(self) -> AreaScore | None:
        return self.score.area(GREEN_AREA)

    def gap_keys(self) -> Iterator[GapKey]:
        """The gaps to rank across sites (scoring/group.py top_gaps_of_keys): a summary's, or
        the score's."""
        if self.summary is not None:
            return summary_gap_keys(self.summary)
        return map(gap_key, self.score.gaps)

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
    return results_from_rows(assessment, answers, areas, scoring_date(assessment, today), stored)


def results_from_rows(
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

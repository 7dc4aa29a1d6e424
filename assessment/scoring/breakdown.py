"""The score breakdown of an assessment (DESIGN.md "Scoring"): each criterion's contribution,
area and overall scores, completion, the band with its reasons, and the gaps ranked.

Arithmetic is exact (Fraction), so thresholds are exact: 85 is "ready", 84.999 is not. Results
keep exact numbers in ``*_exact`` fields and offer floored floats under the plain name.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from assessment.scoring.answers import AnswerInput, answer_score
from assessment.scoring.bands import (
    AREA_CAP,
    AREA_CAP_BELOW,
    GATE_CAP,
    LAW_ZERO_CAP,
    BandReason,
    cap_reason,
    score_reason,
    worse_band,
)
from assessment.scoring.criteria import CriterionSpec
from assessment.scoring.exact import FRACTION_PLACES, SCORE_PLACES, floored, floored_or_none
from assessment.scoring.gaps import Gap, gap_of, gap_sort_key
from assessment.scoring.vocabulary import NA, UNANSWERED


def completion(answered: int, applicable: int) -> Fraction:
    """Answered (N/A included) / applicable; 1 when nothing is applicable."""
    return Fraction(answered, applicable) if applicable else Fraction(1)


def completion_percent(answered: int, applicable: int) -> int:
    """Completion in whole percent, floored like every shown number: 100 means all answered."""
    return math.floor(100 * completion(answered, applicable))


@dataclass(frozen=True)
class Contribution:
    """One criterion's share of its area and of the overall score.

    ``s_exact`` is the value used in the sums: 0 when unanswered, None when N/A (not counted).
    """

    code: str
    area: str
    weight: int
    status: str
    unsupported: bool
    s_exact: Fraction | None

    @property
    def counted(self) -> bool:
        return self.status != NA

    @property
    def weighted_exact(self) -> Fraction | None:
        return None if self.s_exact is None else self.weight * self.s_exact

    @property
    def s(self) -> float | None:
        return floored_or_none(self.s_exact, FRACTION_PLACES)

    @property
    def weighted(self) -> float | None:
        return floored_or_none(self.weighted_exact, FRACTION_PLACES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "weight": self.weight,
            "score": self.s,
            "weighted": self.weighted,
            "status": self.status,
            "unsupported": self.unsupported,
        }


@dataclass(frozen=True)
class AreaScore:
    """100 × weighted_sum / weight_total over the area's counted criteria; None when none count
    (every criterion N/A, or the area has no applicable criterion)."""

    code: str
    weight_total: int
    weighted_sum_exact: Fraction
    score_exact: Fraction | None
    contributions: tuple[Contribution, ...]

    @property
    def score(self) -> float | None:
        return floored_or_none(self.score_exact, SCORE_PLACES)

    @property
    def weighted_sum(self) -> float:
        return floored(self.weighted_sum_exact, FRACTION_PLACES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "score": self.score,
            "weight_total": self.weight_total,
            "weighted_sum": self.weighted_sum,
            "contributions": [c.to_dict() for c in self.contributions],
        }


@dataclass(frozen=True)
class Counts:
    """``answered`` includes N/A, so answered + unanswered == applicable. ``to_confirm``: the
    answered ones carried over and not yet confirmed (completion counts them as not done)."""

    applicable: int
    answered: int
    na: int
    unanswered: int
    unsupported: int
    to_confirm: int = 0

    def to_dict(self) -> dict[str, int]:
        return {
            "applicable": self.applicable,
            "answered": self.answered,
            "na": self.na,
            "unanswered": self.unanswered,
            "unsupported": self.unsupported,
            "to_confirm": self.to_confirm,
        }


@dataclass(frozen=True)
class AssessmentScore:
    """The score breakdown of one assessment.

    ``overall_exact`` and ``band`` are None when no criterion counts (every one is N/A).
    ``score_band`` is the band of the overall score before caps. ``completion_exact`` is
    answered (N/A included, carried-over answers once confirmed) / applicable, and 1 when
    nothing is applicable.
    """

    overall_exact: Fraction | None
    score_band: str | None
    band: str | None
    band_reasons: tuple[BandReason, ...]
    completion_exact: Fraction
    counts: Counts
    areas: tuple[AreaScore, ...]
    gaps: tuple[Gap, ...]
    failed_gates: tuple[str, ...]
    law_zero: tuple[str, ...]

    @property
    def overall(self) -> float | None:
        return floored_or_none(self.overall_exact, SCORE_PLACES)

    @property
    def completion(self) -> float:
        return floored(self.completion_exact, FRACTION_PLACES)

    def area(self, code: str) -> AreaScore | None:
        return next((area for area in self.areas if area.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: floats, ISO dates, lists (``manage.py score --json``)."""
        return {
            "overall": self.overall,
            "band": self.band,
            "score_band": self.score_band,
            "band_reasons": [reason.to_dict() for reason in self.band_reasons],
            "completion": self.completion,
            "counts": self.counts.to_dict(),
            "areas": [area.to_dict() for area in self.areas],
            "gaps": [gap.to_dict() for gap in self.gaps],
            "failed_gates": list(self.failed_gates),
            "law_zero": list(self.law_zero),
        }


def _weighted_score(contributions: Sequence[Contribution]) -> tuple[int, Fraction, Fraction | None]:
    counted = [c for c in contributions if c.counted]
    weight_total = sum(c.weight for c in counted)
    weighted_sum = sum((c.weight * c.s_exact for c in counted if c.s_exact), Fraction(0))
    score = 100 * weighted_sum / weight_total if weight_total else None
    return weight_total, weighted_sum, score


def score_assessment(
    criteria: Sequence[CriterionSpec],
    answers: Mapping[str, AnswerInput],
    *,
    today: date,
    area_order: Sequence[str] | None = None,
) -> AssessmentScore:
    """Score the applicable ``criteria`` of an assessment from ``answers`` (by criterion code;
    answers to other codes are ignored).

    Areas come in ``area_order`` (areas listed there without applicable criteria are kept, with
    score None), then any other area by code. Within an area criteria go by (order, code), so
    the order of ``criteria`` never matters. Raises ValueError for duplicate codes,
    InvalidCriterion and InvalidAnswer as ``answer_score`` does.
    """
    codes = Counter(criterion.code for criterion in criteria)
    duplicates = sorted(code for code, count in codes.items() if count > 1)
    if duplicates:
        raise ValueError(f"duplicate criterion codes: {', '.join(duplicates)}")

    area_codes = list(dict.fromkeys(area_order or ()))
    area_codes += sorted({criterion.area for criterion in criteria} - set(area_codes))
    area_index = {code: index for index, code in enumerate(area_codes)}
    ordered = sorted(criteria, key=lambda c: (area_index[c.area], c.order, c.code))

    contributions: list[Contribution] = []
    gaps: list[Gap] = []
    failed_gates: list[Contribution] = []
    law_zero: list[Contribution] = []
    unsupported = to_confirm = 0
    for criterion in ordered:
        answer = answers.get(criterion.code)
        result = answer_score(criterion, answer)
        unsupported += result.unsupported
        to_confirm += answer is not None and answer.to_confirm and result.status != UNANSWERED
        s = None if result.status == NA else (result.s_exact or Fraction(0))
        contribution = Contribution(
            code=criterion.code,
            area=criterion.area,
            weight=criterion.weight,
            status=result.status,
            unsupported=result.unsupported,
            s_exact=s,
        )
        contributions.append(contribution)
        if s is None:
            continue
        if criterion.gate and s < 1:
            failed_gates.append(contribution)
        if criterion.force == "law" and s == 0:
            law_zero.append(contribution)
        if s < 1:
            gaps.append(
                gap_of(
                    criterion,
                    status=result.status,
                    unsupported=result.unsupported,
                    s=s,
                    today=today,
                )
            )

    areas = []
    for code in area_codes:
        members = tuple(c for c in contributions if c.area == code)
        weight_total, weighted_sum, score = _weighted_score(members)
        areas.append(AreaScore(code, weight_total, weighted_sum, score, members))
    _total, _sum, overall = _weighted_score(contributions)

    score_band, band, reasons = _band(overall, areas, failed_gates, law_zero)
    na = sum(c.status == NA for c in contributions)
    unanswered = sum(c.status == UNANSWERED for c in contributions)
    applicable = len(contributions)
    return AssessmentScore(
        overall_exact=overall,
        score_band=score_band,
        band=band,
        band_reasons=reasons,
        completion_exact=completion(applicable - unanswered - to_confirm, applicable),
        counts=Counts(
            applicable=applicable,
            answered=applicable - unanswered,
            na=na,
            unanswered=unanswered,
            unsupported=unsupported,
            to_confirm=to_confirm,
        ),
        areas=tuple(areas),
        gaps=tuple(sorted(gaps, key=gap_sort_key)),
        failed_gates=tuple(c.code for c in failed_gates),
        law_zero=tuple(c.code for c in law_zero),
    )


def _band(
    overall: Fraction | None,
    areas: Sequence[AreaScore],
    failed_gates: Sequence[Contribution],
    law_zero: Sequence[Contribution],
) -> tuple[str | None, str | None, tuple[BandReason, ...]]:
    """(band of the score, band after caps, reasons: the score's first, then one per cap)."""
    if overall is None:
        return None, None, (BandReason(kind="no_score", band=None),)
    first = score_reason(overall)
    score_band = first.band or ""
    reasons = [first]
    for kind, cap, criteria in (
        ("failed_gate", GATE_CAP, failed_gates),
        ("law_zero", LAW_ZERO_CAP, law_zero),
    ):
        reasons += [
            cap_reason(
                score_band,
                cap,
                kind=kind,
                code=c.code,
                area=c.area,
                value_exact=c.s_exact,
                status=c.status,
            )
            for c in criteria
        ]
    reasons += [
        cap_reason(
            score_band,
            AREA_CAP,
            kind="area_below_60",
            code=area.code,
            area=area.code,
            value_exact=area.score_exact,
            threshold=AREA_CAP_BELOW,
        )
        for area in areas
        if area.score_exact is not None and area.score_exact < AREA_CAP_BELOW
    ]
    band = score_band
    for reason in reasons[1:]:
        band = worse_band(band, reason.band or band)
    return score_band, band, tuple(reasons)

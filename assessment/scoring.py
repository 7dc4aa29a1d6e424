"""Readiness scores: from answers to criterion scores, area and overall scores, the readiness
band, ranked gaps, and the green-mine progress of a firm's portfolio.

This is the one rule set of DESIGN.md ("Answer types", "Scoring"). Pages, PDFs, commands and
exports all call it, so every number they show can be traced back here. Plain dataclasses in,
plain dataclasses out; no Django.

Arithmetic is exact (``fractions.Fraction``) so that thresholds are exact: an overall score of
exactly 85 is "ready", 84.999 is not. Every result keeps its exact numbers in ``*_exact`` fields
and offers them as floats through properties of the plain name (``overall``, ``s``, ...). The
floats are floored, not rounded, to a few decimals, so a displayed 85.00 always means the exact
score reached 85, and a displayed 1.0 always means a full score.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Context, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Final

from assessment.parameters import ANSWER_TYPES, DIRECTIONS, FORCES

# Answer statuses. N/A counts as answered for completion but drops out of every score.
ANSWERED: Final = "answered"
UNANSWERED: Final = "unanswered"
NA: Final = "na"

AT_LEAST, AT_MOST = DIRECTIONS

YES_NO_SCORES: Final[Mapping[str, Fraction]] = {"yes": Fraction(1), "no": Fraction(0)}
YES_PARTIAL_NO_SCORES: Final[Mapping[str, Fraction]] = {
    "yes": Fraction(1),
    "partial": Fraction(1, 2),
    "no": Fraction(0),
}
MATURITY_LEVELS: Final = 4  # 0 absent, 1 initial, 2 defined, 3 implemented, 4 optimised

# A claim of compliance (s > 0) without the evidence the criterion expects.
UNSUPPORTED_CAP: Final = Fraction(1, 2)

FORCE_FACTORS: Final[Mapping[str, int]] = {"law": 3, "standard": 2, "policy": 2, "practice": 1}
URGENCY_PASSED: Final = Fraction(2)
URGENCY_SOON: Final = Fraction(3, 2)
URGENCY_LATER: Final = Fraction(1)
SOON: Final = timedelta(days=365)

# Best first. A band's lower bound is inclusive; "not_ready" is everything below 50.
BANDS: Final = ("ready", "largely_ready", "partially_ready", "not_ready")
BAND_THRESHOLDS: Final[tuple[tuple[int, str], ...]] = (
    (85, "ready"),
    (70, "largely_ready"),
    (50, "partially_ready"),
)
GATE_CAP: Final = "partially_ready"
LAW_ZERO_CAP: Final = "partially_ready"
AREA_CAP: Final = "largely_ready"
AREA_CAP_BELOW: Final = 60

GREEN_AREA: Final = "GREEN"
GREEN_READY_AT: Final = 85
GREEN_MINE_DEADLINE: Final = date(2028, 12, 31)
GREEN_MINE_TARGETS: Final[Mapping[str, Fraction]] = {
    "large": Fraction(9, 10),
    "medium": Fraction(4, 5),
}
SITE_SCALES: Final = ("large", "medium", "small")

# Decimal places of the floats offered next to exact values: 0..100 scores get 2, everything
# else (s in 0..1, completion, shares, priorities) gets 4.
SCORE_PLACES: Final = 2
FRACTION_PLACES: Final = 4

# Bounds on numeric answers, so that a typed "1e999999999" cannot make exact arithmetic build
# an integer with a billion digits.
MAX_MAGNITUDE: Final = Decimal(10) ** 15
MAX_DECIMAL_PLACES: Final = 12
_WIDE = Context(prec=60)


class InvalidAnswer(ValueError):
    """A value that the criterion's answer type cannot take.

    ``reason`` is a stable code for forms to choose a translated message: ``unknown_value``,
    ``unknown_option``, ``not_a_number``, ``not_finite``, ``not_an_integer``, ``out_of_range``.
    """

    def __init__(self, message: str, *, criterion: str, reason: str) -> None:
        super().__init__(message)
        self.criterion = criterion
        self.reason = reason


class InvalidCriterion(ValueError):
    """A criterion definition that the scoring rules cannot use (a library error, not a user's)."""

    def __init__(self, message: str, *, criterion: str, field: str) -> None:
        super().__init__(message)
        self.criterion = criterion
        self.field = field


# --- input -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionSpec:
    """What scoring needs to know of one applicable criterion.

    ``parameters``: percent / number ``{"target", "direction" ("at_least" default | "at_most"),
    "zero_at" (optional)}``; choice ``{"options": [{"value", "score", "label"}, ...]}``.
    ``order`` is the criterion's order within its area.
    """

    code: str
    area: str
    weight: int
    force: str  # law | standard | policy | practice
    gate: bool
    answer_type: str  # yes_no | yes_partial_no | maturity | percent | number | choice
    parameters: Mapping[str, Any]
    evidence_expected: bool = False
    deadline: date | None = None
    order: int = 0


@dataclass(frozen=True)
class AnswerInput:
    """One answer: ``value`` None means unanswered; ``is_na`` wins over any value.

    Values: yes_no "yes"/"no"; yes_partial_no "yes"/"partial"/"no"; maturity an int 0..4;
    percent / number a number (int, float, Decimal or a string of one); choice an option value.
    """

    value: object = None
    is_na: bool = False
    evidence_count: int = 0


# --- output ----------------------------------------------------------------------------------


def _floored(value: Fraction, places: int) -> float:
    scale = 10**places
    return math.floor(value * scale) / scale


def _floored_or_none(value: Fraction | None, places: int) -> float | None:
    return None if value is None else _floored(value, places)


@dataclass(frozen=True)
class AnswerScore:
    """The score ``s`` of one answer. ``s_exact`` is None when unanswered or N/A;
    ``raw_score_exact`` is ``s`` before the unsupported cap."""

    status: str  # answered | unanswered | na
    s_exact: Fraction | None
    raw_score_exact: Fraction | None
    unsupported: bool

    @property
    def s(self) -> float | None:
        return _floored_or_none(self.s_exact, FRACTION_PLACES)

    @property
    def raw_score(self) -> float | None:
        return _floored_or_none(self.raw_score_exact, FRACTION_PLACES)


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
        return _floored_or_none(self.s_exact, FRACTION_PLACES)

    @property
    def weighted(self) -> float | None:
        return _floored_or_none(self.weighted_exact, FRACTION_PLACES)

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
        return _floored_or_none(self.score_exact, SCORE_PLACES)

    @property
    def weighted_sum(self) -> float:
        return _floored(self.weighted_sum_exact, FRACTION_PLACES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "score": self.score,
            "weight_total": self.weight_total,
            "weighted_sum": self.weighted_sum,
            "contributions": [c.to_dict() for c in self.contributions],
        }


@dataclass(frozen=True)
class Gap:
    """A counted criterion with s < 1, and why it ranks where it does:
    priority = weight × (1 − s) × force_factor × urgency."""

    code: str
    area: str
    weight: int
    force: str
    gate: bool
    deadline: date | None
    status: str  # answered | unanswered
    unsupported: bool
    s_exact: Fraction
    force_factor: int
    urgency_exact: Fraction
    priority_exact: Fraction

    @property
    def s(self) -> float:
        return _floored(self.s_exact, FRACTION_PLACES)

    @property
    def urgency(self) -> float:
        return float(self.urgency_exact)  # 1, 1.5 or 2: exact as a float

    @property
    def priority(self) -> float:
        return _floored(self.priority_exact, FRACTION_PLACES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "area": self.area,
            "score": self.s,
            "weight": self.weight,
            "force": self.force,
            "gate": self.gate,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "force_factor": self.force_factor,
            "urgency": self.urgency,
            "priority": self.priority,
            "status": self.status,
            "unsupported": self.unsupported,
        }


def gap_sort_key(gap: Gap) -> tuple[Fraction, bool, str]:
    """Priority descending, then gates first, then code: a total order, as codes are unique."""
    return (-gap.priority_exact, not gap.gate, gap.code)


@dataclass(frozen=True)
class BandReason:
    """One reason for the band, for a page to translate and print.

    kind ``score``: the band of the overall score (``value`` the score, ``threshold`` the bound
    it met, or 50 that it stayed below for not_ready). kind ``failed_gate`` / ``law_zero``:
    criterion ``code`` in ``area`` with ``value`` its s (0 when unanswered; see ``status``).
    kind ``area_below_60``: area ``code`` with ``value`` its score. kind ``no_score``: every
    criterion is N/A. ``band`` is the band the reason allows at most; ``lowers_band`` says
    whether that cap is below the band of the score alone.
    """

    kind: str  # score | failed_gate | law_zero | area_below_60 | no_score
    band: str | None
    code: str | None = None
    area: str | None = None
    value_exact: Fraction | None = None
    threshold: int | None = None
    status: str | None = None
    lowers_band: bool = False

    @property
    def value(self) -> float | None:
        places = FRACTION_PLACES if self.kind in ("failed_gate", "law_zero") else SCORE_PLACES
        return _floored_or_none(self.value_exact, places)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "band": self.band,
            "code": self.code,
            "area": self.area,
            "value": self.value,
            "threshold": self.threshold,
            "status": self.status,
            "lowers_band": self.lowers_band,
        }


@dataclass(frozen=True)
class Counts:
    """``answered`` includes N/A, so answered + unanswered == applicable."""

    applicable: int
    answered: int
    na: int
    unanswered: int
    unsupported: int

    def to_dict(self) -> dict[str, int]:
        return {
            "applicable": self.applicable,
            "answered": self.answered,
            "na": self.na,
            "unanswered": self.unanswered,
            "unsupported": self.unsupported,
        }


@dataclass(frozen=True)
class AssessmentScore:
    """The score breakdown of one assessment.

    ``overall_exact`` and ``band`` are None when no criterion counts (every one is N/A).
    ``score_band`` is the band of the overall score before caps. ``completion_exact`` is
    answered (N/A included) / applicable, and 1 when nothing is applicable.
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
        return _floored_or_none(self.overall_exact, SCORE_PLACES)

    @property
    def completion(self) -> float:
        return _floored(self.completion_exact, FRACTION_PLACES)

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


# --- answers ---------------------------------------------------------------------------------


def _shown(value: object) -> str:
    """A value for an error message, cut short: it may be whatever someone typed."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


class _NotANumber(ValueError):
    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _decimal(value: object) -> Decimal:
    """The finite decimal that an int, float, Decimal or numeric string stands for."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise _NotANumber(f"{_shown(value)} is not a number", "not_a_number")
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise _NotANumber(f"{_shown(value)} is not a number", "not_a_number") from None
    elif isinstance(value, float):
        # repr is the shortest decimal that reads back as this float: 0.1, not 0.1000...0555
        number = Decimal(repr(value))
    else:
        number = Decimal(value)
    if not number.is_finite():
        raise _NotANumber(f"{_shown(value)} is not a finite number", "not_finite")
    if number.copy_abs() > MAX_MAGNITUDE:  # copy_abs: no context, so no overflow
        raise _NotANumber(f"{_shown(value)} is out of range", "out_of_range")
    return number


def _answer_number(criterion: CriterionSpec, value: object) -> Decimal:
    try:
        return _decimal(value)
    except _NotANumber as error:
        raise InvalidAnswer(
            f"{criterion.code}: {error}", criterion=criterion.code, reason=error.reason
        ) from None


def _parameter_number(criterion: CriterionSpec, name: str, value: object) -> Fraction:
    try:
        return Fraction(_decimal(value))
    except _NotANumber as error:
        raise InvalidCriterion(
            f"{criterion.code}: parameter {name}: {error}",
            criterion=criterion.code,
            field=f"parameters.{name}",
        ) from None


@dataclass(frozen=True)
class _Scale:
    target: Fraction
    zero_at: Fraction
    direction: str


def _scale(criterion: CriterionSpec) -> _Scale:
    params = criterion.parameters
    if params.get("target") is None:
        raise InvalidCriterion(
            f"{criterion.code}: a {criterion.answer_type} criterion needs a target",
            criterion=criterion.code,
            field="parameters.target",
        )
    target = _parameter_number(criterion, "target", params["target"])
    direction = params.get("direction") or AT_LEAST
    if direction not in DIRECTIONS:
        raise InvalidCriterion(
            f"{criterion.code}: direction must be one of {DIRECTIONS} (got {direction!r})",
            criterion=criterion.code,
            field="parameters.direction",
        )
    if params.get("zero_at") is not None:
        zero_at = _parameter_number(criterion, "zero_at", params["zero_at"])
    else:
        zero_at = Fraction(0) if direction == AT_LEAST else 2 * target
    # On the wrong side of the target, "better" would score worse; a negative target with the
    # default zero_at lands there too, so such a criterion must say where 0 is.
    if (direction == AT_LEAST and zero_at > target) or (direction == AT_MOST and zero_at < target):
        raise InvalidCriterion(
            f"{criterion.code}: zero_at {zero_at} is on the wrong side of an {direction} "
            f"target {target}",
            criterion=criterion.code,
            field="parameters.zero_at",
        )
    return _Scale(target, zero_at, direction)


def _choice_options(criterion: CriterionSpec) -> dict[object, Fraction]:
    options = criterion.parameters.get("options")
    if not isinstance(options, Sequence) or isinstance(options, str) or not options:
        raise InvalidCriterion(
            f"{criterion.code}: a choice criterion needs options",
            criterion=criterion.code,
            field="parameters.options",
        )
    scores: dict[object, Fraction] = {}
    for index, option in enumerate(options):
        where = f"parameters.options[{index}]"
        if not isinstance(option, Mapping) or "value" not in option:
            raise InvalidCriterion(
                f"{criterion.code}: {where} needs a value and a score",
                criterion=criterion.code,
                field=where,
            )
        score = _parameter_number(criterion, f"options[{index}].score", option.get("score"))
        if not 0 <= score <= 1:
            raise InvalidCriterion(
                f"{criterion.code}: {where}.score must be in [0, 1] (got {score})",
                criterion=criterion.code,
                field=f"{where}.score",
            )
        if option["value"] in scores:
            raise InvalidCriterion(
                f"{criterion.code}: duplicate option value {option['value']!r}",
                criterion=criterion.code,
                field=f"{where}.value",
            )
        scores[option["value"]] = score
    return scores


def check_criterion(criterion: CriterionSpec) -> None:
    """Raise InvalidCriterion when scoring cannot use the criterion's definition."""

    def fail(field: str, message: str) -> None:
        raise InvalidCriterion(
            f"{criterion.code}: {message}", criterion=criterion.code, field=field
        )

    weight = criterion.weight
    if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
        fail("weight", f"weight must be a whole number of at least 1 (got {weight!r})")
    if criterion.force not in FORCES:
        fail("force", f"force must be one of {FORCES} (got {criterion.force!r})")
    if criterion.answer_type not in ANSWER_TYPES:
        fail("answer_type", f"unknown answer type {criterion.answer_type!r}")
    if not isinstance(criterion.parameters, Mapping):
        fail("parameters", "parameters must be a mapping")
    if criterion.answer_type in ("percent", "number"):
        _scale(criterion)
    elif criterion.answer_type == "choice":
        _choice_options(criterion)


def validate_value(criterion: CriterionSpec, value: object) -> object:
    """The value in the normal form of the criterion's answer type, or None for "no answer".

    Normal forms: "yes" / "no"; "yes" / "partial" / "no" (case and surrounding spaces are
    ignored); maturity an int 0..4 (3, "3" and 3.0 are all 3); percent / number a finite
    Decimal (floats read as their shortest repr, at most 12 decimal places, |v| ≤ 10^15);
    choice the option's value. None and blank strings give None. Anything else raises
    InvalidAnswer with a message and a ``reason`` code.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = criterion.answer_type
    if kind in ("yes_no", "yes_partial_no"):
        allowed = YES_NO_SCORES if kind == "yes_no" else YES_PARTIAL_NO_SCORES
        word = value.strip().lower() if isinstance(value, str) else None
        if word not in allowed:
            raise InvalidAnswer(
                f"{criterion.code}: {_shown(value)} is not one of {', '.join(allowed)}",
                criterion=criterion.code,
                reason="unknown_value",
            )
        return word
    if kind == "maturity":
        number = _answer_number(criterion, value)
        if number != number.to_integral_value():
            raise InvalidAnswer(
                f"{criterion.code}: a maturity level is a whole number (got {_shown(value)})",
                criterion=criterion.code,
                reason="not_an_integer",
            )
        if not 0 <= number <= MATURITY_LEVELS:
            raise InvalidAnswer(
                f"{criterion.code}: a maturity level is 0 to {MATURITY_LEVELS} "
                f"(got {_shown(value)})",
                criterion=criterion.code,
                reason="out_of_range",
            )
        return int(number)
    if kind in ("percent", "number"):
        number = _answer_number(criterion, value)
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES:
            number = number.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES), context=_WIDE)
        return number
    if kind == "choice":
        wanted = value.strip() if isinstance(value, str) else value
        for option_value in _choice_options(criterion):
            if option_value == wanted and type(option_value) is type(wanted):
                return option_value
        raise InvalidAnswer(
            f"{criterion.code}: {_shown(value)} is not one of the options",
            criterion=criterion.code,
            reason="unknown_option",
        )
    raise InvalidCriterion(
        f"{criterion.code}: unknown answer type {kind!r}",
        criterion=criterion.code,
        field="answer_type",
    )


def _clamp(value: Fraction) -> Fraction:
    return min(max(value, Fraction(0)), Fraction(1))


def _scale_score(scale: _Scale, v: Fraction) -> Fraction:
    # target == zero_at leaves no slope: the score is 1 when v meets the target, else 0.
    if scale.target == scale.zero_at:
        meets = v >= scale.target if scale.direction == AT_LEAST else v <= scale.target
        return Fraction(int(meets))
    return _clamp((v - scale.zero_at) / (scale.target - scale.zero_at))


def _raw_score(criterion: CriterionSpec, value: object) -> Fraction:
    """s of a value already in normal form (see validate_value)."""
    kind = criterion.answer_type
    if kind == "yes_no":
        return YES_NO_SCORES[str(value)]
    if kind == "yes_partial_no":
        return YES_PARTIAL_NO_SCORES[str(value)]
    if kind == "maturity" and isinstance(value, int):
        return Fraction(value, MATURITY_LEVELS)
    if kind in ("percent", "number") and isinstance(value, Decimal):
        return _scale_score(_scale(criterion), Fraction(value))
    return _choice_options(criterion)[value]


def answer_score(criterion: CriterionSpec, answer: AnswerInput | None) -> AnswerScore:
    """The score of one answer (None: no answer). Raises InvalidAnswer for an invalid value and
    InvalidCriterion for a criterion that cannot be scored, answered or not."""
    check_criterion(criterion)
    if answer is None:
        answer = AnswerInput()
    if answer.is_na:
        return AnswerScore(status=NA, s_exact=None, raw_score_exact=None, unsupported=False)
    value = validate_value(criterion, answer.value)
    if value is None:
        return AnswerScore(status=UNANSWERED, s_exact=None, raw_score_exact=None, unsupported=False)
    raw = _raw_score(criterion, value)
    unsupported = criterion.evidence_expected and answer.evidence_count <= 0 and raw > 0
    s = min(raw, UNSUPPORTED_CAP) if unsupported else raw
    return AnswerScore(status=ANSWERED, s_exact=s, raw_score_exact=raw, unsupported=unsupported)


# --- assessment ------------------------------------------------------------------------------


def band_for_score(score: Fraction | float) -> str:
    """The band of a 0..100 score alone, before caps."""
    for threshold, band in BAND_THRESHOLDS:
        if score >= threshold:
            return band
    return BANDS[-1]


def _worse(band: str, other: str) -> str:
    return max(band, other, key=BANDS.index)


def deadline_urgency(deadline: date | None, today: date) -> Fraction:
    """2 when the deadline has passed, 1.5 when it falls within 365 days (today included),
    else 1 (also without a deadline)."""
    if deadline is None:
        return URGENCY_LATER
    if deadline < today:
        return URGENCY_PASSED
    if deadline <= today + SOON:
        return URGENCY_SOON
    return URGENCY_LATER


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
    unsupported = 0
    for criterion in ordered:
        result = answer_score(criterion, answers.get(criterion.code))
        unsupported += result.unsupported
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
            force_factor = FORCE_FACTORS[criterion.force]
            urgency = deadline_urgency(criterion.deadline, today)
            gaps.append(
                Gap(
                    code=criterion.code,
                    area=criterion.area,
                    weight=criterion.weight,
                    force=criterion.force,
                    gate=criterion.gate,
                    deadline=criterion.deadline,
                    status=result.status,
                    unsupported=result.unsupported,
                    s_exact=s,
                    force_factor=force_factor,
                    urgency_exact=urgency,
                    priority_exact=criterion.weight * (1 - s) * force_factor * urgency,
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
        completion_exact=Fraction(applicable - unanswered, applicable)
        if applicable
        else Fraction(1),
        counts=Counts(
            applicable=applicable,
            answered=applicable - unanswered,
            na=na,
            unanswered=unanswered,
            unsupported=unsupported,
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
    score_band = band_for_score(overall)
    threshold = next((t for t, b in BAND_THRESHOLDS if b == score_band), BAND_THRESHOLDS[-1][0])
    reasons = [BandReason(kind="score", band=score_band, value_exact=overall, threshold=threshold)]

    def cap(band: str, **details: Any) -> None:
        lowers = BANDS.index(band) > BANDS.index(score_band)
        reasons.append(BandReason(band=band, lowers_band=lowers, **details))

    for c in failed_gates:
        cap(
            GATE_CAP,
            kind="failed_gate",
            code=c.code,
            area=c.area,
            value_exact=c.s_exact,
            status=c.status,
        )
    for c in law_zero:
        cap(
            LAW_ZERO_CAP,
            kind="law_zero",
            code=c.code,
            area=c.area,
            value_exact=c.s_exact,
            status=c.status,
        )
    for area in areas:
        if area.score_exact is not None and area.score_exact < AREA_CAP_BELOW:
            cap(
                AREA_CAP,
                kind="area_below_60",
                code=area.code,
                area=area.code,
                value_exact=area.score_exact,
                threshold=AREA_CAP_BELOW,
            )
    band = score_band
    for reason in reasons[1:]:
        band = _worse(band, reason.band or band)
    return score_band, band, tuple(reasons)


# --- green mines -----------------------------------------------------------------------------


def green_mine_ready(result: AssessmentScore, area_code: str = GREEN_AREA) -> bool:
    """The site's green area scores at least 85 and has no failed gate. A site whose green area
    has no score (absent, or every criterion N/A) is not ready."""
    area = result.area(area_code)
    if area is None or area.score_exact is None or area.score_exact < GREEN_READY_AT:
        return False
    failed = set(result.failed_gates)
    return not any(c.code in failed for c in area.contributions)


@dataclass(frozen=True)
class SiteReadiness:
    """``green_ready`` None: not assessed, which counts as not ready."""

    scale: str  # large | medium | small
    licensed_producing: bool
    green_ready: bool | None


@dataclass(frozen=True)
class ScaleProgress:
    """Green-mine progress of the licensed, producing sites of one scale.

    ``more_needed`` = ceil(target × total) − ready (at least 0): how many more of these sites must
    become ready. ``met`` is ``more_needed == 0`` (so also when there is no such site).
    """

    scale: str
    total: int
    ready: int
    target_exact: Fraction
    more_needed: int

    @property
    def share_exact(self) -> Fraction | None:
        return Fraction(self.ready, self.total) if self.total else None

    @property
    def share(self) -> float | None:
        return _floored_or_none(self.share_exact, FRACTION_PLACES)

    @property
    def target(self) -> float:
        return float(self.target_exact)

    @property
    def met(self) -> bool:
        return self.more_needed == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "total": self.total,
            "ready": self.ready,
            "share": self.share,
            "target": self.target,
            "met": self.met,
            "more_needed": self.more_needed,
        }


@dataclass(frozen=True)
class PortfolioGreenMine:
    large: ScaleProgress
    medium: ScaleProgress
    deadline: date
    days_left: int  # negative once the deadline has passed

    @property
    def met(self) -> bool:
        return self.large.met and self.medium.met

    def to_dict(self) -> dict[str, Any]:
        return {
            "large": self.large.to_dict(),
            "medium": self.medium.to_dict(),
            "deadline": self.deadline.isoformat(),
            "days_left": self.days_left,
            "met": self.met,
        }


def portfolio_green_mine(sites: Sequence[SiteReadiness], *, today: date) -> PortfolioGreenMine:
    """Green-mine progress of a firm: of its licensed, producing large sites against 90 %, of
    medium ones against 80 %, by 2028-12-31. Small and not-producing sites do not count."""
    for site in sites:
        if site.scale not in SITE_SCALES:
            raise ValueError(f"unknown site scale {site.scale!r}; use one of {SITE_SCALES}")

    def progress(scale: str) -> ScaleProgress:
        counted = [s for s in sites if s.scale == scale and s.licensed_producing]
        ready = sum(s.green_ready is True for s in counted)
        target = GREEN_MINE_TARGETS[scale]
        needed = max(math.ceil(target * len(counted)) - ready, 0)
        return ScaleProgress(scale, len(counted), ready, target, needed)

    return PortfolioGreenMine(
        large=progress("large"),
        medium=progress("medium"),
        deadline=GREEN_MINE_DEADLINE,
        days_left=(GREEN_MINE_DEADLINE - today).days,
    )

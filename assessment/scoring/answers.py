"""One answer: its value in normal form and its score ``s`` in [0, 1] (DESIGN.md "Answer types")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Final

from assessment.scoring.criteria import (
    CriterionSpec,
    InvalidCriterion,
    Scale,
    ScoringRules,
    answer_bounds,
    check_criterion,
    option_values,
)
from assessment.scoring.exact import (
    FRACTION_PLACES,
    MAX_DECIMAL_PLACES,
    NotANumber,
    floored_or_none,
    read_decimal,
    shown,
)
from assessment.scoring.vocabulary import (
    ANSWERED,
    AT_LEAST,
    MATURITY_LEVELS,
    NA,
    UNANSWERED,
    YES_NO,
    YES_PARTIAL_NO,
)

YES_NO_SCORES: Final[Mapping[str, Fraction]] = dict(
    zip(YES_NO, (Fraction(1), Fraction(0)), strict=True)
)
YES_PARTIAL_NO_SCORES: Final[Mapping[str, Fraction]] = dict(
    zip(YES_PARTIAL_NO, (Fraction(1), Fraction(1, 2), Fraction(0)), strict=True)
)

# A claim of compliance (s > 0) without the evidence the criterion expects.
UNSUPPORTED_CAP: Final = Fraction(1, 2)

_WIDE = Context(prec=60)


class InvalidAnswer(ValueError):
    """A value that the criterion's answer type cannot take.

    ``reason`` is a stable code for forms to choose a translated message: ``unknown_value``,
    ``unknown_option``, ``not_a_number``, ``not_finite``, ``not_an_integer``, ``not_whole``,
    ``out_of_range``.
    """

    def __init__(
        self,
        message: str,
        *,
        criterion: str,
        reason: str,
        bounds: tuple[Fraction | None, Fraction | None] = (None, None),
    ) -> None:
        super().__init__(message)
        self.criterion = criterion
        self.reason = reason
        self.bounds = bounds  # out_of_range: the least and greatest value allowed


@dataclass(frozen=True)
class AnswerInput:
    """One answer: ``value`` None means unanswered; ``is_na`` wins over any value.

    Values: yes_no "yes"/"no"; yes_partial_no "yes"/"partial"/"no"; maturity an int 0..4;
    percent / number a number (int, float, Decimal or a string of one); choice an option value.
    """

    value: object = None
    is_na: bool = False
    evidence_count: int = 0
    # Carried over from the previous assessment and not yet confirmed by a person: scored as
    # before, but not yet done for completion.
    to_confirm: bool = False


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
        return floored_or_none(self.s_exact, FRACTION_PLACES)


def _answer_number(criterion: CriterionSpec, value: object) -> Decimal:
    try:
        return read_decimal(value)
    except NotANumber as error:
        raise InvalidAnswer(
            f"{criterion.code}: {error}", criterion=criterion.code, reason=error.reason
        ) from None


def check_bounds(criterion: CriterionSpec, number: Decimal, value: object) -> None:
    """A person's number against the criterion's whole-number rule and min / max (a percent is
    always 0–100); InvalidAnswer when outside. Scoring itself clamps any number."""
    if criterion.parameters.get("whole") and number != number.to_integral_value():
        raise InvalidAnswer(
            f"{criterion.code}: a whole number is expected (got {shown(value)})",
            criterion=criterion.code,
            reason="not_whole",
        )
    low, high = answer_bounds(criterion.answer_type, criterion.parameters)
    if (low is not None and Fraction(number) < low) or (
        high is not None and Fraction(number) > high
    ):
        raise InvalidAnswer(
            f"{criterion.code}: {shown(value)} is outside {low}..{high}",
            criterion=criterion.code,
            reason="out_of_range",
            bounds=(low, high),
        )


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
        allowed = YES_NO if kind == "yes_no" else YES_PARTIAL_NO
        word = value.strip().lower() if isinstance(value, str) else None
        if word not in allowed:
            raise InvalidAnswer(
                f"{criterion.code}: {shown(value)} is not one of {', '.join(allowed)}",
                criterion=criterion.code,
                reason="unknown_value",
            )
        return word
    if kind == "maturity":
        number = _answer_number(criterion, value)
        if number != number.to_integral_value():
            raise InvalidAnswer(
                f"{criterion.code}: a maturity level is a whole number (got {shown(value)})",
                criterion=criterion.code,
                reason="not_an_integer",
            )
        if not 0 <= number <= MATURITY_LEVELS:
            raise InvalidAnswer(
                f"{criterion.code}: a maturity level is 0 to {MATURITY_LEVELS} "
                f"(got {shown(value)})",
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
        for option_value in option_values(criterion):
            if option_value == wanted and type(option_value) is type(wanted):
                return option_value
        raise InvalidAnswer(
            f"{criterion.code}: {shown(value)} is not one of the options",
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


def _scale_score(scale: Scale, v: Fraction) -> Fraction:
    # target == zero_at leaves no slope: the score is 1 when v meets the target, else 0.
    if scale.target == scale.zero_at:
        meets = v >= scale.target if scale.direction == AT_LEAST else v <= scale.target
        return Fraction(int(meets))
    return _clamp((v - scale.zero_at) / (scale.target - scale.zero_at))


def _raw_score(criterion: CriterionSpec, rules: ScoringRules, value: object) -> Fraction:
    """s of a value already in normal form (see validate_value)."""
    kind = criterion.answer_type
    if kind == "yes_no":
        return YES_NO_SCORES[str(value)]
    if kind == "yes_partial_no":
        return YES_PARTIAL_NO_SCORES[str(value)]
    if kind == "maturity" and isinstance(value, int):
        return Fraction(value, MATURITY_LEVELS)
    if rules.scale is not None and isinstance(value, Decimal):
        return _scale_score(rules.scale, Fraction(value))
    return (rules.option_scores or {})[str(value)]


def answer_score(criterion: CriterionSpec, answer: AnswerInput | None) -> AnswerScore:
    """The score of one answer (None: no answer). Raises InvalidAnswer for an invalid value and
    InvalidCriterion for a criterion that cannot be scored, answered or not."""
    rules = check_criterion(criterion)
    if answer is None:
        answer = AnswerInput()
    if answer.is_na:
        return AnswerScore(status=NA, s_exact=None, raw_score_exact=None, unsupported=False)
    value = validate_value(criterion, answer.value)
    if value is None:
        return AnswerScore(status=UNANSWERED, s_exact=None, raw_score_exact=None, unsupported=False)
    raw = _raw_score(criterion, rules, value)
    unsupported = criterion.evidence_expected and answer.evidence_count <= 0 and raw > 0
    s = min(raw, UNSUPPORTED_CAP) if unsupported else raw
    return AnswerScore(status=ANSWERED, s_exact=s, raw_score_exact=raw, unsupported=unsupported)

"""A criterion as the scoring rules see it, and the one set of rules for its definition: answer
type and parameters, weight, force (DESIGN.md "Criteria carry").

Problems are (field, message) pairs, so that the library parser names the file, criterion and
field, model validation shows them in the admin, and scoring raises InvalidCriterion.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from assessment.scoring.exact import NotANumber, read_decimal
from assessment.scoring.vocabulary import ANSWER_TYPES, AT_LEAST, DIRECTIONS, FORCES, MEASURE_UNITS

Problem = tuple[str, str]
NUMERIC_PARAMETERS = ("target", "direction", "zero_at", "unit", "min", "max", "whole")


@dataclass(frozen=True)
class CriterionSpec:
    """What scoring needs to know of one applicable criterion.

    ``parameters``: percent / number ``{"target", "direction" ("at_least" default | "at_most"),
    "zero_at", "unit", "min", "max", "whole" (all optional but target)}``; choice
    ``{"options": [{"value", "score", "label"}, ...]}``. ``order`` is the criterion's order within
    its area.
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


class InvalidCriterion(ValueError):
    """A criterion definition that the scoring rules cannot use (a library error, not a user's)."""

    def __init__(self, message: str, *, criterion: str, field: str) -> None:
        super().__init__(message)
        self.criterion = criterion
        self.field = field


@dataclass(frozen=True)
class Scale:
    """A percent or number criterion's line from zero_at (s = 0) to target (s = 1)."""

    target: Fraction
    zero_at: Fraction
    direction: str


def _number(value: object) -> Fraction | None:
    try:
        return Fraction(read_decimal(value))
    except NotANumber:
        return None


def weight_problems(weight: Any) -> list[Problem]:
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 5:
        return [("weight", f"weight must be a whole number from 1 to 5 (got {weight!r})")]
    return []


def force_problems(force: Any) -> list[Problem]:
    if force not in FORCES:
        return [("force", f"force must be one of {FORCES} (got {force!r})")]
    return []


def parameter_problems(
    answer_type: str, parameters: Any, *, allow_flat_scale: bool = False
) -> list[Problem]:
    """What is wrong with the parameters of an answer type ([] when they are valid).

    ``allow_flat_scale``: accept a number scale whose zero_at equals its target (scoring then
    gives all or nothing); a definition must not have one.
    """
    if answer_type not in ANSWER_TYPES:
        return [("answer_type", f"unknown answer type {answer_type!r}; use one of {ANSWER_TYPES}")]
    if parameters is None:
        parameters = {}
    if not isinstance(parameters, Mapping):
        return [("parameters", "must be a mapping")]
    if answer_type in ("percent", "number"):
        return _read_scale(answer_type, parameters, allow_flat_scale=allow_flat_scale)[1]
    if answer_type == "choice":
        return _read_options(parameters)[1]
    extra = sorted(parameters)
    if extra:
        return [("parameters", f"{answer_type} takes no parameters (got {', '.join(extra)})")]
    return []


def _read_scale(
    answer_type: str, parameters: Mapping, *, allow_flat_scale: bool
) -> tuple[Scale | None, list[Problem]]:
    given_target = parameters.get("target")
    if given_target is None:
        return None, [("parameters.target", f"a {answer_type} criterion needs a target")]
    target = _number(given_target)
    if target is None:
        return None, [("parameters.target", f"target must be a number (got {given_target!r})")]
    problems: list[Problem] = []
    if answer_type == "percent" and not 0 <= target <= 100:
        problems.append(("parameters.target", "a percent target must be between 0 and 100"))
    direction = parameters.get("direction", AT_LEAST)
    if direction not in DIRECTIONS:
        problems.append(("parameters.direction", f"direction must be one of {DIRECTIONS}"))
    given_zero_at = parameters.get("zero_at")
    if given_zero_at is None:
        zero_at: Fraction | None = Fraction(0) if direction == AT_LEAST else 2 * target
        wrong_side = f"an {direction} target of 0 or less needs a zero_at"
    else:
        zero_at = _number(given_zero_at)
        if zero_at is None:
            problems.append(
                ("parameters.zero_at", f"zero_at must be a number (got {given_zero_at!r})")
            )
        side = "below" if direction == AT_LEAST else "above"
        wrong_side = f"zero_at must be {side} an {direction} target"
    if zero_at is not None and direction in DIRECTIONS:
        # On the wrong side of the target, "better" would score worse; at the target there is
        # no slope.
        beyond = zero_at > target if direction == AT_LEAST else zero_at < target
        if beyond or (zero_at == target and not allow_flat_scale):
            problems.append(("parameters.zero_at", wrong_side))
    unit = parameters.get("unit")
    if (
        unit is not None
        and unit not in MEASURE_UNITS
        and not (isinstance(unit, Mapping) and all(isinstance(v, str) for v in unit.values()))
    ):
        problems.append(
            ("parameters.unit", f"unit must map languages to text or be one of {MEASURE_UNITS}")
        )
    problems.extend(_bound_problems(answer_type, parameters, target))
    extra = sorted(set(parameters) - set(NUMERIC_PARAMETERS))
    if extra:
        problems.append(("parameters", f"unknown parameters: {', '.join(extra)}"))
    if problems or zero_at is None:
        return None, problems
    return Scale(target, zero_at, direction), []


def answer_bounds(answer_type: str, parameters: Mapping) -> tuple[Fraction | None, Fraction | None]:
    """The least and greatest answer a percent or number criterion takes (None: no bound)."""
    low, high = _number(parameters.get("min")), _number(parameters.get("max"))
    if answer_type == "percent":
        low = max(low, Fraction(0)) if low is not None else Fraction(0)
        high = min(high, Fraction(100)) if high is not None else Fraction(100)
    return low, high


def _bound_problems(answer_type: str, parameters: Mapping, target: Fraction) -> list[Problem]:
    problems: list[Problem] = []
    for key in ("min", "max"):
        given = parameters.get(key)
        if given is not None and _number(given) is None:
            problems.append((f"parameters.{key}", f"{key} must be a number (got {given!r})"))
    whole = parameters.get("whole", False)
    if not isinstance(whole, bool):
        problems.append(("parameters.whole", "whole must be true or false"))
    if problems:
        return problems
    if parameters.get("min") is None and parameters.get("max") is None:
        return problems
    low, high = answer_bounds(answer_type, parameters)
    if low is not None and high is not None and low >= high:
        problems.append(("parameters.max", "max must be above min (a percent stays in 0–100)"))
    elif (low is not None and target < low) or (high is not None and target > high):
        problems.append(("parameters.target", "the target must lie between min and max"))
    return problems


def _read_options(parameters: Mapping) -> tuple[dict[str, Fraction], list[Problem]]:
    """Each option's score by its value."""
    options = parameters.get("options")
    if not isinstance(options, list | tuple) or not options:
        return {}, [("parameters.options", "a choice criterion needs at least two options")]
    problems: list[Problem] = []
    scores: dict[str, Fraction] = {}
    seen: set[str] = set()
    for index, option in enumerate(options):
        where = f"parameters.options[{index}]"
        if not isinstance(option, Mapping):
            problems.append((where, "each option must be a mapping with value, label and score"))
            continue
        value = option.get("value")
        if not isinstance(value, str) or not value:
            problems.append((f"{where}.value", "each option needs a value code"))
        elif value in seen:
            problems.append((f"{where}.value", f"duplicate option value {value!r}"))
        else:
            seen.add(value)
        score = _number(option.get("score"))
        if score is None or not 0 <= score <= 1:
            problems.append(
                (f"{where}.score", f"option score must be in [0, 1] (got {option.get('score')!r})")
            )
        label = option.get("label")
        if not isinstance(label, Mapping) or not label.get("en"):
            problems.append((f"{where}.label", "each option needs a label with at least 'en'"))
        if isinstance(value, str) and score is not None:
            scores.setdefault(value, score)
    if len(options) < 2:
        problems.append(("parameters.options", "a choice criterion needs at least two options"))
    return scores, problems


@dataclass(frozen=True)
class ScoringRules:
    """What a checked criterion scores answers by, beyond its answer type."""

    scale: Scale | None = None  # percent and number
    option_scores: Mapping[str, Fraction] | None = None  # choice: by option value


def check_criterion(criterion: CriterionSpec) -> ScoringRules:
    """The criterion's scale or option scores; InvalidCriterion for the first problem of its
    definition (a flat number scale allowed)."""
    problems = weight_problems(criterion.weight) + force_problems(criterion.force)
    kind, parameters = criterion.answer_type, criterion.parameters
    rules = ScoringRules()
    if not problems and isinstance(parameters, Mapping) and kind in ("percent", "number"):
        scale, problems = _read_scale(kind, parameters, allow_flat_scale=True)
        rules = ScoringRules(scale=scale)
    elif not problems and isinstance(parameters, Mapping) and kind == "choice":
        scores, problems = _read_options(parameters)
        rules = ScoringRules(option_scores=scores)
    else:
        problems += parameter_problems(kind, parameters, allow_flat_scale=True)
    if problems:
        field, message = problems[0]
        raise InvalidCriterion(
            f"{criterion.code}: {message}", criterion=criterion.code, field=field
        )
    return rules


def option_values(criterion: CriterionSpec) -> list[object]:
    """The values a choice criterion offers, as listed (without checking the definition)."""
    options = (criterion.parameters or {}).get("options")
    if not isinstance(options, list | tuple):
        return []
    return [option.get("value") for option in options if isinstance(option, Mapping)]

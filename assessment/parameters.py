"""Rules for criterion fields that the database cannot express: answer-type parameters,
weight, force and applicability.

Pure functions returning a list of problems as (field, message) pairs, so that the library
parser names the file, criterion and field, and model validation shows them in the admin.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from assessment.minerals import MINERALS, SCALES

ANSWER_TYPES = ("yes_no", "yes_partial_no", "maturity", "percent", "number", "choice")
FORCES = ("law", "standard", "policy", "practice")
DIRECTIONS = ("at_least", "at_most")
APPLICABILITY_METHODS = ("open_pit", "underground")
APPLICABILITY_KEYS = ("scales", "methods", "minerals", "strategic_only", "licensed_producing_only")

Problem = tuple[str, str]


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def parameter_problems(answer_type: str, parameters: Any) -> list[Problem]:
    """What is wrong with the parameters of an answer type ([] when they are valid)."""
    if answer_type not in ANSWER_TYPES:
        return [("answer_type", f"unknown answer type {answer_type!r}; use one of {ANSWER_TYPES}")]
    if parameters is None:
        parameters = {}
    if not isinstance(parameters, Mapping):
        return [("parameters", "must be a mapping")]
    if answer_type in ("percent", "number"):
        return _numeric_problems(answer_type, parameters)
    if answer_type == "choice":
        return _choice_problems(parameters)
    extra = sorted(parameters)
    if extra:
        return [("parameters", f"{answer_type} takes no parameters (got {', '.join(extra)})")]
    return []


def _numeric_problems(answer_type: str, parameters: Mapping) -> list[Problem]:
    problems: list[Problem] = []
    target = parameters.get("target")
    if target is None:
        return [("parameters.target", f"a {answer_type} criterion needs a target")]
    if not _is_number(target):
        return [("parameters.target", f"target must be a number (got {target!r})")]
    if answer_type == "percent" and not 0 <= float(target) <= 100:
        problems.append(("parameters.target", "a percent target must be between 0 and 100"))
    direction = parameters.get("direction", "at_least")
    if direction not in DIRECTIONS:
        problems.append(("parameters.direction", f"direction must be one of {DIRECTIONS}"))
    zero_at = parameters.get("zero_at")
    if zero_at is not None:
        if not _is_number(zero_at):
            problems.append(("parameters.zero_at", f"zero_at must be a number (got {zero_at!r})"))
        elif direction == "at_least" and float(zero_at) >= float(target):
            problems.append(("parameters.zero_at", "zero_at must be below an at_least target"))
        elif direction == "at_most" and float(zero_at) <= float(target):
            problems.append(("parameters.zero_at", "zero_at must be above an at_most target"))
    elif direction == "at_most" and float(target) <= 0:
        problems.append(("parameters.zero_at", "an at_most target of 0 or less needs a zero_at"))
    elif direction == "at_least" and float(target) <= 0:
        problems.append(("parameters.zero_at", "an at_least target of 0 or less needs a zero_at"))
    unit = parameters.get("unit")
    if unit is not None and not (
        isinstance(unit, Mapping) and all(isinstance(v, str) for v in unit.values())
    ):
        problems.append(("parameters.unit", "unit must map languages to text"))
    extra = sorted(set(parameters) - {"target", "direction", "zero_at", "unit"})
    if extra:
        problems.append(("parameters", f"unknown parameters: {', '.join(extra)}"))
    return problems


def _choice_problems(parameters: Mapping) -> list[Problem]:
    options = parameters.get("options")
    if not isinstance(options, list) or len(options) < 2:
        return [("parameters.options", "a choice criterion needs at least two options")]
    problems: list[Problem] = []
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
        score = option.get("score")
        if not _is_number(score) or not 0 <= float(score) <= 1:
            problems.append((f"{where}.score", f"option score must be in [0, 1] (got {score!r})"))
        label = option.get("label")
        if not isinstance(label, Mapping) or not label.get("en"):
            problems.append((f"{where}.label", "each option needs a label with at least 'en'"))
    return problems


def weight_problems(weight: Any) -> list[Problem]:
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 5:
        return [("weight", f"weight must be a whole number from 1 to 5 (got {weight!r})")]
    return []


def force_problems(force: Any) -> list[Problem]:
    if force not in FORCES:
        return [("force", f"force must be one of {FORCES} (got {force!r})")]
    return []


def applicability_problems(applicability: Any) -> list[Problem]:
    if applicability is None:
        return []
    if not isinstance(applicability, Mapping):
        return [("applicability", "must be a mapping")]
    problems: list[Problem] = []
    allowed = {"scales": SCALES, "methods": APPLICABILITY_METHODS, "minerals": tuple(MINERALS)}
    for key, choices in allowed.items():
        values = applicability.get(key) or []
        if not isinstance(values, list):
            problems.append((f"applicability.{key}", "must be a list"))
            continue
        unknown = [v for v in values if v not in choices]
        if unknown:
            problems.append((f"applicability.{key}", f"unknown values {unknown}"))
    for key in ("strategic_only", "licensed_producing_only"):
        if not isinstance(applicability.get(key, False), bool):
            problems.append((f"applicability.{key}", "must be true or false"))
    extra = sorted(set(applicability) - set(APPLICABILITY_KEYS))
    if extra:
        problems.append(("applicability", f"unknown keys: {', '.join(extra)}"))
    return problems

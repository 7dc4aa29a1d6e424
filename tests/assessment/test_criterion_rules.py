"""One set of rules for a criterion's definition (assessment/scoring/criteria.py): the library,
model validation and publishing refuse what scoring refuses, by the same field. Scoring alone
takes a flat number scale (zero_at equal to the target), which it scores all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessment.library import parse_library
from assessment.scoring.answers import AnswerInput, answer_score
from assessment.scoring.criteria import (
    CriterionSpec,
    InvalidCriterion,
    parameter_problems,
    weight_problems,
)
from tests.helpers import ROOT

FRAMEWORKS = ROOT / "fixtures" / "frameworks"
LABEL = {"en": "A"}


def spec(**fields: Any) -> CriterionSpec:
    values: dict[str, Any] = {"weight": 1, "force": "law", "answer_type": "yes_no"}
    values.update(fields)
    values.setdefault("parameters", {})
    return CriterionSpec(code="GREEN-01", area="GREEN", gate=False, **values)


def definition_fields(criterion: CriterionSpec) -> list[str]:
    problems = weight_problems(criterion.weight) + parameter_problems(
        criterion.answer_type, criterion.parameters
    )
    return [field for field, _message in problems]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"weight": 6}, "weight"),
        ({"answer_type": "percent", "parameters": {"target": 120}}, "parameters.target"),
        ({"answer_type": "number", "parameters": {"target": 3, "step": 1}}, "parameters"),
        (
            {"answer_type": "number", "parameters": {"target": 3, "unit": "years"}},
            "parameters.unit",
        ),
        (
            {
                "answer_type": "choice",
                "parameters": {"options": [{"value": "a", "label": LABEL, "score": 1}]},
            },
            "parameters.options",
        ),
        (
            {
                "answer_type": "choice",
                "parameters": {
                    "options": [
                        {"value": "a", "label": LABEL, "score": 1},
                        {"value": "b", "score": 0},
                    ]
                },
            },
            "parameters.options[1].label",
        ),
    ],
)
def test_scoring_refuses_what_a_definition_may_not_have(fields: dict, field: str) -> None:
    criterion = spec(**fields)
    assert definition_fields(criterion) == [field]
    with pytest.raises(InvalidCriterion) as raised:
        answer_score(criterion, AnswerInput())
    assert raised.value.field == field


@pytest.mark.parametrize(
    "parameters",
    [{"target": 5, "zero_at": 5}, {"target": 0, "direction": "at_most"}, {"target": 0}],
)
def test_a_flat_scale_scores_all_or_nothing_but_no_definition_has_one(parameters: dict) -> None:
    criterion = spec(answer_type="number", parameters=parameters)
    target = parameters["target"]

    assert definition_fields(criterion) == ["parameters.zero_at"]
    assert answer_score(criterion, AnswerInput(target)).s_exact == 1


@pytest.mark.parametrize("path", sorted(FRAMEWORKS.glob("*.yaml")), ids=lambda path: path.name)
def test_every_bundled_criterion_meets_the_rules_and_scores(path: Path) -> None:
    library = parse_library(path.read_text(encoding="utf-8"))  # raises on any problem
    for item in library["criteria"]:
        criterion = spec(
            weight=item["weight"],
            force=item["force"],
            answer_type=item["answer_type"],
            parameters=item["parameters"],
        )
        assert answer_score(criterion, AnswerInput()).status == "unanswered"

"""Validation of answer-type parameters, weight and applicability (library rules and model)."""

import pytest
from django.core.exceptions import ValidationError

from assessment.applicability import applicability_problems
from assessment.models import Criterion
from assessment.scoring.criteria import force_problems, parameter_problems, weight_problems


def fields(problems):
    return [field for field, _message in problems]


def test_it_accepts_a_percent_with_a_target():
    assert parameter_problems("percent", {"target": 90}) == []
    assert parameter_problems("percent", {"target": 10, "direction": "at_most"}) == []


def test_it_requires_a_target_for_percent_and_number():
    assert fields(parameter_problems("percent", {})) == ["parameters.target"]
    assert fields(parameter_problems("number", {"direction": "at_least"})) == ["parameters.target"]


def test_it_rejects_a_percent_target_outside_0_to_100():
    assert fields(parameter_problems("percent", {"target": 120})) == ["parameters.target"]


def test_it_rejects_a_non_numeric_target():
    assert fields(parameter_problems("number", {"target": "three"})) == ["parameters.target"]


def test_it_rejects_an_unknown_direction():
    problems = parameter_problems("number", {"target": 3, "direction": "sideways"})
    assert fields(problems) == ["parameters.direction"]


def test_it_rejects_a_zero_at_on_the_wrong_side_of_the_target():
    assert fields(parameter_problems("number", {"target": 3, "zero_at": 5})) == [
        "parameters.zero_at"
    ]
    problems = parameter_problems("number", {"target": 1, "direction": "at_most", "zero_at": 0})
    assert fields(problems) == ["parameters.zero_at"]


def test_it_needs_zero_at_for_an_at_most_target_of_zero():
    problems = parameter_problems("number", {"target": 0, "direction": "at_most"})
    assert fields(problems) == ["parameters.zero_at"]
    assert parameter_problems("number", {"target": 0, "direction": "at_most", "zero_at": 3}) == []


def test_it_requires_at_least_two_choice_options():
    one = {"options": [{"value": "a", "label": {"en": "A"}, "score": 1}]}
    assert fields(parameter_problems("choice", one)) == ["parameters.options"]
    assert fields(parameter_problems("choice", {})) == ["parameters.options"]


def test_it_requires_choice_scores_in_0_to_1():
    options = {
        "options": [
            {"value": "a", "label": {"en": "A"}, "score": 1.5},
            {"value": "b", "label": {"en": "B"}, "score": -0.1},
            {"value": "c", "label": {"en": "C"}, "score": "high"},
        ]
    }
    assert fields(parameter_problems("choice", options)) == [
        "parameters.options[0].score",
        "parameters.options[1].score",
        "parameters.options[2].score",
    ]


def test_it_rejects_duplicate_choice_values_and_missing_labels():
    options = {
        "options": [
            {"value": "a", "label": {"en": "A"}, "score": 1},
            {"value": "a", "label": {}, "score": 0},
        ]
    }
    assert fields(parameter_problems("choice", options)) == [
        "parameters.options[1].value",
        "parameters.options[1].label",
    ]


def test_it_rejects_parameters_on_types_that_take_none():
    assert fields(parameter_problems("yes_no", {"target": 1})) == ["parameters"]
    assert parameter_problems("maturity", {}) == []


def test_it_rejects_an_unknown_answer_type():
    assert fields(parameter_problems("stars", {})) == ["answer_type"]


@pytest.mark.parametrize("weight", [0, 6, 2.5, "3", True, None])
def test_it_rejects_weights_outside_1_to_5(weight):
    assert fields(weight_problems(weight)) == ["weight"]


@pytest.mark.parametrize("weight", [1, 3, 5])
def test_it_accepts_weights_1_to_5(weight):
    assert weight_problems(weight) == []


def test_it_rejects_an_unknown_force():
    assert fields(force_problems("custom")) == ["force"]
    assert force_problems("law") == []


def test_it_rejects_unknown_applicability_values():
    problems = applicability_problems(
        {
            "stages": ["mothballed"],
            "scales": ["huge"],
            "methods": ["both"],
            "minerals": ["kryptonite"],
            "strategic_only": 1,
        }
    )
    assert fields(problems) == [
        "applicability.stages",
        "applicability.scales",
        "applicability.methods",
        "applicability.minerals",
        "applicability.strategic_only",
    ]


@pytest.mark.django_db
def test_the_model_reports_each_problem_on_its_field(draft_version):
    criterion = Criterion.objects.get(version=draft_version, code="GREEN-01")
    criterion.parameters = {"direction": "at_least"}
    criterion.weight = 7
    criterion.applies_to_scales = ["huge"]
    with pytest.raises(ValidationError) as caught:
        criterion.full_clean()
    errors = caught.value.message_dict
    assert "a percent criterion needs a target" in errors["parameters"][0]
    assert "weight" in errors
    assert "applies_to_scales" in errors


@pytest.mark.django_db
def test_the_model_accepts_valid_choice_parameters(draft_version):
    criterion = Criterion.objects.get(version=draft_version, code="RIGHTS-02")
    criterion.full_clean()

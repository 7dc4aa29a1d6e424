"""Numbers that make sense: a numeric criterion can set min, max and whole; a percent stays in
0–100. Scoring clamps whatever is stored; a person's input outside the bounds is refused."""

from __future__ import annotations

import pytest
from django.utils import translation

from assessment.forms.answers import value_field
from assessment.models import Criterion
from assessment.scoring.criteria import parameter_problems
from assessment.workflow import AnswerError, clean_answer_value

PENALTIES = {"target": 0, "direction": "at_most", "zero_at": 3, "min": 0, "whole": True}


def criterion(answer_type: str = "number", **parameters) -> Criterion:
    return Criterion(
        code="RIGHTS-12", answer_type=answer_type, parameters=parameters, weight=3, force="law"
    )


@pytest.mark.parametrize(
    ("parameters", "raw", "message"),
    [
        (PENALTIES, "2.5", "Enter a whole number."),
        (PENALTIES, "-1", "Enter a number of at least 0."),
        ({"target": 3, "max": 10}, "11", "Enter a number of at most 10."),
        ({"target": 3, "min": 1, "max": 10}, "0.5", "Enter a number from 1 to 10."),
    ],
)
def test_a_number_outside_the_criterions_bounds_is_refused_with_a_clear_message(
    parameters, raw, message
):
    with translation.override("en"), pytest.raises(AnswerError) as refused:
        clean_answer_value(criterion(**parameters), raw)
    assert refused.value.messages == [message]


@pytest.mark.parametrize("raw", ["150", "-5"])
def test_a_percentage_stays_between_0_and_100(raw):
    with translation.override("en"), pytest.raises(AnswerError) as refused:
        clean_answer_value(criterion("percent", target=90), raw)
    assert refused.value.messages == ["Enter a number from 0 to 100."]


def test_numbers_within_the_bounds_are_kept():
    assert clean_answer_value(criterion(**PENALTIES), "2") == "2"
    assert clean_answer_value(criterion("percent", target=90, min=50), "50") == "50"


def test_the_message_is_in_chinese_for_a_chinese_page():
    with translation.override("zh-hans"), pytest.raises(AnswerError) as refused:
        clean_answer_value(criterion(**PENALTIES), "2.5")
    assert refused.value.messages == ["请输入整数。"]


def test_the_input_tells_the_browser_the_bounds():
    attrs = value_field(criterion(**PENALTIES)).widget.attrs
    assert (attrs["min"], attrs.get("max"), attrs["step"]) == ("0", None, "1")
    percent = value_field(criterion("percent", target=90)).widget.attrs
    assert (percent["min"], percent["max"], percent["step"]) == ("0", "100", "any")


@pytest.mark.parametrize(
    ("answer_type", "parameters", "where"),
    [
        ("number", {"target": 3, "min": 5, "max": 2}, "parameters.max"),
        ("number", {"target": 30, "min": 0, "max": 10}, "parameters.target"),
        ("percent", {"target": 90, "min": 95}, "parameters.target"),
        ("number", {"target": 3, "whole": "yes"}, "parameters.whole"),
        ("number", {"target": 3, "min": "low"}, "parameters.min"),
    ],
)
def test_a_definition_with_impossible_bounds_is_refused(answer_type, parameters, where):
    assert where in [field for field, _message in parameter_problems(answer_type, parameters)]

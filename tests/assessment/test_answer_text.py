"""How an answer reads (assessment/answer_text.py), the one wording of the answer form, the
answer history and the report: labels of each answer type, units and percent, in both
languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from assessment.answer_text import answer_text, value_choices, value_text
from assessment.forms.answers import value_field
from assessment.models import Criterion
from assessment.scoring.criteria import CriterionSpec

CHOICE = {
    "options": [
        {"value": "none", "label": {"en": "None", "zh-hans": "无"}, "score": 0},
        {"value": "all", "label": {"en": "All"}, "score": 1},
    ]
}
UNIT = {"target": 3, "unit": {"en": "years", "zh-hans": "年"}}


def spec(answer_type: str, parameters: dict[str, Any] | None = None) -> CriterionSpec:
    return CriterionSpec("GREEN-01", "GREEN", 1, "law", False, answer_type, parameters or {})


@pytest.mark.parametrize(
    ("answer_type", "parameters", "value", "english", "chinese"),
    [
        ("yes_no", {}, "yes", "Yes", "是"),
        ("yes_partial_no", {}, "partial", "Partially", "部分"),
        ("maturity", {}, 3, "3 — implemented", "3 — 已实施"),
        ("choice", CHOICE, "none", "None", "无"),
        ("choice", CHOICE, "all", "All", "All"),  # no Chinese label: the English one
        ("percent", {"target": 80}, "45", "45 %", "45 %"),
        ("number", UNIT, "2.5", "2.5 years", "2.5 年"),
        ("number", {"target": 3}, "2.5", "2.5", "2.5"),
        ("yes_no", {}, None, "—", "—"),
    ],
)
def test_a_value_reads_as_the_questionnaire_shows_it(
    answer_type: str, parameters: dict, value: object, english: str, chinese: str
) -> None:
    with translation.override("en"):
        assert value_text(spec(answer_type, parameters), value) == english
    with translation.override("zh-hans"):
        assert value_text(spec(answer_type, parameters), value) == chinese


def test_an_answer_reads_as_na_or_unanswered() -> None:
    with translation.override("zh-hans"):
        assert answer_text(spec("yes_no"), "yes", is_na=True) == "不适用"
        assert answer_text(spec("yes_no"), None, is_na=False) == "未回答"
        assert answer_text(spec("yes_no"), "no", is_na=False) == "否"


@pytest.mark.parametrize(
    ("answer_type", "parameters"),
    [("yes_no", {}), ("yes_partial_no", {}), ("maturity", {}), ("choice", CHOICE)],
)
def test_the_answer_form_offers_the_same_labels(answer_type: str, parameters: dict) -> None:
    criterion = Criterion(code="GREEN-01", answer_type=answer_type, parameters=parameters)
    with translation.override("zh-hans"):
        assert list(value_field(criterion).choices) == value_choices(criterion)


def test_numbers_are_typed_not_picked() -> None:
    assert value_choices(spec("percent", {"target": 80})) == []
    assert value_choices(spec("number", UNIT)) == []

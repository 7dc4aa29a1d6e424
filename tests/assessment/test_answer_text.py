"""How an answer reads (assessment/answer_text.py), the one wording of the answer form, the
answer history and the report: labels of each answer type, units and percent, in both
languages, numbers grouped by thousands and quantities in each language's units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from assessment.answer_text import answer_text, quantity_text, unit_label, value_choices, value_text
from assessment.forms.answers import value_field
from assessment.models import Criterion
from assessment.scoring.criteria import CriterionSpec, parameter_problems

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
        ("maturity", {}, 0, "0 — not established", "0 — 未建立"),
        ("maturity", {}, 1, "1 — initially established", "1 — 初步建立"),
        ("maturity", {}, 2, "2 — established in writing", "2 — 已建立制度"),
        ("maturity", {}, 3, "3 — operating effectively", "3 — 有效运行"),
        ("maturity", {}, 4, "4 — continually improving", "4 — 持续改进"),
        ("choice", CHOICE, "none", "None", "无"),
        ("choice", CHOICE, "all", "All", "All"),  # no Chinese label: the English one
        ("percent", {"target": 80}, "45", "45 %", "45%"),
        ("percent", {"target": 80}, "12.50", "12.5 %", "12.5%"),
        ("number", UNIT, "2.5", "2.5 years", "2.5年"),
        ("number", {"target": 3, "unit": {"en": "kWh", "zh-hans": "kWh"}}, "3", "3 kWh", "3 kWh"),
        ("number", {"target": 3}, "2.5", "2.5", "2.5"),
        ("number", {"target": 3}, "12000", "12,000", "12,000"),
        ("number", {"target": 3, "unit": "10^4 t/yr"}, "2000", "20 Mt/yr", "2,000万吨/年"),
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


@pytest.mark.parametrize(
    ("value", "unit", "english", "chinese"),
    [
        ("2000", "10^4 t/yr", "20 Mt/yr", "2,000万吨/年"),
        ("120", "10^4 t/yr", "1.2 Mt/yr", "120万吨/年"),
        ("45", "10^4 t/yr", "450 kt/yr", "45万吨/年"),
        ("0.3", "10^4 t/yr", "3 kt/yr", "0.3万吨/年"),
        ("25000", "10^4 t/yr", "250 Mt/yr", "2.5亿吨/年"),
        ("5", "10^8 m3/yr", "500 million m³/yr", "5亿立方米/年"),
        ("30", "10^8 m3/yr", "3 billion m³/yr", "30亿立方米/年"),
        ("10", "10^4 m3/yr", "100,000 m³/yr", "10万立方米/年"),
        ("250", "10^4 m3/yr", "2.5 million m³/yr", "250万立方米/年"),
    ],
)
def test_a_quantity_of_the_national_tables_reads_in_each_languages_units(
    value: str, unit: str, english: str, chinese: str
) -> None:
    with translation.override("en"):
        assert quantity_text(Decimal(value), unit) == english
    with translation.override("zh-hans"):
        assert quantity_text(Decimal(value), unit) == chinese


def test_the_answer_form_says_the_unit_a_quantity_is_typed_in() -> None:
    with translation.override("en"):
        assert unit_label("10^4 t/yr") == "10⁴ t/yr"
    with translation.override("zh-hans"):
        assert unit_label("10^4 t/yr") == "万吨/年"
        assert unit_label(UNIT["unit"]) == "年"
    assert unit_label(None) == ""


def test_a_criterion_may_name_a_unit_of_the_national_tables_but_no_other_text() -> None:
    def problems(unit: object) -> list:
        return parameter_problems("number", {"target": 3, "unit": unit})

    assert problems("10^4 t/yr") == []
    assert problems({"en": "years", "zh-hans": "年"}) == []
    assert [field for field, _message in problems("tonnes")] == ["parameters.unit"]

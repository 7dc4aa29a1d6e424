"""How an answer reads as text, in the active language: the option's label, Yes / Partially /
No, the maturity level's name, a number with its unit. The answer form, the answer history and
the report all read answers through this module, so they say the same.

Numbers read with thousands separators and their unit in its proper form: in Chinese a unit in
Chinese characters follows the number without a space ("3项", "45%"), and a quantity in the
national tables' units reads in the units each language uses ("2,000万吨/年", "20 Mt/yr")."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Protocol

from django.utils.translation import gettext, gettext_lazy

from assessment.language import current_language
from assessment.scoring.vocabulary import MEASURE_UNITS, YES_NO, YES_PARTIAL_NO

YES_PARTIAL_NO_LABELS = {
    "yes": gettext_lazy("Yes"),
    "partial": gettext_lazy("Partially"),
    "no": gettext_lazy("No"),
}
# The maturity levels 0..4 in the words compliance practitioners use for a management system:
# 未建立 / 初步建立 / 已建立制度 / 有效运行 / 持续改进.
MATURITY_LABELS = (
    gettext_lazy("not established"),
    gettext_lazy("initially established"),
    gettext_lazy("established in writing"),
    gettext_lazy("operating effectively"),
    gettext_lazy("continually improving"),
)
NO_VALUE = "—"


class AnswerKind(Protocol):
    """What the text of an answer depends on: a Criterion or a CriterionSpec."""

    answer_type: str
    parameters: Mapping[str, Any]


def option_label(label: Mapping[str, str], language: str | None = None) -> str:
    """An option label (or unit) in the active language, falling back to English."""
    return label.get(current_language(language)) or label.get("en", "")


def value_choices(criterion: AnswerKind) -> list[tuple[str, str]]:
    """(value, label) of each answer a person picks from; [] for percent and number."""
    answer_type, parameters = criterion.answer_type, criterion.parameters or {}
    if answer_type in ("yes_no", "yes_partial_no"):
        values = YES_NO if answer_type == "yes_no" else YES_PARTIAL_NO
        return [(value, str(YES_PARTIAL_NO_LABELS[value])) for value in values]
    if answer_type == "maturity":
        return [(str(level), f"{level} — {label}") for level, label in enumerate(MATURITY_LABELS)]
    if answer_type == "choice":
        options = parameters.get("options", [])
        return [(o["value"], option_label(o.get("label", {}))) for o in options]
    return []


def number_text(number: Fraction) -> str:
    """A bound or other exact number as a person types it: 3, 0.5, 100."""
    if number.denominator == 1:
        return str(number.numerator)
    return format(Decimal(number.numerator) / Decimal(number.denominator), "f")


# How a quantity in a unit of the national tables reads in each language: the first step whose
# lower bound (in the table's unit) the value reaches, as (bound, power of ten to multiply by,
# unit). 10^4 t is 万吨 and 0.01 Mt; 10^8 m³ is 亿立方米 and 0.1 billion m³.
MEASURE_STEPS: Mapping[str, Mapping[str, tuple[tuple[int, int, str], ...]]] = {
    "10^4 t/yr": {
        "zh-hans": ((10_000, -4, "亿吨/年"), (0, 0, "万吨/年")),
        "en": ((100, -2, " Mt/yr"), (0, 1, " kt/yr")),
    },
    "10^8 m3/yr": {
        "zh-hans": ((0, 0, "亿立方米/年"),),
        "en": ((10, -1, " billion m³/yr"), (0, 2, " million m³/yr")),
    },
    "10^4 m3/yr": {
        "zh-hans": ((10_000, -4, "亿立方米/年"), (0, 0, "万立方米/年")),
        "en": ((100, -2, " million m³/yr"), (0, 4, " m³/yr")),
    },
}
# The unit a person types such a quantity in.
MEASURE_TYPED = {
    "10^4 t/yr": {"en": "10⁴ t/yr", "zh-hans": "万吨/年"},
    "10^8 m3/yr": {"en": "10⁸ m³/yr", "zh-hans": "亿立方米/年"},
    "10^4 m3/yr": {"en": "10⁴ m³/yr", "zh-hans": "万立方米/年"},
}


def grouped(number: Decimal) -> str:
    """A number with thousands separators and no trailing zeros: 2000 -> "2,000", 2.50 ->
    "2.5" (the same in both languages, as Chinese business writing groups by thousands)."""
    number = number.normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return format(number, ",f")


def unit_label(unit: Mapping[str, str] | str | None) -> str:
    """The unit a number is typed in, in the active language ("" without a unit)."""
    if not unit:
        return ""
    if isinstance(unit, str):
        return option_label(MEASURE_TYPED.get(unit, {"en": unit}))
    return option_label(unit)


def quantity_text(number: Decimal, unit: Mapping[str, str] | str | None) -> str:
    """A number with its unit as people write it in the active language: "2.5 years" / "2.5年",
    and in the national tables' units "2,000万吨/年" / "20 Mt/yr"."""
    if isinstance(unit, str) and unit in MEASURE_UNITS:
        steps = MEASURE_STEPS[unit]
        for bound, power, name in steps.get(current_language(), steps["en"]):
            if number >= bound or bound == 0:
                return grouped(number.scaleb(power)) + name
    label = unit_label(unit)
    if not label:
        return grouped(number)
    return grouped(number) + (_joiner(label) + label)


def _joiner(label: str) -> str:
    """No space between a number and a unit that starts with a Chinese character (or "%") in
    Chinese text; a space otherwise ("45 %" and "2.5 years" in English)."""
    if current_language() == "zh-hans" and (label == "%" or _is_cjk(label[0])):
        return ""
    return " "


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def value_text(criterion: AnswerKind, value: object) -> str:
    """A stored value as the questionnaire shows it (the option's label, a unit)."""
    if value is None or value == "":
        return NO_VALUE
    labels = dict(value_choices(criterion))
    if str(value) in labels:
        return labels[str(value)]
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if criterion.answer_type == "percent":
        return quantity_text(number, {"en": "%"})
    return quantity_text(number, (criterion.parameters or {}).get("unit"))


def answer_text(criterion: AnswerKind, value: object, *, is_na: bool) -> str:
    """An answer as a reader understands it: its value's text, N/A, or "unanswered"."""
    if is_na:
        return gettext("N/A")
    if value is None:
        return gettext("unanswered")
    return value_text(criterion, value)

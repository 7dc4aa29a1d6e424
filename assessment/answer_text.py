"""How an answer reads as text, in the active language: the option's label, Yes / Partially /
No, the maturity level's name, a number with its unit. The answer form, the answer history and
the report all read answers through this module, so they say the same."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

from django.utils.translation import gettext, gettext_lazy

from assessment.language import current_language
from assessment.scoring.vocabulary import YES_NO, YES_PARTIAL_NO

YES_PARTIAL_NO_LABELS = {
    "yes": gettext_lazy("Yes"),
    "partial": gettext_lazy("Partially"),
    "no": gettext_lazy("No"),
}
MATURITY_LABELS = (
    gettext_lazy("absent"),
    gettext_lazy("initial"),
    gettext_lazy("defined"),
    gettext_lazy("implemented"),
    gettext_lazy("optimised"),
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


def value_text(criterion: AnswerKind, value: object) -> str:
    """A stored value as the questionnaire shows it (the option's label, a unit)."""
    if value is None or value == "":
        return NO_VALUE
    labels = dict(value_choices(criterion))
    if str(value) in labels:
        return labels[str(value)]
    if criterion.answer_type == "percent":
        return f"{value} %"
    unit = (criterion.parameters or {}).get("unit")
    return f"{value} {option_label(unit)}" if unit else str(value)


def answer_text(criterion: AnswerKind, value: object, *, is_na: bool) -> str:
    """An answer as a reader understands it: its value's text, N/A, or "unanswered"."""
    if is_na:
        return gettext("N/A")
    if value is None:
        return gettext("unanswered")
    return value_text(criterion, value)

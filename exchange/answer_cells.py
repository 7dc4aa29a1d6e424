"""An answer as the cells of the offline questionnaire hold it, and back: the options by their
labels (as the questionnaire shows them, assessment/answer_text.py), numbers as numbers, N/A as
Yes / No. A file read back may be in either language, so both languages' labels are accepted;
what a value may be is then decided by the answer form, as online."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from assessment.answer_text import YES_PARTIAL_NO_LABELS, number_text, option_label, value_choices
from assessment.models import Answer, Criterion
from assessment.scoring.criteria import answer_bounds
from exchange.sheet_format import LANGUAGES, folded

NUMERIC = (Criterion.AnswerType.PERCENT, Criterion.AnswerType.NUMBER)


def na_labels() -> list[str]:
    return [str(YES_PARTIAL_NO_LABELS["yes"]), str(YES_PARTIAL_NO_LABELS["no"])]


def choice_labels(criterion: Criterion) -> list[str]:
    """The labels the answer cell's dropdown offers, in the active language ([] for numbers)."""
    return [label for _value, label in value_choices(criterion)]


def allowed_text(criterion: Criterion) -> str:
    """What the "valid answers" column says of a criterion."""
    if criterion.answer_type not in NUMERIC:
        return " / ".join(choice_labels(criterion))
    if criterion.answer_type == Criterion.AnswerType.PERCENT:
        text = _("Percent (0–100)")
    else:
        unit = (criterion.parameters or {}).get("unit")
        text = _("Number (%(unit)s)") % {"unit": option_label(unit)} if unit else _("A number")
    low, high = answer_bounds(criterion.answer_type, criterion.parameters or {})
    if criterion.answer_type == Criterion.AnswerType.NUMBER and (low, high) != (None, None):
        shown = [("" if bound is None else number_text(bound)) for bound in (low, high)]
        text = f"{text}: {shown[0]} – {shown[1]}".replace(":  –", ": –")
    return text


def value_cell(criterion: Criterion, value: object) -> object:
    """A stored value as the answer cell holds it: the option's label, or a number."""
    if value is None or value == "":
        return None
    labels = dict(value_choices(criterion))
    if criterion.answer_type not in NUMERIC:
        return labels.get(str(value), str(value))
    number = Decimal(str(value))
    if not number.is_finite() or Decimal(repr(float(number))) != number:
        return str(value)  # a text cell: Excel's numbers would lose digits past the 15th or so
    return int(number) if number == number.to_integral_value() else float(number)


def same_number(value: object, *earlier: object) -> object:
    """`value`, or the first of `earlier` that is the same number: 90 read back from the file is
    the 90.0 typed online, and keeps that text (so it is no change)."""
    number = _number(value)
    for other in earlier:
        if number is not None and _number(other) == number:
            return other
    return value


def _number(value: object) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if value not in (None, "") and number.is_finite() else None


def na_cell(answer: Answer) -> str | None:
    if not answer.criterion.allows_na:
        return None
    return na_labels()[0] if answer.is_na else na_labels()[1]


class Inputs:
    """What people may type for the criteria of one file, in either language: labels -> values.
    Built once per import (the labels of each answer type and option in both languages)."""

    def __init__(self) -> None:
        self._choices: dict[tuple[str, str], dict[str, str]] = {}
        self._na: dict[str, bool] = {}
        for language in LANGUAGES:
            with translation.override(language):
                yes, no = na_labels()
                self._na.update({folded(yes): True, folded(no): False})
        self._na.update({"": False, "yes": True, "no": False, "true": True, "false": False})

    def _labels(self, criterion: Criterion) -> dict[str, str]:
        key = (criterion.answer_type, repr(criterion.parameters))
        if key not in self._choices:
            labels = {}
            for language in LANGUAGES:
                with translation.override(language):
                    labels.update({folded(lb): value for value, lb in value_choices(criterion)})
            self._choices[key] = labels
        return self._choices[key]

    def value(self, criterion: Criterion, cell: object, number_format: str = "General") -> str:
        """The answer cell as the answer form's value field receives it. A percent typed as
        "95%" is kept by Excel as 0.95 shown with a percent format: it reads as 95."""
        text = cell_text(cell)
        if criterion.answer_type == Criterion.AnswerType.PERCENT and shows_percent(
            cell, number_format
        ):
            return decimal_text(Decimal(text) * 100)
        if criterion.answer_type in NUMERIC or not text:
            return text
        return self._labels(criterion).get(folded(text), text)

    def is_na(self, cell: object) -> bool | None:
        """True / False, or None when the cell holds neither Yes nor No."""
        if isinstance(cell, bool):
            return cell
        return self._na.get(folded(cell_text(cell)))


def shows_percent(cell: object, number_format: str) -> bool:
    """Whether a number cell is shown as a percent (Excel multiplies it by 100 to show it): its
    format holds a % outside quotes and not escaped by a backslash."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return False
    unquoted = re.sub(r'"[^"]*"|\\.', "", number_format or "")
    return "%" in unquoted


def decimal_text(number: Decimal) -> str:
    """A Decimal as a person writes it: 95 for 95.00, 87.5 for 87.50, never an exponent."""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def cell_text(cell: object) -> str:
    """A cell's value as text, as a person typed it: 95 for 95.0, a date as 2026-03-01."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)

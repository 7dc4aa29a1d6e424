"""The criterion's change form in the admin: answer parameters and applicability as form fields
(numbers, choices, check boxes, one option per line) instead of raw JSON.

The form only builds the parameters from its fields. The criterion's own validation
(Criterion.clean, which asks scoring.criteria.parameter_problems and applicability_problems)
judges them, as it judges a library file, and the form shows each problem once, by the field it
is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from assessment.answer_text import MEASURE_TYPED
from assessment.applicability import APPLICABILITY_METHODS
from assessment.forms.sites import mineral_choices
from assessment.models import Criterion, Site
from assessment.scoring.vocabulary import MEASURE_UNITS

# Numeric parameter -> the form field that edits it.
NUMBER_FIELDS = {"target": "target", "zero_at": "zero_at", "min": "minimum", "max": "maximum"}
# A problem with one of these parameters is shown by the field that edits it.
PROBLEM_FIELDS = {
    **NUMBER_FIELDS,
    "direction": "direction",
    "whole": "whole",
    "unit": "unit",
    "options": "options",
}
TEXT_UNIT = "text"
DIRECTIONS = [
    ("", _("at least (the default)")),
    ("at_least", _("at least: higher is better")),
    ("at_most", _("at most: lower is better")),
]
UNITS = [
    ("", _("none")),
    (TEXT_UNIT, _("a word in each language (below)")),
    *((code, MEASURE_TYPED[code]["en"]) for code in MEASURE_UNITS),
]
OPTION_SEPARATOR = "|"


def _number(value: Decimal | None) -> int | float | None:
    """A typed number as the library writes it: 90, 0.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _option_line(option: Mapping) -> str:
    label = option.get("label") or {}
    parts = [option.get("value", ""), option.get("score", ""), label.get("en", "")]
    parts.append(label.get("zh-hans", ""))
    return f" {OPTION_SEPARATOR} ".join(str(part) for part in parts)


def _read_option(line: str) -> dict:
    parts = [part.strip() for part in line.split(OPTION_SEPARATOR)]
    if len(parts) not in (3, 4):
        raise ValidationError(
            _("Write each option as: value | score | English label | Chinese label (%(line)s)"),
            code="option_line",
            params={"line": line},
        )
    value, score, english = parts[:3]
    label = {"en": english}
    if len(parts) == 4 and parts[3]:
        label["zh-hans"] = parts[3]
    try:
        number: object = _number(Decimal(score))
    except ArithmeticError:
        number = score  # the criterion's validation says what is wrong with it
    return {"value": value, "label": label, "score": number}


def method_choices() -> list[tuple[str, str]]:
    labels = dict(Site.Method.choices)
    return [(code, labels.get(code, code)) for code in APPLICABILITY_METHODS]


def _applicability(label, choices, *, listed: bool = False) -> forms.MultipleChoiceField:
    """Values a criterion applies to (none chosen: every site), ticked, or picked from a list
    when there are many."""
    widget = forms.SelectMultiple(attrs={"size": 12}) if listed else forms.CheckboxSelectMultiple
    return forms.MultipleChoiceField(label=label, choices=choices, required=False, widget=widget)


class CriterionAdminForm(forms.ModelForm):
    target = forms.DecimalField(label=_("target"), required=False)
    direction = forms.ChoiceField(label=_("direction"), required=False, choices=DIRECTIONS)
    zero_at = forms.DecimalField(
        label=_("scores 0 at"),
        required=False,
        help_text=_("Empty: 0 for an at-least target, twice the target for an at-most one."),
    )
    minimum = forms.DecimalField(label=_("least answer"), required=False)
    maximum = forms.DecimalField(label=_("greatest answer"), required=False)
    whole = forms.BooleanField(label=_("whole numbers only"), required=False)
    unit = forms.ChoiceField(label=_("unit"), required=False, choices=UNITS)
    unit_en = forms.CharField(label=_("unit in English"), required=False, max_length=40)
    unit_zh_hans = forms.CharField(label=_("unit in Chinese"), required=False, max_length=40)
    options = forms.CharField(
        label=_("options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 100, "class": "vLargeTextField"}),
        help_text=_(
            "Choice questions: one option a line, as value | score from 0 to 1 | English label "
            "| Chinese label."
        ),
    )
    applies_to_stages = _applicability(_("applies to stages"), Site.Stage.choices)
    applies_to_scales = _applicability(_("applies to scales"), Site.Scale.choices)
    applies_to_methods = _applicability(_("applies to mining methods"), method_choices)
    applies_to_minerals = _applicability(_("applies to minerals"), mineral_choices, listed=True)

    class Meta:
        model = Criterion
        # The parameters are edited through the fields above; every other field as the model has it.
        exclude = ("parameters",)  # noqa: DJ006

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        parameters = self.instance.parameters or {}
        for key, name in NUMBER_FIELDS.items():
            self.initial.setdefault(name, parameters.get(key))
        self.initial.setdefault("direction", parameters.get("direction", ""))
        self.initial.setdefault("whole", bool(parameters.get("whole")))
        unit = parameters.get("unit")
        if isinstance(unit, Mapping):
            self.initial.setdefault("unit", TEXT_UNIT)
            self.initial.setdefault("unit_en", unit.get("en", ""))
            self.initial.setdefault("unit_zh_hans", unit.get("zh-hans", ""))
        else:
            self.initial.setdefault("unit", unit or "")
        lines = [_option_line(o) for o in parameters.get("options", []) if isinstance(o, Mapping)]
        self.initial.setdefault("options", "\n".join(lines))

    def clean(self) -> dict:
        cleaned = super().clean()
        self.instance.parameters = self._parameters(cleaned)
        return cleaned

    def _parameters(self, cleaned: dict) -> dict:
        answer_type = cleaned.get("answer_type")
        if answer_type == Criterion.AnswerType.CHOICE:
            options = []
            for line in (cleaned.get("options") or "").splitlines():
                if line.strip():
                    try:
                        options.append(_read_option(line))
                    except ValidationError as error:
                        self.add_error("options", error)
            return {"options": options}
        if answer_type not in (Criterion.AnswerType.PERCENT, Criterion.AnswerType.NUMBER):
            return {}
        parameters: dict = {}
        for key, name in NUMBER_FIELDS.items():
            if cleaned.get(name) is not None:
                parameters[key] = _number(cleaned[name])
        if cleaned.get("direction"):
            parameters["direction"] = cleaned["direction"]
        if cleaned.get("whole"):
            parameters["whole"] = True
        unit = cleaned.get("unit")
        if unit == TEXT_UNIT:
            words = {"en": cleaned.get("unit_en", ""), "zh-hans": cleaned.get("unit_zh_hans", "")}
            parameters["unit"] = {language: word for language, word in words.items() if word}
        elif unit:
            parameters["unit"] = unit
        return parameters

    def _update_errors(self, errors: ValidationError) -> None:
        """The criterion's problems with its parameters go to the field each is about, said
        once: not again where the field itself already refused what was typed."""
        problems = getattr(errors, "error_dict", {}).pop("parameters", [])
        for problem in problems:
            params = problem.params or {}
            part = str(params.get("field", "")).partition(".")[2]
            name = PROBLEM_FIELDS.get(part.split(".")[0].split("[")[0])
            if name is None:
                self.add_error(None, problem)
            elif name not in self.errors:
                self.add_error(name, params.get("message", problem))
        super()._update_errors(errors)

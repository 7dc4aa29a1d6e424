"""The answer form of one criterion: the right widget for its answer type, N/A and comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from assessment.models import Answer, Criterion
from assessment.workflow import AnswerError, clean_answer_value

MATURITY_LABELS = (
    _("absent"),
    _("initial"),
    _("defined"),
    _("implemented"),
    _("optimised"),
)


def option_label(label: dict, language: str | None = None) -> str:
    """An option label in the active language, falling back to English."""
    language = language or get_language() or "en"
    return label.get("zh-hans" if language.startswith("zh") else "en") or label.get("en", "")


def value_field(criterion: Criterion) -> forms.Field:
    kind = criterion.answer_type
    Type = Criterion.AnswerType
    radio = forms.RadioSelect
    if kind == Type.YES_NO:
        return forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], widget=radio)
    if kind == Type.YES_PARTIAL_NO:
        choices = [("yes", _("Yes")), ("partial", _("Partially")), ("no", _("No"))]
        return forms.ChoiceField(choices=choices, widget=radio)
    if kind == Type.MATURITY:
        choices = [
            (str(level), f"{level} — {label}") for level, label in enumerate(MATURITY_LABELS)
        ]
        return forms.ChoiceField(choices=choices, widget=radio)
    if kind == Type.CHOICE:
        options = criterion.parameters.get("options", [])
        choices = [(o["value"], option_label(o.get("label", {}))) for o in options]
        return forms.ChoiceField(choices=choices, widget=radio)
    attrs = {"step": "any", "inputmode": "decimal"}
    if kind == Type.PERCENT:
        attrs.update(min="0", max="100")
    # A CharField, so that our own message (not the browser's or Django's) explains bad input.
    return forms.CharField(widget=forms.NumberInput(attrs=attrs))


class AnswerForm(forms.Form):
    value = forms.CharField(required=False)
    is_na = forms.BooleanField(required=False, label=_("Not applicable to this site"))
    na_justification = forms.CharField(
        required=False,
        label=_("Why it does not apply"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        required=False, label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, answer: Answer, read_only: bool = False, **kwargs) -> None:
        self.answer = answer
        criterion = answer.criterion
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        kwargs.setdefault(
            "initial",
            {
                "value": "" if answer.value is None else str(answer.value),
                "is_na": answer.is_na,
                "na_justification": answer.na_justification,
                "comment": answer.comment,
            },
        )
        super().__init__(*args, **kwargs)
        field = value_field(criterion)
        field.required = False
        field.label = _("Answer")
        self.fields["value"] = field
        if criterion.answer_type in (Criterion.AnswerType.PERCENT, Criterion.AnswerType.NUMBER):
            unit = criterion.parameters.get("unit")
            if criterion.answer_type == Criterion.AnswerType.PERCENT:
                field.help_text = _("Percent (0–100)")
            elif unit:
                field.help_text = option_label(unit)
        if not criterion.allows_na:
            del self.fields["is_na"]
            del self.fields["na_justification"]
        if read_only:
            for form_field in self.fields.values():
                form_field.disabled = True

    def clean_value(self) -> object:
        try:
            return clean_answer_value(self.answer.criterion, self.cleaned_data.get("value"))
        except AnswerError as error:
            raise forms.ValidationError(error.messages[0], code=error.code) from error

    def clean(self) -> dict:
        data = super().clean()
        if data.get("is_na") and not (data.get("na_justification") or "").strip():
            self.add_error("na_justification", _("Say why this criterion does not apply."))
        return data


class StartAssessmentForm(forms.Form):
    version = forms.ModelChoiceField(queryset=None, label=_("Framework version"), empty_label=None)
    carry_over = forms.BooleanField(
        required=False,
        label=_("Carry answers over from the latest submitted assessment of this site"),
    )

    def __init__(self, *args, versions, can_carry_over: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: f"{v.framework.name} — {v.version}"
        if not can_carry_over:
            del self.fields["carry_over"]

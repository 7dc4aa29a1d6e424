"""The answer form of one criterion: the right widget for its answer type, N/A and comment."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from assessment.answer_text import number_text, unit_label, value_choices
from assessment.limits import COMMENT_MAX_LENGTH, JUSTIFICATION_MAX_LENGTH
from assessment.models import Answer, Criterion
from assessment.scoring.criteria import answer_bounds
from assessment.workflow import ANSWER_PARTS, AnswerError, clean_answer_value


def value_field(criterion: Criterion) -> forms.Field:
    kind = criterion.answer_type
    if kind not in (Criterion.AnswerType.PERCENT, Criterion.AnswerType.NUMBER):
        choices = value_choices(criterion)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect)
    parameters = criterion.parameters or {}
    whole = bool(parameters.get("whole"))
    attrs = {"step": "1" if whole else "any", "inputmode": "numeric" if whole else "decimal"}
    low, high = answer_bounds(kind, parameters)
    if low is not None:
        attrs["min"] = number_text(low)
    if high is not None:
        attrs["max"] = number_text(high)
    # A CharField, so that our own message (not the browser's or Django's) explains bad input.
    return forms.CharField(widget=forms.NumberInput(attrs=attrs))


class SentCheckboxInput(forms.CheckboxInput):
    """A checkbox sent even when unticked (an empty hidden input of the same name comes first),
    so that a form without the box is told apart from a form with the box unticked."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        hidden = format_html('<input type="hidden" name="{}" value="">', name)
        return hidden + super().render(name, value, attrs, renderer)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data


def characters_left(length: int, limit: int) -> str:
    """What a text field's counter says, as the questionnaire's script says it while typing."""
    if length <= limit:
        left = limit - length
        return ngettext("%(count)s character left", "%(count)s characters left", left) % {
            "count": f"{left:,}"
        }
    over = length - limit
    return ngettext("%(count)s character too many", "%(count)s characters too many", over) % {
        "count": f"{over:,}"
    }


def counter_texts() -> dict[str, str]:
    """The counter's sentences with their placeholder, for the script (one copy per page)."""
    return {
        "left_one": ngettext("%(count)s character left", "%(count)s characters left", 1),
        "left_other": ngettext("%(count)s character left", "%(count)s characters left", 2),
        "over_one": ngettext("%(count)s character too many", "%(count)s characters too many", 1),
        "over_other": ngettext("%(count)s character too many", "%(count)s characters too many", 2),
    }


def typed_text(value: str | None) -> str:
    """Text as it is stored and counted: line breaks as one character each (browsers send two),
    no spaces around it."""
    return (value or "").replace("\r\n", "\n").strip()


class AnswerForm(forms.Form):
    """One answer's form. Only the parts it was sent are changes (`sent_parts`): an autosave
    that leaves a part out leaves that part alone. `version` is the answer's version when the
    form was loaded, so that the save can tell whether someone else changed it since."""

    value = forms.CharField(required=False)
    is_na = forms.BooleanField(
        required=False, label=_("Not applicable to this site"), widget=SentCheckboxInput
    )
    na_justification = forms.CharField(
        required=False,
        label=_("Why it does not apply"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    comment = forms.CharField(
        required=False, label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    limits = {"comment": COMMENT_MAX_LENGTH, "na_justification": JUSTIFICATION_MAX_LENGTH}

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
                "version": answer.version,
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
                field.help_text = unit_label(unit)
        if not criterion.allows_na:
            del self.fields["is_na"]
            del self.fields["na_justification"]
        for name, limit in self.limits.items():
            if name in self.fields and not read_only:
                # Not through self[name]: a bound field made now would keep no help text.
                if self.is_bound:
                    text = self.data.get(self.add_prefix(name))
                else:
                    text = self.initial.get(name)
                length = len(typed_text(text))
                self.fields[name].help_text = format_html(
                    '<span class="char-counter{}" data-limit="{}">{}</span>',
                    " over" if length > limit else "",
                    limit,
                    characters_left(length, limit),
                )
        if read_only:
            for form_field in self.fields.values():
                form_field.disabled = True

    def sent_parts(self) -> list[str]:
        """The answer's parts this form was sent (after is_valid: their cleaned values are the
        person's changes)."""
        return [
            name
            for name in ANSWER_PARTS
            if name in self.fields
            and not self.fields[name].widget.value_omitted_from_data(
                self.data, self.files, self.add_prefix(name)
            )
        ]

    def changes(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.sent_parts()}

    def clean_value(self) -> object:
        try:
            return clean_answer_value(self.answer.criterion, self.cleaned_data.get("value"))
        except AnswerError as error:
            raise forms.ValidationError(error.messages[0], code=error.code) from error

    def _within_limit(self, name: str, message: str) -> str:
        text = typed_text(self.cleaned_data.get(name))
        limit = self.limits[name]
        if len(text) > limit:
            # The text stays in the field (the page is not reloaded, or shows it again).
            raise forms.ValidationError(
                message,
                code="max_length",
                params={"limit": f"{limit:,}", "length": f"{len(text):,}"},
            )
        return text

    def clean_comment(self) -> str:
        return self._within_limit(
            "comment",
            _("A comment can be at most %(limit)s characters long; this one has %(length)s."),
        )

    def clean_na_justification(self) -> str:
        return self._within_limit(
            "na_justification",
            _("A justification can be at most %(limit)s characters long; this one has %(length)s."),
        )

    def clean(self) -> dict:
        data = super().clean()
        sent = self.sent_parts()
        # Only when both are sent; otherwise the save checks the stored justification.
        if (
            {"is_na", "na_justification"} <= set(sent)
            and data.get("is_na")
            and "na_justification" in data
            and not data["na_justification"].strip()
        ):
            self.add_error("na_justification", _("Say why this criterion does not apply."))
        return data


class StartAssessmentForm(forms.Form):
    version = forms.ModelChoiceField(queryset=None, label=_("Framework version"), empty_label=None)
    carry_over = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Carry answers over from the latest submitted assessment of this site"),
    )

    def __init__(self, *args, versions, can_carry_over: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda v: f"{v.framework.name} — {v.version}"
        if not can_carry_over:
            del self.fields["carry_over"]

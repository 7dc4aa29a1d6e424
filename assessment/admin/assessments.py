"""Django admin for assessments, answers and evidence.

Submitted assessments are shown read-only; the model layer refuses any write to them anyway,
so the admin says so instead of failing.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from assessment.admin.read_only import ReadOnlyWhenAdmin
from assessment.models import Answer, Assessment, Evidence
from assessment.models.assessments import LOCKED_MESSAGE
from assessment.workflow import AnswerError, clean_answer_value


class LockAwareAdmin(ReadOnlyWhenAdmin):
    def assessment_of(self, obj) -> Assessment:
        raise NotImplementedError

    def read_only_reason(self, obj) -> str | None:
        if not self.assessment_of(obj).is_locked:
            return None
        return str(LOCKED_MESSAGE)


@admin.register(Assessment)
class AssessmentAdmin(LockAwareAdmin):
    list_display = ("pk", "site", "version", "state", "created_at", "submitted_at")
    list_filter = ("state", "version")
    list_select_related = ("site", "version__framework")
    search_fields = ("site__name", "site__firm__name")
    readonly_fields = (
        "site", "version", "state", "profile", "carried_from", "created_by", "created_at",
        "submitted_by", "submitted_at",
    )  # fmt: skip

    def assessment_of(self, obj: Assessment) -> Assessment:
        return obj

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # assessments start from a site page, with their answers


class AnswerAdminForm(forms.ModelForm):
    """The same value rules as the questionnaire: an admin cannot store an invalid answer."""

    class Meta:
        model = Answer
        fields = ("value", "is_na", "na_justification", "comment", "carried_over")

    def clean_value(self) -> object:
        try:
            return clean_answer_value(self.instance.criterion, self.cleaned_data.get("value"))
        except AnswerError as error:
            raise forms.ValidationError(error.messages[0], code=error.code) from error


@admin.register(Answer)
class AnswerAdmin(LockAwareAdmin):
    form = AnswerAdminForm
    list_display = ("assessment", "criterion", "value", "is_na", "carried_over", "updated_at")
    list_filter = ("is_na", "carried_over", "assessment__state")
    list_select_related = ("assessment__site", "assessment__version", "criterion")
    search_fields = ("criterion__code", "assessment__site__name", "comment")
    readonly_fields = ("assessment", "criterion", "updated_by", "updated_at")

    def assessment_of(self, obj: Answer) -> Assessment:
        return obj.assessment

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Evidence)
class EvidenceAdmin(LockAwareAdmin):
    list_display = ("original_name", "answer", "content_type", "size", "uploaded_at")
    list_select_related = ("answer__assessment__site", "answer__criterion")
    search_fields = ("original_name", "sha256")
    fields = ("answer", "original_name", "content_type", "size", "sha256", "uploaded_by")
    readonly_fields = fields  # the file itself is served only through the site's checked view

    def assessment_of(self, obj: Evidence) -> Assessment:
        return obj.answer.assessment

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

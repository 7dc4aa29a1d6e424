"""Django admin for the criteria catalogue: frameworks → versions → areas → criteria.

Published and retired versions (and their areas and criteria) are read-only; the actions
publish a draft and clone a version into a new draft.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from assessment import catalogue
from assessment.admin.criterion_form import CriterionAdminForm
from assessment.admin.read_only import ReadOnlyWhenAdmin
from assessment.models import Area, Criterion, Framework, FrameworkVersion

# Criterion texts whose Chinese translation an admin should fill in.
TRANSLATED_FIELDS = ("text", "guidance", "evidence", "remediation", "legal_document")


def missing_translation_q() -> Q:
    query = Q()
    for field in TRANSLATED_FIELDS:
        query |= Q(**{f"{field}_zh_hans": ""}) & ~Q(**{f"{field}_en": ""})
        query |= Q(**{f"{field}_zh_hans__isnull": True}) & ~Q(**{f"{field}_en": ""})
    return query


def missing_translations(criterion: Criterion) -> list[str]:
    return [
        field
        for field in TRANSLATED_FIELDS
        if getattr(criterion, f"{field}_en") and not getattr(criterion, f"{field}_zh_hans")
    ]


class MissingTranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("missing", _("Chinese missing")), ("complete", _("complete"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(missing_translation_q())
        if self.value() == "complete":
            return queryset.exclude(missing_translation_q())
        return queryset


class AreaFilter(admin.SimpleListFilter):
    """Criteria by area, named (the same code in every version), not a bare "By code"."""

    title = _("area")
    parameter_name = "area__code"

    def lookups(self, request, model_admin):
        names = dict(Area.objects.order_by("-version_id").values_list("code", "name"))
        return sorted((code, f"{code} — {name}") for code, name in names.items())

    def queryset(self, request, queryset):
        return queryset.filter(area__code=self.value()) if self.value() else queryset


class FrozenAwareAdmin(ReadOnlyWhenAdmin):
    """Read-only for objects of a frozen version, with a message that says why."""

    def version_of(self, obj) -> FrameworkVersion | None:
        return getattr(obj, "version", None)

    def read_only_reason(self, obj) -> str | None:
        version = self.version_of(obj)
        if version is None or not version.is_frozen:
            return None
        return _(
            "This belongs to a %(status)s version and is read-only. "
            "Clone the version into a new draft to change it."
        ) % {"status": version.get_status_display()}


@admin.register(Framework)
class FrameworkAdmin(TranslationAdmin):
    list_display = ("code", "name", "version_count")
    search_fields = ("code", "name_en", "name_zh_hans")

    @admin.display(description=_("versions"))
    def version_count(self, obj: Framework) -> int:
        return obj.versions.count()


class AreaInline(TranslationTabularInline):
    model = Area
    fields = ("order", "code", "name")
    extra = 0
    show_change_link = True

    def has_change_permission(self, request, obj=None) -> bool:
        return not (obj and obj.is_frozen) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return not (obj and obj.is_frozen) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not (obj and obj.is_frozen) and super().has_delete_permission(request, obj)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(FrozenAwareAdmin):
    list_display = ("framework", "version", "status", "published_at", "criteria_count", "missing")
    list_filter = ("status", "framework")
    readonly_fields = ("status", "published_at", "cloned_from", "created_at")
    inlines = [AreaInline]
    actions = ["publish", "clone"]

    def version_of(self, obj: FrameworkVersion) -> FrameworkVersion:
        return obj

    @admin.display(description=_("criteria"))
    def criteria_count(self, obj: FrameworkVersion) -> int:
        return obj.criteria.count()

    @admin.display(description=_("criteria missing Chinese"))
    def missing(self, obj: FrameworkVersion) -> int:
        return obj.criteria.filter(missing_translation_q()).count()

    @admin.action(description=_("Publish selected drafts (freezes them)"))
    def publish(
        self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]
    ) -> TemplateResponse | None:
        """First a page with each draft's changes against the published version, then publish."""
        if request.POST.get("confirm") != "yes":
            return self.publish_confirmation(request, queryset)
        published = 0
        for version in queryset:
            if version.is_frozen:
                self.message_user(
                    request,
                    _("%(version)s is already %(status)s.")
                    % {"version": version, "status": version.get_status_display()},
                    messages.WARNING,
                )
                continue
            base = catalogue.version_base(version)
            try:
                catalogue.version_publish(version=version)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("%(version)s was not published: %(errors)s")
                    % {"version": version, "errors": "; ".join(error.messages)},
                    messages.ERROR,
                )
                continue
            published += 1
            if base is not None and request.POST.get("retire_previous") == "yes":
                catalogue.version_retire(version=base)
                self.message_user(
                    request,
                    _("Retired %(framework)s %(version)s: no new assessment can start on it.")
                    % {"framework": base.framework.code, "version": base.version},
                    messages.SUCCESS,
                )
        if published:
            self.message_user(
                request,
                ngettext("Published %(n)d version.", "Published %(n)d versions.", published)
                % {"n": published},
                messages.SUCCESS,
            )
        return None

    def publish_confirmation(
        self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]
    ) -> TemplateResponse:
        drafts = []
        for version in queryset.select_related("framework"):
            base = None if version.is_frozen else catalogue.version_base(version)
            diff = catalogue.version_diff(old=base, new=version) if base else None
            drafts.append({"version": version, "base": base, "diff": diff})
        context = {
            **self.admin_site.each_context(request),
            "title": _("Publish these drafts?"),
            "opts": self.model._meta,
            "drafts": drafts,
            "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/assessment/frameworkversion/publish_confirmation.html", context
        )

    @admin.action(description=_("Clone selected versions into new drafts"))
    def clone(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        for version in queryset.select_related("framework"):
            clone = catalogue.version_clone(
                version=version, new_label=catalogue.next_version_label(version)
            )
            self.message_user(
                request,
                _("Cloned %(version)s into draft %(clone)s.")
                % {"version": version, "clone": clone.version},
                messages.SUCCESS,
            )


@admin.register(Area)
class AreaAdmin(FrozenAwareAdmin, TranslationAdmin):
    list_display = ("code", "name", "version", "order")
    list_filter = ("version",)
    search_fields = ("code", "name_en", "name_zh_hans")
    ordering = ("version", "order")


PARAMETERS_TITLE = _("Answer parameters (percent, number and choice questions)")


@admin.register(Criterion)
class CriterionAdmin(FrozenAwareAdmin, TranslationAdmin):
    form = CriterionAdminForm
    list_display = (
        "code", "short_text", "area", "version", "weight", "force", "gate", "answer_type",
        "translation_status",
    )  # fmt: skip
    list_filter = (
        "version", AreaFilter, "force", "answer_type", "gate", MissingTranslationFilter,
    )  # fmt: skip
    search_fields = ("code", "text_en", "text_zh_hans", "guidance_en", "guidance_zh_hans")
    ordering = ("version", "area__order", "order", "code")
    list_select_related = ("area", "version", "version__framework")
    list_per_page = 100
    fieldsets = (
        (None, {"fields": ("version", "area", "code", "revision", "order", "text", "guidance")}),
        (
            _("Answer and scoring"),
            {"fields": ("answer_type", "weight", "force", "gate", "allows_na")},
        ),
        (
            PARAMETERS_TITLE,
            {
                "fields": (
                    ("target", "direction", "zero_at"),
                    ("minimum", "maximum", "whole"),
                    ("unit", "unit_en", "unit_zh_hans"),
                    "options",
                )
            },
        ),
        (_("Evidence and deadline"), {"fields": ("evidence_expected", "evidence", "deadline")}),
        (_("Legal reference"), {"fields": ("legal_document", "legal_article")}),
        (
            _("Applicability (empty = every site)"),
            {
                "fields": (
                    "applies_to_stages",
                    "applies_to_scales",
                    "applies_to_methods",
                    "applies_to_minerals",
                    "strategic_only",
                    "licensed_producing_only",
                )
            },
        ),
        (_("Remediation"), {"fields": ("remediation",)}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._reason(obj) is None:
            return fieldsets
        # A frozen criterion is shown, not edited: its parameters as stored.
        return [
            (title, {"fields": ("parameters",)}) if title == PARAMETERS_TITLE else (title, options)
            for title, options in fieldsets
        ]

    @admin.display(description=_("requirement"))
    def short_text(self, obj: Criterion) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:77] + "…"

    @admin.display(description=_("missing Chinese"))
    def translation_status(self, obj: Criterion) -> str:
        return ", ".join(missing_translations(obj)) or "—"

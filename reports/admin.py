"""Issued reports in the admin: read-only (an issued report never changes)."""

from django.contrib import admin

from reports.models import IssuedReport


@admin.register(IssuedReport)
class IssuedReportAdmin(admin.ModelAdmin):
    list_display = ("display_id", "assessment", "language", "status", "pages", "size", "issued_at")
    list_filter = ("status", "language")
    search_fields = ("report_id", "assessment__site__name", "assessment__site__firm__name")
    readonly_fields = [field.name for field in IssuedReport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

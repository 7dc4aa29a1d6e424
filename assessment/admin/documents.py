"""The evidence register in the admin: read-only (documents and files change through the site's
pages, which check the files and keep who did what)."""

from django.contrib import admin
from django.http import HttpRequest

from assessment.models import Document, DocumentFile


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    fields = ("original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ("title", "number", "kind", "site", "valid_until", "created_at")
    list_filter = ("kind",)
    list_select_related = ("site__firm",)
    search_fields = ("title", "number", "issuer", "site__name", "site__firm__name")
    inlines = [DocumentFileInline]

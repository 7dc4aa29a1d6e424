"""API tokens in the admin: who holds one and since when; a platform admin may revoke one
(delete). Nobody makes or edits a token here: its secret is shown to its person only."""

from django.contrib import admin
from django.http import HttpRequest

from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "prefix", "created_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__email", "prefix")
    fields = ("user", "prefix", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

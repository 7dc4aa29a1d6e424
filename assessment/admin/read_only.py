"""Admin pages for objects that become read-only: a frozen criteria version, a submitted
assessment. The model layer refuses such writes anyway; the admin shows the object read-only
and says why instead of failing."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class ReadOnlyWhenAdmin(admin.ModelAdmin):
    def read_only_reason(self, obj) -> str | None:
        """Why `obj` cannot be changed, or None when it can."""
        raise NotImplementedError

    def _reason(self, obj) -> str | None:
        return None if obj is None else self.read_only_reason(obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._reason(obj) is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._reason(obj) is None and super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        reason = self._reason(self.get_object(request, object_id))
        if reason is not None and request.method == "GET":
            self.message_user(request, reason, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        try:
            super().save_model(request, obj, form, change)
        except ValidationError as error:
            # Reached only by a form built before the object froze; nothing was saved.
            self.message_user(request, " ".join(error.messages), messages.ERROR)

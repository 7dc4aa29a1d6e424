"""Django admin for firms, their members and sites.

A platform admin creates firms and their first members here (when sign-up is off, this is the
only way in). Sites use the same form as the site pages, so the scale is derived the same way.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from assessment.forms.sites import SiteForm
from assessment.models import Firm, Invitation, Membership, Site


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)
    extra = 1


class InvitationInline(admin.TabularInline):
    """Invitations are sent and accepted through the firm's page, never made here."""

    model = Invitation
    fields = ("email", "role", "invited_by", "created_at", "accepted_at", "accepted_by")
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Firm)
class FirmAdmin(admin.ModelAdmin):
    list_display = ("name", "member_count", "site_count", "created_at")
    search_fields = ("name", "memberships__user__username", "memberships__user__email")
    inlines = [MembershipInline, InvitationInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Firm]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=Count("memberships", distinct=True),
                site_total=Count("sites", distinct=True),
            )
        )

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, obj: Firm) -> int:
        return obj.member_total

    @admin.display(description=_("sites"), ordering="site_total")
    def site_count(self, obj: Firm) -> int:
        return obj.site_total


class SiteAdminForm(SiteForm):
    class Meta(SiteForm.Meta):
        fields = ["firm", *SiteForm.Meta.fields]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    form = SiteAdminForm
    fields = ("firm", *SiteForm.field_order)
    list_display = (
        "name",
        "firm",
        "province",
        "stage",
        "method",
        "scale",
        "scale_source",
        "licensed_producing",
    )
    list_filter = ("stage", "scale", "method", "licensed_producing")
    list_select_related = ("firm",)
    search_fields = ("name", "firm__name")
    autocomplete_fields = ("firm",)

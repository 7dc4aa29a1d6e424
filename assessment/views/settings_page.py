"""The person's own settings: the daily reminder email, the private calendar feed of their
due dates (a secret URL, which they can replace) and their API token (made and revoked by the api
app's views, which render this page)."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment import calendar_feed, plans
from assessment.models import Profile


def _profile(user) -> Profile:
    return Profile.objects.get_or_create(user=user)[0]


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    profile = _profile(request.user)
    if request.method == "POST":
        if "calendar" in request.POST:
            profile.calendar_token = secrets.token_urlsafe(32)
            profile.save(update_fields=["calendar_token"])
            messages.success(
                request, _("Your calendar link is ready; an earlier link no longer works.")
            )
        else:
            profile.reminders = request.POST.get("reminders") == "on"
            profile.save(update_fields=["reminders"])
            messages.success(request, _("Saved."))
        return redirect("assessment:account_settings")
    return settings_page(request)


def settings_page(request: HttpRequest, *, new_api_token: str = "") -> HttpResponse:
    """The page; `new_api_token`: a token just made, shown this once (the API's token view)."""
    profile = _profile(request.user)
    feed_url = (
        request.build_absolute_uri(reverse("assessment:calendar", args=[profile.calendar_token]))
        if profile.calendar_token
        else ""
    )
    return render(
        request,
        "assessment/account_settings.html",
        {"profile": profile, "feed_url": feed_url, "new_api_token": new_api_token},
    )


def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The feed: whoever holds the link reads the person's due dates (calendar apps cannot sign
    in), so the link is long, random, and replaced on the settings page."""
    profile = (
        Profile.objects.select_related("user")
        .filter(calendar_token=token)
        .exclude(calendar_token="")
        .first()
        if len(token) >= 32
        else None
    )
    if profile is None or not profile.user.is_active:
        raise Http404
    today = timezone.localdate()
    actions = [a for a in plans.mine(profile.user, today) if a.due_on is not None]
    body = calendar_feed.feed(
        actions,
        name="MineReady",
        url_of=lambda a: request.build_absolute_uri(
            reverse("assessment:action_detail", args=[a.pk])
        ),
        now=timezone.now(),
        host=request.get_host().split(":")[0] or "mineready",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="mineready.ics"'
    response["Cache-Control"] = "private, no-store"
    return response

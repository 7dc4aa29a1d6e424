"""Making and revoking one's API token, from the settings page (a signed-in person's POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api.tokens import token_issue, token_revoke
from assessment.views.settings_page import settings_page


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    """The settings page with the new token, this once: it is never shown again."""
    raw = token_issue(user=request.user)
    response = settings_page(request, new_api_token=raw)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def token_delete(request: HttpRequest) -> HttpResponse:
    if token_revoke(user=request.user):
        messages.success(request, _("Your API token is revoked: it no longer works."))
    return redirect("assessment:account_settings")

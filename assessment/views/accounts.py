"""Sign-up: a new user creates their account and their firm; a signed-in user creates a firm.

Sign in, sign out, password change and reset are Django's auth views (accounts/ in urls.py)
with the templates in templates/registration/; django-axes pauses a sign-in after too many
failures and shows `sign_in_locked_out`.
"""

from __future__ import annotations

from math import ceil

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessment.forms.accounts import FirmForm, SignupForm
from assessment.members import firm_create


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """Off (404) when SIGNUP_ENABLED is False: firms are then created by a platform admin."""
    if not settings.SIGNUP_ENABLED:
        raise Http404
    if request.user.is_authenticated:
        return _firm_create(request)
    form = SignupForm(request.POST) if request.method == "POST" else SignupForm()
    if form.is_valid():
        with transaction.atomic():
            user = form.save()
            firm = firm_create(name=form.cleaned_data["firm_name"], owner=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("Welcome to MineReady. Add your first site to %(firm)s.") % {"firm": firm}
        )
        return redirect("firm_detail", firm.pk)
    return render(request, "registration/signup.html", {"form": form, "new_account": True})


def _firm_create(request: HttpRequest) -> HttpResponse:
    form = FirmForm(request.POST) if request.method == "POST" else FirmForm()
    if form.is_valid():
        firm = firm_create(name=form.cleaned_data["firm_name"], owner=request.user)
        messages.success(request, _("%(firm)s was created; you are its owner.") % {"firm": firm})
        return redirect("firm_detail", firm.pk)
    return render(request, "registration/signup.html", {"form": form, "new_account": False})


def sign_in_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page django-axes shows while a username is locked out from an address (429)."""
    cool_off = settings.AXES_COOLOFF_TIME.total_seconds()
    context = {"minutes": ceil(cool_off / 60), "failure_limit": settings.AXES_FAILURE_LIMIT}
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(ceil(cool_off))
    return response

"""Sign-up: a new user creates their account and their firm; a signed-in user creates a firm.
Sign-up sends a link that confirms the email address (`email_verify`).

Sign in, sign out, password change and reset are Django's auth views (accounts/ in urls.py)
with the templates in templates/registration/; django-axes pauses a sign-in after too many
failures and shows `sign_in_locked_out`.
"""

from __future__ import annotations

import logging
import time
from math import ceil

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment import email_verification
from assessment.forms.accounts import FirmForm, SignupForm
from assessment.members import firm_create

logger = logging.getLogger(__name__)
# A signed-in person may ask for the confirmation link again this often (seconds).
RESEND_INTERVAL = 60


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
        _send_verification(request, user)
        messages.success(
            request,
            _(
                "Welcome to MineReady. Add your first site to %(firm)s. We sent a link to "
                "%(email)s to confirm your address."
            )
            % {"firm": firm, "email": user.email},
        )
        return redirect("assessment:firm_detail", firm.pk)
    return render(request, "registration/signup.html", {"form": form, "new_account": True})


def _firm_create(request: HttpRequest) -> HttpResponse:
    form = FirmForm(request.POST) if request.method == "POST" else FirmForm()
    if form.is_valid():
        firm = firm_create(name=form.cleaned_data["firm_name"], owner=request.user)
        messages.success(request, _("%(firm)s was created; you are its owner.") % {"firm": firm})
        return redirect("assessment:firm_detail", firm.pk)
    return render(request, "registration/signup.html", {"form": form, "new_account": False})


def _send_verification(request: HttpRequest, user) -> bool:
    try:
        email_verification.send_verification(user, request.build_absolute_uri)
    except Exception:  # the account stands; the person can ask for the link again
        logger.exception("could not send the verification email of user %s", user.pk)
        messages.warning(request, _("The confirmation email could not be sent; try again later."))
        return False
    return True


@require_http_methods(["GET", "POST"])
def email_verify(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation email: a page with a button (mail scanners that open
    links must not confirm anything), whose POST confirms the address."""
    try:
        user = email_verification.user_for_link(token)
    except email_verification.InvalidLink:
        return render(request, "registration/email_verify.html", {"invalid": True}, status=400)
    if request.method == "POST":
        email_verification.mark_verified(user, user.email)
        messages.success(request, _("%(email)s is confirmed.") % {"email": user.email})
        return redirect("assessment:dashboard" if request.user.is_authenticated else "login")
    return render(request, "registration/email_verify.html", {"account": user})


@login_required
@require_POST
def email_verify_resend(request: HttpRequest) -> HttpResponse:
    last = request.session.get("verification_sent_at", 0)
    if email_verification.is_verified(request.user):
        messages.info(request, _("Your email address is already confirmed."))
    elif time.time() - last < RESEND_INTERVAL:
        messages.info(request, _("A link was sent a moment ago; check your inbox first."))
    elif _send_verification(request, request.user):
        request.session["verification_sent_at"] = time.time()
        messages.success(
            request, _("We sent a new link to %(email)s.") % {"email": request.user.email}
        )
    return redirect("assessment:dashboard")


def sign_in_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page django-axes shows while a username is locked out from an address (429)."""
    cool_off = settings.AXES_COOLOFF_TIME.total_seconds()
    context = {"minutes": ceil(cool_off / 60), "failure_limit": settings.AXES_FAILURE_LIMIT}
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(ceil(cool_off))
    return response


class PasswordSetView(PasswordResetConfirmView):
    """Choosing a password from an emailed link: the page names the account, and the person is
    signed in once it is set."""

    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

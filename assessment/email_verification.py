"""Proving that a person reads an email address: a signed, expiring link sent to it.

An account's email counts (for invitations) only while it equals the address its owner
verified. The link carries the account and the address, so changing the email voids it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from assessment.models import Profile

SALT = "mineready.email-verification"


class InvalidLink(Exception):
    """The link is forged, expired, or the account's email has changed since it was sent."""


def is_verified(user) -> bool:
    if not user.is_authenticated or not user.email:
        return False
    profile = Profile.objects.filter(user=user).first()
    return profile is not None and profile.verified_email.lower() == user.email.lower()


def mark_verified(user, email: str) -> None:
    Profile.objects.update_or_create(user=user, defaults={"verified_email": email.lower()})


def verification_link(user, build_url: Callable[[str], str]) -> str:
    token = signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=SALT)
    return build_url(reverse("assessment:email_verify", args=[token]))


def send_verification(user, build_url: Callable[[str], str]) -> None:
    values = {
        "username": user.get_username(),
        "link": verification_link(user, build_url),
        "days": settings.EMAIL_VERIFICATION_DAYS,
    }
    send_mail(
        _("Confirm your email address for MineReady"),
        _(
            "Open this link to confirm that %(username)s on MineReady reads this address "
            "(it works for %(days)s days):\n%(link)s\n\n"
            "Invitations to a firm are accepted only by an account whose address is confirmed. "
            "If you did not sign up, ignore this email."
        )
        % values,
        None,
        [user.email],
    )


def user_for_link(token: str):
    """The account a verification link was sent for, or InvalidLink."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_DAYS * 24 * 3600)
    except signing.BadSignature as error:  # expired links are BadSignature too
        raise InvalidLink from error
    user = get_user_model()._default_manager.filter(pk=data.get("user")).first()
    if user is None or user.email.lower() != data.get("email"):
        raise InvalidLink
    return user

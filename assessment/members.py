"""Writes to firms and their members: a new firm with its owner, adding, re-roling, removing.

A firm always keeps at least one owner: demoting or removing the last one is refused here, with
the firm's row locked so that two owners demoting each other at the same time cannot both win.
Emails are sent after the write has committed; a failed email does not undo the membership.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from assessment.models import Firm, Membership

logger = logging.getLogger(__name__)
Role = Membership.Role


class LastOwnerError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _("A firm needs at least one owner: make another member an owner first."),
            code="last_owner",
        )


def firm_create(*, name: str, owner) -> Firm:
    """A new firm whose first member, `owner`, has the owner role."""
    with transaction.atomic():
        firm = Firm.objects.create(name=name.strip())
        Membership.objects.create(firm=firm, user=owner, role=Role.OWNER)
    return firm


def user_for_email(email: str):
    """The one account known by this email address (or using it as username), or None.

    Raises ValidationError when several accounts share the address: adding one of them by
    guess could give a stranger access to the firm.
    """
    users = get_user_model()._default_manager
    matches = list(users.filter(email__iexact=email)[:2]) or list(
        users.filter(username__iexact=email)[:2]
    )
    if len(matches) > 1:
        raise ValidationError(
            _("Several accounts use this email address; ask the platform administrator."),
            code="ambiguous_email",
        )
    return matches[0] if matches else None


def set_password_link(user, build_url: Callable[[str], str]) -> str:
    """A one-time link to choose a password: Django's password-reset token for the user.

    The token is made from the password hash and last login, so it stops working as soon as the
    password has been set, and after PASSWORD_RESET_TIMEOUT.
    """
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return build_url(path)


@dataclass(frozen=True)
class MemberAdded:
    membership: Membership
    invited: bool  # a new account was created for the email address
    emailed: bool  # the invitation or notice was sent


def member_add(
    *, firm: Firm, email: str, role: str, added_by, build_url: Callable[[str], str]
) -> MemberAdded:
    """Add the person with this email address to the firm, creating their account if needed.

    A new account gets the email address as username, no usable password, and an email with a
    one-time link to set one; an existing account gets a notice. The caller checks that the
    person is not a member yet (the unique constraint refuses a race).
    """
    email = email.strip()
    with transaction.atomic():
        user = user_for_email(email)
        invited = user is None
        if invited:
            user = get_user_model()._default_manager.create_user(
                username=email, email=email, password=None
            )
        membership = Membership.objects.create(firm=firm, user=user, role=role)
    inviter = added_by.get_full_name() or added_by.get_username()
    values = {
        "firm": firm.name,
        "inviter": inviter,
        "role": membership.get_role_display(),
        "username": user.get_username(),
    }
    if invited:
        subject = _("You are invited to %(firm)s on MineReady") % values
        body = _(
            "%(inviter)s added you to %(firm)s on MineReady as %(role)s.\n\n"
            "Your username is %(username)s. Choose your password here (the link works once):\n"
            "%(link)s\n\n"
            "If you did not expect this, ignore this email."
        ) % (values | {"link": set_password_link(user, build_url)})
    else:
        subject = _("You were added to %(firm)s on MineReady") % values
        body = _(
            "%(inviter)s added you to %(firm)s on MineReady as %(role)s.\n\n"
            "Sign in as %(username)s to see it:\n%(link)s\n"
        ) % (values | {"link": build_url(reverse("firm_detail", args=[firm.pk]))})
    try:
        send_mail(subject, body, None, [user.email or email])
        emailed = True
    except Exception:  # the membership stands; the owner is told to pass the word on
        logger.exception("could not email %s about membership of firm %s", email, firm.pk)
        emailed = False
    return MemberAdded(membership=membership, invited=invited, emailed=emailed)


def _refuse_losing_last_owner(membership: Membership) -> None:
    """Call inside a transaction, after locking the firm's row."""
    if membership.role != Role.OWNER:
        return
    owners = Membership.objects.filter(firm_id=membership.firm_id, role=Role.OWNER)
    if not owners.exclude(pk=membership.pk).exists():
        raise LastOwnerError()


def _locked(membership: Membership) -> Membership:
    Firm.objects.select_for_update().filter(pk=membership.firm_id).first()
    return Membership.objects.select_for_update().get(pk=membership.pk)


def member_change_role(*, membership: Membership, role: str) -> Membership:
    with transaction.atomic():
        current = _locked(membership)
        if current.role == role:
            return current
        if role != Role.OWNER:
            _refuse_losing_last_owner(current)
        current.role = role
        current.save(update_fields=["role"])
    return current


def member_remove(*, membership: Membership) -> None:
    with transaction.atomic():
        current = _locked(membership)
        _refuse_losing_last_owner(current)
        current.delete()

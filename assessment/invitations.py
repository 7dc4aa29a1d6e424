"""Invitations: the only way into a firm besides creating it.

An owner invites an email address with a role; the address gets a signed link that expires.
Whoever opens it accepts while signed in to an account whose email is that address (following
the link proves they read it, so it verifies the address), or creates an account there. Nothing
here looks up accounts by address, so inviting never reveals whether an account exists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessment.email_verification import is_verified, mark_verified
from assessment.language import LANGUAGES, current_language
from assessment.models import Firm, Invitation, Membership

logger = logging.getLogger(__name__)
SALT = "mineready.invitation"


class InvalidInvitation(Exception):
    """The link is forged or expired, or the invitation was cancelled or already accepted."""


def _max_age() -> int:
    return settings.INVITATION_DAYS * 24 * 3600


def invitation_link(invitation: Invitation, build_url: Callable[[str], str]) -> str:
    token = signing.dumps({"invitation": invitation.pk, "email": invitation.email}, salt=SALT)
    return build_url(reverse("assessment:invitation_accept", args=[token]))


def invitation_send(
    *, firm: Firm, email: str, role: str, invited_by, build_url: Callable[[str], str]
) -> bool:
    """Invite `email` (or invite again, with this role and a fresh link); whether the email
    could be sent. The caller has checked that no member of the firm has this address."""
    email = email.strip().lower()
    with transaction.atomic():
        invitation, _created = Invitation.objects.update_or_create(
            firm=firm,
            email=email,
            accepted_at=None,
            defaults={"role": role, "invited_by": invited_by, "created_at": timezone.now()},
        )
    values = {
        "firm": firm.name,
        "inviter": invited_by.get_full_name() or invited_by.get_username(),
        "days": settings.INVITATION_DAYS,
        "link": invitation_link(invitation, build_url),
    }
    # The invited person's language is not known yet: the inviter's first, then the other.
    first = current_language()
    subjects, bodies = [], []
    for language in [first, *(code for code in LANGUAGES if code != first)]:
        with translation.override(language):
            texts = {**values, "role": str(invitation.get_role_display())}
            subjects.append(_("You are invited to %(firm)s on MineReady") % texts)
            bodies.append(
                _(
                    "%(inviter)s invites you to %(firm)s on MineReady as %(role)s.\n\n"
                    "Open this link to accept, with your account or a new one (it works for "
                    "%(days)s days):\n%(link)s\n\n"
                    "If you did not expect this, ignore this email."
                )
                % texts
            )
    try:
        send_mail(" / ".join(subjects), "\n\n——\n\n".join(bodies), None, [email])
    except Exception:  # the invitation stands; the owner can send it again
        logger.exception("could not email invitation %s of firm %s", invitation.pk, firm.pk)
        return False
    return True


def invitation_for_link(token: str) -> Invitation:
    try:
        data = signing.loads(token, salt=SALT, max_age=_max_age())
    except signing.BadSignature as error:
        raise InvalidInvitation from error
    invitation = (
        Invitation.objects.select_related("firm", "invited_by")
        .filter(pk=data.get("invitation"), email=data.get("email"), accepted_at=None)
        .first()
    )
    if invitation is None:
        raise InvalidInvitation
    return invitation


def can_accept(invitation: Invitation, user) -> bool:
    """Whether `user`, who opened the invitation's link, may accept it: the account's email
    is the invited address (verified, or verified now by the link)."""
    return user.is_authenticated and user.email.lower() == invitation.email


def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Make `user` a member with the invited role (a member already keeps their role)."""
    if not can_accept(invitation, user):
        raise ValidationError(
            _("This invitation was sent to another email address."), code="wrong_account"
        )
    with transaction.atomic():
        current = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
        if current is None or current.accepted_at is not None:
            raise InvalidInvitation
        if not is_verified(user):
            mark_verified(user, invitation.email)
        membership, _created = Membership.objects.get_or_create(
            firm_id=current.firm_id, user=user, defaults={"role": current.role}
        )
        current.accepted_at = timezone.now()
        current.accepted_by = user
        current.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def invitation_cancel(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None).delete()

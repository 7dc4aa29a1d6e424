"""Writes to firms and their members: a new firm with its owner, re-roling, removing.

People join a firm by invitation only (assessment/invitations.py). A firm always keeps at least
one owner: demoting or removing the last one is refused here, with the firm's row locked so that
two owners demoting each other at the same time cannot both win.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessment import actions
from assessment.models import Firm, Membership

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


def member_remove(*, membership: Membership, by=None) -> None:
    """Remove a member; their actions in the firm go back to nobody."""
    with transaction.atomic():
        current = _locked(membership)
        _refuse_losing_last_owner(current)
        current.delete()
        actions.unassign_member(firm_id=current.firm_id, user=current.user, by=by)

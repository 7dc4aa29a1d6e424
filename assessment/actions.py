"""Writes to actions: create one from a gap (prefilled from its criterion), a plan for every gap
above a priority at once, change one (status moves by action_rules), add a progress note.

Each function is keyword-only and does its whole write in one transaction, with a history row
naming the person. The owner of an action is a member of the site's firm; proof documents come
from the site's register.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from assessment.action_rules import ACTIVE, MoveRefused, Status, check_move, priority_value
from assessment.models import (
    Action,
    ActionNote,
    Assessment,
    Criterion,
    Document,
    Membership,
    Site,
)
from assessment.results import AssessmentResults

WRITER_ROLES = [role for role in Membership.Role if Membership(role=role).can_write]
MOVE_MESSAGES = {
    "not_allowed": _("An action cannot go from this status to that one."),
    "owner_only": _(
        "Only the firm's owners verify a done action, or change or reopen a verified one."
    ),
    "reason_needed": _("Say why the action is dropped."),
}
NOT_A_MEMBER = _("The owner must be a member of the firm.")
OTHER_SITE = _("Proof documents come from this site's register.")


def members_of(firm_id: int):
    """The people an action of the firm's sites may be assigned to: those who can write (a
    viewer could not mark it done)."""
    return (
        get_user_model()
        .objects.filter(memberships__firm_id=firm_id, memberships__role__in=WRITER_ROLES)
        .order_by("username")
    )


def unassign_member(*, firm_id: int, user, by) -> int:
    """Someone leaves the firm: their actions there go back to nobody (with history)."""
    left = list(Action.objects.filter(site__firm_id=firm_id, owner=user))
    for action in left:
        action.owner = None
        action._history_user = by
        action.save()
    return len(left)


def default_title(criterion: Criterion) -> str:
    return Truncator(f"{criterion.code}: {criterion.text}").chars(90)


def _check(site: Site, owner, documents: Iterable[Document] | None) -> None:
    if owner is not None and not members_of(site.firm_id).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": NOT_A_MEMBER}, code="not_a_member")
    if documents is not None and any(document.site_id != site.pk for document in documents):
        raise ValidationError({"documents": OTHER_SITE}, code="other_site")


def action_create(
    *,
    assessment: Assessment,
    criterion: Criterion,
    user,
    priority: float,
    title: str,
    description: str = "",
    owner=None,
    due_on: date | None = None,
) -> Action:
    site = assessment.site
    _check(site, owner, None)
    with transaction.atomic():
        action = Action(
            site=site,
            criterion=criterion,
            criterion_code=criterion.code,
            assessment=assessment,
            title=title,
            description=description,
            owner=owner,
            due_on=due_on,
            priority=priority_value(priority),
            created_by=user,
        )
        action.full_clean()
        action._history_user = user
        action.save()
    return action


def actions_for_gaps(
    *, assessment: Assessment, results: AssessmentResults, user, min_priority: float, owner=None
) -> list[Action]:
    """An action for every gap of at least `min_priority` that has no action at the site yet
    (a dropped one does not count), prefilled as action_create's form is; owner: `owner`."""
    created = []
    with transaction.atomic():
        # One plan at a time per site: a double click makes the actions once.
        Site.objects.select_for_update().filter(pk=assessment.site_id).first()
        taken = set(
            Action.objects.filter(site=assessment.site_id)
            .exclude(status=Status.DROPPED)
            .values_list("criterion_code", flat=True)
        )
        for row in results.gap_rows():
            if row.gap.priority < min_priority or row.gap.code in taken:
                continue
            created.append(
                action_create(
                    assessment=assessment,
                    criterion=row.criterion,
                    user=user,
                    priority=row.gap.priority,
                    title=default_title(row.criterion),
                    description=row.criterion.remediation,
                    owner=owner,
                    due_on=row.criterion.deadline,
                )
            )
    return created


def action_update(
    *, action: Action, user, is_owner: bool, documents: Iterable[Document] | None = None, **fields
) -> Action:
    """Change an action's fields; a new status must be a move action_rules allows, and a
    verified action changes only by an owner (its check would no longer hold)."""
    documents = list(documents) if documents is not None else None
    _check(action.site, fields.get("owner", action.owner), documents)
    with transaction.atomic():
        # The status as stored now, under the row's lock: two moves run one after the other.
        stored = Action.objects.select_for_update().get(pk=action.pk).status
        if stored == Status.VERIFIED and not is_owner:
            raise ValidationError({"status": MOVE_MESSAGES["owner_only"]}, code="owner_only")
        new_status = fields.get("status", stored)
        reason = fields.get("drop_reason", action.drop_reason)
        try:
            check_move(stored, new_status, is_owner=is_owner, reason=reason)
        except MoveRefused as refused:
            raise ValidationError(
                {"status": MOVE_MESSAGES[refused.code]}, code=refused.code
            ) from None
        action.status = stored
        for name, value in fields.items():
            setattr(action, name, value)
        if action.status != Status.DROPPED:
            action.drop_reason = ""
        action.full_clean()
        action._history_user = user
        action.save()
        if documents is not None:
            action.documents.set(documents)
    return action


def note_add(*, action: Action, user, text: str) -> ActionNote:
    with transaction.atomic():
        note = ActionNote(action=action, author=user, text=text)
        note.full_clean()
        note.save()
    return note


def active(queryset):
    """The actions still to do."""
    return queryset.filter(status__in=ACTIVE)

"""Access to firm data: every object a view touches, fetched through the user's membership, which
it carries as `membership` (`can_write`, `is_owner`). Another firm's object answers 404; a write
the role does not allow answers 403, decided before the lookup so that ids stay hidden."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import (
    Action,
    Answer,
    Assessment,
    Document,
    DocumentFile,
    DocumentLink,
    Evidence,
    Firm,
    Invitation,
    Membership,
    Site,
)
from assessment.support import support_count


def _roles_where(allowed: Callable[[Membership], bool]) -> tuple[str, ...]:
    """The roles for which a membership's check holds: queries follow Membership's rules."""
    return tuple(role for role in Membership.Role if allowed(Membership(role=role)))


_WRITE_ROLES = _roles_where(lambda membership: membership.can_write)
_OWNER_ROLES = _roles_where(lambda membership: membership.is_owner)


def _allowed_roles(write: bool, owner: bool) -> tuple[str, ...] | None:
    if owner:
        return _OWNER_ROLES
    return _WRITE_ROLES if write else None


def _refuse_by_role(user, write: bool, owner: bool) -> None:
    """403 for a member whose role allows this in none of their firms; nothing for the others
    (nor for a user of no firm, who gets the 404 of any object that is not theirs)."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if not roles:
        return
    memberships = [Membership(role=role) for role in roles]
    if owner and not any(membership.is_owner for membership in memberships):
        raise PermissionDenied(_("Only the firm's owners may do this."))
    if write and not any(membership.can_write for membership in memberships):
        raise PermissionDenied(_("Viewers cannot change anything."))


def _get(queryset: QuerySet, firm_path: str, user, pk, write: bool, owner: bool, **lookup):
    """The object `pk` (or the one matching `lookup`) of `queryset`, with `membership`: the
    user's membership of its firm; for a write, only among the firms where its role allows it."""
    if not user.is_authenticated:
        raise Http404
    prefix = f"{firm_path}__" if firm_path else ""
    membership = {f"{prefix}memberships__user": user}
    roles = _allowed_roles(write, owner)
    if roles is not None:
        membership[f"{prefix}memberships__role__in"] = roles
    try:
        found = (
            queryset.filter(**membership)
            .annotate(
                membership_id=F(f"{prefix}memberships__pk"),
                membership_firm_id=F(f"{prefix}memberships__firm_id"),
                membership_role=F(f"{prefix}memberships__role"),
            )
            .get(**(lookup or {"pk": pk}))
        )
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        if roles is not None:
            _refuse_by_role(user, write, owner)  # the same answer whether the object exists
        raise Http404 from None
    found.membership = Membership(
        pk=found.membership_id,
        firm_id=found.membership_firm_id,
        user=user,
        role=found.membership_role,
    )
    return found


def _get_in_firm(queryset: QuerySet, pk):
    """An object of a firm reached through get_firm_for (a member, an invitation), or 404."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_firm_for(user, pk, *, write: bool = False, owner: bool = False) -> Firm:
    return _get(Firm.objects.all(), "", user, pk, write, owner)


def get_site_for(user, pk, *, write: bool = False, owner: bool = False) -> Site:
    return _get(Site.objects.select_related("firm"), "firm", user, pk, write, owner)


def get_assessment_for(user, pk, *, write: bool = False, owner: bool = False) -> Assessment:
    queryset = Assessment.objects.select_related("site__firm", "version__framework")
    return _get(queryset, "site__firm", user, pk, write, owner)


def get_answer_for(
    user, assessment_id, criterion_id, *, write: bool = False, owner: bool = False
) -> Answer:
    """The answer to a criterion in an assessment, in one query (the autosave runs often): with
    its criterion and area, its `evidence_count` (as a draft counts it today), and its assessment
    with the `membership`."""
    queryset = Answer.objects.select_related(
        "assessment__site__firm", "assessment__version__framework", "criterion__area"
    ).annotate(evidence_count=support_count(timezone.localdate()))
    answer = _get(
        queryset,
        "assessment__site__firm",
        user,
        None,
        write,
        owner,
        assessment_id=assessment_id,
        criterion_id=criterion_id,
    )
    answer.assessment.membership = answer.membership
    return answer


def get_evidence_for(user, pk, *, write: bool = False) -> Evidence:
    queryset = Evidence.objects.select_related("answer__assessment", "answer__criterion")
    return _get(queryset, "answer__assessment__site__firm", user, pk, write, False)


def get_document_for(user, pk, *, write: bool = False) -> Document:
    return _get(Document.objects.select_related("site__firm"), "site__firm", user, pk, write, False)


def get_document_file_for(user, pk, *, write: bool = False) -> DocumentFile:
    queryset = DocumentFile.objects.select_related("document__site")
    return _get(queryset, "document__site__firm", user, pk, write, False)


def get_document_link_for(user, pk, *, write: bool = False) -> DocumentLink:
    queryset = DocumentLink.objects.select_related("answer__criterion__area", "document")
    return _get(queryset, "answer__assessment__site__firm", user, pk, write, False)


def get_action_for(user, pk, *, write: bool = False) -> Action:
    queryset = Action.objects.select_related("site__firm", "criterion__area", "owner")
    return _get(queryset, "site__firm", user, pk, write, False)


def get_member_of(firm: Firm, pk) -> Membership:
    """A membership of `firm`, with its user; `firm` as get_firm_for gives it."""
    return _get_in_firm(firm.memberships.select_related("user"), pk)


def get_pending_invitation_of(firm: Firm, pk) -> Invitation:
    """An invitation of `firm` not accepted yet; `firm` as get_firm_for gives it."""
    return _get_in_firm(firm.invitations.filter(accepted_at=None), pk)


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("firm").order_by("firm__name")

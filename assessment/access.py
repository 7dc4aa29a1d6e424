"""Access to firm data: one helper per kind of object, always through the user's membership.

Every view gets the objects it touches from here, never from a bare primary key. An object of
a firm the user is not a member of answers 404 (its existence is not revealed); a write by a
member whose role does not allow it answers 403.

The role is checked before the object is looked up: a write looks only among the firms where
the user's role allows it, and a user whose role allows it in no firm (a viewer) is refused
with 403 whatever the id, so that a viewer cannot tell ids that exist from ids that do not
(someone who may write in another firm gets 404, as for any object that is not theirs to change).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from assessment.models import Answer, Assessment, Evidence, Firm, Membership, Site

Role = Membership.Role
WRITE_ROLES = (Role.OWNER, Role.EDITOR)


def _allowed_roles(write: bool, owner: bool) -> tuple[str, ...] | None:
    if owner:
        return (Role.OWNER,)
    return WRITE_ROLES if write else None


def _refuse_by_role(user, write: bool, owner: bool) -> None:
    """403 for a member whose role allows this in none of their firms; nothing for the others
    (nor for a user of no firm, who gets the 404 of any object that is not theirs)."""
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if not roles:
        return
    if owner and Role.OWNER not in roles:
        raise PermissionDenied(_("Only the firm's owners may do this."))
    if write and not roles.intersection(WRITE_ROLES):
        raise PermissionDenied(_("Viewers cannot change anything."))


def _get(queryset: QuerySet, firm_path: str, user, pk, write: bool, owner: bool, **lookup):
    """The object `pk` (or the one matching `lookup`) of `queryset`, annotated with the user's
    `role` in its firm; for a write, only among the firms where that role allows it."""
    if not user.is_authenticated:
        raise Http404
    prefix = f"{firm_path}__" if firm_path else ""
    membership = {f"{prefix}memberships__user": user}
    roles = _allowed_roles(write, owner)
    if roles is not None:
        membership[f"{prefix}memberships__role__in"] = roles
    try:
        return (
            queryset.filter(**membership)
            .annotate(role=F(f"{prefix}memberships__role"))
            .get(**(lookup or {"pk": pk}))
        )
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        if roles is not None:
            _refuse_by_role(user, write, owner)  # the same answer whether the object exists
        raise Http404 from None


def get_firm_for(user, pk, *, write: bool = False, owner: bool = False) -> Firm:
    return _get(Firm.objects.all(), "", user, pk, write, owner)


def get_site_for(user, pk, *, write: bool = False, owner: bool = False) -> Site:
    return _get(Site.objects.select_related("firm"), "firm", user, pk, write, owner)


def get_assessment_for(user, pk, *, write: bool = False, owner: bool = False) -> Assessment:
    queryset = Assessment.objects.select_related("site__firm", "version__framework")
    return _get(queryset, "site__firm", user, pk, write, owner)


def get_answer_for(user, assessment_id, criterion_id, *, write: bool = False) -> Answer:
    """The answer to a criterion in an assessment, in one query (the autosave runs often): with
    its criterion and area, its `evidence_count`, and its assessment annotated with the `role`."""
    queryset = Answer.objects.select_related(
        "assessment__site__firm", "assessment__version__framework", "criterion__area"
    ).annotate(evidence_count=Count("evidence"))
    answer = _get(
        queryset,
        "assessment__site__firm",
        user,
        None,
        write,
        False,
        assessment_id=assessment_id,
        criterion_id=criterion_id,
    )
    answer.assessment.role = answer.role
    return answer


def get_evidence_for(user, pk, *, write: bool = False) -> Evidence:
    queryset = Evidence.objects.select_related("answer__assessment", "answer__criterion")
    return _get(queryset, "answer__assessment__site__firm", user, pk, write, False)


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("firm").order_by("firm__name")

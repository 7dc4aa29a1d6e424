"""The access helpers give every object with the user's membership of its firm, read in the same
one query: its can_write and is_owner are what views and templates ask; the roles a write or an
owner's work needs in queries are the ones those two properties allow."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from assessment import access
from assessment.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def fetched(kind: str, user, assessment, **flags):
    criterion_id = assessment.answers.values_list("criterion_id", flat=True).first()
    getters = {
        "firm": lambda: access.get_firm_for(user, assessment.site.firm_id, **flags),
        "site": lambda: access.get_site_for(user, assessment.site_id, **flags),
        "assessment": lambda: access.get_assessment_for(user, assessment.pk, **flags),
        "answer": lambda: access.get_answer_for(user, assessment.pk, criterion_id, **flags),
    }
    return getters[kind]


@pytest.mark.parametrize("kind", ["firm", "site", "assessment", "answer"])
@pytest.mark.parametrize(
    ("role", "can_write", "is_owner"),
    [("owner", True, True), ("editor", True, False), ("viewer", False, False)],
)
def test_the_object_carries_the_users_membership_in_one_query(
    request, assessment, django_assert_num_queries, kind, role, can_write, is_owner
):
    user = request.getfixturevalue(role)
    get = fetched(kind, user, assessment)
    with django_assert_num_queries(1):
        found = get()
        membership = found.membership
        assert (membership.can_write, membership.is_owner) == (can_write, is_owner)
    stored = Membership.objects.get(user=user, firm=assessment.site.firm)
    assert (membership.pk, membership.firm_id, membership.role) == (
        stored.pk,
        stored.firm_id,
        stored.role,
    )
    assert membership.user == user


def test_an_answers_assessment_carries_the_same_membership(editor, assessment):
    answer = fetched("answer", editor, assessment)()
    assert answer.assessment.membership is answer.membership


def test_the_roles_queries_allow_are_those_membership_allows():
    assert set(access._WRITE_ROLES) == {
        role for role in Membership.Role if Membership(role=role).can_write
    }
    assert set(access._WRITE_ROLES) == {"owner", "editor"}
    assert set(access._OWNER_ROLES) == {"owner"}


@pytest.mark.parametrize("kind", ["firm", "site", "assessment", "answer"])
def test_a_write_is_found_for_an_editor_and_refused_to_a_viewer(editor, viewer, assessment, kind):
    assert fetched(kind, editor, assessment, write=True)().membership.role == "editor"
    with pytest.raises(PermissionDenied):
        fetched(kind, viewer, assessment, write=True)()


def test_a_firms_members_and_pending_invitations_are_found_in_that_firm_only(owner, outsider, firm):
    found = access.get_firm_for(owner, firm.pk, owner=True)
    membership = Membership.objects.get(user=owner)
    assert access.get_member_of(found, membership.pk) == membership
    invitation = Invitation.objects.create(firm=firm, email="a@example.com", role="editor")
    assert access.get_pending_invitation_of(found, invitation.pk) == invitation
    accepted = Invitation.objects.create(
        firm=firm, email="c@example.com", role="editor", accepted_at=timezone.now()
    )
    other_membership = Membership.objects.get(user=outsider)
    other_invitation = Invitation.objects.create(
        firm=other_membership.firm, email="b@example.com", role="editor"
    )
    for lookup, pk in [
        (access.get_member_of, other_membership.pk),
        (access.get_pending_invitation_of, other_invitation.pk),
        (access.get_pending_invitation_of, accepted.pk),
        (access.get_member_of, "not-a-number"),
    ]:
        with pytest.raises(Http404):
            lookup(found, pk)

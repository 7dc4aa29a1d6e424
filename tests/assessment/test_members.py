"""Owners add members by email, change their roles and remove them; a firm keeps an owner."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from assessment.models import Membership
from tests.helpers import MembershipFactory

User = get_user_model()


def membership_of(team, username: str) -> Membership:
    return Membership.objects.get(firm=team.firm, user__username=username)


def test_the_owner_sees_the_member_forms(client, team):
    client.force_login(team.owner)

    response = client.get(reverse("assessment:firm_detail", args=[team.firm.pk]))

    assert response.status_code == 200
    assert reverse("assessment:member_add", args=[team.firm.pk]) in response.text
    assert [m["membership"].user.username for m in response.context["members"]] == [
        "editor",
        "owner",
        "viewer",
    ]


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_other_members_see_members_without_forms(client, team, role):
    client.force_login(getattr(team, role))

    response = client.get(reverse("assessment:firm_detail", args=[team.firm.pk]))

    assert response.status_code == 200
    assert "owner@example.com" in response.text
    assert reverse("assessment:member_add", args=[team.firm.pk]) not in response.text
    assert "member_role" not in response.text


def test_it_refuses_to_add_a_member_twice(client, team):
    client.force_login(team.owner)

    response = client.post(
        reverse("assessment:member_add", args=[team.firm.pk]),
        {"email": "VIEWER@example.com", "role": "owner"},
    )

    assert response.status_code == 200
    assert "already a member" in response.text
    assert 'value="VIEWER@example.com"' in response.text
    assert membership_of(team, "viewer").role == Membership.Role.VIEWER
    assert team.firm.memberships.count() == 3
    assert not mail.outbox


def test_it_changes_a_role(client, team):
    client.force_login(team.owner)
    viewer = membership_of(team, "viewer")

    response = client.post(
        reverse("assessment:member_role", args=[team.firm.pk, viewer.pk]), {"role": "editor"}
    )

    viewer.refresh_from_db()
    assert response.status_code == 302
    assert viewer.role == Membership.Role.EDITOR


def test_it_removes_a_member(client, team):
    client.force_login(team.owner)
    editor = membership_of(team, "editor")

    response = client.post(reverse("assessment:member_remove", args=[team.firm.pk, editor.pk]))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=editor.pk).exists()
    assert User.objects.filter(username="editor").exists()
    assert client.get(response.url).status_code == 200


def test_the_last_owner_can_be_neither_demoted_nor_removed(client, team):
    client.force_login(team.owner)
    owner = membership_of(team, "owner")

    demoted = client.post(
        reverse("assessment:member_role", args=[team.firm.pk, owner.pk]),
        {"role": "viewer"},
        follow=True,
    )
    removed = client.post(
        reverse("assessment:member_remove", args=[team.firm.pk, owner.pk]), follow=True
    )

    owner.refresh_from_db()
    assert demoted.status_code == 200
    assert removed.status_code == 200
    assert "at least one owner" in demoted.text
    assert "at least one owner" in removed.text
    assert owner.role == Membership.Role.OWNER


def test_an_owner_may_step_down_when_another_owner_remains(client, team):
    client.force_login(team.owner)
    Membership.objects.filter(firm=team.firm, user__username="editor").update(role="owner")
    owner = membership_of(team, "owner")

    response = client.post(reverse("assessment:member_remove", args=[team.firm.pk, owner.pk]))

    assert response.status_code == 302
    assert response.url == reverse("assessment:dashboard")
    assert not Membership.objects.filter(pk=owner.pk).exists()


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_non_owners_cannot_manage_members(client, team, role):
    client.force_login(getattr(team, role))
    viewer = membership_of(team, "viewer")
    before = sorted(team.firm.memberships.values_list("user__username", "role"))

    responses = [
        client.post(
            reverse("assessment:member_add", args=[team.firm.pk]),
            {"email": "x@example.com", "role": "owner"},
        ),
        client.post(
            reverse("assessment:member_role", args=[team.firm.pk, viewer.pk]), {"role": "owner"}
        ),
        client.post(reverse("assessment:member_remove", args=[team.firm.pk, viewer.pk])),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert sorted(team.firm.memberships.values_list("user__username", "role")) == before
    assert not team.firm.invitations.exists()
    assert not mail.outbox


def test_member_views_refuse_get(client, team):
    client.force_login(team.owner)
    viewer = membership_of(team, "viewer")

    assert client.get(reverse("assessment:member_add", args=[team.firm.pk])).status_code == 405
    assert (
        client.get(reverse("assessment:member_remove", args=[team.firm.pk, viewer.pk])).status_code
        == 405
    )
    assert Membership.objects.filter(pk=viewer.pk).exists()


def test_a_membership_of_another_firm_answers_404(client, team):
    client.force_login(team.owner)
    other = MembershipFactory(firm=team.outsider_firm, role="viewer")

    response = client.post(reverse("assessment:member_remove", args=[team.firm.pk, other.pk]))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=other.pk).exists()

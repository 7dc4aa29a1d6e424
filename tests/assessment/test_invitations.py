"""People join a firm only by accepting an invitation sent to their address: an account that
merely claims the address (as username or unverified email) gets nothing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessment.email_verification import is_verified, mark_verified
from assessment.models import Invitation, Membership
from tests.helpers import NEW_PASSWORD, TEST_PASSWORD, UserFactory, link_in

User = get_user_model()
ADDRESS = "zhang.min@huabei.example.com"


def invite(client, team, email: str = ADDRESS, role: str = "editor"):
    client.force_login(team.owner)
    return client.post(
        reverse("assessment:member_add", args=[team.firm.pk]), {"email": email, "role": role}
    )


def test_inviting_sends_a_link_and_makes_nobody_a_member(client, team):
    response = invite(client, team)

    assert response.status_code == 302
    assert team.firm.memberships.count() == 3
    assert not User.objects.filter(email=ADDRESS).exists()
    invitation = Invitation.objects.get(firm=team.firm)
    assert (invitation.email, invitation.role, invitation.accepted_at) == (ADDRESS, "editor", None)
    [email] = mail.outbox
    assert email.to == [ADDRESS]
    assert "/invitations/" in link_in(email)
    page = client.get(reverse("assessment:firm_detail", args=[team.firm.pk]))
    assert ADDRESS in page.text
    assert reverse("assessment:invitation_remove", args=[team.firm.pk, invitation.pk]) in page.text


@pytest.mark.parametrize(
    "claim",
    [{"username": ADDRESS, "email": "stranger@example.com"}, {"username": "x", "email": ADDRESS}],
)
def test_an_account_claiming_the_address_is_not_attached(client, team, claim):
    stranger = UserFactory(**claim)

    invite(client, team)

    assert not Membership.objects.filter(firm=team.firm, user=stranger).exists()
    client.force_login(stranger)
    assert client.get(reverse("assessment:firm_detail", args=[team.firm.pk])).status_code == 404


def test_a_new_person_accepts_by_creating_an_account_at_the_link(client, team):
    invite(client, team, role="viewer")
    link = link_in(mail.outbox[0])
    client.logout()

    page = client.get(link)
    response = client.post(
        link, {"username": "zhangmin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert page.status_code == 200
    assert "Huabei Mining" in page.text
    assert response.status_code == 302
    assert response.url == reverse("assessment:firm_detail", args=[team.firm.pk])
    user = User.objects.get(username="zhangmin")
    assert user.email == ADDRESS
    assert is_verified(user)
    assert Membership.objects.get(firm=team.firm, user=user).role == "viewer"
    assert Invitation.objects.get().accepted_by == user
    assert client.get(response.url).status_code == 200  # signed in
    assert client.post(link, {"username": "other"}).status_code == 400  # used up


def test_an_existing_account_of_the_address_accepts_after_signing_in(client, team):
    existing = UserFactory(username="zhang", email="Zhang.Min@huabei.example.com")
    invite(client, team)
    link = link_in(mail.outbox[0])
    client.force_login(existing)

    page = client.get(link)
    response = client.post(link)

    assert 'type="submit"' in page.text
    assert response.status_code == 302
    assert Membership.objects.get(firm=team.firm, user=existing).role == "editor"
    assert is_verified(existing)  # reading the link proved the address


def test_another_account_cannot_accept_with_the_link(client, team):
    invite(client, team)
    link = link_in(mail.outbox[0])
    client.force_login(team.outsider)

    page = client.get(link)
    response = client.post(link)

    assert page.status_code == 200
    assert not page.context["can_accept"]
    assert response.status_code == 200
    assert not Membership.objects.filter(firm=team.firm, user=team.outsider).exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_expired_forged_or_cancelled_link_accepts_nothing(client, team):
    invite(client, team)
    link = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    client.logout()
    data = {"username": "zhangmin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        expired = client.post(link, data)
    forged = client.post(link[:-3] + "xx/", data)
    client.force_login(team.owner)
    cancelled = client.post(
        reverse("assessment:invitation_remove", args=[team.firm.pk, invitation.pk])
    )
    client.logout()
    after_cancel = client.post(link, data)

    assert [expired.status_code, forged.status_code, after_cancel.status_code] == [400, 400, 400]
    assert cancelled.status_code == 302
    assert not User.objects.filter(username="zhangmin").exists()
    assert not Invitation.objects.exists()


def test_inviting_reveals_nothing_about_accounts(client, team):
    UserFactory(username="known", email="known@example.com")
    mark_verified(User.objects.get(username="known"), "known@example.com")

    pages = []
    for email in ("known@example.com", "nobody@example.com"):
        response = invite(client, team, email=email)
        assert response.status_code == 302
        pages.append(client.get(response.url))

    def anonymised(text: str) -> str:
        return re.sub(r"(known|nobody)@", "someone@", re.sub(r"/invitations/\S+", "", text))

    assert [str(m) for m in pages[0].context["messages"]] == [
        str(m).replace("nobody@", "known@") for m in pages[1].context["messages"]
    ]
    assert anonymised(mail.outbox[0].body) == anonymised(mail.outbox[1].body)
    assert not Membership.objects.filter(firm=team.firm, user__username="known").exists()


def test_inviting_again_updates_the_role_and_sends_a_link_that_lasts_from_then(client, team):
    start = timezone.now()
    invite(client, team, role="viewer")
    with time_machine.travel(start + timedelta(days=6)):
        invite(client, team, role="owner")
    first, second = link_in(mail.outbox[0]), link_in(mail.outbox[1])
    client.logout()
    data = {"username": "zhangmin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    with time_machine.travel(start + timedelta(days=10)):
        expired = client.post(first, data)
        accepted = client.post(second, data)

    assert expired.status_code == 400
    assert accepted.status_code == 302
    assert Membership.objects.get(firm=team.firm, user__username="zhangmin").role == "owner"


def test_a_username_that_looks_like_an_address_is_refused_at_the_link(client, team):
    invite(client, team)
    link = link_in(mail.outbox[0])
    client.logout()

    response = client.post(
        link,
        {
            "username": "boss@huabei.example.com",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not User.objects.filter(username="boss@huabei.example.com").exists()


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_only_owners_invite_or_cancel(client, team, role):
    invite(client, team)
    invitation = Invitation.objects.get()
    client.force_login(getattr(team, role))

    responses = [
        client.post(
            reverse("assessment:member_add", args=[team.firm.pk]),
            {"email": "x@example.com", "role": "owner"},
        ),
        client.post(reverse("assessment:invitation_remove", args=[team.firm.pk, invitation.pk])),
    ]

    assert [r.status_code for r in responses] == [403, 403]
    assert list(Invitation.objects.values_list("email", flat=True)) == [ADDRESS]


def test_an_invitation_of_another_firm_cannot_be_cancelled(client, team):
    other = Invitation.objects.create(firm=team.outsider_firm, email="a@example.com", role="viewer")
    client.force_login(team.owner)

    response = client.post(reverse("assessment:invitation_remove", args=[team.firm.pk, other.pk]))

    assert response.status_code == 404
    assert Invitation.objects.filter(pk=other.pk).exists()

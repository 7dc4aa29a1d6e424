"""Sign-up sends a link that confirms the email address; only a confirmed address counts."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessment.email_verification import is_verified
from tests.helpers import UserFactory, link_in, signup_data

User = get_user_model()


def signup(client, **overrides: str):
    return client.post(reverse("assessment:signup"), signup_data(**overrides))


def test_sign_up_sends_a_link_whose_button_confirms_the_address(client, db):
    signup(client)
    user = User.objects.get(username="liwei")
    [email] = mail.outbox
    link = link_in(email)

    assert email.to == ["li.wei@huabei.example.com"]
    assert not is_verified(user)
    page = client.get(link)
    assert page.status_code == 200
    assert not is_verified(user)  # opening the link (a mail scanner) confirms nothing
    response = client.post(link)
    assert response.status_code == 302
    assert is_verified(user)


def test_the_dashboard_asks_for_confirmation_until_it_is_done(client, db):
    signup(client)
    user = User.objects.get(username="liwei")

    before = client.get(reverse("assessment:dashboard"))
    client.post(link_in(mail.outbox[0]))
    after = client.get(reverse("assessment:dashboard"))

    assert 'id="email-unverified"' in before.text
    assert reverse("assessment:email_verify_resend") in before.text
    assert 'id="email-unverified"' not in after.text
    assert is_verified(user)


def test_a_link_stops_working_when_it_expires_or_the_address_changes(client, db):
    start = timezone.now()
    signup(client)
    user = User.objects.get(username="liwei")
    link = link_in(mail.outbox[0])

    with time_machine.travel(start + timedelta(days=4)):
        expired = client.post(link)
    user.email = "other@example.com"
    user.save()
    changed = client.post(link)
    forged = client.post(link[:-4] + "abc/")

    assert [expired.status_code, changed.status_code, forged.status_code] == [400, 400, 400]
    assert not is_verified(user)


def test_a_confirmed_address_stops_counting_when_the_email_changes(client, db):
    signup(client)
    client.post(link_in(mail.outbox[0]))
    user = User.objects.get(username="liwei")
    assert is_verified(user)

    user.email = "new@example.com"
    user.save()

    assert not is_verified(user)


def test_sign_up_with_a_taken_address_reveals_nothing(client, db):
    UserFactory(username="someone", email="li.wei@huabei.example.com")

    response = signup(client, email="LI.WEI@huabei.example.com")

    assert response.status_code == 302
    assert not is_verified(User.objects.get(username="liwei"))
    assert not is_verified(User.objects.get(username="someone"))


def test_a_username_may_look_like_an_address_only_if_it_is_the_one_given(client, db):
    refused = signup(client, username="cfo@firm.example")
    accepted = signup(client, username="Li.Wei@huabei.example.com")

    assert refused.status_code == 200
    assert "username" in refused.context["form"].errors
    assert 'value="Huabei Mining Group"' in refused.text  # input kept
    assert accepted.status_code == 302
    assert list(User.objects.values_list("username", flat=True)) == ["Li.Wei@huabei.example.com"]


def test_the_link_can_be_sent_again_but_not_in_a_burst(client, db):
    signup(client)

    first = client.post(reverse("assessment:email_verify_resend"))
    second = client.post(reverse("assessment:email_verify_resend"))

    assert first.status_code == second.status_code == 302
    assert len(mail.outbox) == 2  # the sign-up's and one more
    assert link_in(mail.outbox[1]).startswith("http://testserver/accounts/verify/")


def test_resending_requires_a_signed_in_post(client, db):
    assert client.post(reverse("assessment:email_verify_resend")).status_code == 302  # to sign in
    assert not mail.outbox

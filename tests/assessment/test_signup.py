"""Sign-up: an account and its firm in one step, or a firm for a signed-in user without one."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.models import Firm, Membership
from tests.helpers import NEW_PASSWORD, UserFactory, signup_data

User = get_user_model()


def test_it_signs_up_a_user_with_their_firm_as_its_owner(client, db):
    response = client.post(reverse("assessment:signup"), signup_data())

    user = User.objects.get(username="liwei")
    membership = Membership.objects.get(user=user)
    assert response.status_code == 302
    assert response.url == reverse("assessment:firm_detail", args=[membership.firm_id])
    assert user.email == "li.wei@huabei.example.com"
    assert user.check_password(NEW_PASSWORD)
    assert membership.firm.name == "Huabei Mining Group"
    assert membership.role == Membership.Role.OWNER
    assert client.get(reverse("assessment:dashboard")).context["user"] == user  # signed in


def test_it_creates_nothing_when_the_passwords_differ(client, db):
    response = client.post(
        reverse("assessment:signup"), signup_data(password2="something-else-entirely")
    )

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()
    assert not Firm.objects.exists()


def test_it_answers_404_and_hides_the_link_when_signup_is_off(client, db, settings):
    settings.SIGNUP_ENABLED = False

    assert client.get(reverse("assessment:signup")).status_code == 404
    assert client.post(reverse("assessment:signup"), signup_data()).status_code == 404
    assert not User.objects.exists()
    assert reverse("assessment:signup") not in client.get(reverse("login")).text


def test_the_login_page_offers_signup_when_it_is_on(client, db):
    assert reverse("assessment:signup") in client.get(reverse("login")).text


def test_a_signed_in_user_without_a_firm_creates_one(client, team):
    loner = UserFactory(username="loner")
    client.force_login(loner)

    page = client.get(reverse("assessment:dashboard"))
    response = client.post(reverse("assessment:signup"), {"firm_name": "  Xinan Rare Earths "})

    firm = Firm.objects.get(name="Xinan Rare Earths")
    assert reverse("assessment:signup") in page.text
    assert response.status_code == 302
    assert response.url == reverse("assessment:firm_detail", args=[firm.pk])
    assert Membership.objects.get(firm=firm).user == loner
    assert Membership.objects.get(firm=firm).role == Membership.Role.OWNER

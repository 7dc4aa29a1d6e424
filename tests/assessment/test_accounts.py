"""Sign-up (account and firm in one step), sign in and out, password change and reset."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from assessment.models import Firm, Membership
from tests.helpers import NEW_PASSWORD, TEST_PASSWORD, UserFactory, link_in

User = get_user_model()


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "username": "liwei",
        "email": "li.wei@huabei.example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "firm_name": "Huabei Mining Group",
    }
    data.update(overrides)
    return data


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


def test_it_signs_in_and_out(client, team):
    response = client.post(
        reverse("login"), {"username": "editor", "password": TEST_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert response.context["user"] == team.editor
    assert "Huabei Mining" in response.text

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("assessment:dashboard")).status_code == 302


def test_it_refuses_a_wrong_password(client, team):
    response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_it_changes_the_password(client, team):
    client.force_login(team.owner)

    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    team.owner.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert team.owner.check_password(NEW_PASSWORD)


def test_a_password_reset_link_works_once(client, team):
    response = client.post(reverse("password_reset"), {"email": "viewer@example.com"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["viewer@example.com"]
    assert "MineReady" in mail.outbox[0].subject
    link = link_in(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    team.viewer.refresh_from_db()
    assert team.viewer.check_password(NEW_PASSWORD)

    again = client.get(link, follow=True)
    assert again.status_code == 200
    assert not again.context["validlink"]
    assert "no longer works" in again.text


@pytest.mark.parametrize(
    "name",
    [
        "password_reset",
        "password_reset_done",
        "password_reset_complete",
        "login",
        "assessment:signup",
    ],
)
def test_the_account_pages_render(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "<h1" in response.text

"""Sign in and out, password change and reset, and the account pages."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.helpers import NEW_PASSWORD, TEST_PASSWORD, link_in


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
    assert "For the account <strong>viewer</strong>" in form_page.text
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    team.viewer.refresh_from_db()
    assert team.viewer.check_password(NEW_PASSWORD)
    done = client.get(response.url)
    assert done.context["user"] == team.viewer  # setting the password signed them in
    assert "you are signed in as viewer" in done.text
    client.logout()

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

"""Account emails are written in the language of the person who caused them: a password reset
in the language of the page it was asked on; an invitation, whose reader's language is not
known yet, in both: the inviting owner's first."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.helpers import use_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


@pytest.mark.parametrize(
    ("language", "subject", "line"),
    [
        ("zh-hans", "重置您的 MineReady 密码", "您的用户名是 owner。"),
        ("en", "Reset your MineReady password", "Your username is owner."),
    ],
)
def test_the_password_reset_email_is_in_the_page_language(
    client,
    owner,
    language,
    subject,
    line,
):
    use_language(client, language)

    response = client.post(reverse("password_reset"), {"email": owner.email})

    assert response.status_code == 302
    [email] = mail.outbox
    assert email.subject == subject
    assert line in email.body


@pytest.mark.parametrize(
    ("language", "subject", "role"),
    [
        ("zh-hans", "您受邀加入 MineReady 上的 Huabei Mining", "“编辑者”"),
        ("en", "You are invited to Huabei Mining on MineReady", "as editor."),
    ],
)
def test_an_invitation_is_in_both_languages_the_owners_first(
    client, owner, firm, language, subject, role
):
    client.force_login(owner)
    use_language(client, language)

    response = client.post(
        reverse("assessment:member_add", args=[firm.pk]),
        {"email": "new@example.com", "role": "editor"},
    )

    assert response.status_code == 302
    [email] = mail.outbox
    assert email.subject.startswith(subject)
    assert "You are invited to Huabei Mining" in email.subject
    assert "您受邀加入" in email.subject
    assert email.body.index(role) < email.body.index("——")  # the owner's language first
    assert "as editor." in email.body and "“编辑者”" in email.body

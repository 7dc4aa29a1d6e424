"""Sign-off: an editor sends a complete draft for approval (the owners are emailed); an owner
approves it (which submits it) or returns it with a comment (it stays a draft, the editors are
emailed and see the comment)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from assessment.models import Assessment
from tests.helpers import FULL_ANSWERS, answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete(assessment, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return answer_all(assessment, owner, FULL_ANSWERS, evidence=["RIGHTS-01"])


def send(client, assessment):
    return client.post(reverse("assessment:approval_request", args=[assessment.pk]), follow=True)


def test_an_editor_sends_a_complete_draft_and_the_owners_are_told(login, editor, owner, complete):
    response = send(login(editor), complete)

    complete.refresh_from_db()
    assert complete.awaits_approval and complete.state == "draft"
    assert complete.approval_requested_by == editor
    assert "Sent for approval" in response.content.decode()
    [email] = mail.outbox
    assert email.to == [owner.email]
    assert f"#{complete.pk}" in email.subject
    assert f"/assessments/{complete.pk}/review/" in email.body


def test_an_incomplete_draft_cannot_be_sent(login, editor, assessment):
    response = send(login(editor), assessment)
    assessment.refresh_from_db()
    assert not assessment.awaits_approval
    assert "Answer every criterion" in response.content.decode()
    assert mail.outbox == []


def test_the_owner_approves_which_submits(login, editor, owner, complete):
    send(login(editor), complete)
    client = login(owner)
    review = client.get(reverse("assessment:review", args=[complete.pk])).content.decode()
    assert "Approve and submit" in review and "Return with this comment" in review

    response = client.post(reverse("assessment:submit", args=[complete.pk]))

    complete.refresh_from_db()
    assert (complete.state, complete.submitted_by) == ("submitted", owner)
    assert response.url == reverse("reports:results", args=[complete.pk])


def test_the_owner_returns_it_with_a_comment_and_the_editors_are_told(
    login, editor, owner, complete
):
    send(login(editor), complete)
    mail.outbox.clear()
    response = login(owner).post(
        reverse("assessment:approval_return", args=[complete.pk]),
        {"comment": "GREEN-01: attach the 2025 survey."},
        follow=True,
    )

    complete.refresh_from_db()
    assert complete.state == "draft" and not complete.awaits_approval
    assert (complete.returned_by, complete.return_comment) == (
        owner, "GREEN-01: attach the 2025 survey."
    )  # fmt: skip
    assert "Returned to the editors" in response.content.decode()
    [email] = mail.outbox
    assert email.to == [editor.email]
    assert "GREEN-01: attach the 2025 survey." in email.body
    page = login(editor).get(reverse("assessment:review", args=[complete.pk])).content.decode()
    assert 'id="approval-returned"' in page and "attach the 2025 survey" in page


def test_a_return_needs_a_comment(login, editor, owner, complete):
    send(login(editor), complete)
    response = login(owner).post(
        reverse("assessment:approval_return", args=[complete.pk]), {"comment": "  "}, follow=True
    )
    complete.refresh_from_db()
    assert complete.awaits_approval
    assert "Say what should change" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "url_name", "status"),
    [
        ("viewer", "assessment:approval_request", 403),
        ("outsider", "assessment:approval_request", 404),
        ("editor", "assessment:approval_return", 403),
        ("viewer", "assessment:approval_return", 403),
        ("outsider", "assessment:approval_return", 404),
    ],
)
def test_only_the_right_people_sign_off(login, request, complete, who, url_name, status):
    response = login(request.getfixturevalue(who)).post(
        reverse(url_name, args=[complete.pk]), {"comment": "no"}
    )
    assert response.status_code == status
    assert Assessment.objects.get(pk=complete.pk).approval_requested_at is None

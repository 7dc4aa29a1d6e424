"""The admin shows submitted assessments read-only and refuses writes to them."""

import pytest
from django.urls import reverse

from assessment.submission import assessment_submit
from assessment.workflow import answer_save
from tests.helpers import add_document

pytestmark = pytest.mark.django_db
VALUES = {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "90", "GREEN-02": "4"}


@pytest.fixture
def admin_client(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(root)
    return client


@pytest.fixture
def submitted(assessment, owner):
    for answer in assessment.answers.select_related("criterion"):
        answer_save(answer=answer, user=owner, value=VALUES[answer.criterion.code])
    return assessment_submit(assessment=assessment, user=owner)


@pytest.mark.parametrize("model", ["assessment", "answer", "evidence"])
def test_the_changelists_load(admin_client, submitted, model):
    assert admin_client.get(reverse(f"admin:assessment_{model}_changelist")).status_code == 200


def test_a_submitted_assessment_is_read_only_in_the_admin(admin_client, submitted):
    response = admin_client.get(reverse("admin:assessment_assessment_change", args=[submitted.pk]))
    assert response.status_code == 200
    assert b"is locked" in response.content
    assert b'name="_save"' not in response.content


def test_an_answer_of_a_submitted_assessment_cannot_be_changed_in_the_admin(
    admin_client, submitted
):
    answer = submitted.answers.get(criterion__code="RIGHTS-01")
    url = reverse("admin:assessment_answer_change", args=[answer.pk])
    response = admin_client.post(url, {"value": '"no"', "comment": "changed"})
    assert response.status_code == 403
    answer.refresh_from_db()
    assert (answer.value, answer.comment) == ("yes", "")
    assert (
        admin_client.post(
            reverse("admin:assessment_answer_delete", args=[answer.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_an_answer_of_a_draft_can_be_changed_in_the_admin(admin_client, assessment):
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    url = reverse("admin:assessment_answer_change", args=[answer.pk])
    response = admin_client.post(url, {"value": '"no"', "comment": "fixed by admin"})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.value, answer.comment) == ("no", "fixed by admin")


def test_the_admin_refuses_an_invalid_answer_value(admin_client, assessment):
    answer = assessment.answers.get(criterion__code="GREEN-01")
    url = reverse("admin:assessment_answer_change", args=[answer.pk])
    response = admin_client.post(url, {"value": '"lots"', "comment": ""})
    assert response.status_code == 200
    assert b"Enter a number." in response.content
    answer.refresh_from_db()
    assert answer.value is None


def test_the_register_is_read_only_in_the_admin(admin_client, site, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = add_document(site, owner)
    listing = admin_client.get(reverse("admin:assessment_document_changelist"))
    assert listing.status_code == 200 and "Mining permit" in listing.content.decode()
    page = admin_client.get(reverse("admin:assessment_document_change", args=[document.pk]))
    assert "permit.pdf" in page.content.decode()
    response = admin_client.post(
        reverse("admin:assessment_document_change", args=[document.pk]),
        {"title": "Changed", "kind": "other"},
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.title == "Mining permit"

"""Review lists what is missing; submitting a complete assessment locks it, once."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import Assessment
from assessment.workflow import answer_save, evidence_attach

pytestmark = pytest.mark.django_db
VALUES = {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "90", "GREEN-02": "4"}


def answer_all(assessment, user, skip=()):
    for answer in assessment.answers.select_related("criterion"):
        if answer.criterion.code not in skip:
            answer_save(answer=answer, user=user, value=VALUES[answer.criterion.code])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_review_lists_incomplete_and_unsupported_answers(login, viewer, owner, assessment):
    answer_all(assessment, owner, skip={"GREEN-01"})
    response = login(viewer).get(reverse("assessment:review", args=[assessment.pk]))
    assert response.status_code == 200
    findings = response.context["findings"]
    assert [a.criterion.code for a in findings.incomplete] == ["GREEN-01"]
    assert [a.criterion.code for a in findings.unsupported] == ["RIGHTS-01"]
    assert not response.context["can_submit"]


def test_review_lists_na_without_justification(owner, login, assessment):
    answer = assessment.answers.get(criterion__code="GREEN-02")
    assessment.answers.filter(pk=answer.pk).update(is_na=True, na_justification="")
    response = login(owner).get(reverse("assessment:review", args=[assessment.pk]))
    assert [a.criterion.code for a in response.context["findings"].na_without_justification] == [
        "GREEN-02"
    ]


def test_evidence_makes_a_claim_supported(login, owner, assessment):
    answer_all(assessment, owner)
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    evidence_attach(
        answer=answer, user=owner, upload=SimpleUploadedFile("permit.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    response = login(owner).get(reverse("assessment:review", args=[assessment.pk]))
    assert response.context["findings"].unsupported == []


def test_an_owner_submits_after_a_page_that_says_what_is_locked(login, owner, assessment):
    answer_all(assessment, owner)
    client = login(owner)
    url = reverse("assessment:submit", args=[assessment.pk])

    page = client.get(url)
    assessment.refresh_from_db()
    assert assessment.state == "draft"
    assert "its 4 answers and 0 evidence files can no longer be changed" in page.content.decode()
    assert "1 claim has no evidence" in page.content.decode()

    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("reports:results", args=[assessment.pk])
    assessment.refresh_from_db()
    assert (assessment.state, assessment.submitted_by) == ("submitted", owner)
    assert assessment.submitted_at is not None
    locked = client.get(reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"]))
    assert b"is locked" in locked.content
    assert b"data-autosave" not in locked.content


def test_an_editor_sends_for_approval_instead_of_submitting(login, editor, owner, assessment):
    answer_all(assessment, owner)
    client = login(editor)
    review = client.get(reverse("assessment:review", args=[assessment.pk]))
    assert not review.context["can_submit"] and review.context["can_request_approval"]
    assert client.get(reverse("assessment:submit", args=[assessment.pk])).status_code == 403
    assert client.post(reverse("assessment:submit", args=[assessment.pk])).status_code == 403
    assessment.refresh_from_db()
    assert assessment.state == "draft"


def test_an_incomplete_assessment_cannot_be_submitted(login, owner, assessment):
    answer_all(assessment, owner, skip={"RIGHTS-02"})
    response = login(owner).post(reverse("assessment:submit", args=[assessment.pk]))
    assert response.status_code == 302
    assert any("Answer every criterion" in m for m in messages_of(response))
    assessment.refresh_from_db()
    assert assessment.state == "draft"


def test_a_double_submit_is_refused_clearly(login, owner, assessment):
    answer_all(assessment, owner)
    client = login(owner)
    client.post(reverse("assessment:submit", args=[assessment.pk]))
    submitted_at = Assessment.objects.get(pk=assessment.pk).submitted_at
    response = client.post(reverse("assessment:submit", args=[assessment.pk]))
    assert response.status_code == 302
    assert any("already been submitted" in m for m in messages_of(response))
    assert Assessment.objects.get(pk=assessment.pk).submitted_at == submitted_at


def test_a_viewer_cannot_submit(login, viewer, owner, assessment):
    answer_all(assessment, owner)
    response = login(viewer).post(reverse("assessment:submit", args=[assessment.pk]))
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.state == "draft"


def test_a_submitted_assessment_cannot_be_changed_in_the_model_layer(owner, assessment):
    from assessment.models import AssessmentLockedError
    from assessment.submission import assessment_submit

    answer_all(assessment, owner)
    submitted = assessment_submit(assessment=assessment, user=owner)
    submitted.state = "draft"
    with pytest.raises(AssessmentLockedError):
        submitted.save()
    submitted.state = "archived"
    submitted.save(update_fields=["state"])  # archiving is the one change allowed
    submitted.refresh_from_db()
    assert submitted.state == "archived"

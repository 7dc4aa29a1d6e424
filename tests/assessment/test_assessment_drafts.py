"""Drafts: one open draft per site (starting again goes to it); an owner deletes a draft after
a confirmation page, and its history stays; a submitted assessment cannot be deleted."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment import submission, workflow
from assessment.models import Answer, Assessment, Evidence
from tests.helpers import WORKED_ANSWERS, answer_all

pytestmark = pytest.mark.django_db


def test_starting_again_while_a_draft_exists_goes_to_that_draft(login, owner, site, assessment):
    client = login(owner)
    url = reverse("assessment:assessment_start", args=[site.pk])

    page = client.get(url, follow=True)
    posted = client.post(url, {"version": assessment.version_id})

    assert page.redirect_chain[0] == (reverse("assessment:assessment", args=[assessment.pk]), 302)
    assert "This site already has a draft" in page.content.decode()
    assert posted.status_code == 302
    assert site.assessments.count() == 1


def test_the_workflow_refuses_a_second_draft(site, owner, assessment):
    with pytest.raises(ValidationError) as refused:
        workflow.assessment_start(site=site, version=assessment.version, user=owner)
    assert refused.value.code == "draft_exists"
    assert site.assessments.count() == 1


def test_after_submission_the_next_assessment_starts_carrying_answers_over_by_default(
    login, owner, site, assessment
):
    submission.assessment_submit(
        assessment=answer_all(assessment, owner, WORKED_ANSWERS), user=owner
    )
    page = login(owner).get(reverse("assessment:assessment_start", args=[site.pk]))
    assert page.status_code == 200
    assert page.context["form"]["carry_over"].initial is True
    assert re.search(r'<input[^>]*name="carry_over"[^>]*checked', page.content.decode())


def test_an_owner_deletes_a_draft_after_a_confirmation_page(login, owner, site, assessment):
    answer_all(assessment, owner, WORKED_ANSWERS, evidence=["RIGHTS-01"])
    client = login(owner)
    url = reverse("assessment:assessment_delete", args=[assessment.pk])

    page = client.get(url)
    response = client.post(url)

    assert page.status_code == 200
    assert "will be deleted with its 4 answers and 1 evidence files" in page.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("assessment:site_detail", args=[site.pk])
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    assert not Answer.objects.filter(assessment_id=assessment.pk).exists()
    assert not Evidence.objects.exists()
    deleted = Assessment.history.get(id=assessment.pk, history_type="-")
    assert deleted.history_user == owner
    assert Answer.history.filter(assessment_id=assessment.pk, history_type="-").count() == 4
    again = client.post(
        reverse("assessment:assessment_start", args=[site.pk]), {"version": assessment.version_id}
    )
    assert again.status_code == 302 and site.assessments.count() == 1


@pytest.mark.parametrize(("who", "status"), [("editor", 403), ("viewer", 403), ("outsider", 404)])
def test_only_an_owner_of_the_firm_deletes_a_draft(login, assessment, request, who, status):
    client = login(request.getfixturevalue(who))
    url = reverse("assessment:assessment_delete", args=[assessment.pk])
    assert client.get(url).status_code == status
    assert client.post(url).status_code == status
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_submitted_assessment_cannot_be_deleted(login, owner, assessment):
    submitted = submission.assessment_submit(
        assessment=answer_all(assessment, owner, WORKED_ANSWERS), user=owner
    )
    response = login(owner).post(
        reverse("assessment:assessment_delete", args=[submitted.pk]), follow=True
    )
    assert "Only a draft can be deleted" in response.content.decode()
    assert Assessment.objects.filter(pk=submitted.pk, state="submitted").exists()


def test_the_site_page_offers_owners_the_deletion_of_a_draft(
    login, owner, editor, site, assessment
):
    url = reverse("assessment:site_detail", args=[site.pk])
    delete = reverse("assessment:assessment_delete", args=[assessment.pk])
    assert delete in login(owner).get(url).content.decode()
    assert delete not in login(editor).get(url).content.decode()

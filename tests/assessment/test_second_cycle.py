"""The second cycle: carried-over answers keep their evidence and their score, stay "to confirm"
until a person confirms them (one by one or an area at once), and block submission till then."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment import submission, workflow
from assessment.models import Answer, Evidence
from assessment.overview import assessments_with_completion
from assessment.results import answers_with_evidence, assessment_results
from assessment.scoring.comparison import compare_scores
from tests.helpers import FULL_ANSWERS, WORKED_ANSWERS, answer_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def first(site, owner, assessment, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    answer_all(assessment, owner, FULL_ANSWERS, evidence=["RIGHTS-01"])
    return submission.assessment_submit(assessment=assessment, user=owner)


@pytest.fixture
def second(site, owner, first, imported_version):
    return workflow.assessment_start(
        site=site, version=imported_version, user=owner, carry_over=True
    )


def test_an_unchanged_supported_answer_scores_exactly_as_before(first, second):
    before, after = assessment_results(first).score, assessment_results(second).score

    assert after.overall_exact == before.overall_exact == 100
    assert after.band == before.band
    assert after.counts.unsupported == 0
    comparison = compare_scores(before, after)
    assert comparison.regressed == () and comparison.gaps_opened == ()


def test_the_evidence_comes_along_as_the_same_stored_file(first, second):
    old = Evidence.objects.get(answer__assessment=first)
    new = Evidence.objects.get(answer__assessment=second)
    assert new.answer.criterion.code == "RIGHTS-01"
    assert (new.file.name, new.sha256, new.original_name) == (
        old.file.name, old.sha256, old.original_name
    )  # fmt: skip


def test_removing_the_carried_file_from_the_draft_keeps_the_submitted_ones(
    first, second, django_capture_on_commit_callbacks
):
    old = Evidence.objects.get(answer__assessment=first)
    new = Evidence.objects.get(answer__assessment=second)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.evidence_remove(evidence=new)

    assert not Evidence.objects.filter(pk=new.pk).exists()
    old.refresh_from_db()
    assert old.file.storage.exists(old.file.name)


def test_deleting_the_draft_keeps_the_submitted_assessments_file(
    first, second, owner, django_capture_on_commit_callbacks
):
    old = Evidence.objects.get(answer__assessment=first)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assessment_delete(assessment=second, user=owner)
    assert old.file.storage.exists(old.file.name)


def test_a_file_no_evidence_row_names_any_more_is_deleted(
    assessment, owner, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    answer_all(assessment, owner, {"RIGHTS-01": "yes"}, evidence=["RIGHTS-01"])
    evidence = Evidence.objects.get(answer__assessment=assessment)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.evidence_remove(evidence=evidence)
    assert not evidence.file.storage.exists(evidence.file.name)


def test_carried_answers_count_as_not_done_until_confirmed(first, second, owner):
    [row] = assessments_with_completion(second.site.assessments.filter(pk=second.pk))
    results = assessment_results(second)

    assert (row.answer_done, row.answer_total) == (0, 4)
    assert results.score.counts.to_confirm == 4
    assert results.score.completion == 0
    findings = submission.review_findings(list(answers_with_evidence(second)))
    assert len(findings.to_confirm) == 4 and not findings.can_submit
    with pytest.raises(ValidationError) as refused:
        submission.assessment_submit(assessment=second, user=owner)
    assert refused.value.code == "to_confirm"


def test_confirm_all_in_an_area_then_submit(login, owner, first, second):
    client = login(owner)
    page = client.get(reverse("assessment:questionnaire", args=[second.pk, "RIGHTS"]))
    assert "2 answers of this area were carried over" in page.content.decode()

    for area in ("RIGHTS", "GREEN"):
        response = client.post(
            reverse("assessment:confirm_area", args=[second.pk, area]), follow=True
        )
        assert "Confirmed 2 carried-over answers." in response.content.decode()

    assert not Answer.objects.filter(assessment=second, carried_over=True).exists()
    confirmed = Answer.objects.get(assessment=second, criterion__code="RIGHTS-01")
    assert confirmed.history.first().history_user == owner
    submission.assessment_submit(assessment=second, user=owner)
    second.refresh_from_db()
    assert second.state == "submitted"
    assert assessment_results(second).score.overall_exact == 100


def test_the_review_page_lists_the_answers_to_confirm(login, owner, second):
    page = login(owner).get(reverse("assessment:review", args=[second.pk])).content.decode()
    assert "Carried over, to confirm" in page
    assert "RIGHTS-01" in page
    assert "confirm every carried-over answer, to submit" in page


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_only_writers_of_the_firm_confirm(login, request, second, who, status):
    response = login(request.getfixturevalue(who)).post(
        reverse("assessment:confirm_area", args=[second.pk, "RIGHTS"])
    )
    assert response.status_code == status
    assert Answer.objects.filter(assessment=second, carried_over=True).count() == 4


def test_a_changed_answer_is_no_longer_to_confirm(second, owner):
    answer = second.answers.get(criterion__code="GREEN-01")
    workflow.answer_save(answer=answer, user=owner, value=WORKED_ANSWERS["GREEN-01"])
    answer.refresh_from_db()
    assert not answer.carried_over
    assert assessment_results(second).score.counts.to_confirm == 3

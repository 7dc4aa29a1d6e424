"""Submitting an assessment issues its reports in the background: one per language, PDF/A-3b,
stored with their SHA-256 under a generated private name, the report id printed on them."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from assessment.submission import assessment_submit
from reports.issuing import issued_reports_prepare
from reports.models import IssuedReport, display_report_id
from tests.helpers import WORKED_ANSWERS, answer_all, pdf_text, squashed

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(assessment, owner, immediate_tasks, freeze_today, django_capture_on_commit_callbacks):
    answer_all(assessment, owner, WORKED_ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=owner)
    return {r.language: r for r in IssuedReport.objects.filter(assessment=assessment)}


def test_submitting_issues_both_languages_with_their_sha256(issued, settings):
    assert sorted(issued) == ["en", "zh-hans"]
    for report in issued.values():
        assert report.status == IssuedReport.Status.READY
        assert report.attempts == 1 and report.error == ""
        data = report.pdf.read()
        assert data.startswith(b"%PDF-")
        assert report.sha256 == hashlib.sha256(data).hexdigest()
        assert report.size == len(data)
        assert report.pages == len(PdfReader(io.BytesIO(data)).pages)
        assert report.issued_at is not None
        # Private media, under a generated name (not the site's, not guessable from the id).
        assert report.pdf.path.startswith(str(settings.MEDIA_ROOT))
        assert report.report_id not in report.pdf.name
        assert len(report.report_id) == 16
        flat = squashed(pdf_text(data))
        assert display_report_id(report.report_id) in flat
        assert flat.count(display_report_id(report.report_id)) >= report.pages
    assert issued["en"].report_id != issued["zh-hans"].report_id

    # Preparing again (a second signal, a retried submit) keeps what was issued.
    submitted = IssuedReport.objects.get(pk=issued["en"].pk).assessment
    again = issued_reports_prepare(assessment=submitted)
    assert {r.pk for r in again} == {r.pk for r in issued.values()}
    assert all(r.is_ready for r in again)


def test_a_submit_outside_tests_queues_the_work_for_the_worker(
    assessment, owner, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    answer_all(assessment, owner, WORKED_ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=owner)
    assert set(IssuedReport.objects.values_list("status", flat=True)) == {"pending"}
    assert DBTaskResult.objects.filter(task_path="reports.tasks.issue_report").count() == 2

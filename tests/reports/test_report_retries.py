"""A failed rendering of an issued report is tried again, up to REPORT_ISSUE_ATTEMPTS; the
last error is kept and shown to the firm's owners on the results page (not to other members)."""

import pytest
from django.urls import reverse

from reports import issuing
from reports.issuing import issued_reports_prepare
from reports.models import IssuedReport
from reports.tasks import issue_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_render(monkeypatch):
    """Renders fail the first ``failures["count"]`` times, with a recognisable error."""
    failures = {"count": 99, "calls": 0}
    real = issuing.render_report

    def render(*args, **kwargs):
        failures["calls"] += 1
        if failures["calls"] <= failures["count"]:
            raise RuntimeError(f"font cache exploded (call {failures['calls']})")
        return real(*args, **kwargs)

    monkeypatch.setattr(issuing, "render_report", render)
    return failures


def english_report(assessment) -> IssuedReport:
    return next(r for r in issued_reports_prepare(assessment=assessment) if r.language == "en")


def test_it_gives_up_after_the_last_attempt_and_keeps_the_error(
    submitted_assessment, immediate_tasks, failing_render, settings
):
    settings.REPORT_ISSUE_ATTEMPTS = 3
    report = english_report(submitted_assessment)
    issue_report.enqueue(report.pk)
    report.refresh_from_db()
    assert failing_render["calls"] == 3
    assert report.attempts == 3
    assert report.status == IssuedReport.Status.FAILED
    assert report.error == "RuntimeError: font cache exploded (call 3)"
    assert not report.pdf and report.sha256 == ""


def test_a_render_that_fails_once_is_issued_on_the_next_attempt(
    submitted_assessment, immediate_tasks, failing_render
):
    failing_render["count"] = 1
    report = english_report(submitted_assessment)
    issue_report.enqueue(report.pk)
    report.refresh_from_db()
    assert report.status == IssuedReport.Status.READY
    assert report.attempts == 2
    assert report.error == ""
    assert report.sha256


def test_the_worker_queue_gets_the_retry_later(submitted_assessment, failing_render):
    from django_tasks_db.models import DBTaskResult

    report = english_report(submitted_assessment)
    with pytest.raises(RuntimeError):
        issue_report.func(report.pk)
    retry = DBTaskResult.objects.get(task_path="reports.tasks.issue_report")
    assert retry.args_kwargs["args"] == [report.pk]
    assert retry.run_after is not None
    report.refresh_from_db()
    assert report.status == IssuedReport.Status.PENDING and report.attempts == 1


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_the_error_is_shown_to_owners_only(
    role, request, login, owner, submitted_assessment, immediate_tasks, failing_render
):
    issue_report.enqueue(english_report(submitted_assessment).pk)
    url = reverse("reports:results", args=[submitted_assessment.pk])
    page = login(owner).get(url).content.decode()
    assert "issuing failed" in page
    assert "RuntimeError: font cache exploded (call 3)" in page
    other = login(request.getfixturevalue(role)).get(url).content.decode()
    assert "issuing failed" in other
    assert "font cache exploded" not in other

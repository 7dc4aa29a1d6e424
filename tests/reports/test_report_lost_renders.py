"""Renderings whose worker died (kill -9, out of memory) are found and tried again: a task still
running after REPORT_RENDER_TIMEOUT, or claimed by a worker process known to have ended, is
marked failed and its report queued again, until REPORT_ISSUE_ATTEMPTS attempts have been made;
then the report is failed with a clear error. Pending reports left without any task are queued.
(tests/reports/test_report_workers.py kills real worker processes.)"""

from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.issuing import issued_reports_prepare
from reports.models import IssuedReport
from reports.tasks import issue_report, requeue_lost_renders, requeue_unqueued_reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(submitted_assessment) -> dict[str, IssuedReport]:
    return {r.language: r for r in issued_reports_prepare(assessment=submitted_assessment)}


def running(report: IssuedReport, *, worker: str = "worker-a", minutes_ago: float = 10):
    """The report's task as a worker left it: claimed, its attempt counted, never finished."""
    task = DBTaskResult.objects.get(pk=issue_report.enqueue(report.pk).id)
    task.claim(worker)
    DBTaskResult.objects.filter(pk=task.pk).update(
        started_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    IssuedReport.objects.filter(pk=report.pk).update(attempts=report.attempts + 1)
    return task


def tasks_of(report: IssuedReport, status: str) -> list[DBTaskResult]:
    return [
        task
        for task in DBTaskResult.objects.filter(status=status)
        if task.args_kwargs["args"] == [report.pk]
    ]


def test_a_render_running_past_the_timeout_is_failed_and_queued_again(
    reports, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_RENDER_TIMEOUT = 300
    report = reports["en"]
    lost = running(report, minutes_ago=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_lost_renders() == [report.pk]
    lost.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == "reports.tasks.RenderLost"
    assert lost.finished_at is not None
    report.refresh_from_db()
    assert report.status == IssuedReport.Status.PENDING
    assert report.attempts == 1
    assert report.error.startswith("RenderLost: the worker gave no result within 300 s")
    assert len(tasks_of(report, TaskResultStatus.READY)) == 1
    # Seen once: a second search (another host's, or a minute later) changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_lost_renders() == []
    assert len(tasks_of(report, TaskResultStatus.READY)) == 1


def test_a_render_within_the_timeout_is_left_alone(reports, settings):
    settings.REPORT_RENDER_TIMEOUT = 300
    task = running(reports["en"], minutes_ago=4)
    assert requeue_lost_renders() == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING
    assert IssuedReport.objects.get(pk=reports["en"].pk).error == ""


def test_a_report_whose_last_attempt_is_lost_fails_with_a_clear_error(
    reports, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_ISSUE_ATTEMPTS = 3
    report = reports["en"]
    IssuedReport.objects.filter(pk=report.pk).update(attempts=2)
    report.refresh_from_db()
    running(report)  # the third attempt
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_lost_renders() == [report.pk]
    report.refresh_from_db()
    assert report.status == IssuedReport.Status.FAILED
    assert report.attempts == 3
    assert report.error.startswith("RenderLost: the worker gave no result")
    assert tasks_of(report, TaskResultStatus.READY) == []


def test_an_ended_worker_gives_back_its_own_renders_only(
    reports, django_capture_on_commit_callbacks
):
    mine = running(reports["en"], worker="worker-a", minutes_ago=0)
    other = running(reports["zh-hans"], worker="worker-b", minutes_ago=0)
    with django_capture_on_commit_callbacks(execute=True):
        found = requeue_lost_renders(started_before=timezone.now(), worker_id="worker-a")
    assert found == [reports["en"].pk]
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (TaskResultStatus.FAILED, TaskResultStatus.RUNNING)
    report = IssuedReport.objects.get(pk=reports["en"].pk)
    assert report.error.startswith("RenderLost: the worker process ended during the rendering")
    assert len(tasks_of(report, TaskResultStatus.READY)) == 1


def test_a_report_issued_before_its_worker_died_is_not_rendered_again(
    reports, django_capture_on_commit_callbacks
):
    report = reports["en"]
    task = running(report)
    IssuedReport.objects.filter(pk=report.pk).update(status=IssuedReport.Status.READY)
    with django_capture_on_commit_callbacks(execute=True):
        requeue_lost_renders()
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    report.refresh_from_db()
    assert report.status == IssuedReport.Status.READY and report.error == ""
    assert tasks_of(report, TaskResultStatus.READY) == []


def test_a_pending_report_without_a_task_is_queued(reports, settings):
    settings.REPORT_RENDER_TIMEOUT = 300
    old = timezone.now() - timedelta(minutes=10)
    IssuedReport.objects.filter(pk__in=[r.pk for r in reports.values()]).update(created_at=old)
    issue_report.enqueue(reports["zh-hans"].pk)  # this one is waiting in the queue
    assert requeue_unqueued_reports() == [reports["en"].pk]
    assert len(tasks_of(reports["en"], TaskResultStatus.READY)) == 1
    assert len(tasks_of(reports["zh-hans"], TaskResultStatus.READY)) == 1
    assert requeue_unqueued_reports() == []


def test_a_new_pending_report_is_not_queued_twice(reports, settings):
    settings.REPORT_RENDER_TIMEOUT = 300
    assert requeue_unqueued_reports() == []  # its submit is queueing it
    assert DBTaskResult.objects.count() == 0

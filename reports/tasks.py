"""Background tasks of the reports app (Django's tasks framework; `manage.py report_workers`
runs `manage.py db_worker` processes that take them from the database queue of
django-tasks-db), and the recovery of renderings whose worker died.

A worker killed mid-render (kill -9, out of memory) never marks its task finished: the task
stays RUNNING and the report pending. ``requeue_lost_renders`` finds such tasks (running for
longer than REPORT_RENDER_TIMEOUT, or claimed by a worker process known to have ended), marks
them failed and queues the report again, up to REPORT_ISSUE_ATTEMPTS attempts in all.
"""

from __future__ import annotations

import functools
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessment.models import Assessment
from reports.issuing import issued_report_lost, issued_report_render, issued_reports_prepare
from reports.models import IssuedReport

# Wait before the next attempt, per attempt made so far (where the backend can defer).
RETRY_DELAY = timedelta(seconds=30)

logger = logging.getLogger(__name__)


class RenderLost(Exception):
    """The worker rendering an issued report stopped without a result."""


@task
def issue_report(issued_report_id: int) -> str:
    """Render and store one issued report; on failure, queue another attempt until
    REPORT_ISSUE_ATTEMPTS have been made, then leave it failed with its last error."""
    report = IssuedReport.objects.filter(pk=issued_report_id).first()
    if report is None or report.status != IssuedReport.Status.PENDING:
        return report.status if report else "gone"
    try:
        issued_report_render(report=report)
    except Exception:
        if report.attempts < settings.REPORT_ISSUE_ATTEMPTS:
            retry = issue_report
            if retry.get_backend().supports_defer:
                retry = retry.using(run_after=timezone.now() + RETRY_DELAY * report.attempts)
            retry.enqueue(issued_report_id)
        raise  # the task's own result records the failure too
    return IssuedReport.Status.READY


def issue_on_submit(sender, *, assessment: Assessment, **kwargs) -> None:
    """Receiver of assessment_submitted: queue the rendering of both languages."""
    for report in issued_reports_prepare(assessment=assessment):
        if not report.is_ready:
            issue_report.enqueue(report.pk)


def _report_tasks(*statuses: str) -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path=issue_report.module_path, status__in=statuses)
    )


def requeue_lost_renders(
    *, started_before: datetime | None = None, worker_id: str | None = None
) -> list[int]:
    """Renderings of issued reports that never finished: the running tasks claimed before
    ``started_before`` (default: REPORT_RENDER_TIMEOUT ago), or only those whose last claim
    is ``worker_id``'s (a worker process that has ended). Each is marked failed, and its
    report counts a failed attempt and is queued again while attempts are left. Returns the
    ids of the reports concerned."""
    if started_before is None:
        started_before = timezone.now() - timedelta(seconds=settings.REPORT_RENDER_TIMEOUT)
    if worker_id is None:
        reason = (
            f"the worker gave no result within {settings.REPORT_RENDER_TIMEOUT} s "
            "(killed, out of memory, or stuck)"
        )
    else:
        reason = "the worker process ended during the rendering (killed, or out of memory)"
    lost = [
        result
        for result in _report_tasks(TaskResultStatus.RUNNING)
        if result.started_at is not None
        and result.started_at < started_before
        and (worker_id is None or result.worker_ids[-1:] == [worker_id])
    ]
    handled = []
    for result in lost:
        report_id = result.args_kwargs["args"][0]
        error = RenderLost(reason)
        with transaction.atomic():
            # Only the first to see the task deals with it (another host may look too).
            if not DBTaskResult.objects.filter(
                pk=result.pk, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                return_value=None,
                exception_class_path=f"{RenderLost.__module__}.{RenderLost.__qualname__}",
                traceback=f"RenderLost: {error}\n",
            ):
                continue
            if issued_report_lost(report_id=report_id, error=f"RenderLost: {error}"):
                transaction.on_commit(functools.partial(issue_report.enqueue, report_id))
        logger.warning("issued report %s: %s; task %s marked failed", report_id, reason, result.pk)
        handled.append(report_id)
    return handled


def requeue_unqueued_reports(*, created_before: datetime | None = None) -> list[int]:
    """Pending reports with no task queued or running, created before ``created_before``
    (default: REPORT_RENDER_TIMEOUT ago), are queued (the process that was to queue or retry
    them ended first, e.g. a worker stopped by a second Ctrl-C). Returns their ids."""
    if created_before is None:
        created_before = timezone.now() - timedelta(seconds=settings.REPORT_RENDER_TIMEOUT)
    waiting = {
        result.args_kwargs["args"][0]
        for result in _report_tasks(TaskResultStatus.READY, TaskResultStatus.RUNNING)
    }
    unqueued = list(
        IssuedReport.objects.filter(
            status=IssuedReport.Status.PENDING, created_at__lt=created_before
        )
        .exclude(pk__in=waiting)
        .values_list("pk", flat=True)
    )
    for report_id in unqueued:
        logger.warning("issued report %s was pending with no task: queued", report_id)
        issue_report.enqueue(report_id)
    return unqueued

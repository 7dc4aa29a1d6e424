"""Background tasks of the reports app (Django's tasks framework; `manage.py db_worker` runs
them from the database queue of django-tasks-db)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from reports.issuing import issued_report_render
from reports.models import IssuedReport

# Wait before the next attempt, per attempt made so far (where the backend can defer).
RETRY_DELAY = timedelta(seconds=30)


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

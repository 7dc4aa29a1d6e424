from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from assessment.signals import assessment_submitted
        from reports.tasks import issue_on_submit

        assessment_submitted.connect(issue_on_submit, dispatch_uid="reports.issue_on_submit")

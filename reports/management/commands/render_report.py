"""manage.py render_report ASSESSMENT_ID --lang en|zh-hans -o FILE [--html]

Renders the gap report afresh (never the stored issued file) as PDF, or as HTML with --html.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from assessment.models import Assessment
from reports.management.rendering import RenderCommand
from reports.pdf import STYLESHEET, render_report, render_report_html


class Command(RenderCommand):
    help = "Render an assessment's gap report afresh as PDF (or HTML with --html)."
    id_argument = "assessment_id"

    def handle(self, *args, assessment_id: int, lang: str, output: str, html: bool, **options):
        assessment = (
            Assessment.objects.select_related("site__firm", "version__framework")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise CommandError(f"no assessment {assessment_id}")
        if html:
            stylesheet = self.file_url(STYLESHEET)
            text = render_report_html(assessment, lang, stylesheet_url=stylesheet)
            self.write_html(Path(output), text)
        else:
            self.write_pdf(Path(output), render_report(assessment, lang))

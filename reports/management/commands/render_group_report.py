"""manage.py render_group_report FIRM_ID --lang en|zh-hans -o FILE [--html]

Renders a firm's group report (matrix, trends, top gaps, green-mine progress, overdue
actions) as PDF, or as HTML with --html.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from assessment.models import Firm
from reports.group_report import (
    GROUP_PDF_STYLESHEETS,
    group_report_html,
    render_group_report,
)
from reports.management.rendering import RenderCommand


class Command(RenderCommand):
    help = "Render a firm's group report as PDF (or HTML with --html)."
    id_argument = "firm_id"

    def handle(self, *args, firm_id: int, lang: str, output: str, html: bool, **options):
        firm = Firm.objects.filter(pk=firm_id).first()
        if firm is None:
            raise CommandError(f"no firm {firm_id}")
        if html:
            # The print stylesheets (not the PDF renderer's font faces).
            urls = [self.file_url(name) for name, _url in GROUP_PDF_STYLESHEETS[1:]]
            text = group_report_html(firm, lang, stylesheet_urls=urls)
            self.write_html(Path(output), text)
        else:
            self.write_pdf(Path(output), render_group_report(firm, lang))

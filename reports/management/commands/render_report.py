"""manage.py render_report ASSESSMENT_ID --lang en|zh-hans -o FILE [--html]

Renders the gap report afresh (never the stored issued file) as PDF, or as HTML with --html.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.language import LANGUAGES
from assessment.models import Assessment
from reports.pdf import STYLESHEET, render_report, render_report_html


class Command(BaseCommand):
    help = "Render an assessment's gap report afresh as PDF (or HTML with --html)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--lang", choices=LANGUAGES, default="en", help="report language")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--html", action="store_true", help="write the HTML, not the PDF")

    def handle(self, *args, assessment_id: int, lang: str, output: str, html: bool, **options):
        assessment = (
            Assessment.objects.select_related("site__firm", "version__framework")
            .filter(pk=assessment_id)
            .first()
        )
        if assessment is None:
            raise CommandError(f"no assessment {assessment_id}")
        target = Path(output)
        if html:
            # Linked by file URL, so that the page opens styled in a browser.
            stylesheet = Path(finders.find(STYLESHEET)).resolve().as_uri()
            text = render_report_html(assessment, lang, stylesheet_url=stylesheet)
            target.write_text(text, encoding="utf-8")
            self.stdout.write(f"wrote {target} (HTML, {len(text.encode())} bytes)")
            return
        rendered = render_report(assessment, lang)
        target.write_bytes(rendered.pdf)
        self.stdout.write(
            f"wrote {target} (PDF, {rendered.pages} pages, {len(rendered.pdf)} bytes)"
        )

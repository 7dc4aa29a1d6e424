"""What the commands that render a report afresh share: their arguments (an id, --lang, -o,
--html) and the line they print about the file they wrote."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand, CommandParser

from assessment.language import LANGUAGES
from reports.pdf import RenderedReport


class RenderCommand(BaseCommand):
    id_argument = "id"  # the name of the positional id: assessment_id, firm_id

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(self.id_argument, type=int)
        parser.add_argument("--lang", choices=LANGUAGES, default="en", help="report language")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        parser.add_argument("--html", action="store_true", help="write the HTML, not the PDF")

    @staticmethod
    def file_url(static_path: str) -> str:
        """A static file's file: URL, so that the HTML opens styled in a browser."""
        return Path(finders.find(static_path)).resolve().as_uri()

    def write_html(self, target: Path, text: str) -> None:
        target.write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {target} (HTML, {len(text.encode())} bytes)")

    def write_pdf(self, target: Path, rendered: RenderedReport) -> None:
        target.write_bytes(rendered.pdf)
        self.stdout.write(
            f"wrote {target} (PDF, {rendered.pages} pages, {len(rendered.pdf)} bytes)"
        )

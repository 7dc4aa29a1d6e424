"""`manage.py export_questionnaire ASSESSMENT_ID -o FILE.xlsx [--lang en|zh-hans]`: the
questionnaire of an assessment as the Excel workbook its page offers for offline work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.models import Assessment
from exchange.questionnaire_export import questionnaire_workbook
from exchange.sheet_format import LANGUAGES


class Command(BaseCommand):
    help = "Write the questionnaire of an assessment as an Excel workbook to fill in offline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
        parser.add_argument("--lang", choices=LANGUAGES, default="en", help="headers and labels")

    def handle(self, *args: Any, **options: Any) -> None:
        pk = options["assessment_id"]
        assessment = Assessment.objects.select_related("version").filter(pk=pk).first()
        if assessment is None:
            raise CommandError(f"no assessment with id {pk}")
        data = questionnaire_workbook(assessment, options["lang"])
        Path(options["output"]).write_bytes(data)
        count = assessment.answers.count()
        self.stdout.write(f"wrote {options['output']} ({count} criteria, {len(data)} bytes)")

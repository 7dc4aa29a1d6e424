"""`manage.py rescore_stored [--store-missing]`: score every submitted assessment again from
its answers and compare with the results stored at its submission.

Prints ``differs ID SITE: PATH: STORED != LIVE`` per difference, ``missing ID SITE`` (or
``stored ID SITE`` with --store-missing) per assessment without stored results, and a last line
``N assessments, D differences``. Exits with status 1 when there is any difference: a submitted
assessment's result must never change.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from assessment.stored_results import rescore_submitted, results_store


class Command(BaseCommand):
    help = "Compare every submitted assessment's stored results with its answers scored again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--store-missing",
            action="store_true",
            help="store the results of submitted assessments that have none",
        )

    def handle(self, *args: Any, store_missing: bool, **options: Any) -> None:
        assessments = differences = 0
        for rescored in rescore_submitted():
            assessments += 1
            assessment = rescored.assessment
            name = f"{assessment.pk} {assessment.site.name}"
            if rescored.stored is None:
                if store_missing:
                    with transaction.atomic():
                        results_store(assessment=assessment)
                    self.stdout.write(f"stored {name}")
                else:
                    self.stdout.write(f"missing {name}")
            for line in rescored.differences:
                self.stdout.write(f"differs {name}: {line}")
            differences += len(rescored.differences)
        self.stdout.write(f"{assessments} assessments, {differences} differences")
        if differences:
            raise SystemExit(1)

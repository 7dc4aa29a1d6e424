"""`manage.py import_questionnaire ASSESSMENT_ID FILE.xlsx [--dry-run] [--user NAME]`: a
filled-in offline questionnaire into a draft, as its upload page does it.

Prints `N changed, M unchanged, K invalid`, then one line per invalid cell
(`invalid SHEET row R CODE: message`) and per answer changed online since the download
(`conflict SHEET row R CODE: part`; not written). Nothing is written while any cell is invalid,
nor with --dry-run; otherwise every change is written in one transaction, its history naming
--user (the person the import is recorded as: required unless --dry-run, a member of the
assessment's firm who may change it). Exits with status 1 when a cell is invalid or an answer
is left unimported as a conflict (the other changes are still written)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import translation

from assessment.access import get_assessment_for
from assessment.models import Assessment
from assessment.models.assessments import LOCKED_MESSAGE
from exchange.questionnaire_file import RefusedFile, read_questionnaire
from exchange.questionnaire_import import import_apply, import_plan


class Command(BaseCommand):
    help = (
        "Import a filled-in offline questionnaire (.xlsx) into a draft assessment. Prints "
        "'N changed, M unchanged, K invalid', then the invalid cells and the conflicts (answers "
        "changed online since the download: not imported); exits 1 when any cell is invalid "
        "(nothing written) or any conflict is left. --user is required unless --dry-run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check, report, write nothing")
        parser.add_argument(
            "--user",
            help="the user name the changes are recorded as (required unless --dry-run): a "
            "member of the assessment's firm who may change it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        pk = options["assessment_id"]
        assessment = Assessment.objects.select_related("version").filter(pk=pk).first()
        if assessment is None:
            raise CommandError(f"no assessment with id {pk}")
        if assessment.is_locked:
            raise CommandError(str(LOCKED_MESSAGE))
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"no user {options['user']}")
            try:
                get_assessment_for(user, pk, write=True)
            except (Http404, PermissionDenied):
                raise CommandError(
                    f"{user.username} may not change assessment {pk}: not a member of its "
                    "firm who may write"
                ) from None
        elif not options["dry_run"]:
            raise CommandError(
                "--user is required to import (the history names the person); "
                "check the file with --dry-run"
            )
        path = Path(options["file"])
        try:
            plan = import_plan(assessment, read_questionnaire(path.name, path.read_bytes()))
        except (RefusedFile, OSError) as error:
            raise CommandError(getattr(error, "message", str(error))) from None
        self.stdout.write(plan.summary)
        for problem in plan.problems:
            self.stdout.write(f"invalid {problem}")
        for conflict in plan.conflicts:
            parts = ", ".join(part.label for part in conflict.shown)
            where = f"{conflict.sheet} row {conflict.row} {conflict.code}"
            self.stdout.write(f"conflict {where}: {parts}")
        if plan.problems:
            raise CommandError("nothing imported: correct the invalid cells")
        if plan.changes and not options["dry_run"]:
            try:
                import_apply(assessment=assessment, user=user, changes=plan.stored_changes())
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            count = len(plan.changes)
            self.stdout.write(f"imported {count} {'change' if count == 1 else 'changes'}")
        if plan.conflicts:
            count = len(plan.conflicts)
            raise CommandError(
                f"{count} {'answer' if count == 1 else 'answers'} not imported: changed online "
                "since the download"
            )

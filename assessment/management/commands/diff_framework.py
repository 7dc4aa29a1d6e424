from django.core.management.base import BaseCommand, CommandParser

from assessment import catalogue
from assessment.management.commands.export_framework import find_version


class Command(BaseCommand):
    help = "List criteria added, removed and changed (with the changed fields) between versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("old", metavar="V1")
        parser.add_argument("new", metavar="V2")

    def handle(self, *args, code: str, old: str, new: str, **options) -> None:
        diff = catalogue.version_diff(old=find_version(code, old), new=find_version(code, new))
        for added in diff.added:
            self.stdout.write(f"added {added}")
        for removed in diff.removed:
            self.stdout.write(f"removed {removed}")
        for changed, fields in diff.changed.items():
            self.stdout.write(f"changed {changed}: {', '.join(fields)}")
        self.stdout.write(
            f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
        )

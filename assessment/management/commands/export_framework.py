import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from assessment.catalogue import library_export
from assessment.library import dump_library
from assessment.models import FrameworkVersion


def find_version(code: str, label: str | None) -> FrameworkVersion:
    """The named version, or the newest published one (else the newest draft) of a framework."""
    versions = FrameworkVersion.objects.filter(framework__code=code).select_related("framework")
    if label is not None:
        version = versions.filter(version=label).first()
        if version is None:
            raise CommandError(
                _("framework '%(code)s' has no version '%(label)s'")
                % {"code": code, "label": label}
            )
        return version
    version = versions.published().newest_first().first() or versions.first()
    if version is None:
        raise CommandError(_("no framework with code '%(code)s'") % {"code": code})
    return version


class Command(BaseCommand):
    help = "Write a framework version as a criteria library file (YAML)."

    def add_arguments(self, parser: CommandParser) -> None:
        # --version names the framework version here, not the program's version.
        parser._optionals.conflict_handler = "resolve"
        parser.add_argument("code")
        parser.add_argument("--version", dest="label", help="version label (default: newest)")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, code: str, label: str | None, output: str | None, **options) -> None:
        version = find_version(code, label)
        text = dump_library(library_export(version=version))
        if output:
            Path(output).write_text(text, encoding="utf-8")
            count = version.criteria.count()
            self.stderr.write(f"wrote {code} {version.version} ({count} criteria) to {output}")
        else:
            sys.stdout.write(text)

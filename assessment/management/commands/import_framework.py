from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.catalogue import library_import
from assessment.library import MAX_LIBRARY_CHARS, LibraryError, parse_library


class Command(BaseCommand):
    help = "Import a criteria library file (YAML) as a framework version, in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files: list[str], **options) -> None:
        for name in files:
            path = Path(name)
            try:
                with path.open(encoding="utf-8") as handle:  # no more than the parser takes
                    text = handle.read(MAX_LIBRARY_CHARS + 1)
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: cannot read the file: {error}") from error
            try:
                result = library_import(library=parse_library(text, name), source=name)
            except LibraryError as error:
                raise CommandError(str(error)) from error
            version = result.version
            count = version.criteria.count()
            if result.created:
                self.stdout.write(
                    f"imported {version.framework.code} {version.version} "
                    f"({version.status}, {count} criteria) from {name}"
                )
            else:
                self.stdout.write(
                    f"unchanged {version.framework.code} {version.version} "
                    f"({version.status}, {count} criteria): already imported"
                )

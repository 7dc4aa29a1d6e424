"""manage.py backup: the database and the evidence files in one archive (see assessment.backups)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessment.backups import BackupError, backup_create, bucket_note, media_bucket


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database and the media folder into a timestamped "
        ".tar.gz under BACKUP_DIR (var/backups/) and print its path."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--to",
            dest="destination",
            type=Path,
            default=None,
            help="Folder for the archive (default: BACKUP_DIR).",
        )

    def handle(self, *args, destination: Path | None, **options) -> None:
        try:
            archive = backup_create(destination=destination or Path(settings.BACKUP_DIR))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
        bucket = media_bucket()
        if bucket:  # on standard error: standard output stays the archive's path, for scripts
            self.stderr.write(bucket_note(bucket))

"""manage.py restore FILE: bring back the database and evidence files of a backup archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessment.backups import BackupError, backup_restore, bucket_note, read_manifest


class Command(BaseCommand):
    help = (
        "Replace the database and the media folder with those of a backup archive made by "
        "`manage.py backup`. Stop the web and task processes first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="A .tar.gz written by manage.py backup.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, archive: Path, interactive: bool, **options) -> None:
        if not archive.is_file():
            raise CommandError(f"{archive}: no such file")
        try:
            manifest = read_manifest(archive)
            if interactive:
                answer = input(
                    f"Replace this site's database and media with the backup of "
                    f"{manifest['created_at']} ({manifest['engine']})? Type 'yes' to go on: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled: nothing was changed.")
            backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {archive} (made {manifest['created_at']})")
        if manifest["media"] is None:
            self.stdout.write(bucket_note(manifest["media_bucket"]))

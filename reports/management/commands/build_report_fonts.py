"""manage.py build_report_fonts [--force] [--output DIR]

Writes the report font MineReady Sans (see reports/fonts.py) into static/fonts/: one line per
weight, "built ..." or "kept ..." when the file is already there, and "removed ..." for a file
of an earlier build that is no longer used (the OpenType-CFF .otf files before the TrueType
ones). Run by `make setup`; it takes about 30 s the first time (the two weights are built side
by side) and nothing after.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import fonts


class Command(BaseCommand):
    help = "Build the report font (Noto Sans CJK SC cut down to the characters reports use)."
    requires_system_checks = []  # touches no model: runs before the database exists, too

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="build even if the files exist")
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "static" / "fonts"),
            help="folder to write the font files into (default: static/fonts)",
        )

    def handle(self, *args, force: bool, output: str, **options) -> None:
        folder = Path(output)
        current = {file_name for file_name, _source_style, _style in fonts.WEIGHTS}
        for stale in sorted(folder.glob(f"{fonts.FILE_PREFIX}*")):
            if stale.name not in current:
                stale.unlink()
                self.stdout.write(f"removed {stale}")
        jobs = []
        for file_name, source_style, style in fonts.WEIGHTS:
            target = folder / file_name
            if target.exists() and not force:
                self.stdout.write(f"kept {target}")
                continue
            source = fonts.find_source(source_style)
            if source is None:
                raise CommandError(
                    f"{fonts.SOURCE_FAMILY} {source_style} is not installed: install Debian's "
                    "fonts-noto-cjk (make setup does)"
                )
            jobs.append((source, target, style))
        if not jobs:
            return
        texts = fonts.project_texts(Path(settings.BASE_DIR))
        characters = fonts.kept_characters(texts)
        common = fonts.common_characters(texts)
        with ProcessPoolExecutor(max_workers=len(jobs)) as pool:
            futures = [
                pool.submit(fonts.build_font, source, target, style, characters, common)
                for source, target, style in jobs
            ]
            for future, (_source, target, _style) in zip(futures, jobs, strict=True):
                future.result()
                self.stdout.write(f"built {target} ({len(characters)} characters)")

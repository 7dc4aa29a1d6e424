"""Backups: the database and the uploaded evidence in one timestamped .tar.gz, and back.

The database copy is consistent while the application runs: SQLite's online backup API
(`sqlite3.Connection.backup`) or `pg_dump` (one snapshot). The media folder is copied after
the database, so every file the copy refers to is in the archive (evidence files are never
changed in place; a file removed in the seconds between the two steps may be missing).

A restore refuses an archive made on another database engine; it replaces the database (SQLite
through the same backup API, which is safe for a file in WAL mode; PostgreSQL with pg_restore in
one transaction) and swaps the media folder for the archive's. Stop the web and task processes
first: they would keep their connections and caches of what was there.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    pass


def database_engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _postgres_environment(alias: str) -> dict[str, str]:
    """libpq variables for pg_dump / pg_restore: no password on a command line."""
    database = connections[alias].settings_dict
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    return os.environ | {key: value for key, value in values.items() if value}


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (postgresql-client)") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(target: Path, alias: str) -> None:
    if database_engine(alias) == "sqlite":
        source = sqlite3.connect(connections[alias].settings_dict["NAME"])
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # one step: a consistent snapshot, writers keep working
        finally:
            copy.close()
            source.close()
        return
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        _postgres_environment(alias),
    )


def backup_create(*, destination: Path, alias: str = "default") -> Path:
    """Write `mineready-<UTC time>.tar.gz` into `destination` and return its path."""
    engine = database_engine(alias)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    archive = destination / f"mineready-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=destination) as work:
        database_file = Path(work) / DATABASE_FILES[engine]
        _dump_database(database_file, alias)
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": datetime.now(UTC).isoformat(),
            "database": database_file.name,
            "media": MEDIA,
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(database_file, arcname=database_file.name)
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA)
        partial.replace(archive)  # a finished archive or none: never half of one
    return archive


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{archive} is not a MineReady backup: {error}") from error
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("engine") not in DATABASE_FILES
        or manifest.get("database") != DATABASE_FILES[manifest["engine"]]
        or manifest.get("media") != MEDIA
    ):
        raise BackupError(f"{archive} is not a MineReady backup of format {FORMAT}")
    return manifest


def _restore_database(source: Path, engine: str, alias: str) -> None:
    connections[alias].close()
    if engine == "sqlite":
        copy = sqlite3.connect(source)
        live = sqlite3.connect(connections[alias].settings_dict["NAME"], timeout=20)
        try:
            with live:
                copy.backup(live)  # page by page under SQLite's locks: safe in WAL mode
        finally:
            live.close()
            copy.close()
        return
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={_postgres_environment(alias)['PGDATABASE']}",
            str(source),
        ],
        _postgres_environment(alias),
    )


def _restore_media(source: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media_root.parent))
    if source.is_dir():
        shutil.copytree(source, incoming, dirs_exist_ok=True)
    previous = media_root.with_name(f".{media_root.name}-before-restore")
    shutil.rmtree(previous, ignore_errors=True)
    if media_root.exists():
        media_root.rename(previous)
    incoming.rename(media_root)
    shutil.rmtree(previous, ignore_errors=True)


def backup_restore(*, archive: Path, alias: str = "default") -> dict:
    """Bring back the database and media of `archive`; returns its manifest."""
    manifest = read_manifest(archive)
    engine = database_engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"{archive} holds a {manifest['engine']} database; this site runs on {engine}"
        )
    with tempfile.TemporaryDirectory() as work:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # refuses absolute paths, .., devices, links out
        database_file = Path(work) / manifest["database"]
        if not database_file.is_file():
            raise BackupError(f"{archive} has no {manifest['database']}")
        _restore_database(database_file, engine, alias)
        _restore_media(Path(work) / manifest["media"])
    return manifest

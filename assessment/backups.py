"""Backups: the database and the uploaded evidence in one timestamped .tar.gz, and back.

The database copy is consistent while the application runs: SQLite's online backup API
(`sqlite3.Connection.backup`) or `pg_dump` (one snapshot). The media folder is copied after
the database, so every file the copy refers to is in the archive (evidence files are never
changed in place; a file removed in the seconds between the two steps may be missing).

A restore refuses an archive made on another database engine; it replaces the database (SQLite
through the same backup API, which is safe for a file in WAL mode; PostgreSQL with pg_restore in
one transaction) and swaps the media folder for the archive's. Stop the web and task processes
first: they would keep their connections and caches of what was there.

When the files are in a bucket (STORAGE_URL), the archive holds the database only, with a note
(and its manifest) naming the bucket: the bucket is backed up by its own versioning or
replication, and a restore brings back the database only.
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
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
BUCKET_NOTE = "MEDIA-IN-BUCKET.txt"


class BackupError(Exception):
    pass


def database_engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def media_bucket() -> dict[str, str] | None:
    """Where the uploaded files are when not in a local folder (the default storage's bucket and
    key prefix); None for a folder."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return None
    return {
        "storage": f"{type(storage).__module__}.{type(storage).__name__}",
        "bucket": getattr(storage, "bucket_name", None) or "",
        "prefix": getattr(storage, "location", None) or "",
        "endpoint": getattr(storage, "endpoint_url", None) or "",
    }


def bucket_note(bucket: dict[str, str]) -> str:
    where = f"s3://{bucket.get('bucket', '')}/{bucket.get('prefix', '')}".rstrip("/")
    return (
        f"The uploaded files (evidence, issued reports) are in the bucket {where}, not in this "
        "archive: back the bucket up with its own versioning or replication. Restoring this "
        "archive brings back the database only."
    )


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
    # Owner-only, folder and archive alike: a backup holds every firm's data and password hashes.
    destination.mkdir(mode=0o700, parents=True, exist_ok=True)  # an existing folder is kept as is
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    archive = destination / f"mineready-{stamp}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    bucket = media_bucket()
    with tempfile.TemporaryDirectory(dir=destination) as work:
        database_file = Path(work) / DATABASE_FILES[engine]
        _dump_database(database_file, alias)
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created_at": datetime.now(UTC).isoformat(),
            "database": database_file.name,
            "media": None if bucket else MEDIA,
        }
        if bucket:
            manifest["media_bucket"] = bucket
            (Path(work) / BUCKET_NOTE).write_text(bucket_note(bucket) + "\n", encoding="utf-8")
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        partial = archive.with_suffix(".partial")
        private = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(private, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(database_file, arcname=database_file.name)
            if bucket:
                tar.add(Path(work) / BUCKET_NOTE, arcname=BUCKET_NOTE)
            elif media_root.is_dir():
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
        or not (
            manifest.get("media") == MEDIA
            or (manifest.get("media") is None and isinstance(manifest.get("media_bucket"), dict))
        )
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


def _check_media_kind(archive: Path, manifest: dict) -> None:
    """Refuse an archive whose files are kept elsewhere than this site keeps them: its database
    would point at files the site cannot find."""
    bucket = media_bucket()
    if manifest["media"] is None and bucket is None:
        where = manifest["media_bucket"].get("bucket", "?")
        raise BackupError(
            f"{archive} is from a site that keeps its files in the bucket {where}; "
            "set STORAGE_URL to that bucket to restore it"
        )
    if manifest["media"] is not None and bucket is not None:
        raise BackupError(
            f"{archive} holds a media folder, but this site keeps its files in the bucket "
            f"{bucket['bucket']}: restore it with STORAGE_URL unset, copy the folder's files into "
            "the bucket under the same names, then set STORAGE_URL"
        )


def backup_restore(*, archive: Path, alias: str = "default") -> dict:
    """Bring back the database and media of `archive`; returns its manifest."""
    manifest = read_manifest(archive)
    engine = database_engine(alias)
    if manifest["engine"] != engine:
        raise BackupError(
            f"{archive} holds a {manifest['engine']} database; this site runs on {engine}"
        )
    _check_media_kind(archive, manifest)
    with tempfile.TemporaryDirectory() as work:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # refuses absolute paths, .., devices, links out
        database_file = Path(work) / manifest["database"]
        if not database_file.is_file():
            raise BackupError(f"{archive} has no {manifest['database']}")
        _restore_database(database_file, engine, alias)
        if manifest["media"] is not None:
            _restore_media(Path(work) / manifest["media"])
    return manifest

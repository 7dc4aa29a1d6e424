"""Backup and restore: one archive holds the database and the evidence files; a restore brings
a firm's assessments, answers, history and files back as they were."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from assessment.backups import DATABASE_FILES
from assessment.models import Answer, Assessment, Evidence, Site
from assessment.workflow import answer_save, evidence_attach, evidence_remove
from tests.helpers import ROOT

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def needs_pg_dump_on_postgresql():
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")


def backup(destination: Path) -> Path:
    out = io.StringIO()
    call_command("backup", to=destination, stdout=out)
    return Path(out.getvalue().strip())


def restore(archive: Path) -> None:
    call_command("restore", str(archive), interactive=False, stdout=io.StringIO())


def test_a_restore_brings_back_assessments_answers_history_and_evidence(
    owner, assessment, tmp_path
):
    answer = assessment.answers.select_related("criterion").get(criterion__code="RIGHTS-01")
    answer_save(answer=answer, user=owner, value="yes", comment="permit on file")
    evidence = evidence_attach(
        answer=answer, user=owner, upload=SimpleUploadedFile("permit.pdf", PDF)
    )
    stored_file, evidence_pk = evidence.file.path, evidence.pk
    history_rows = answer.history.count()

    archive = backup(tmp_path / "backups")

    assert archive.parent == tmp_path / "backups"
    assert archive.name.startswith("mineready-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert {"manifest.json", DATABASE_FILES[connection.vendor]} <= set(names)
    assert f"media/{evidence.file.name}" in names

    # Things go wrong: an answer changed, the evidence removed, a site added and one deleted.
    answer_save(answer=answer, user=owner, value="no", comment="")
    evidence_remove(evidence=evidence)
    assert not Path(stored_file).exists()
    Site.objects.create(
        firm=assessment.site.firm, name="Added later", province="NM", minerals=["coal"],
        method="open_pit", scale="large",
    )  # fmt: skip

    restore(archive)

    answer = Answer.objects.get(pk=answer.pk)
    assert (answer.value, answer.comment) == ("yes", "permit on file")
    assert answer.history.count() == history_rows
    restored = Evidence.objects.get()
    assert (restored.pk, restored.original_name) == (evidence_pk, "permit.pdf")
    assert restored.file.read() == PDF
    assert list(Site.objects.values_list("name", flat=True)) == [assessment.site.name]
    assert Assessment.objects.get().state == "draft"


@pytest.fixture
def usual_umask():
    """The umask most systems have, which leaves new files readable by everyone."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_backup_and_the_folder_it_creates_are_its_owners_only(db, tmp_path, usual_umask):
    destination = tmp_path / "var" / "backups"
    archive = backup(destination)
    assert (mode(archive), mode(destination)) == (0o600, 0o700)
    assert list(destination.iterdir()) == [archive]  # no partial file or work folder left


def test_a_backup_into_an_existing_folder_keeps_the_folders_mode(db, tmp_path, usual_umask):
    destination = tmp_path / "shared"
    destination.mkdir(mode=0o750)
    archive = backup(destination)
    assert (mode(archive), mode(destination)) == (0o600, 0o750)


def test_a_restore_refuses_what_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        data = b"{}"
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="not a MineReady backup"):
        restore(bogus)
    with pytest.raises(CommandError, match="no such file"):
        restore(tmp_path / "missing.tar.gz")


def test_a_restore_refuses_paths_outside_the_archive(db, tmp_path):
    archive = backup(tmp_path)
    hostile = tmp_path / "hostile.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(hostile, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member) if member.isfile() else None)
        info = tarfile.TarInfo("../../escaped.txt")
        info.size = 1
        target.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(tarfile.TarError):
        restore(hostile)
    assert not (tmp_path.parent / "escaped.txt").exists()


def test_a_restore_refuses_an_archive_of_another_database_engine(db, tmp_path):
    archive = backup(tmp_path)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    forged = tmp_path / "other.tar.gz"
    manifest = (
        f'{{"format": 1, "engine": "{other}", "created_at": "2026-01-01T00:00:00+00:00", '
        f'"database": "{DATABASE_FILES[other]}", "media": "media"}}'
    ).encode()
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            if member.name == "manifest.json":
                member.size = len(manifest)
                target.addfile(member, io.BytesIO(manifest))
            else:
                target.addfile(member, source.extractfile(member) if member.isfile() else None)
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        restore(forged)


def test_make_restore_needs_a_file():
    environment = {key: value for key, value in os.environ.items() if key != "FILE"}
    result = subprocess.run(
        ["make", "-s", "restore"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "usage: make restore FILE=" in result.stdout

"""Uploads in an S3-compatible bucket (STORAGE_URL): evidence and issued reports are written to
and read from a real server process (moto's, on 127.0.0.1) through Django's storage API, and
are only ever handed out through the permission-checked views; backups say the files are in
the bucket."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from assessment.backups import BUCKET_NOTE, DATABASE_FILES
from assessment.models import Evidence, Site
from assessment.storage import LOCAL_BACKEND, S3_BACKEND, storage_from_url
from assessment.submission import assessment_submit
from assessment.workflow import evidence_attach, evidence_remove
from reports.models import IssuedReport
from tests.helpers import WORKED_ANSWERS, answer_all, store_issued
from tests.project.test_settings import settings_from

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def upload(client, assessment, code: str, name: str, content: bytes):
    answer = assessment.answers.get(criterion__code=code)
    url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def local_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


# --- STORAGE_URL -----------------------------------------------------------------------------


def test_no_storage_url_keeps_files_in_the_private_folder():
    assert storage_from_url("") == {"BACKEND": LOCAL_BACKEND}


def test_a_storage_url_names_a_private_bucket_with_a_key_prefix():
    storage = storage_from_url(
        "s3://evidence-bucket/mineready/prod?endpoint_url=https://s3.example.com"
        "&region=cn-north-1&addressing_style=virtual"
    )
    assert storage["BACKEND"] == S3_BACKEND
    assert storage["OPTIONS"] | {"max_memory_size": 0} == {
        "bucket_name": "evidence-bucket",
        "location": "mineready/prod",
        "endpoint_url": "https://s3.example.com",
        "region_name": "cn-north-1",
        "addressing_style": "virtual",
        "default_acl": "private",
        "querystring_auth": False,  # never a signed URL: the views stream the files
        "file_overwrite": False,
        "max_memory_size": 0,
    }
    assert storage_from_url("s3://b?acl=none")["OPTIONS"]["default_acl"] is None
    assert storage_from_url("s3://b")["OPTIONS"]["location"] == ""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///var/media", "must be s3://"),
        ("s3:///no-bucket", "must be s3://"),
        ("s3://bucket?endpoint=http://x", "unknown options endpoint"),
        ("s3://bucket?addressing_style=dns", "path or virtual"),
    ],
)
def test_a_wrong_storage_url_is_refused_with_its_reason(url, message):
    with pytest.raises(ValueError, match=message):
        storage_from_url(url)


def test_the_settings_read_storage_url_from_the_environment():
    def backend(url: str) -> str:
        return settings_from({"DEBUG": "1", "STORAGE_URL": url})["STORAGES"]["default"]["BACKEND"]

    assert backend("s3://bucket/prefix?region=us-east-1") == S3_BACKEND
    assert backend("") == LOCAL_BACKEND
    with pytest.raises(ValueError, match="STORAGE_URL must be s3://"):
        backend("ftp://bucket")


# --- Evidence ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_evidence_is_stored_in_the_bucket_and_served_only_through_the_view(
    s3_storage, settings, login, editor, viewer, outsider, assessment
):
    response = upload(login(editor), assessment, "RIGHTS-01", "permit.pdf", PDF)

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    evidence.refresh_from_db()
    key = f"media/{evidence.file.name}"
    assert evidence.file.name.startswith(f"evidence/{assessment.pk}/")
    assert s3_storage.keys() == [key]
    assert s3_storage.read(key) == PDF
    assert local_files(settings) == []
    grants = s3_storage.client.get_object_acl(Bucket=s3_storage.name, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner alone
    assert grants[0]["Grantee"]["Type"] == "CanonicalUser"

    url = reverse("assessment:evidence_download", args=[evidence.pk])
    response = login(viewer).get(url)
    assert response.status_code == 200  # streamed by the view, not a redirect to the bucket
    assert downloaded(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="permit.pdf"'
    assert response["Content-Length"] == str(len(PDF))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert login(outsider).get(url).status_code == 404


@pytest.mark.django_db
def test_a_refused_upload_leaves_nothing_in_the_bucket(s3_storage, login, editor, assessment):
    response = upload(login(editor), assessment, "RIGHTS-01", "permit.pdf", b"MZ\x90\x00 program")
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert s3_storage.keys() == []


@pytest.mark.django_db
def test_removing_evidence_deletes_its_object(
    s3_storage, login, editor, assessment, django_capture_on_commit_callbacks
):
    upload(login(editor), assessment, "RIGHTS-01", "permit.pdf", PDF)
    evidence = Evidence.objects.get()
    assert len(s3_storage.keys()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = login(editor).post(reverse("assessment:evidence_delete", args=[evidence.pk]))

    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert s3_storage.keys() == []


@pytest.mark.django_db
def test_evidence_missing_from_the_bucket_answers_404(s3_storage, login, viewer, owner, assessment):
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    evidence = evidence_attach(answer=answer, user=owner, upload=SimpleUploadedFile("p.pdf", PDF))
    s3_storage.client.delete_object(Bucket=s3_storage.name, Key=f"media/{evidence.file.name}")

    response = login(viewer).get(reverse("assessment:evidence_download", args=[evidence.pk]))

    assert response.status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()


# --- Issued reports -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_issued_reports_are_stored_in_the_bucket_downloaded_and_verified_byte_for_byte(
    s3_storage,
    settings,
    client,
    login,
    owner,
    viewer,
    outsider,
    assessment,
    immediate_tasks,
    freeze_today,
    django_capture_on_commit_callbacks,
):
    answer_all(assessment, owner, WORKED_ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=owner)

    reports = {r.language: r for r in IssuedReport.objects.filter(assessment=assessment)}
    assert sorted(reports) == ["en", "zh-hans"]
    assert all(r.status == IssuedReport.Status.READY for r in reports.values())
    assert s3_storage.keys() == sorted(f"media/{r.pdf.name}" for r in reports.values())
    assert local_files(settings) == []

    for language, report in reports.items():
        stored = s3_storage.read(f"media/{report.pdf.name}")
        assert hashlib.sha256(stored).hexdigest() == report.sha256
        url = reverse("reports:report_pdf", args=[assessment.pk, language])
        response = login(viewer).get(url)
        assert response.status_code == 200
        assert downloaded(response) == stored  # the issued file, not a fresh rendering
        assert login(outsider).get(url).status_code == 404

        check = client.post(
            reverse("reports:verify_report"),
            {"report_id": report.display_id, "pdf": SimpleUploadedFile("r.pdf", stored)},
        )
        assert check.status_code == 200
        assert check.context["verification"].matches is True


@pytest.mark.django_db
def test_an_issued_report_missing_from_the_bucket_answers_404(
    s3_storage, login, viewer, submitted_assessment
):
    report = store_issued(submitted_assessment, "en")  # noqa: F405
    assert s3_storage.keys() == [f"media/{report.pdf.name}"]
    s3_storage.client.delete_object(Bucket=s3_storage.name, Key=f"media/{report.pdf.name}")

    response = login(viewer).get(
        reverse("reports:report_pdf", args=[submitted_assessment.pk, "en"])
    )

    assert response.status_code == 404


# --- Backups ------------------------------------------------------------------------------------


@pytest.fixture
def database_dump_tools():
    if connection.vendor == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")


def backup(destination: Path) -> tuple[Path, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", to=destination, stdout=out, stderr=err)
    return Path(out.getvalue().strip()), err.getvalue()


def restore(archive: Path) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), interactive=False, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_a_bucket_holds_the_database_and_says_where_the_files_are(
    database_dump_tools, s3_storage, settings, owner, assessment, tmp_path
):
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    evidence = evidence_attach(answer=answer, user=owner, upload=SimpleUploadedFile("p.pdf", PDF))
    evidence_pk, key = evidence.pk, f"media/{evidence.file.name}"
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "stray.txt").write_text("not in use while files are in the bucket")

    archive, printed = backup(tmp_path / "backups")

    assert "in the bucket s3://" + s3_storage.name + "/media" in printed
    assert "versioning or replication" in printed
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == sorted(
            ["manifest.json", DATABASE_FILES[connection.vendor], BUCKET_NOTE]
        )
        manifest = json.loads(tar.extractfile("manifest.json").read())
        note = tar.extractfile(BUCKET_NOTE).read().decode()
    assert manifest["media"] is None
    assert manifest["media_bucket"]["bucket"] == s3_storage.name
    assert manifest["media_bucket"]["prefix"] == "media"
    assert "versioning or replication" in note

    evidence_remove(evidence=evidence)  # the row and (once committed) the object go
    assert s3_storage.keys() == []
    s3_storage.client.put_object(  # the bucket's own versioning brings the object back
        Bucket=s3_storage.name, Key=key, Body=PDF
    )
    said = restore(archive)

    assert "brings back the database only" in said
    restored = Evidence.objects.get()
    assert restored.pk == evidence_pk
    assert restored.file.read() == PDF
    assert (settings.MEDIA_ROOT / "stray.txt").exists()  # the local folder is not touched


@pytest.mark.django_db(transaction=True)
def test_archives_and_sites_that_keep_files_in_different_places_are_refused(
    database_dump_tools, s3_storage, settings, owner, assessment, tmp_path
):
    bucket_archive, _printed = backup(tmp_path / "bucket")
    bucket_storages = settings.STORAGES
    settings.STORAGES = {**bucket_storages, "default": storage_from_url("")}
    local_archive, printed = backup(tmp_path / "local")
    assert printed == ""
    added = Site.objects.create(
        firm=assessment.site.firm, name="Added later", province="NM", minerals=["coal"],
        method="open_pit", scale="large",
    )  # fmt: skip

    with pytest.raises(CommandError, match="keeps its files in the bucket mineready-test-"):
        restore(bucket_archive)
    settings.STORAGES = bucket_storages
    with pytest.raises(CommandError, match="holds a media folder"):
        restore(local_archive)
    assert Site.objects.filter(pk=added.pk).exists()  # nothing was restored

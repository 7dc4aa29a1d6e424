"""Evidence: checked by content, stored under generated names, served only to members."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import AssessmentLockedError, Evidence

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def upload(client, assessment, code, name, content, htmx=False):
    answer = assessment.answers.get(criterion__code=code)
    url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, **extra)


def office_file(kind: str, payload: bytes = b"<w:document/>") -> bytes:
    buffer = io.BytesIO()
    folder = {"docx": "word", "xlsx": "xl"}[kind]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", payload)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("permit.pdf", PDF),
        ("photo.png", PNG),
        ("register.csv", "code,name\n1,矿\n".encode()),
        ("notes.txt", b"inspection notes\n"),
        ("plan.docx", office_file("docx")),
        ("data.xlsx", office_file("xlsx")),
    ],
)
def test_an_editor_attaches_accepted_files(login, editor, assessment, name, content):
    response = upload(login(editor), assessment, "RIGHTS-01", name, content)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == name
    assert evidence.size == len(content)
    assert evidence.file.name.startswith(f"evidence/{assessment.pk}/")
    assert name not in evidence.file.name  # stored under a generated name
    assert evidence.file.read() == content


def test_the_htmx_upload_returns_the_evidence_list(login, editor, assessment):
    response = upload(login(editor), assessment, "RIGHTS-01", "permit.pdf", PDF, htmx=True)
    assert response.status_code == 200
    assert "permit.pdf" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("permit.pdf", b"MZ\x90\x00\x03 this is a windows program", "does not match its name"),
        ("photo.png", PDF, "does not match its name"),
        ("plan.docx", b"PK\x03\x04 broken zip", "does not match its name"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("script.html", b"<script>alert(1)</script>", "not accepted"),
        ("empty.pdf", b"", "The file is empty."),
        ("register.csv", b"\x00\x01\x02\x03binary\x00", "does not match its name"),
    ],
)
def test_disguised_and_unknown_files_are_refused(login, editor, assessment, name, content, message):
    response = upload(login(editor), assessment, "RIGHTS-01", name, content, htmx=True)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_oversize_file_is_refused(login, editor, assessment, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = upload(login(editor), assessment, "RIGHTS-01", "big.pdf", PDF + b"0" * 2000)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("larger than the limit" in m for m in messages)
    assert not Evidence.objects.exists()


def test_a_zip_bomb_in_an_office_file_is_refused(login, editor, assessment):
    bomb = office_file("docx", b"0" * (5 * 1024 * 1024))
    response = upload(login(editor), assessment, "RIGHTS-01", "bomb.docx", bomb, htmx=True)
    assert response.status_code == 400
    assert "expands to far more data" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_path_traversal_file_name_is_reduced_to_its_last_part(login, editor, assessment):
    upload(login(editor), assessment, "RIGHTS-01", "../../etc/passwd.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.pdf"
    assert ".." not in evidence.file.name


def test_members_download_evidence_through_the_view(login, editor, viewer, assessment):
    upload(login(editor), assessment, "RIGHTS-01", "permit.pdf", PDF)
    evidence = Evidence.objects.get()
    response = login(viewer).get(reverse("assessment:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'attachment; filename="permit.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_outsider_cannot_download_evidence(login, editor, outsider, assessment):
    upload(login(editor), assessment, "RIGHTS-01", "permit.pdf", PDF)
    evidence = Evidence.objects.get()
    response = login(outsider).get(reverse("assessment:evidence_download", args=[evidence.pk]))
    assert response.status_code == 404


def test_a_viewer_cannot_upload_or_remove(login, editor, viewer, assessment):
    upload(login(editor), assessment, "RIGHTS-01", "permit.pdf", PDF)
    evidence = Evidence.objects.get()
    client = login(viewer)
    assert upload(client, assessment, "RIGHTS-01", "more.pdf", PDF).status_code == 403
    assert client.post(reverse("assessment:evidence_delete", args=[evidence.pk])).status_code == 403
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["permit.pdf"]


def test_an_editor_removes_evidence_from_a_draft(
    login, editor, assessment, django_capture_on_commit_callbacks
):
    client = login(editor)
    upload(client, assessment, "RIGHTS-01", "permit.pdf", PDF)
    evidence = Evidence.objects.get()
    storage, path = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessment:evidence_delete", args=[evidence.pk]))
    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not storage.exists(path)


def test_evidence_of_a_submitted_assessment_cannot_be_removed(login, owner, assessment):
    from assessment.submission import assessment_submit
    from assessment.workflow import answer_save

    client = login(owner)
    upload(client, assessment, "RIGHTS-01", "permit.pdf", PDF)
    values = {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "90", "GREEN-02": "4"}
    for answer in assessment.answers.select_related("criterion"):
        answer_save(answer=answer, user=owner, value=values[answer.criterion.code])
    assessment_submit(assessment=assessment, user=owner)
    evidence = Evidence.objects.get()
    response = client.post(
        reverse("assessment:evidence_delete", args=[evidence.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    assert evidence.file.storage.exists(evidence.file.name)
    response = upload(client, assessment, "RIGHTS-01", "late.pdf", PDF)
    assert Evidence.objects.count() == 1
    with pytest.raises(AssessmentLockedError):
        evidence.delete()


def test_the_questionnaire_says_the_evidence_rule_until_a_document_is_attached(
    login, editor, assessment
):
    client = login(editor)
    rule = "until a document in force supports it, an answer that claims compliance counts at"
    page = client.get(reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"]))
    assert page.content.decode().count(rule) == 1  # RIGHTS-01 expects evidence, RIGHTS-02 not

    fragment = upload(client, assessment, "RIGHTS-01", "permit.pdf", PDF, htmx=True)

    assert rule not in fragment.content.decode()
    assert "permit.pdf" in fragment.content.decode()

"""Office files (.docx, .xlsx) are zips: their check inflates every member with a bound and trusts
none of the sizes the archive declares; zip bombs, too many members, encrypted members and
archives inside the document are refused with a message that says why, and a document refused
as another kind of file is named by its extension."""

from __future__ import annotations

import bz2
import gzip
import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import uploads
from assessment.models import Evidence
from assessment.uploads import MAX_MEMBERS, UploadRefusal, check_upload

DOCX = ".docx"
LIMIT = 100 * 1024 * 1024


def office_zip(members: dict[str, bytes], folder: str = "word") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<w:document/>")
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s declared size (local header and central directory) set to `size`."""
    data = bytearray(data)
    encoded = name.encode()
    local = data.index(b"PK\x03\x04")
    while True:
        length = struct.unpack("<H", data[local + 26 : local + 28])[0]
        if data[local + 30 : local + 30 + length] == encoded:
            struct.pack_into("<I", data, local + 22, size)
            break
        local = data.index(b"PK\x03\x04", local + 4)
    central = data.index(b"PK\x01\x02")
    while True:
        length = struct.unpack("<H", data[central + 28 : central + 30])[0]
        if data[central + 46 : central + 46 + length] == encoded:
            struct.pack_into("<I", data, central + 24, size)
            return bytes(data)
        central = data.index(b"PK\x01\x02", central + 4)


def refusal(data: bytes, name: str = "plan.docx") -> UploadRefusal:
    with pytest.raises(UploadRefusal) as caught:
        check_upload(name, data[:8192], len(data), LIMIT, data)
    return caught.value


def accepted(data: bytes, name: str = "plan.docx") -> str:
    return check_upload(name, data[:8192], len(data), LIMIT, data)


def test_a_genuine_document_is_accepted():
    data = office_zip({"word/media/image1.png": b"\x89PNG\r\n\x1a\n" + bytes(1000)})
    assert accepted(data) == uploads.ALLOWED[DOCX][0]


def test_a_member_that_declares_a_small_size_but_expands_far_is_a_zip_bomb():
    data = declare_size(office_zip({"word/big.xml": bytes(5 * 1024 * 1024)}), "word/big.xml", 100)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("word/big.xml").file_size == 100
    assert refusal(data).code == "zip_bomb"


def test_a_member_whose_real_size_differs_from_the_declared_one_is_refused():
    data = declare_size(office_zip({"word/styles.xml": b"<s/>" * 500}), "word/styles.xml", 10)
    caught = refusal(data)
    assert (caught.code, caught.detail) == ("zip_sizes", "styles.xml")


def test_inflating_stops_soon_after_the_limit(monkeypatch):
    """Bytes actually inflated, counted: no more than the limit and one chunk, not the 50 MB
    the member holds."""
    produced = []
    inflate = uploads._inflated_pieces

    def counted(data, start, limit):
        for piece in inflate(data, start, limit):
            produced.append(len(piece))
            yield piece

    monkeypatch.setattr(uploads, "_inflated_pieces", counted)
    data = declare_size(office_zip({"word/big.xml": bytes(50 * 1024 * 1024)}), "word/big.xml", 1)
    assert refusal(data).code == "zip_bomb"
    limit = uploads.MAX_RATIO * len(data)
    assert limit < sum(produced) <= limit + uploads.INFLATE_CHUNK


def test_many_small_members_together_are_a_zip_bomb():
    members = {f"word/part{i}.xml": bytes(100 * 1024) for i in range(300)}
    assert refusal(office_zip(members)).code == "zip_bomb"


def test_too_many_members_are_refused():
    members = {f"word/p{i}.xml": b"" for i in range(MAX_MEMBERS)}
    caught = refusal(office_zip(members))
    assert (caught.code, caught.detail) == ("zip_members", str(MAX_MEMBERS))


def test_up_to_the_member_bound_is_accepted():
    members = {f"word/p{i}.xml": b"" for i in range(MAX_MEMBERS - 2)}
    assert accepted(office_zip(members))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("word/attachments/inner.zip", office_zip({})),
        ("word/media/image1.png", gzip.compress(b"not an image")),  # by content, not name
        ("word/media/data.bin", bz2.compress(b"x" * 100)),
    ],
    ids=["zip", "gzip", "bzip2"],
)
def test_an_archive_inside_the_document_is_refused(name, content):
    caught = refusal(office_zip({name: content}))
    assert caught.code == "zip_nested"
    assert caught.detail == name.rsplit("/", 1)[1]


def test_an_embedded_workbook_is_checked_and_accepted():
    workbook = office_zip({"xl/worksheets/sheet1.xml": b"<sheet/>"}, folder="xl")
    data = office_zip({"word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook})
    assert accepted(data)


def test_a_bomb_inside_an_embedded_workbook_is_refused():
    inner = office_zip({"xl/big.xml": bytes(20 * 1024 * 1024)}, folder="xl")
    inner = declare_size(inner, "xl/big.xml", 10)
    data = office_zip({"word/embeddings/Sheet.xlsx": inner})
    assert refusal(data).code == "zip_bomb"


def test_an_archive_inside_an_embedded_workbook_is_refused():
    inner = office_zip({"xl/embeddings/deeper.xlsx": office_zip({}, folder="xl")}, folder="xl")
    data = office_zip({"word/embeddings/Sheet.xlsx": inner})
    assert refusal(data).code == "zip_nested"


def test_a_member_compressed_otherwise_than_office_does_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    caught = refusal(buffer.getvalue())
    assert (caught.code, caught.detail) == ("content", DOCX)


def test_a_program_with_a_document_appended_is_refused():
    program = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)
    data = program + office_zip({})
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()  # the zip module reads it as a zip
    caught = refusal(data)
    assert (caught.code, caught.detail) == ("content", DOCX)


def test_an_encrypted_member_is_refused():
    data = bytearray(office_zip({"word/styles.xml": b"<styles/>"}))
    local = data.index(b"word/styles.xml") - 30  # the name's first place: its local header
    assert data[local : local + 4] == b"PK\x03\x04"
    data[local + 6] |= 0x1  # flag bit 0: encrypted
    caught = refusal(bytes(data))
    assert (caught.code, caught.detail) == ("zip_encrypted", "styles.xml")


def test_a_member_whose_checksum_differs_is_refused():
    data = bytearray(office_zip({"word/styles.xml": b"<styles/>" * 200}))
    central = data.index(b"PK\x01\x02")
    while not data[central + 46 :].startswith(b"word/styles.xml"):
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 16 : central + 20] = b"\x00\x00\x00\x00"
    caught = refusal(bytes(data))
    assert (caught.code, caught.detail) == ("content", DOCX)


@pytest.mark.django_db
def test_the_upload_view_refuses_a_lying_archive_and_says_why(login, editor, assessment):
    data = declare_size(office_zip({"word/big.xml": bytes(5 * 1024 * 1024)}), "word/big.xml", 100)
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    response = login(editor).post(
        url, {"file": SimpleUploadedFile("plan.docx", data)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "expands to far more data than it holds" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_the_upload_view_names_a_nested_archive(login, editor, assessment):
    data = office_zip({"word/media/inner.zip": office_zip({})})
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    response = login(editor).post(
        url, {"file": SimpleUploadedFile("plan.docx", data)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "contains another archive (inner.zip)" in response.content.decode()
    assert not Evidence.objects.exists()

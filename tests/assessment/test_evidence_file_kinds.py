"""The kinds of evidence Chinese firms send besides PDF, images and Office files: OFD documents
(zips with OFD.xml at the root), TIFF scans, WPS Office files (OLE files, or Office zips from
newer versions) and ZIP archives, checked member by member with the bounds of the Office check
and never unpacked. Each is built here as a real, small file."""

from __future__ import annotations

import gzip
import io
import struct
import zipfile

import magic
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import uploads
from assessment.models import Evidence
from assessment.uploads import MAX_MEMBERS, UploadRefusal, check_upload

LIMIT = 100 * 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50) + b"PE\x00\x00"
OFD_XML = b'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD Version="1.0" DocType="OFD"/>'


def zip_of(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ofd(members: dict[str, bytes] | None = None) -> bytes:
    return zip_of(
        {
            "OFD.xml": OFD_XML,
            "Doc_0/Document.xml": b"<ofd:Document/>",
            "Doc_0/Pages/Page_0/Content.xml": b"<ofd:Page/>",
            **(members or {}),
        }
    )


def office_zip(folder: str, members: dict[str, bytes] | None = None) -> bytes:
    return zip_of(
        {"[Content_Types].xml": b"<Types/>", f"{folder}/main.xml": b"<x/>", **(members or {})}
    )


def tiff(byte_order: str = "<") -> bytes:
    """A 1x1 grey TIFF: header, one IFD of the baseline tags, one pixel."""
    order = b"II" if byte_order == "<" else b"MM"
    tags = [(256, 1), (257, 1), (258, 8), (259, 1), (262, 1), (277, 1), (278, 1), (279, 1)]
    pixel_offset = 8 + 2 + 12 * (len(tags) + 1) + 4
    entries = [struct.pack(byte_order + "HHIHH", tag, 3, 1, value, 0) for tag, value in tags]
    entries.insert(5, struct.pack(byte_order + "HHII", 273, 4, 1, pixel_offset))
    ifd = struct.pack(byte_order + "H", len(entries)) + b"".join(entries) + bytes(4)
    return order + struct.pack(byte_order + "HI", 42, 8) + ifd + b"\x80"


def ole(stream: str, payload: bytes = bytes(4096)) -> bytes:
    """An OLE compound file (version 3, 512-byte sectors) holding one stream of `payload`
    (4096 bytes or more, so that it lives in ordinary sectors): header, FAT, directory, data."""
    free, end, fat_sector, none = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    sectors = len(payload) // 512

    def entry(name: str, kind: int, child: int = none, start: int = end, size: int = 0) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", none, none, child)
            + bytes(36)
            + struct.pack("<IQ", start, size)
        )

    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)  # the FAT is sector 0
        + struct.pack("<I", free) * 108
    )
    chain = [fat_sector, end, *range(3, 2 + sectors), end]
    fat = b"".join(struct.pack("<I", sector) for sector in chain).ljust(512, b"\xff")
    directory = (
        entry("Root Entry", 5, child=1)
        + entry(stream, 2, start=2, size=len(payload))
        + entry("", 0) * 2
    )
    return header + fat + directory + payload


def encrypt_flag(data: bytes, name: str, where: tuple[str, ...] = ("local", "central")) -> bytes:
    """The zip with `name` marked as encrypted (flag bit 0) in its local header, its central
    directory entry, or both (its bytes stay as they are)."""
    data = bytearray(data)
    encoded = name.encode()
    signatures = {"local": (b"PK\x03\x04", 6, 26, 30), "central": (b"PK\x01\x02", 8, 28, 46)}
    for part in where:
        signature, flags, length_at, name_at = signatures[part]
        position = data.index(signature)
        while True:
            length = struct.unpack("<H", data[position + length_at : position + length_at + 2])
            if data[position + name_at : position + name_at + length[0]] == encoded:
                data[position + flags] |= 0x1
                break
            position = data.index(signature, position + 4)
    return bytes(data)


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The zip with `name`'s declared size (local header and central directory) set to `size`."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, size_at, length_at, name_at in (
        (b"PK\x03\x04", 22, 26, 30),
        (b"PK\x01\x02", 24, 28, 46),
    ):
        position = data.index(signature)
        while True:
            length = struct.unpack("<H", data[position + length_at : position + length_at + 2])
            if data[position + name_at : position + name_at + length[0]] == encoded:
                struct.pack_into("<I", data, position + size_at, size)
                break
            position = data.index(signature, position + 4)
    return bytes(data)


def refusal(data: bytes, name: str) -> UploadRefusal:
    with pytest.raises(UploadRefusal) as caught:
        check_upload(name, data[:8192], len(data), LIMIT, data)
    return caught.value


def accepted(data: bytes, name: str) -> str:
    return check_upload(name, data[:8192], len(data), LIMIT, data)


# OFD


def test_an_ofd_document_is_accepted():
    assert accepted(ofd({"Doc_0/Res/image.png": PNG}), "licence.ofd") == "application/ofd"


@pytest.mark.parametrize(
    "data",
    [
        zip_of({"Doc_0/Document.xml": b"<ofd:Document/>"}),
        zip_of({"Doc_0/OFD.xml": OFD_XML}),  # only at the root
        zip_of({"ofd.XML.bak": OFD_XML}),
    ],
    ids=["none", "in-a-folder", "other-name"],
)
def test_an_ofd_without_ofd_xml_at_its_root_is_refused(data):
    caught = refusal(data, "licence.ofd")
    assert (caught.code, caught.detail) == ("content", ".ofd")


@pytest.mark.parametrize(
    "data", [PROGRAM, PROGRAM + ofd(), PDF], ids=["program", "program-with-ofd-appended", "pdf"]
)
def test_other_files_named_ofd_are_refused(data):
    caught = refusal(data, "licence.ofd")
    assert (caught.code, caught.detail) == ("content", ".ofd")


def test_an_archive_inside_an_ofd_is_refused():
    caught = refusal(ofd({"Doc_0/Res/fonts.zip": zip_of({"a.ttf": b"font"})}), "licence.ofd")
    assert (caught.code, caught.detail) == ("zip_nested", "fonts.zip")


# TIFF


@pytest.mark.parametrize("byte_order", ["<", ">"], ids=["II", "MM"])
@pytest.mark.parametrize("name", ["scan.tif", "scan.TIFF"])
def test_tiff_scans_are_accepted(name, byte_order):
    assert accepted(tiff(byte_order), name) == "image/tiff"


def test_a_png_named_tif_is_refused():
    caught = refusal(PNG, "scan.tif")
    assert (caught.code, caught.detail) == ("content", ".tif")


# WPS

WPS_KINDS = [
    (".wps", "WordDocument", "word", "application/kswps"),
    (".et", "Workbook", "xl", "application/kset"),
    (".dps", "PowerPoint Document", "ppt", "application/ksdps"),
]


@pytest.mark.parametrize(("extension", "stream", "folder", "content_type"), WPS_KINDS)
def test_a_wps_file_as_an_ole_file_is_accepted(extension, stream, folder, content_type):
    data = ole(stream)
    # What libmagic makes of it: one of the OLE types the check expects.
    assert magic.from_buffer(data, mime=True) in uploads.ALLOWED[extension][1:]
    assert accepted(data, f"report{extension}") == content_type


@pytest.mark.parametrize("extension", [".wps", ".et", ".dps"])
def test_an_ole_file_libmagic_cannot_name_is_accepted_as_wps(extension):
    data = ole("Contents")
    assert magic.from_buffer(data, mime=True) == "application/x-ole-storage"
    assert accepted(data, f"report{extension}") == uploads.ALLOWED[extension][0]


@pytest.mark.parametrize(("extension", "stream", "folder", "content_type"), WPS_KINDS)
def test_a_wps_file_saved_as_an_office_zip_is_accepted(extension, stream, folder, content_type):
    assert accepted(office_zip(folder), f"report{extension}") == content_type


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.wps", PDF),
        ("sheet.et", PROGRAM),
        ("slides.dps", PNG),
        ("sheet.et", office_zip("word")),  # a writer file named as a spreadsheet
        ("report.wps", zip_of({"notes.txt": b"x"})),
    ],
)
def test_other_files_named_as_wps_files_are_refused(name, data):
    caught = refusal(data, name)
    assert (caught.code, caught.detail) == ("content", "." + name.rsplit(".", 1)[1])


def test_a_wps_office_zip_is_checked_for_zip_bombs():
    data = declare_size(office_zip("xl", {"xl/big.xml": bytes(5 * 1024 * 1024)}), "xl/big.xml", 9)
    assert refusal(data, "sheet.et").code == "zip_bomb"


# ZIP archives


def test_a_zip_archive_of_documents_is_accepted():
    data = zip_of({"licences/permit.pdf": PDF, "photos/site.png": PNG, "notes.txt": b"notes"})
    assert accepted(data, "evidence.zip") == "application/zip"


def test_office_and_ofd_documents_inside_a_zip_archive_are_checked_and_accepted():
    workbook = office_zip("xl")
    document = office_zip("word", {"word/embeddings/Chart.xlsx": workbook})
    data = zip_of({"plan.docx": document, "data.xlsx": workbook, "licence.ofd": ofd()})
    assert accepted(data, "evidence.zip") == "application/zip"


def test_a_bomb_inside_a_document_inside_a_zip_archive_is_refused():
    document = declare_size(
        office_zip("word", {"word/big.xml": bytes(5 * 1024 * 1024)}), "word/big.xml", 9
    )
    assert refusal(zip_of({"plan.docx": document}), "evidence.zip").code == "zip_bomb"


def test_a_highly_compressible_member_past_the_bound_is_a_zip_bomb():
    data = zip_of({"zeros.txt": bytes(30 * 1024 * 1024)})
    assert uploads.MAX_RATIO * len(data) < 30 * 1024 * 1024
    assert refusal(data, "evidence.zip").code == "zip_bomb"


def test_a_member_that_declares_a_small_size_but_expands_far_is_a_zip_bomb():
    data = declare_size(zip_of({"zeros.txt": bytes(5 * 1024 * 1024)}), "zeros.txt", 100)
    assert refusal(data, "evidence.zip").code == "zip_bomb"


@pytest.mark.parametrize(
    ("members", "named"),
    [
        ({"inner.zip": zip_of({"permit.pdf": PDF})}, "inner.zip"),
        ({"scans/inner.pdf": zip_of({"permit.pdf": PDF})}, "inner.pdf"),  # by content
        ({"logs.txt": gzip.compress(b"log lines")}, "logs.txt"),  # by content
        ({"plan.docx": office_zip("word", {"word/media/x.zip": zip_of({"a": b"a"})})}, "x.zip"),
    ],
    ids=["zip", "zip-named-pdf", "gzip", "zip-in-a-document"],
)
def test_an_archive_inside_a_zip_archive_is_refused(members, named):
    caught = refusal(zip_of(members), "evidence.zip")
    assert (caught.code, caught.detail) == ("zip_nested", named)


@pytest.mark.parametrize("where", [("local", "central"), ("local",), ("central",)])
def test_an_encrypted_member_is_refused(where):
    data = encrypt_flag(zip_of({"permit.pdf": PDF, "secret.pdf": PDF}), "secret.pdf", where)
    caught = refusal(data, "evidence.zip")
    assert (caught.code, caught.detail) == ("zip_encrypted", "secret.pdf")


def test_too_many_members_are_refused():
    data = zip_of({f"scans/page{i}.txt": b"" for i in range(MAX_MEMBERS + 1)})
    caught = refusal(data, "evidence.zip")
    assert (caught.code, caught.detail) == ("zip_members", str(MAX_MEMBERS))


def test_up_to_the_member_bound_is_accepted():
    data = zip_of({f"scans/page{i}.txt": b"" for i in range(MAX_MEMBERS)})
    assert accepted(data, "evidence.zip") == "application/zip"


@pytest.mark.parametrize(
    "name",
    ["../evil.txt", "docs/../../evil.txt", "/etc/evil.txt", "C:/Windows/evil.txt", "..\\evil.txt"],
)
def test_a_member_whose_name_leads_outside_the_archive_is_refused(name):
    data = zip_of({"permit.pdf": PDF, name: b"x"})
    assert name in zipfile.ZipFile(io.BytesIO(data)).namelist()  # stored as it is
    caught = refusal(data, "evidence.zip")
    assert (caught.code, caught.detail) == ("zip_unsafe_name", "evil.txt")


def test_an_empty_zip_archive_is_refused_as_empty():
    assert refusal(zip_of({}), "evidence.zip").code == "empty"


@pytest.mark.parametrize(
    "data",
    [PROGRAM, PROGRAM + zip_of({"permit.pdf": PDF}), b"PK\x03\x04 broken", PDF],
    ids=["program", "self-extracting", "broken", "pdf"],
)
def test_other_files_named_zip_are_refused(data):
    caught = refusal(data, "evidence.zip")
    assert (caught.code, caught.detail) == ("content", ".zip")


def test_a_member_compressed_otherwise_than_deflate_is_refused():
    data = zip_of({"permit.pdf": PDF}, compression=zipfile.ZIP_BZIP2)
    assert refusal(data, "evidence.zip").code == "content"


# Through the upload page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("licence.ofd", ofd(), "application/ofd"),
        ("evidence.zip", zip_of({"permit.pdf": PDF}), "application/zip"),
        ("report.wps", ole("WordDocument"), "application/kswps"),
        ("scan.tif", tiff(), "image/tiff"),
    ],
)
def test_the_upload_page_stores_them_with_their_content_type(
    login, editor, assessment, name, data, content_type
):
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    response = login(editor).post(url, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.content_type) == (name, content_type)
    assert evidence.file.read() == data


@pytest.mark.django_db
def test_the_upload_page_says_why_a_zip_archive_was_refused(login, editor, assessment):
    data = zip_of({"inner.zip": zip_of({"permit.pdf": PDF})})
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    response = login(editor).post(
        url, {"file": SimpleUploadedFile("evidence.zip", data)}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "contains another archive (inner.zip)" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("members", "named"),
    [
        ({"setup.exe": b"MZ\x90\x00" + bytes(60)}, "setup.exe"),
        ({"index.html": b"<script>alert(1)</script>"}, "index.html"),
        ({"permit.pdf": b"MZ\x90\x00" + bytes(60)}, "permit.pdf"),  # a program named as a PDF
        ({"run.txt": b"#!/bin/sh\nrm -rf /\n"}, "run.txt"),
    ],
)
def test_a_zip_archive_holds_only_files_of_the_accepted_kinds(members, named):
    refused = refusal(zip_of({"permit.pdf": b"%PDF-1.4\n%%EOF\n", **members}), "bundle.zip")
    assert (refused.code, refused.detail) == ("zip_member_type", named)

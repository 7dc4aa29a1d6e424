"""The evidence upload form owns the file's checks: a file is required, within
EVIDENCE_MAX_BYTES, and what its name says (assessment/uploads.py); each refusal has its code
and translated message in plain words (the extension, never a MIME type), and an accepted file
is handed on rewound."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.utils import translation

from assessment.forms.evidence import EvidenceUploadForm, refusal_message
from assessment.uploads import UploadRefusal

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def form_with(name: str | None, content: bytes = b"") -> EvidenceUploadForm:
    files = {} if name is None else {"file": SimpleUploadedFile(name, content)}
    return EvidenceUploadForm({}, files)


def test_it_accepts_a_genuine_file_and_hands_it_on_rewound():
    form = form_with("permit.pdf", PDF)
    assert form.is_valid()
    upload = form.cleaned_data["file"]
    assert upload.read() == PDF


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        (None, b"", "required", "Choose a file to upload."),
        ("empty.pdf", b"", "empty", "The file is empty."),
        ("tool.exe", b"MZ\x90\x00", "extension", "Files of this type are not accepted."),
        ("photo.png", PDF, "content", "This file is not a real .png file"),
        ("evidence.rar", b"Rar!\x1a\x07\x00", "extension", "ZIP archives"),
    ],
)
def test_it_refuses_with_a_code_and_a_message(name, content, code, message):
    form = form_with(name, content)
    assert not form.is_valid()
    assert form.has_error("file", code)
    assert message in form.errors["file"][0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("permit.pdf", b"MZ\x90\x00\x03 this is a windows program"),
        ("photo.JPG", PDF),
        ("licence.ofd", PDF),
        ("report.wps", PDF),
        ("evidence.zip", b"MZ\x90\x00"),
    ],
)
def test_a_content_refusal_names_the_extension_and_no_mime_type(name, content):
    form = form_with(name, content)
    assert not form.is_valid()
    message = form.errors["file"][0]
    extension = "." + name.rsplit(".", 1)[1].lower()
    assert message == (
        f"This file is not a real {extension} file: its content does not match its name. "
        "It was refused."
    )
    assert "/" not in message


@pytest.mark.parametrize(
    ("code", "detail"),
    [
        ("empty", ""),
        ("too_large", "2000 > 1024"),
        ("bad_name", ""),
        ("extension", ".exe"),
        ("content", ".pdf"),
        ("zip_bomb", "more than 100 bytes unpacked"),
        ("zip_members", "2000"),
        ("zip_nested", "inner.zip"),
        ("zip_sizes", "styles.xml"),
        ("zip_encrypted", "secret.pdf"),
        ("zip_unsafe_name", "evil.txt"),
    ],
)
def test_every_refusal_has_its_own_message_in_plain_words(code, detail):
    message = refusal_message(UploadRefusal(code, detail), 1024 * 1024)
    assert message != refusal_message(UploadRefusal("unknown"), 1024 * 1024)
    assert "/" not in message and "application" not in message
    if code in ("content", "zip_members", "zip_nested", "zip_sizes", "zip_encrypted"):
        assert detail in message


class Unreadable(io.BytesIO):
    def read(self, *args) -> bytes:
        pytest.fail("an oversize file was read")


def test_a_file_over_the_limit_is_refused_before_it_is_read(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    data = PDF + b"0" * 2000
    upload = InMemoryUploadedFile(Unreadable(data), "file", "big.pdf", None, len(data), None)
    form = EvidenceUploadForm({}, {"file": upload})
    assert not form.is_valid()
    assert form.has_error("file", "too_large")
    assert "larger than the limit" in form.errors["file"][0]


@pytest.mark.usefixtures("compiled_messages")
@pytest.mark.parametrize(("name", "content"), [(None, b""), ("empty.pdf", b"")])
def test_messages_are_in_the_active_language(name, content):
    with translation.override("zh-hans"):
        form = form_with(name, content)
        assert not form.is_valid()
        message = form.errors["file"][0]
    assert message and message.isascii() is False

"""The evidence upload form owns the file's checks: a file is required, within
EVIDENCE_MAX_BYTES, and what its name says (assessment/uploads.py); each refusal has its code
and translated message, and an accepted file is handed on rewound."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.utils import translation

from assessment.forms.evidence import EvidenceUploadForm

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
        ("photo.png", PDF, "content", "The file's content does not match its name (image/png)"),
    ],
)
def test_it_refuses_with_a_code_and_a_message(name, content, code, message):
    form = form_with(name, content)
    assert not form.is_valid()
    assert form.has_error("file", code)
    assert message.split(" (")[0] in form.errors["file"][0]


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

"""Checks of evidence files by their content, not only their name (no Django).

A file is accepted when its extension is on the list and its bytes are what that extension
promises (libmagic, plus a look inside office files, which are zip archives, to refuse zip bombs).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

import magic

# extension -> MIME types libmagic may report for a genuine file of that kind
ALLOWED: dict[str, tuple[str, ...]] = {
    ".pdf": ("application/pdf",),
    ".png": ("image/png",),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".gif": ("image/gif",),
    ".webp": ("image/webp",),
    ".txt": ("text/plain",),
    ".csv": ("text/csv", "text/plain", "application/csv"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
    ".doc": ("application/msword", "application/x-ole-storage", "application/CDFV2"),
    ".xls": ("application/vnd.ms-excel", "application/x-ole-storage", "application/CDFV2"),
    ".ppt": ("application/vnd.ms-powerpoint", "application/x-ole-storage", "application/CDFV2"),
}
OFFICE_ZIP = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
# A zip inside an office file may expand this much, in total and relative to its size.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100


class UploadRefusal(Exception):
    """Why an upload is refused: a stable code for a translated message, and details."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code  # empty | too_large | extension | content | zip_bomb | bad_name
        self.detail = detail


def safe_display_name(name: str, max_length: int = 200) -> str:
    """The last path component of a user's file name, without control characters, at most
    `max_length` characters long (a long name is shortened before its extension)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(cleaned) <= max_length:
        return cleaned
    path = PurePosixPath(cleaned)
    suffix = path.suffix[:10]
    return path.stem[: max_length - len(suffix)].rstrip() + suffix


def check_upload(
    name: str, head: bytes, size: int, max_bytes: int, data: bytes | None = None
) -> str:
    """The content type of an acceptable upload; raises UploadRefusal otherwise.

    `head` is the first few KB (for libmagic); `data` the whole file, needed for office zips.
    """
    display = safe_display_name(name)
    if not display or display in {".", ".."}:
        raise UploadRefusal("bad_name")
    if size == 0:
        raise UploadRefusal("empty")
    if size > max_bytes:
        raise UploadRefusal("too_large", f"{size} > {max_bytes}")
    extension = PurePosixPath(display).suffix.lower()
    if extension not in ALLOWED:
        raise UploadRefusal("extension", extension or "(none)")
    detected = magic.from_buffer(head, mime=True)
    if extension in OFFICE_ZIP:
        _check_office_zip(extension, data if data is not None else head)
        return ALLOWED[extension][0]
    if detected not in ALLOWED[extension]:
        if extension in (".csv", ".txt") and detected.startswith("text/"):
            return "text/plain"
        raise UploadRefusal("content", detected)
    return ALLOWED[extension][0]


def _check_office_zip(extension: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRefusal("content", "not an office document") from error
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(
        n.startswith(OFFICE_ZIP[extension]) for n in names
    ):
        raise UploadRefusal("content", "not an office document")
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > MAX_UNZIPPED_BYTES or unzipped > MAX_RATIO * max(len(data), 1):
        raise UploadRefusal("zip_bomb", f"{unzipped} bytes unpacked")

"""Checks of evidence files by their content, not only their name (no Django).

A file is accepted when its extension is on the list and its bytes are what that extension
promises (libmagic, plus a look inside office files, which are zip archives, to refuse zip bombs).

The look inside trusts nothing the archive declares: every member is inflated here with a bound
on the bytes actually produced, and a member whose real size or checksum differs from the
declared one is refused, as are archives with too many members and archives inside the document
(except Office's embedded documents, such as a chart's workbook, checked the same way).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
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
# Members of an office file (real ones have tens; a large workbook a few hundred).
MAX_MEMBERS = 2000
# How members start when they are archives themselves: zip, gzip, 7-Zip, RAR, xz, bzip2.
ARCHIVE_SIGNATURES = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\x1f\x8b",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xfd7zXZ\x00",
    b"BZh",
)
LOCAL_HEADER = b"PK\x03\x04"
CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"
INFLATE_CHUNK = 64 * 1024


class UploadRefusal(Exception):
    """Why an upload is refused: a stable code for a translated message, and details."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        # empty | too_large | extension | content | bad_name
        # | zip_bomb | zip_members | zip_nested | zip_sizes (detail: the member's name)
        self.code = code
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


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    content_type: str


def read_checked(upload, max_bytes: int) -> CheckedUpload:
    """An uploaded file's bytes and content type, or UploadRefusal (a file that declares more
    than max_bytes is refused before it is read). The file is left rewound."""
    if upload.size is not None and upload.size > max_bytes:
        raise UploadRefusal("too_large", f"{upload.size} > {max_bytes}")
    try:
        data = upload.read()
        content_type = check_upload(upload.name or "", data[:8192], len(data), max_bytes, data)
    finally:
        upload.seek(0)
    return CheckedUpload(data=data, content_type=content_type)


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
    limit = min(MAX_UNZIPPED_BYTES, MAX_RATIO * max(len(data), 1))
    _inflated_size(data, OFFICE_ZIP[extension], limit, nested=False)


def _inflated_size(data: bytes, folder: str, limit: int, nested: bool) -> int:
    """The bytes an office zip's members really inflate to, refusing it past `limit`.

    Office keeps embedded documents (a chart's workbook) as zips in an `embeddings/` folder:
    those are checked the same way within what is left of the limit, one level down only.
    """
    # Every member has an entry in the central directory, which starts with this signature:
    # its count bounds the members before the zip module parses them all.
    if data.count(CENTRAL_DIRECTORY_ENTRY) > MAX_MEMBERS:
        raise UploadRefusal("zip_members", str(MAX_MEMBERS))
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UploadRefusal("content", "not an office document") from error
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith(folder) for n in names):
        raise UploadRefusal("content", "not an office document")
    total = 0
    for entry in entries:
        inner = PurePosixPath(entry.filename).suffix.lower()
        embedded = not nested and "/embeddings/" in entry.filename and inner in OFFICE_ZIP
        size, head, content = _inflate(data, entry, limit - total, keep=embedded)
        total += size
        if head.startswith(ARCHIVE_SIGNATURES):
            if content is None:
                raise UploadRefusal("zip_nested", safe_display_name(entry.filename, 100))
            total += _inflated_size(content, OFFICE_ZIP[inner], limit - total, nested=True)
    return total


def _inflate(
    data: bytes, entry: zipfile.ZipInfo, limit: int, keep: bool
) -> tuple[int, bytes, bytes | None]:
    """(size, first bytes, content if `keep`) of one member, inflated from its local header
    on and stopped as soon as more than `limit` bytes come out, whatever it declares."""
    offset = entry.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or not header.startswith(LOCAL_HEADER) or entry.flag_bits & 0x1:
        raise UploadRefusal("content", "not an office document")  # damaged, or encrypted
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    if entry.compress_type == zipfile.ZIP_STORED:
        pieces = [data[start : start + entry.compress_size]]
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        pieces = _inflated_pieces(data, start, limit)
    else:  # Office writes only these two; others may not be read with a bound
        raise UploadRefusal("content", "not an office document")
    size, checksum, head, kept = 0, 0, b"", []
    for piece in pieces:
        size += len(piece)
        if size > limit:
            raise UploadRefusal("zip_bomb", f"more than {limit} bytes unpacked")
        checksum = zlib.crc32(piece, checksum)
        head = head if len(head) >= 8 else (head + piece)[:8]
        if keep:
            kept.append(piece)
    if size != entry.file_size:
        raise UploadRefusal("zip_sizes", safe_display_name(entry.filename, 100))
    if checksum != entry.CRC:
        raise UploadRefusal("content", "not an office document")
    return size, head, b"".join(kept) if keep else None


def _inflated_pieces(data: bytes, start: int, limit: int):
    """The output of the raw deflate stream at `start`, at most INFLATE_CHUNK bytes at a time
    (the caller stops reading past its limit, so no more than that is ever inflated)."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    position = start
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                compressed = inflater.unconsumed_tail
            elif position < len(data):
                compressed = data[position : position + INFLATE_CHUNK]
                position += len(compressed)
            else:
                raise UploadRefusal("content", "not an office document")  # cut short
            yield inflater.decompress(compressed, INFLATE_CHUNK)
    except zlib.error as error:
        raise UploadRefusal("content", "not an office document") from error

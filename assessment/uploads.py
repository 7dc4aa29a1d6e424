"""Checks of evidence files by their content, not only their name (no Django).

A file is accepted when its extension is on the list and its bytes are what that extension
promises: libmagic says so, or, for the kinds that are zip archives (Office and newer WPS files,
OFD documents, ZIP archives themselves), a look inside finds the members the kind must have and
no zip bomb.

The look inside trusts nothing the archive declares: every member is inflated here with a bound
on the bytes actually produced, and a member whose real size or checksum differs from the
declared one is refused, as are archives with too many members, encrypted members, members whose
names point outside the archive, and archives inside the archive: except the documents Office
embeds (a chart's workbook), checked the same way one level down, and the Office, WPS and OFD
documents in a ZIP archive, checked as if each was uploaded alone. A ZIP archive is checked,
never unpacked: it is stored and handed back as it came.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

import magic

# What libmagic reports for an OLE compound file (old Office and WPS files) it cannot name.
OLE = ("application/x-ole-storage", "application/CDFV2")
# extension -> the content type stored for it, then any other MIME types libmagic may report
# for a genuine file of that kind (the zip kinds, ZIP_LAYOUTS, are checked by a look inside).
ALLOWED: dict[str, tuple[str, ...]] = {
    ".pdf": ("application/pdf",),
    ".ofd": ("application/ofd",),
    ".png": ("image/png",),
    ".jpg": ("image/jpeg",),
    ".jpeg": ("image/jpeg",),
    ".gif": ("image/gif",),
    ".webp": ("image/webp",),
    ".tif": ("image/tiff",),
    ".tiff": ("image/tiff",),
    ".txt": ("text/plain",),
    ".csv": ("text/csv", "text/plain", "application/csv"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",),
    ".doc": ("application/msword", *OLE),
    ".xls": ("application/vnd.ms-excel", *OLE),
    ".ppt": ("application/vnd.ms-powerpoint", *OLE),
    # WPS Office's writer, spreadsheet and presentation files, under WPS's own content types.
    ".wps": ("application/kswps", *OLE, "application/msword"),
    ".et": ("application/kset", *OLE, "application/vnd.ms-excel"),
    ".dps": ("application/ksdps", *OLE, "application/vnd.ms-powerpoint"),
    ".zip": ("application/zip",),
}


@dataclass(frozen=True)
class ZipLayout:
    """What a kind of zip must hold: `required` members at its root and, when `folder` is set,
    at least one member in that folder. Zips inside it are refused as archives inside the
    archive, except Office's embedded documents (`embeds_office`: .docx, .xlsx and .pptx members
    of an `embeddings/` folder, checked one level down and holding no archive themselves) and
    the documents of a ZIP archive (`holds_documents`: members named as a zip kind of document,
    checked as if each was uploaded alone)."""

    required: tuple[str, ...] = ()
    folder: str = ""
    embeds_office: bool = False
    holds_documents: bool = False


OFFICE_ZIP = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
# WPS writes its own extensions as OLE files, and newer versions also as Office zips.
WPS_AS_OFFICE = {".wps": ".docx", ".et": ".xlsx", ".dps": ".pptx"}
ZIP_LAYOUTS: dict[str, ZipLayout] = {
    **{
        extension: ZipLayout(("[Content_Types].xml",), folder, embeds_office=True)
        for extension, folder in OFFICE_ZIP.items()
    },
    **{
        extension: ZipLayout(("[Content_Types].xml",), OFFICE_ZIP[office], embeds_office=True)
        for extension, office in WPS_AS_OFFICE.items()
    },
    ".ofd": ZipLayout(("OFD.xml",)),  # GB/T 33190: the document's entry file, at the root
    ".zip": ZipLayout(holds_documents=True),
}
# A zip may expand this much, in total (its documents included) and relative to its size.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
# Members of a zip (real Office files have tens; a large workbook a few hundred).
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
# How programs start (Windows, Linux, macOS, scripts): refused inside a ZIP whatever their name.
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa", b"#!")
EMPTY_ZIP = b"PK\x05\x06"  # an archive without members is only its end record
CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"
INFLATE_CHUNK = 64 * 1024


class UploadRefusal(Exception):
    """Why an upload is refused: a stable code for a translated message, and details."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        # empty | too_large | bad_name | extension (detail: the extension)
        # | content (detail: the extension its content is not)
        # | zip_bomb | zip_members (detail: the bound)
        # | zip_nested | zip_sizes | zip_encrypted | zip_unsafe_name | zip_member_type
        #   (detail: the member's name)
        self.code = code
        self.detail = detail


class ContentMismatch(Exception):
    """The bytes are not what the extension promises: refused as "content" with the extension
    as detail (the user is told which kind of file it is not; this message, for logs, says why)."""


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

    `head` is the first few KB (for libmagic); `data` the whole file, needed for zips.
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
    try:
        return _content_type(extension, head, data if data is not None else head)
    except ContentMismatch as error:
        raise UploadRefusal("content", extension) from error


def _content_type(extension: str, head: bytes, data: bytes) -> str:
    layout = ZIP_LAYOUTS.get(extension)
    if layout is not None and (extension not in WPS_AS_OFFICE or data.startswith(LOCAL_HEADER)):
        _check_zip(data, layout)
        return ALLOWED[extension][0]
    detected = magic.from_buffer(head, mime=True)
    if detected in ALLOWED[extension]:
        return ALLOWED[extension][0]
    if extension in (".csv", ".txt") and detected.startswith("text/"):
        return "text/plain"
    raise ContentMismatch(f"libmagic detected {detected}")


def _check_zip(data: bytes, layout: ZipLayout) -> None:
    if data.startswith(EMPTY_ZIP):
        raise UploadRefusal("empty")
    # Not only a zip somewhere in the file: a program with an archive appended reads as a zip.
    if not data.startswith(LOCAL_HEADER):
        raise ContentMismatch("does not start as a zip")
    limit = min(MAX_UNZIPPED_BYTES, MAX_RATIO * len(data))
    _inflated_size(data, layout, limit, nested=False)


def _inflated_size(data: bytes, layout: ZipLayout, limit: int, nested: bool) -> int:
    """The bytes a zip's members really inflate to, refusing it past `limit` and unless it holds
    what `layout` says; the documents it may hold (ZipLayout) are checked the same way within
    what is left of the limit. `nested`: this zip is an embedded document itself."""
    # Every member has an entry in the central directory, which starts with this signature:
    # its count bounds the members before the zip module parses them all.
    if data.count(CENTRAL_DIRECTORY_ENTRY) > MAX_MEMBERS:
        raise UploadRefusal("zip_members", str(MAX_MEMBERS))
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ContentMismatch("not a readable zip") from error
    names = {entry.filename for entry in entries}
    if not names.issuperset(layout.required) or (
        layout.folder and not any(name.startswith(layout.folder) for name in names)
    ):
        raise ContentMismatch("lacks the members of its kind")
    for entry in entries:
        if _points_outside(entry.filename):
            raise UploadRefusal("zip_unsafe_name", safe_display_name(entry.filename, 100))
        if layout.holds_documents and not entry.is_dir() and not _accepted_name(entry.filename):
            raise UploadRefusal("zip_member_type", safe_display_name(entry.filename, 100))
    total = 0
    for entry in entries:
        document = _document_inside(layout, entry.filename, nested)
        size, head, content = _inflate(data, entry, limit - total, keep=document is not None)
        total += size
        if layout.holds_documents and head.startswith(PROGRAM_SIGNATURES):
            raise UploadRefusal("zip_member_type", safe_display_name(entry.filename, 100))
        if head.startswith(ARCHIVE_SIGNATURES):
            if document is None or content is None:
                raise UploadRefusal("zip_nested", safe_display_name(entry.filename, 100))
            inner_layout, inner_nested = document
            total += _inflated_size(content, inner_layout, limit - total, inner_nested)
    return total


def _document_inside(layout: ZipLayout, name: str, nested: bool) -> tuple[ZipLayout, bool] | None:
    """How a member of a zip of `layout` is checked if it is a zip itself: (its layout, whether
    it is an embedded document), or None when an archive there is refused."""
    extension = PurePosixPath(name).suffix.lower()
    if layout.holds_documents and extension in ZIP_LAYOUTS and extension != ".zip":
        return ZIP_LAYOUTS[extension], False
    if layout.embeds_office and not nested and "/embeddings/" in name and extension in OFFICE_ZIP:
        return ZIP_LAYOUTS[extension], True
    return None


def _accepted_name(name: str) -> bool:
    """Whether a member of a ZIP archive is named as a kind of file accepted on its own."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower() in ALLOWED


def _points_outside(name: str) -> bool:
    """Whether unpacking a member of this name could write outside the folder unpacked into:
    an absolute path, a Windows drive, or a `..` step (either slash counts as a separator)."""
    path = PurePosixPath(name.replace("\\", "/"))
    drive = path.parts[0][1:2] == ":" if path.parts else False
    return path.is_absolute() or ".." in path.parts or drive


def _inflate(
    data: bytes, entry: zipfile.ZipInfo, limit: int, keep: bool
) -> tuple[int, bytes, bytes | None]:
    """(size, first bytes, content if `keep`) of one member, inflated from its local header
    on and stopped as soon as more than `limit` bytes come out, whatever it declares."""
    offset = entry.header_offset
    header = data[offset : offset + 30]
    if len(header) < 30 or not header.startswith(LOCAL_HEADER):
        raise ContentMismatch(f"damaged local header of {entry.filename!r}")
    (local_flags,) = struct.unpack("<H", header[6:8])
    if (entry.flag_bits | local_flags) & 0x1:
        raise UploadRefusal("zip_encrypted", safe_display_name(entry.filename, 100))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_length + extra_length
    if entry.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = iter([data[start : start + entry.compress_size]])
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        pieces = _inflated_pieces(data, start, limit)
    else:  # Office, WPS and the usual zip tools write only these two; others have no bound here
        raise ContentMismatch(f"compression method {entry.compress_type} of {entry.filename!r}")
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
        raise ContentMismatch(f"checksum of {entry.filename!r}")
    return size, head, b"".join(kept) if keep else None


def _inflated_pieces(data: bytes, start: int, limit: int) -> Iterator[bytes]:
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
                raise ContentMismatch("deflate stream cut short")
            yield inflater.decompress(compressed, INFLATE_CHUNK)
    except zlib.error as error:
        raise ContentMismatch("damaged deflate stream") from error

"""Reading a filled-in offline questionnaire, trusting nothing in it.

Before openpyxl sees the file, it must be named .xlsx (a workbook with macros, .xlsm, is
refused), be at most MAX_BYTES and pass the evidence upload's check of Office files
(assessment/uploads.py: a real workbook, no zip bomb, no archive inside, no encrypted or
oddly named member); it must hold no macros (vbaProject.bin) and unpack to at most
MAX_UNPACKED_BYTES (the sizes the check has just confirmed), no sheet or shared-strings part
larger than MAX_PART_BYTES, and no sheet with more than MAX_CELLS cells. openpyxl then reads
it in read-only mode through defusedxml; it parses every cell of a row before the columns
are cut to MAX_COLUMNS, so these bounds, not the read-only mode, are what bound its memory
(~15 MB at most for one row). A sheet with more than MAX_ROWS rows or a workbook of more than
MAX_SHEETS sheets is refused. Formulas are never
evaluated: a cell holding one is reported to the person (questionnaire_import.py).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from assessment import uploads
from assessment.forms.evidence import refusal_message
from exchange.sheet_format import (
    FIRST_ROW,
    HEADER_ROW,
    LISTS_SHEET,
    META_SHEET,
    READ_COLUMNS,
    folded,
    header_keys,
)

MAX_BYTES = 5 * 1024 * 1024
# A real questionnaire unpacks to ~250 KB (87 criteria), 400 KB for 500 criteria; 500 criteria
# each with the longest comment and justification in Chinese (9 KB a row) to 4.9 MB, nearly all
# of it the shared strings (test_questionnaire_hostile_files.py).
MAX_UNPACKED_BYTES = 8 * 1024 * 1024
# Of any one member: a sheet or the shared strings (openpyxl finds them by the workbook's
# relationships, under any name, so every member is bounded).
MAX_PART_BYTES = 6 * 1024 * 1024
# <c> elements of one member: a sheet of MAX_ROWS rows of the 12 columns holds 36,000; one row of
# 50,000 costs openpyxl ~15 MB and under a second (it keeps a row's cells, ~300 bytes each)
MAX_CELLS = 50_000
CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
MAX_SHEETS = 50
MAX_ROWS = 3000  # of one sheet; the largest area of the catalogue has tens of criteria
MAX_COLUMNS = 40
MACRO_EXTENSIONS = (".xlsm", ".xltm", ".xlam", ".xlsb")


class RefusedFile(Exception):
    """The file is not read at all; `message` says why, in the active language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FileRow:
    sheet: str
    row: int
    cells: dict[str, object]  # column key -> value, for the columns an import reads
    formulas: tuple[str, ...]  # the keys of the cells that hold a formula
    answer_format: str = "General"  # the answer cell's number format: 0.95 shown as 95%


@dataclass(frozen=True)
class QuestionnaireFile:
    meta: dict[str, object]  # the hidden sheet: format, assessment, language, signature
    rows: list[FileRow]
    sha256: str


def read_questionnaire(name: str, data: bytes) -> QuestionnaireFile:
    _check_file(name, data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise RefusedFile(_("This file could not be read as an Excel workbook.")) from error
    try:
        if len(book.sheetnames) > MAX_SHEETS:
            raise RefusedFile(
                _("The workbook has more than %(count)s sheets; it was refused.")
                % {"count": MAX_SHEETS}
            )
        meta = _meta(book) if META_SHEET in book.sheetnames else {}
        rows: list[FileRow] = []
        for sheet_name in book.sheetnames:
            if sheet_name not in (META_SHEET, LISTS_SHEET):
                rows.extend(_sheet_rows(book[sheet_name], sheet_name))
    except RefusedFile:
        raise
    except Exception as error:
        raise RefusedFile(_("This file could not be read as an Excel workbook.")) from error
    finally:
        book.close()
    return QuestionnaireFile(meta=meta, rows=rows, sha256=hashlib.sha256(data).hexdigest())


def _check_file(name: str, data: bytes) -> None:
    extension = PurePosixPath(uploads.safe_display_name(name)).suffix.lower()
    if extension in MACRO_EXTENSIONS:
        raise RefusedFile(_macros_refused())
    if extension != ".xlsx":
        raise RefusedFile(
            _("Upload the questionnaire as the Excel workbook (.xlsx) downloaded from this page.")
        )
    try:
        uploads.check_upload(name, data[:8192], len(data), MAX_BYTES, data)
    except uploads.UploadRefusal as refusal:
        raise RefusedFile(refusal_message(refusal, MAX_BYTES)) from None
    members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    if any(PurePosixPath(m.filename).name.lower() == "vbaproject.bin" for m in members):
        raise RefusedFile(_macros_refused())
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise RefusedFile(refusal_message(uploads.UploadRefusal("zip_bomb"), MAX_BYTES))
    _check_parts(data, members)


def _check_parts(data: bytes, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a member too large (a sheet, the shared strings) or holding too many cells before
    openpyxl parses it (it would hold every cell of a row, however wide, in memory)."""
    too_big = _(
        "The workbook holds far more cells or text than a questionnaire; it was refused. "
        "Type the answers in the questionnaire downloaded from this page."
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in members:
            if member.file_size > MAX_PART_BYTES:
                raise RefusedFile(too_big)
            try:
                content = archive.read(member)
            except (zipfile.BadZipFile, OSError, EOFError):
                raise RefusedFile(_("This file could not be read as an Excel workbook.")) from None
            if len(CELL_TAG.findall(content)) > MAX_CELLS:
                raise RefusedFile(too_big)


def _macros_refused() -> str:
    return _("Workbooks with macros are not accepted. Save the file as an Excel workbook (.xlsx).")


def _meta(book) -> dict[str, object]:
    meta = {}
    for index, (key, value, *_rest) in enumerate(
        book[META_SHEET].iter_rows(max_col=2, values_only=True)
    ):
        if index >= 20:
            break
        if isinstance(key, str):
            meta[key] = value
    return meta


def _sheet_rows(sheet, sheet_name: str) -> list[FileRow]:
    """The rows of one area's sheet, or [] when the sheet is not one (no known headers)."""
    known = header_keys()
    columns: dict[int, str] = {}
    rows = []
    for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_ROWS:
            raise RefusedFile(
                _("The sheet %(sheet)s has more than %(count)s rows; it was refused.")
                % {"sheet": sheet_name, "count": f"{MAX_ROWS:,}"}
            )
        if number == HEADER_ROW:
            columns = {
                index: known[folded(cell.value)]
                for index, cell in enumerate(cells)
                if folded(cell.value) in known and known[folded(cell.value)] in READ_COLUMNS
            }
            if "criterion" not in columns.values() or "answer" not in columns.values():
                return []
        if number < FIRST_ROW:
            continue
        values = {key: cells[index].value for index, key in columns.items() if index < len(cells)}
        if all(value is None or value == "" for value in values.values()):
            continue
        formulas = tuple(
            key
            for index, key in columns.items()
            if index < len(cells) and getattr(cells[index], "data_type", None) == "f"
        )
        answer = next(index for index, key in columns.items() if key == "answer")
        answer_format = (
            getattr(cells[answer], "number_format", None) if answer < len(cells) else None
        )
        rows.append(FileRow(sheet_name, number, values, formulas, answer_format or "General"))
    return rows

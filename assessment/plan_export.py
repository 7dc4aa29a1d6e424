"""Tables as Excel workbooks (openpyxl) and CSV files: the action plan (the plan page's columns,
one row per action) and the other downloads of firm data. Texts people typed are written as
text, never as formulas (a title "=HYPERLINK(...)" stays a title when the file is opened)."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")


def _cell(value: object) -> object:
    """Empty texts as empty cells; control characters (which a workbook cannot hold) dropped."""
    if value == "":
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def append_row(sheet: Worksheet, row: Sequence[object]) -> None:
    """A row of values at the end of `sheet`, texts as text (never as formulas)."""
    sheet.append([_cell(value) for value in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = TYPE_STRING


def table_sheet(
    sheet: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[object]], title: str
) -> None:
    """`sheet` as one table: a header row, frozen and filtered, then the rows."""
    sheet.title = title[:31]
    sheet.append(list(headers))
    for row in rows:
        append_row(sheet, row)
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) + 4)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def workbook(headers: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    return workbook_of_tables([(title, headers, rows)])


def workbook_of_tables(
    tables: Sequence[tuple[str, Sequence[str], Iterable[Sequence[object]]]],
) -> bytes:
    """A workbook of one sheet per (title, headers, rows)."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in tables:
        table_sheet(book.create_sheet(), headers, rows, title)
    return saved(book)


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_cell(value: object) -> object:
    """A value as a CSV cell: a text that a spreadsheet would read as a formula, behind an
    apostrophe; no value as an empty cell. Full-width ＝＋－＠ count (spreadsheets fold them,
    NFKC), and so does a formula after leading spaces, tabs or line breaks."""
    if value is None:
        return ""
    if isinstance(value, str) and unicodedata.normalize("NFKC", value).lstrip().startswith(
        FORMULA_STARTS
    ):
        return "'" + value
    return value


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(header) for header in headers])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")

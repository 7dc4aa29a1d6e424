"""The questionnaire of an assessment as an Excel workbook to fill in offline: one sheet per area,
one row per criterion (question, guidance, legal reference, the valid answers, then the answer,
N/A, its justification and the comment, the only cells a person can change). The hidden cells
hold the criterion id, the answer's version when downloaded (so that the import tells the
person's changes from changes made online since) and a checksum of both; a very hidden sheet
names the assessment. Texts are written as text, never as formulas (assessment/plan_export.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessment.models import Answer, Assessment, Criterion
from assessment.plan_export import append_row, saved
from assessment.scoring.criteria import answer_bounds
from exchange import answer_cells
from exchange.sheet_format import (
    COLUMN_NUMBER,
    COLUMNS,
    FORMAT,
    HEADER_ROW,
    LISTS_SHEET,
    META_SHEET,
    TITLE_ROW,
    file_signature,
    headers,
    row_checksum,
)

EDITABLE = PatternFill("solid", fgColor="FFF8E1")
NOT_EDITABLE = PatternFill("solid", fgColor="EEEEEE")


def questionnaire_workbook(assessment: Assessment, language: str) -> bytes:
    with translation.override(language):
        return saved(_workbook(assessment, language))


def questionnaire_answers(assessment: Assessment) -> list[Answer]:
    return list(
        assessment.answers.select_related("criterion__area").order_by(
            "criterion__area__order", "criterion__order", "criterion__code"
        )
    )


def _workbook(assessment: Assessment, language: str) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    by_area: dict[int, list[Answer]] = defaultdict(list)
    for answer in questionnaire_answers(assessment):
        by_area[answer.criterion.area_id].append(answer)
    dropdowns = _Dropdowns(book)
    for area in assessment.version.areas.order_by("order", "code"):
        if by_area[area.pk]:
            _area_sheet(book.create_sheet(area.code[:31]), area, by_area[area.pk], dropdowns)
    book.move_sheet(dropdowns.sheet, offset=len(book.sheetnames) - 1)
    meta = book.create_sheet(META_SHEET)
    for row in (
        ("format", FORMAT),
        ("assessment", assessment.pk),
        ("language", language),
        ("signature", file_signature(assessment.pk)),
    ):
        meta.append(row)
    meta.sheet_state = "veryHidden"
    book.active = 0
    return book


class _Dropdowns:
    """The answers each dropdown offers, one column of the hidden lists sheet per distinct list
    (a list's labels may hold commas, which an inline list cannot)."""

    def __init__(self, book: Workbook) -> None:
        self.sheet = book.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.ranges: dict[tuple[str, ...], str] = {}

    def validation(self, labels: Sequence[str]) -> DataValidation:
        key = tuple(labels)
        if key not in self.ranges:
            column = get_column_letter(len(self.ranges) + 1)
            for row, label in enumerate(labels, start=1):
                cell = self.sheet.cell(row=row, column=len(self.ranges) + 1, value=label)
                cell.data_type = "s"
            name = quote_sheetname(LISTS_SHEET)
            self.ranges[key] = f"{name}!${column}$1:${column}${len(labels)}"
        return DataValidation(
            type="list",
            formula1=self.ranges[key],
            allow_blank=True,
            showErrorMessage=True,
            error=_("Choose one of the offered answers."),
        )


def _number_validation(criterion: Criterion) -> DataValidation | None:
    low, high = answer_bounds(criterion.answer_type, criterion.parameters or {})
    kind = "whole" if (criterion.parameters or {}).get("whole") else "decimal"
    bounds = [str(float(bound)) for bound in (low, high) if bound is not None]
    if low is not None and high is not None:
        operator = "between"
    elif low is not None:
        operator = "greaterThanOrEqual"
    elif high is not None:
        operator = "lessThanOrEqual"
    else:
        return None
    return DataValidation(
        type=kind,
        operator=operator,
        formula1=bounds[0],
        formula2=bounds[1] if len(bounds) > 1 else None,
        allow_blank=True,
        showErrorMessage=True,
        error=answer_cells.allowed_text(criterion),
    )


def _legal_reference(criterion: Criterion) -> str:
    if criterion.legal_document and criterion.legal_article:
        return pgettext("legal reference", "%(document)s, %(article)s") % {
            "document": criterion.legal_document,
            "article": criterion.legal_article,
        }
    return criterion.legal_document or ""


def _area_sheet(sheet: Worksheet, area, answers: list[Answer], dropdowns: _Dropdowns) -> None:
    # The title where it can be seen: the first columns hold the hidden ids.
    title = sheet.cell(TITLE_ROW, COLUMN_NUMBER["code"], f"{area.code} · {area.name}")
    title.font = Font(bold=True, size=13)
    sheet.append(headers(translation.get_language()))
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
    validations: dict[str, DataValidation] = {}
    for answer in answers:
        criterion = answer.criterion
        append_row(
            sheet,
            [
                criterion.pk,
                answer.version,
                row_checksum(answer.assessment_id, criterion.pk, answer.version),
                criterion.code,
                criterion.text,
                criterion.guidance,
                _legal_reference(criterion),
                answer_cells.allowed_text(criterion),
                answer_cells.value_cell(criterion, answer.value),
                answer_cells.na_cell(answer),
                answer.na_justification,
                answer.comment,
            ],
        )
        row = sheet.max_row
        _lay_out_row(sheet, row, criterion.allows_na)
        if criterion.answer_type in answer_cells.NUMERIC:
            number = _number_validation(criterion)
            if number is not None:
                sheet.add_data_validation(number)
                number.add(sheet.cell(row, COLUMN_NUMBER["answer"]))
        else:
            key = "|".join(answer_cells.choice_labels(criterion))
            if key not in validations:
                validations[key] = dropdowns.validation(answer_cells.choice_labels(criterion))
                sheet.add_data_validation(validations[key])
            validations[key].add(sheet.cell(row, COLUMN_NUMBER["answer"]))
        if criterion.allows_na:
            if "na" not in validations:
                validations["na"] = dropdowns.validation(answer_cells.na_labels())
                sheet.add_data_validation(validations["na"])
            validations["na"].add(sheet.cell(row, COLUMN_NUMBER["is_na"]))
    for index, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, COLUMN_NUMBER["question"])
    # Printed: landscape, every column on the page's width, the headers on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    # Only the answer cells can be changed (no password: this guards against slips, and the
    # import trusts only the checksums).
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _lines(text: object, width: int) -> int:
    """About how many lines a text wraps to in a column `width` characters wide (a Chinese
    character is two wide)."""
    if not isinstance(text, str) or not text:
        return 1
    return sum(
        max(1, -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) // max(width - 2, 1)))
        for line in text.splitlines() or [""]
    )


def _lay_out_row(sheet: Worksheet, row: int, allows_na: bool) -> None:
    # Excel and LibreOffice show a stored row at its stored height, wrapped text or not; at
    # most ten lines, so that a long guidance does not fill the screen (the cell shows it all).
    lines = max(_lines(sheet.cell(row, index).value, c.width) for index, c in enumerate(COLUMNS, 1))
    sheet.row_dimensions[row].height = 15 * min(lines, 10)
    for column in COLUMNS:
        cell = sheet.cell(row, COLUMN_NUMBER[column.key])
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        na_part = column.key in ("is_na", "na_justification")
        if column.editable and (allows_na or not na_part):
            cell.protection = Protection(locked=False)
            cell.fill = EDITABLE
        elif column.editable:
            cell.fill = NOT_EDITABLE

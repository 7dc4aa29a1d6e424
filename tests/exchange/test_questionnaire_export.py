"""The offline questionnaire as written: a sheet per area, a row per criterion, dropdowns of the
valid answers, the ids and checksums hidden, only the answer cells unlocked, texts as text."""

import pytest

from assessment.workflow import answer_save
from exchange.questionnaire_export import questionnaire_workbook
from exchange.sheet_format import COLUMN_NUMBER, headers
from tests.helpers import questionnaire_book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


def cell(sheet, row: int, key: str):
    return sheet.cell(row=row, column=COLUMN_NUMBER[key])


def test_one_sheet_per_area_and_one_row_per_criterion(worked_assessment):
    book = questionnaire_book(questionnaire_workbook(worked_assessment, "en"))
    assert book.sheetnames == ["RIGHTS", "GREEN", "Lists", "MineReady"]
    assert book["Lists"].sheet_state == "hidden"
    assert book["MineReady"].sheet_state == "veryHidden"
    rights = book["RIGHTS"]
    assert [c.value for c in rights[2]] == headers("en")
    assert [cell(rights, row, "code").value for row in (3, 4)] == ["RIGHTS-01", "RIGHTS-02"]
    assert cell(rights, 3, "question").value == "Requirement RIGHTS-01"
    assert cell(rights, 3, "legal_reference").value == "Mineral Resources Law, Art. 22"
    assert cell(rights, 4, "answer").value == "Some"  # the option's label, as online
    assert cell(rights, 4, "allowed").value == "None / Some / All"
    assert cell(book["GREEN"], 3, "answer").value == 45  # a number stays a number
    assert cell(book["GREEN"], 4, "answer").value == "3 — operating effectively"


def test_ids_are_hidden_and_only_answer_cells_can_be_changed(assessment):
    sheet = questionnaire_book(questionnaire_workbook(assessment, "en"))["GREEN"]
    for key in ("criterion", "version", "checksum"):
        letter = sheet.cell(row=1, column=COLUMN_NUMBER[key]).column_letter
        assert sheet.column_dimensions[letter].hidden
    assert sheet.protection.sheet
    assert cell(sheet, 3, "question").protection.locked
    assert not cell(sheet, 3, "answer").protection.locked
    assert cell(sheet, 3, "is_na").protection.locked  # GREEN-01 allows no N/A
    assert not cell(sheet, 4, "is_na").protection.locked  # GREEN-02 does


def test_answer_cells_offer_the_valid_answers(assessment):
    book = questionnaire_book(questionnaire_workbook(assessment, "en"))
    sheet = book["RIGHTS"]
    by_cell = {
        str(ref): validation
        for validation in sheet.data_validations.dataValidation
        for ref in validation.sqref.ranges
    }
    choice = by_cell[cell(sheet, 4, "answer").coordinate]
    lists = book["Lists"]
    column = choice.formula1.split("$")[1]
    assert [lists[f"{column}{row}"].value for row in (1, 2, 3)] == ["None", "Some", "All"]
    green = book["GREEN"]
    green_rules = {
        str(ref): v for v in green.data_validations.dataValidation for ref in v.sqref.ranges
    }
    percent = green_rules[cell(green, 3, "answer").coordinate]
    assert (percent.type, percent.operator, percent.formula1, percent.formula2) == (
        "decimal", "between", "0.0", "100.0",
    )  # fmt: skip


def test_texts_that_look_like_formulas_stay_text(assessment, owner):
    answer = assessment.answers.get(criterion__code="RIGHTS-01")
    answer_save(answer=answer, user=owner, comment='=HYPERLINK("http://evil","x")')
    sheet = questionnaire_book(questionnaire_workbook(assessment, "en"))["RIGHTS"]
    comment = cell(sheet, 3, "comment")
    assert comment.data_type == "s"
    assert comment.value == '=HYPERLINK("http://evil","x")'


def test_labels_and_headers_follow_the_language(worked_assessment):
    book = questionnaire_book(questionnaire_workbook(worked_assessment, "zh-hans"))
    sheet = book["RIGHTS"]
    assert [c.value for c in sheet[2]] == headers("zh-hans")
    assert cell(sheet, 4, "answer").value == "部分"
    assert cell(sheet, 3, "legal_reference").value.startswith("矿产资源法")


def test_the_title_is_visible_and_rows_are_tall_enough_to_read(assessment):
    sheet = questionnaire_book(questionnaire_workbook(assessment, "en"))["RIGHTS"]
    assert sheet.cell(row=1, column=COLUMN_NUMBER["code"]).value == "RIGHTS · Rights"
    assert 15 <= sheet.row_dimensions[3].height <= 150
    assert sheet.page_setup.orientation == "landscape"

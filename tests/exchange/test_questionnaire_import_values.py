"""Values as Excel keeps them read back as the person typed or downloaded them: a percent typed
as "95%", numbers that Excel writes as floats; and an answer the import would write is checked
as the answer form checks it, so a clean preview does not fail at the confirmation."""

import pytest

from assessment.workflow import answer_save
from exchange.sheet_format import COLUMN_NUMBER, FIRST_ROW, LISTS_SHEET, META_SHEET
from tests.helpers import (
    book_bytes,
    fill_questionnaire,
    questionnaire_book,
    questionnaire_download,
    questionnaire_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


def typed(data: bytes, code: str, value: object, number_format: str = "General") -> bytes:
    """The file with one answer cell typed, shown with `number_format` (as Excel saves "95%")."""
    book = questionnaire_book(data)
    for sheet in book.worksheets:
        if sheet.title in (LISTS_SHEET, META_SHEET):
            continue
        for row in sheet.iter_rows(min_row=FIRST_ROW):
            if row[COLUMN_NUMBER["code"] - 1].value == code:
                cell = row[COLUMN_NUMBER["answer"] - 1]
                cell.value, cell.number_format = value, number_format
    return book_bytes(book)


def downloaded_then_changed_online(client, assessment, code: str, before: dict, after: dict):
    """The questionnaire downloaded with `code`'s answer saved as `before`, which someone then
    changes online to `after` (a later version than the file's)."""
    answer = assessment.answers.get(criterion__code=code)
    answer_save(answer=answer, user=answer.assessment.created_by, **before)
    data = questionnaire_download(client, assessment)
    answer.refresh_from_db()
    answer_save(answer=answer, user=answer.assessment.created_by, **after)
    return data


@pytest.mark.parametrize(
    ("value", "number_format", "stored"),
    [(0.95, "0%", "95"), (0.875, "0.0%", "87.5"), (0.5, '0.00%;"-"0%', "50"), (95, "0", "95"),
     (95, '0" %"', "95"), (95, "0\\%", "95")],
)  # fmt: skip
def test_a_percent_typed_with_a_percent_sign_reads_as_typed(
    login, editor, assessment, value, number_format, stored
):
    client = login(editor)
    data = typed(questionnaire_download(client, assessment), "GREEN-01", value, number_format)
    plan = questionnaire_upload(client, assessment, data).context["plan"]
    assert plan.problems == []
    [change] = plan.changes
    assert change.parts["value"] == stored


@pytest.mark.parametrize(
    ("code", "online"),
    [("GREEN-01", "90.0"), ("GREEN-01", "87.50"), ("GREEN-01", "12.345678901234567")],
)
def test_an_untouched_file_keeps_numbers_as_typed_online(login, editor, assessment, code, online):
    client = login(editor)
    answer_save(answer=assessment.answers.get(criterion__code=code), user=editor, value=online)
    online = assessment.answers.get(criterion__code=code).value  # as stored (at most 12 places)
    data = questionnaire_download(client, assessment)
    preview = questionnaire_upload(client, assessment, data)
    plan = preview.context["plan"]
    assert (plan.changes, plan.conflicts, plan.problems) == ([], [], [])
    assert "import-confirm" not in preview.content.decode()
    assert assessment.answers.get(criterion__code=code).value == online


def test_a_number_left_alone_is_no_conflict_when_changed_online(login, editor, owner, assessment):
    client = login(editor)
    data = downloaded_then_changed_online(
        client, assessment, "GREEN-01", {"value": "87.50"}, {"value": "60"}
    )
    plan = questionnaire_upload(client, assessment, data).context["plan"]
    assert (plan.changes, plan.conflicts, plan.problems, plan.unchanged) == ([], [], [], 4)
    assert assessment.answers.get(criterion__code="GREEN-01").value == "60"


def test_a_number_excel_would_round_is_written_as_text_and_read_back_unchanged(assessment):
    from exchange.answer_cells import same_number, value_cell

    criterion = assessment.answers.get(criterion__code="GREEN-01").criterion
    criterion.answer_type = "number"
    assert value_cell(criterion, "123456789.123456789") == "123456789.123456789"
    assert value_cell(criterion, "87.50") == 87.5 and value_cell(criterion, "90.0") == 90
    assert same_number("87.5", "60", "87.50") == "87.50"
    assert same_number("87.6", "87.50") == "87.6"


def test_na_whose_justification_was_cleared_online_is_invalid_in_the_preview(
    login, editor, owner, assessment
):
    """The file ticks N/A and keeps the justification as downloaded; someone cleared it online:
    what would be written (N/A, no justification) is invalid in the preview, not at confirm."""
    client = login(editor)
    data = downloaded_then_changed_online(
        client, assessment, "GREEN-02", {"na_justification": "No plant"}, {"na_justification": ""}
    )
    data = fill_questionnaire(data, {"GREEN-02": {"is_na": "Yes"}})
    preview = questionnaire_upload(client, assessment, data)
    assert preview.status_code == 400
    [problem] = preview.context["plan"].problems
    assert problem.message == "Why it does not apply: Say why this criterion does not apply."
    assert client.session.get(f"exchange-import-{assessment.pk}") is None
    answer = assessment.answers.get(criterion__code="GREEN-02")
    assert (answer.is_na, answer.na_justification) == (False, "")

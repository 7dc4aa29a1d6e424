"""Values as Excel keeps them read back as the person typed or downloaded them: a percent typed
as "95%", numbers that Excel writes as floats; and an answer the import would write is checked
as the answer form checks it, so a clean preview does not fail at the confirmation."""

import pytest

from exchange.sheet_format import COLUMN_NUMBER, FIRST_ROW, LISTS_SHEET, META_SHEET
from tests.helpers import (
    book_bytes,
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

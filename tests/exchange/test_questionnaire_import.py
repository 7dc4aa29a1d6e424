"""The offline questionnaire's round trip: download, fill in with Excel (openpyxl here), upload,
see every change (old -> new) with nothing written, confirm, and the answers and their history are
as if the person had typed them; in English and Chinese, with conflicts and invalid cells."""

import pytest
from django.urls import reverse

from assessment.workflow import answer_save
from tests.helpers import (
    fill_questionnaire,
    questionnaire_confirm,
    questionnaire_download,
    questionnaire_upload,
    use_language,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]

FILLED = {
    "RIGHTS-01": {"answer": "Yes", "comment": "Permit seen, valid to 2030"},
    "RIGHTS-02": {"answer": "Some"},
    "GREEN-01": {"answer": 87.5},
    "GREEN-02": {"is_na": "Yes", "na_justification": "No processing plant on site"},
}


def answers(assessment) -> dict[str, tuple]:
    return {
        a.criterion.code: (a.value, a.is_na, a.na_justification, a.comment)
        for a in assessment.answers.select_related("criterion")
    }


def test_a_filled_in_file_is_previewed_then_imported_as_if_typed(login, editor, assessment):
    client = login(editor)
    before = answers(assessment)
    data = fill_questionnaire(questionnaire_download(client, assessment), FILLED)

    preview = questionnaire_upload(client, assessment, data)

    assert preview.status_code == 200
    assert answers(assessment) == before  # nothing written yet
    plan = preview.context["plan"]
    assert [change.code for change in plan.changes] == [
        "RIGHTS-01", "RIGHTS-02", "GREEN-01", "GREEN-02",
    ]  # fmt: skip
    page = preview.content.decode()
    assert "Permit seen, valid to 2030" in page and "Some" in page and "87.5 %" in page
    assert plan.problems == [] and plan.conflicts == []

    response = questionnaire_confirm(client, assessment, preview)

    assert response.status_code == 302
    after = answers(assessment)
    assert after["RIGHTS-01"] == ("yes", False, "", "Permit seen, valid to 2030")
    assert after["RIGHTS-02"][0] == "some"
    assert after["GREEN-01"][0] == "87.5"
    assert after["GREEN-02"] == (None, True, "No processing plant on site", "")
    for answer in assessment.answers.all():
        record = answer.history.order_by("-history_date", "-history_id").first()
        assert record.history_user == editor  # the person's change, as an autosave records it
        assert record.history_type == "~"
        assert answer.updated_by == editor and answer.version == 1


def test_the_values_are_those_of_the_same_answers_typed_online(
    login, editor, owner, assessment, start, site
):
    client = login(editor)
    data = fill_questionnaire(questionnaire_download(client, assessment), FILLED)
    questionnaire_confirm(client, assessment, questionnaire_upload(client, assessment, data))
    typed = {
        "RIGHTS-01": {"value": "yes", "comment": "Permit seen, valid to 2030"},
        "RIGHTS-02": {"value": "some"},
        "GREEN-01": {"value": "87.5"},
        "GREEN-02": {"is_na": True, "na_justification": "No processing plant on site"},
    }
    assessment.state = "archived"  # another draft of the same site, typed online
    assessment.save(update_fields=["state"])
    online = start(site)
    for answer in online.answers.select_related("criterion"):
        answer_save(answer=answer, user=editor, **typed[answer.criterion.code])
    assert answers(online) == answers(assessment)


def test_a_chinese_file_imports_for_an_english_speaker(login, editor, assessment):
    client = login(editor)
    use_language(client, "zh-hans")
    data = questionnaire_download(client, assessment)
    client.cookies.pop("django_language", None)
    data = fill_questionnaire(
        data,
        {
            "RIGHTS-01": {"answer": "否"},
            "RIGHTS-02": {"answer": "全部"},
            "GREEN-02": {"answer": "3 — 有效运行", "is_na": "否"},
        },
    )
    use_language(client, "en")

    preview = questionnaire_upload(client, assessment, data)

    assert preview.status_code == 200
    assert [change.code for change in preview.context["plan"].changes] == [
        "RIGHTS-01", "RIGHTS-02", "GREEN-02",
    ]  # fmt: skip
    questionnaire_confirm(client, assessment, preview)
    after = answers(assessment)
    assert (after["RIGHTS-01"][0], after["RIGHTS-02"][0], after["GREEN-02"][0]) == ("no", "all", 3)


def test_chinese_headers_are_written_in_the_persons_language(login, editor, assessment):
    from tests.helpers import questionnaire_book

    client = login(editor)
    use_language(client, "zh-hans")
    sheet = questionnaire_book(questionnaire_download(client, assessment))["RIGHTS"]
    headers = [cell.value for cell in sheet[2]]
    assert "问题" in headers and "回答" in headers and "备注" in headers


def test_an_unchanged_file_changes_nothing(login, editor, worked_assessment):
    client = login(editor)
    data = questionnaire_download(client, worked_assessment)
    before = answers(worked_assessment)
    preview = questionnaire_upload(client, worked_assessment, data)
    plan = preview.context["plan"]
    assert (len(plan.changes), plan.unchanged, len(plan.problems)) == (0, 4, 0)
    assert "import-confirm" not in preview.content.decode()
    assert answers(worked_assessment) == before


def test_answers_changed_online_since_the_download_are_conflicts_not_overwritten(
    login, editor, owner, assessment
):
    client = login(editor)
    data = questionnaire_download(client, assessment)
    online = assessment.answers.get(criterion__code="RIGHTS-01")
    answer_save(answer=online, user=owner, comment="Changed online", value="no")
    data = fill_questionnaire(
        data, {"RIGHTS-01": {"comment": "Changed offline"}, "RIGHTS-02": {"answer": "All"}}
    )

    preview = questionnaire_upload(client, assessment, data)

    plan = preview.context["plan"]
    assert [conflict.code for conflict in plan.conflicts] == ["RIGHTS-01"]
    assert [change.code for change in plan.changes] == ["RIGHTS-02"]  # the rest still imports
    assert "Changed online" in preview.content.decode()
    questionnaire_confirm(client, assessment, preview)
    after = answers(assessment)
    assert after["RIGHTS-01"] == ("no", False, "", "Changed online")
    assert after["RIGHTS-02"][0] == "all"


def test_a_part_changed_online_that_the_file_leaves_alone_is_kept(login, editor, owner, assessment):
    client = login(editor)
    data = questionnaire_download(client, assessment)
    online = assessment.answers.get(criterion__code="RIGHTS-01")
    answer_save(answer=online, user=owner, comment="Changed online")
    data = fill_questionnaire(data, {"RIGHTS-01": {"answer": "Yes"}})
    questionnaire_confirm(client, assessment, questionnaire_upload(client, assessment, data))
    assert answers(assessment)["RIGHTS-01"] == ("yes", False, "", "Changed online")


def test_a_change_online_between_preview_and_confirm_stops_the_whole_import(
    login, editor, owner, assessment
):
    client = login(editor)
    data = fill_questionnaire(
        questionnaire_download(client, assessment),
        {"RIGHTS-01": {"answer": "Yes"}, "RIGHTS-02": {"answer": "All"}},
    )
    preview = questionnaire_upload(client, assessment, data)
    online = assessment.answers.get(criterion__code="RIGHTS-02")
    answer_save(answer=online, user=owner, value="none")

    response = questionnaire_confirm(client, assessment, preview)

    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:questionnaire_import", args=[assessment.pk])
    after = answers(assessment)
    assert after["RIGHTS-01"][0] is None  # nothing of the file was written
    assert after["RIGHTS-02"][0] == "none"


def test_invalid_cells_are_named_and_nothing_is_applied(login, editor, assessment):
    client = login(editor)
    before = answers(assessment)
    data = fill_questionnaire(
        questionnaire_download(client, assessment),
        {
            "RIGHTS-01": {"answer": "Maybe"},
            "RIGHTS-02": {"answer": "All", "is_na": "Yes"},
            "GREEN-01": {"answer": 140},
            "GREEN-02": {"is_na": "Yes", "comment": '=HYPERLINK("http://x")'},
        },
    )

    preview = questionnaire_upload(client, assessment, data)

    assert preview.status_code == 400
    problems = [(p.sheet, p.row, p.code) for p in preview.context["plan"].problems]
    assert problems == [
        ("RIGHTS", 3, "RIGHTS-01"),
        ("RIGHTS", 4, "RIGHTS-02"),
        ("GREEN", 3, "GREEN-01"),
        ("GREEN", 4, "GREEN-02"),
    ]
    messages = [p.message for p in preview.context["plan"].problems]
    assert "Maybe" in messages[0]
    assert messages[1] == "This criterion cannot be marked N/A."
    assert messages[2] == "Answer: Enter a number from 0 to 100."
    assert messages[3] == "Comment holds a formula; type the value itself."
    assert "import-confirm" not in preview.content.decode()
    assert client.session.get(f"exchange-import-{assessment.pk}") is None
    assert answers(assessment) == before


def test_na_without_a_justification_is_invalid(login, editor, assessment):
    client = login(editor)
    data = fill_questionnaire(
        questionnaire_download(client, assessment), {"GREEN-02": {"is_na": "Yes"}}
    )
    preview = questionnaire_upload(client, assessment, data)
    [problem] = preview.context["plan"].problems
    assert problem.message == "Why it does not apply: Say why this criterion does not apply."


def test_edited_hidden_ids_are_invalid(login, editor, assessment):
    client = login(editor)
    data = fill_questionnaire(
        questionnaire_download(client, assessment),
        {"RIGHTS-01": {"answer": "Yes"}, "RIGHTS-02": {"criterion": 1, "answer": "All"}},
    )
    preview = questionnaire_upload(client, assessment, data)
    [problem] = preview.context["plan"].problems
    assert (problem.sheet, problem.row) == ("RIGHTS", 4)
    assert "hidden identifiers" in problem.message
    assert answers(assessment)["RIGHTS-01"][0] is None


def test_confirming_without_a_preview_writes_nothing(login, editor, assessment):
    client = login(editor)
    url = reverse("exchange:questionnaire_import_confirm", args=[assessment.pk])
    response = client.post(url, {"token": "0" * 64})
    assert response.status_code == 302
    assert all(a.version == 0 for a in assessment.answers.all())


def test_values_as_excel_saves_them_are_read_as_typed(login, editor, worked_assessment):
    """Excel keeps 45 as 45.0 and a typed "yes" in any case; labels and values both count."""
    client = login(editor)
    data = fill_questionnaire(
        questionnaire_download(client, worked_assessment),
        {
            "GREEN-01": {"answer": 45.0},
            "RIGHTS-01": {"answer": " YES "},
            "RIGHTS-02": {"answer": "some"},
            "GREEN-02": {"answer": 3, "is_na": "no"},
        },
    )
    plan = questionnaire_upload(client, worked_assessment, data).context["plan"]
    assert (len(plan.changes), plan.unchanged, plan.problems) == (0, 4, [])


def test_a_file_full_of_invalid_rows_lists_the_first_200(login, editor, assessment):
    from exchange.sheet_format import COLUMN_NUMBER
    from tests.helpers import book_bytes, questionnaire_book

    client = login(editor)
    book = questionnaire_book(questionnaire_download(client, assessment))
    for row in range(10, 216):
        book["RIGHTS"].cell(row=row, column=COLUMN_NUMBER["answer"], value="Yes")
    response = questionnaire_upload(client, assessment, book_bytes(book))
    assert len(response.context["plan"].problems) == 206
    page = response.content.decode()
    assert page.count("hidden identifiers") == 200
    assert "And 6 more invalid cells." in page

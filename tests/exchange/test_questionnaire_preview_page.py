"""The preview after an upload: in Chinese for a Chinese speaker (no English of the template
left), and checked in a number of queries that does not grow with the questionnaire."""

import pytest

from assessment import workflow
from tests.helpers import (
    fill_questionnaire,
    questionnaire_download,
    questionnaire_upload,
    use_language,
    version_of_every_answer_type,
)
from tests.project.test_pages_in_both_languages import english_left, read

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]

TEMPLATE_ENGLISH = (
    "What the file changes", "Changed online since the download", "After the import", "Sheet",
    "Row", "Criterion", "Problem", "Nothing can be imported while a cell is invalid",
    "Upload another file", "Back to the questionnaire", "Import 1 change", "invalid cell",
)  # fmt: skip


def test_the_preview_is_in_chinese(login, editor, owner, assessment):
    client = login(editor)
    use_language(client, "zh-hans")
    data = questionnaire_download(client, assessment)
    online = assessment.answers.get(criterion__code="RIGHTS-01")
    workflow.answer_save(answer=online, user=owner, value="no")
    data = fill_questionnaire(
        data,
        {
            "RIGHTS-01": {"answer": "是"},
            "RIGHTS-02": {"answer": "全部"},
            "GREEN-01": {"answer": "x"},
        },
    )
    response = questionnaire_upload(client, assessment, data)
    visible = read(response.content.decode())
    assert "从 Excel 导入回答" in " ".join(visible.headings)
    text = " ".join(visible.parts)
    assert "文件带来的变更" in text and "下载后已在线修改" in text and "工作表" in text
    assert english_left(text, TEMPLATE_ENGLISH) == []


@pytest.mark.parametrize("size", [6, 60])
def test_the_check_runs_the_same_queries_for_any_size(
    login, editor, site, size, django_assert_max_num_queries
):
    version = version_of_every_answer_type(size)
    assessment = workflow.assessment_start(site=site, version=version, user=editor)
    client = login(editor)
    codes = assessment.answers.values_list("criterion__code", flat=True)
    data = fill_questionnaire(
        questionnaire_download(client, assessment), {code: {"comment": "offline"} for code in codes}
    )
    with django_assert_max_num_queries(10):
        response = questionnaire_upload(client, assessment, data)
    assert len(response.context["plan"].changes) == size

"""The comment and the N/A justification have limits (assessment/limits.py): the questionnaire
counts down the characters left in both languages, and a longer text is refused with a message
that names the limit, keeping what was typed."""

import re

import pytest
from django.urls import reverse

from assessment.limits import COMMENT_MAX_LENGTH, JUSTIFICATION_MAX_LENGTH
from assessment.models import Answer
from assessment.workflow import answer_save
from tests.helpers import use_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]
HTMX = {"HTTP_HX_REQUEST": "true"}


def answer_of(assessment, code) -> Answer:
    return assessment.answers.select_related("criterion").get(criterion__code=code)


def post(client, answer, data, htmx=True):
    payload = {f"c{answer.criterion_id}-{key}": value for key, value in data.items()}
    url = reverse("assessment:answer_save", args=[answer.assessment_id, answer.criterion_id])
    return client.post(url, payload, **(HTMX if htmx else {}))


def counter(page: str, field_id: str) -> str:
    match = re.search(
        rf'id="{field_id}_helptext" class="form-text"><span class="char-counter[^"]*" '
        rf'data-limit="(\d+)">([^<]*)</span>',
        page,
    )
    assert match, f"no counter under {field_id}"
    return match.groups()


@pytest.mark.parametrize(
    ("language", "comment_left", "justification_left"),
    [
        ("en", "1,834 characters left", "1,000 characters left"),
        ("zh-hans", "还可输入 1,834 个字符", "还可输入 1,000 个字符"),
    ],
)
def test_the_questionnaire_counts_the_characters_left(
    login, editor, owner, assessment, language, comment_left, justification_left
):
    answer = answer_of(assessment, "GREEN-02")  # allows N/A: a comment and a justification
    answer_save(answer=answer, user=owner, comment="x" * 166)
    client = login(editor)
    use_language(client, language)

    page = client.get(
        reverse("assessment:questionnaire", args=[assessment.pk, "GREEN"])
    ).content.decode()

    prefix = f"id_c{answer.criterion_id}"
    assert counter(page, f"{prefix}-comment") == (str(COMMENT_MAX_LENGTH), comment_left)
    assert counter(page, f"{prefix}-na_justification") == (
        str(JUSTIFICATION_MAX_LENGTH),
        justification_left,
    )
    # The field says what describes it, so a screen reader reads the counter with it.
    assert f'aria-describedby="{prefix}-comment_helptext"' in page


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "en",
            [
                'data-left-one="%(count)s character left"',
                'data-left-other="%(count)s characters left"',
                'data-over-one="%(count)s character too many"',
                'data-over-other="%(count)s characters too many"',
            ],
        ),
        (
            "zh-hans",
            [
                'data-left-other="还可输入 %(count)s 个字符"',
                'data-over-other="超出 %(count)s 个字符"',
            ],
        ),
    ],
)
def test_the_page_gives_the_script_the_counter_sentences_once(
    login, editor, assessment, language, texts
):
    client = login(editor)
    use_language(client, language)
    page = client.get(
        reverse("assessment:questionnaire", args=[assessment.pk, "GREEN"])
    ).content.decode()
    assert page.count('id="char-counter-texts"') == 1
    for text in texts:
        assert text in page


def test_a_viewer_sees_no_counter(login, viewer, assessment):
    page = login(viewer).get(reverse("assessment:questionnaire", args=[assessment.pk, "GREEN"]))
    assert "char-counter" not in page.content.decode()


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        (
            "comment",
            COMMENT_MAX_LENGTH,
            "A comment can be at most 2,000 characters long; this one has 2,001.",
        ),
        (
            "na_justification",
            JUSTIFICATION_MAX_LENGTH,
            "A justification can be at most 1,000 characters long; this one has 1,001.",
        ),
    ],
)
def test_a_text_over_the_limit_is_refused_with_the_limit_named(
    login, editor, assessment, field, limit, message
):
    answer = answer_of(assessment, "GREEN-02")
    data = {field: "长" * (limit + 1)} | ({"is_na": "on"} if field == "na_justification" else {})

    response = post(login(editor), answer, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    answer.refresh_from_db()
    assert (answer.comment, answer.na_justification, answer.is_na, answer.version) == (
        "",
        "",
        False,
        0,
    )


def test_the_limit_message_is_in_chinese_too(login, editor, assessment):
    answer = answer_of(assessment, "GREEN-02")
    client = login(editor)
    use_language(client, "zh-hans")
    response = post(client, answer, {"comment": "x" * (COMMENT_MAX_LENGTH + 34)})
    assert response.status_code == 400
    assert "备注最多 2,000 个字符，当前为 2,034 个。" in response.content.decode()


def test_without_javascript_a_refused_text_is_kept_with_the_counter_over(login, editor, assessment):
    answer = answer_of(assessment, "GREEN-02")
    typed = "Inspection notes. " * 120  # 2,160 characters

    response = post(login(editor), answer, {"comment": typed}, htmx=False)

    assert response.status_code == 400
    page = response.content.decode()
    assert typed.strip() in page  # what was typed, in the field again
    assert "A comment can be at most 2,000 characters long; this one has 2,159." in page
    shown = counter(page, f"id_c{answer.criterion_id}-comment")
    assert shown == ("2000", "159 characters too many")
    assert 'class="char-counter over"' in page
    answer.refresh_from_db()
    assert answer.comment == ""


def test_a_text_at_the_limit_is_saved_and_a_line_break_counts_once(login, editor, assessment):
    answer = answer_of(assessment, "GREEN-02")
    # Browsers send a line break as CR LF; it is one character, as the counter counts it.
    typed = "a" * (COMMENT_MAX_LENGTH - 3) + "\r\nbc"

    response = post(login(editor), answer, {"comment": typed})

    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.comment == "a" * (COMMENT_MAX_LENGTH - 3) + "\nbc"
    assert len(answer.comment) == COMMENT_MAX_LENGTH

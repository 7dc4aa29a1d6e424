"""Answering: every answer type autosaves (htmx) or saves with the plain button; bad input is
refused with a clear message and changes nothing."""

import re

import pytest
from django.urls import reverse

from assessment.models import Answer, AssessmentLockedError, Criterion
from tests.helpers import SiteFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def answer_of(assessment, code) -> Answer:
    return assessment.answers.select_related("criterion").get(criterion__code=code)


def post(client, assessment, answer, data, htmx=True):
    payload = {f"c{answer.criterion_id}-{key}": value for key, value in data.items()}
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
    return client.post(url, payload, **(HTMX if htmx else {}))


def input_tag(page: str, name: str, value: str | None = None) -> str | None:
    """The <input> tag with this name (and value), or None."""
    for tag in re.findall(r"<input[^>]*>", page):
        if f'name="{name}"' in tag and (value is None or f'value="{value}"' in tag):
            return tag
    return None


def snapshot(assessment):
    return list(
        assessment.answers.order_by("pk").values_list(
            "value", "is_na", "na_justification", "comment", "updated_by"
        )
    )


@pytest.mark.parametrize(
    ("code", "posted", "stored"),
    [
        ("RIGHTS-01", "yes", "yes"),
        ("RIGHTS-02", "some", "some"),
        ("GREEN-01", "87.5", "87.5"),
        ("GREEN-02", "3", 3),
    ],
)
def test_each_answer_type_autosaves(login, editor, assessment, code, posted, stored):
    answer = answer_of(assessment, code)
    response = post(login(editor), assessment, answer, {"value": posted, "comment": "checked"})
    assert response.status_code == 200
    assert "Saved" in response.content.decode()
    answer.refresh_from_db()
    assert (answer.value, answer.comment, answer.updated_by) == (stored, "checked", editor)


def test_the_autosave_response_updates_the_progress_out_of_band(login, editor, assessment):
    answer = answer_of(assessment, "GREEN-02")
    response = post(login(editor), assessment, answer, {"value": "2"})
    content = response.content.decode()
    assert 'id="progress-GREEN" hx-swap-oob="true"' in content
    assert 'value="1" max="2"' in content  # one of the two GREEN criteria answered


def test_an_unsupported_claim_is_flagged_when_saved(login, editor, assessment):
    answer = answer_of(assessment, "RIGHTS-01")  # expects evidence
    response = post(login(editor), assessment, answer, {"value": "yes"})
    assert "unsupported" in response.content.decode()


def test_the_plain_save_button_works_without_javascript(login, editor, assessment):
    answer = answer_of(assessment, "RIGHTS-02")
    response = post(login(editor), assessment, answer, {"value": "all"}, htmx=False)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/areas/RIGHTS/#c{answer.criterion_id}")
    answer.refresh_from_db()
    assert answer.value == "all"


def test_na_with_a_justification_is_saved(login, editor, assessment):
    answer = answer_of(assessment, "GREEN-02")
    response = post(
        login(editor), assessment, answer, {"is_na": "on", "na_justification": "No plant here"}
    )
    assert response.status_code == 200
    answer.refresh_from_db()
    assert (answer.is_na, answer.na_justification) == (True, "No plant here")


@pytest.mark.parametrize(
    ("code", "data", "message"),
    [
        ("GREEN-01", {"value": "lots"}, "Enter a number."),
        ("GREEN-01", {"value": "150"}, "Enter a number from 0 to 100."),
        ("GREEN-01", {"value": "-5"}, "Enter a number from 0 to 100."),
        ("GREEN-01", {"value": "nan"}, "Enter a finite number."),
        ("GREEN-02", {"value": "7"}, "Select a valid choice."),
        ("RIGHTS-02", {"value": "everything"}, "Select a valid choice."),
        ("RIGHTS-01", {"value": "maybe"}, "Select a valid choice."),
        ("GREEN-02", {"is_na": "on", "na_justification": "  "}, "Say why this criterion"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    login, editor, assessment, code, data, message
):
    before = snapshot(assessment)
    response = post(login(editor), assessment, answer_of(assessment, code), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(assessment) == before


def test_na_is_ignored_where_the_criterion_does_not_allow_it(login, editor, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    post(login(editor), assessment, answer, {"is_na": "on", "na_justification": "x", "value": "no"})
    answer.refresh_from_db()
    assert (answer.is_na, answer.value) == (False, "no")


def test_without_javascript_a_refused_answer_keeps_what_was_typed(login, editor, assessment):
    answer = answer_of(assessment, "GREEN-01")
    response = post(
        login(editor), assessment, answer, {"value": "12abc", "comment": "my notes"}, htmx=False
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="12abc"' in content
    assert "my notes" in content
    assert "Enter a number." in content
    answer.refresh_from_db()
    assert (answer.value, answer.comment) == (None, "")


def test_a_criterion_of_another_framework_is_refused(login, editor, assessment, draft_version):
    foreign = Criterion.objects.get(version=draft_version, code="RIGHTS-01")
    before = snapshot(assessment)
    response = login(editor).post(
        reverse("assessment:answer_save", args=[assessment.pk, foreign.pk]),
        {f"c{foreign.pk}-value": "yes"},
        **HTMX,
    )
    assert response.status_code == 404
    assert snapshot(assessment) == before


def test_a_criterion_that_does_not_apply_is_refused(login, owner, firm, imported_version):
    from assessment.workflow import assessment_start

    quarry = SiteFactory(firm=firm, name="Quarry", scale="small", licensed_producing=False)
    assessment = assessment_start(site=quarry, version=imported_version, user=owner)
    green = Criterion.objects.get(version=imported_version, code="GREEN-01")
    response = login(owner).post(
        reverse("assessment:answer_save", args=[assessment.pk, green.pk]),
        {f"c{green.pk}-value": "50"},
    )
    assert response.status_code == 404
    assert not Answer.objects.filter(assessment=assessment, criterion=green).exists()


def test_a_forged_assessment_id_is_not_found(login, editor, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    response = login(editor).post(
        reverse("assessment:answer_save", args=[assessment.pk + 1000, answer.criterion_id]),
        {f"c{answer.criterion_id}-value": "yes"},
    )
    assert response.status_code == 404


def test_a_get_to_the_autosave_url_is_refused(login, editor, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    response = login(editor).get(
        reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
    )
    assert response.status_code == 405


def test_the_questionnaire_shows_the_right_widget_for_each_answer_type(login, editor, assessment):
    client = login(editor)
    rights = client.get(
        reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"])
    ).content.decode()
    green = client.get(
        reverse("assessment:questionnaire", args=[assessment.pk, "GREEN"])
    ).content.decode()
    r1 = answer_of(assessment, "RIGHTS-01").criterion_id
    r2 = answer_of(assessment, "RIGHTS-02").criterion_id
    g1 = answer_of(assessment, "GREEN-01").criterion_id
    g2 = answer_of(assessment, "GREEN-02").criterion_id
    assert 'type="radio"' in input_tag(rights, f"c{r1}-value", "yes")
    assert input_tag(rights, f"c{r1}-value", "partial") is None  # yes / no only
    assert 'type="radio"' in input_tag(rights, f"c{r2}-value", "some")
    assert 'type="number"' in input_tag(green, f"c{g1}-value")
    assert 'max="100"' in input_tag(green, f"c{g1}-value")
    assert 'type="radio"' in input_tag(green, f"c{g2}-value", "4")
    assert input_tag(green, f"c{g2}-is_na") is not None  # GREEN-02 allows N/A
    assert input_tag(rights, f"c{r1}-is_na") is None
    assert 'hx-post="' in rights and "data-autosave" in rights
    assert "gate" in rights and "law" in rights and "2028" in green


def test_reloading_shows_every_saved_answer(login, editor, assessment):
    client = login(editor)
    for code, value in [("RIGHTS-01", "no"), ("RIGHTS-02", "some")]:
        post(client, assessment, answer_of(assessment, code), {"value": value, "comment": code})
    page = client.get(
        reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"])
    ).content.decode()
    r1 = answer_of(assessment, "RIGHTS-01").criterion_id
    r2 = answer_of(assessment, "RIGHTS-02").criterion_id
    assert "checked" in input_tag(page, f"c{r1}-value", "no")
    assert "checked" not in input_tag(page, f"c{r1}-value", "yes")
    assert "checked" in input_tag(page, f"c{r2}-value", "some")
    assert re.search(r">\s*RIGHTS-02</textarea>", page)


def test_a_submitted_assessment_refuses_every_answer_write(login, owner, assessment):
    from assessment.submission import assessment_submit
    from assessment.workflow import answer_save

    values = {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "90", "GREEN-02": "4"}
    for answer in assessment.answers.select_related("criterion"):
        answer_save(answer=answer, user=owner, value=values[answer.criterion.code])
    assessment_submit(assessment=assessment, user=owner)
    before = snapshot(assessment)
    answer = answer_of(assessment, "RIGHTS-01")
    response = post(login(owner), assessment, answer, {"value": "no"})
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    answer.value = "no"
    with pytest.raises(AssessmentLockedError):
        answer.save()
    with pytest.raises(AssessmentLockedError):
        Answer.objects.filter(assessment=assessment).update(comment="x")
    with pytest.raises(AssessmentLockedError):
        assessment.delete()
    assert snapshot(assessment) == before

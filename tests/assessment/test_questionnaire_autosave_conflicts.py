"""Two people on one answer: an autosave writes only the parts the person changed, and a part
someone else changed since the person's form was loaded is not overwritten: the person is told
(409) and sees both texts. Every save raises the answer's version."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from assessment.models import Answer
from assessment.models.assessments import AnswerChangedError
from assessment.workflow import answer_save

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def answer_of(assessment, code) -> Answer:
    return assessment.answers.select_related("criterion").get(criterion__code=code)


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, answer, data, htmx=True):
    payload = {f"c{answer.criterion_id}-{key}": value for key, value in data.items()}
    url = reverse("assessment:answer_save", args=[answer.assessment_id, answer.criterion_id])
    return client.post(url, payload, **(HTMX if htmx else {}))


def whole_form(answer, **changes) -> dict:
    """What the questionnaire's form of `answer` sends: every part, as loaded, with its version,
    and the person's changes."""
    data = {
        "value": "" if answer.value is None else str(answer.value),
        "comment": answer.comment,
        "version": str(answer.version),
    }
    if answer.criterion.allows_na:
        data["is_na"] = "on" if answer.is_na else ""
        data["na_justification"] = answer.na_justification
    return data | changes


def writes(answer) -> int:
    return answer.history.filter(history_type="~").count()


def test_every_save_raises_the_version_and_the_history_keeps_it(owner, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    assert answer.version == 0
    answer_save(answer=answer, user=owner, value="yes")
    answer_save(answer=answer, user=owner, comment="checked")
    answer.refresh_from_db()
    assert answer.version == 2
    versions = answer.history.order_by("history_date", "history_id").values_list("version")
    assert [v for (v,) in versions] == [0, 1, 2]


def test_a_save_from_an_outdated_copy_is_refused_and_changes_nothing(owner, assessment):
    first = answer_of(assessment, "RIGHTS-01")
    second = answer_of(assessment, "RIGHTS-01")
    first.comment = "first"
    first.save()
    second.comment = "second"
    with pytest.raises(AnswerChangedError):
        second.save()
    second.refresh_from_db()
    assert (second.comment, second.version) == ("first", 1)
    assert writes(second) == 1


def test_a_bulk_update_raises_the_version_too(assessment):
    Answer.objects.filter(assessment=assessment).update(comment="bulk")
    assert set(assessment.answers.values_list("version", "comment")) == {(1, "bulk")}


def test_an_autosave_without_a_comment_keeps_the_comment(login, editor, owner, assessment):
    answer = answer_of(assessment, "RIGHTS-02")
    answer_save(answer=answer, user=owner, comment="Licence renewed in 2025")
    client = login(editor)

    with_version = post(client, answer, {"value": "some", "version": "1"})
    without_version = post(client, answer, {"value": "all"})

    assert (with_version.status_code, without_version.status_code) == (200, 200)
    answer.refresh_from_db()
    assert (answer.value, answer.comment) == ("all", "Licence renewed in 2025")


def test_a_form_without_the_na_box_keeps_na_and_an_unticked_box_clears_it(
    login, editor, owner, assessment
):
    answer = answer_of(assessment, "GREEN-02")  # allows N/A
    answer_save(answer=answer, user=owner, is_na=True, na_justification="No processing plant")
    client = login(editor)

    assert post(client, answer, {"comment": "seen", "version": "1"}).status_code == 200
    answer.refresh_from_db()
    assert (answer.is_na, answer.comment) == (True, "seen")

    # The form sends an unticked box as its hidden companion alone.
    assert post(client, answer, {"is_na": "", "value": "3", "version": "2"}).status_code == 200
    answer.refresh_from_db()
    assert (answer.is_na, answer.value, answer.na_justification) == (
        False,
        3,
        "No processing plant",
    )


def test_the_form_sends_an_unticked_na_box(login, editor, assessment):
    answer = answer_of(assessment, "GREEN-02")
    page = login(editor).get(reverse("assessment:questionnaire", args=[assessment.pk, "GREEN"]))
    name = f"c{answer.criterion_id}-is_na"
    hidden = f'<input type="hidden" name="{name}" value="">'
    content = page.content.decode()
    assert hidden in content
    assert content.index(hidden) < content.index(f'type="checkbox" name="{name}"')


def test_the_form_carries_the_version_it_was_loaded_with(login, editor, owner, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    answer_save(answer=answer, user=owner, value="no")
    answer_save(answer=answer, user=owner, comment="x")
    page = login(editor).get(reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"]))
    assert f'name="c{answer.criterion_id}-version" value="2"' in page.content.decode()


def test_a_stale_form_does_not_overwrite_another_persons_comment(editor, owner, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    loaded = whole_form(answer)  # both open the page at version 0
    mine, theirs = browser(editor), browser(owner)
    assert post(theirs, answer, loaded | {"comment": "Owner: permit on file"}).status_code == 200

    response = post(mine, answer, loaded | {"comment": "Editor: permit expired"})

    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else changed this answer since you opened it." in content
    assert "Editor: permit expired" in content and "Owner: permit on file" in content
    assert 'hx-swap-oob="true"' in content  # the conflict panel, beside the state
    assert "Saved" not in re.search(r'<span id="state-.*?</span>', content, re.S).group(0)
    answer.refresh_from_db()
    assert (answer.comment, answer.version, answer.updated_by) == (
        "Owner: permit on file",
        1,
        owner,
    )
    assert writes(answer) == 1


def test_keeping_mine_after_a_conflict_overwrites_the_version_seen(editor, owner, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    loaded = whole_form(answer)
    post(browser(owner), answer, loaded | {"comment": "Owner's text"})
    mine = browser(editor)
    conflict = post(mine, answer, loaded | {"comment": "Editor's text"})
    keep = re.search(r'name="(c\d+-version)" value="(\d+)" data-conflict-keep', conflict.text)
    assert keep.groups() == (f"c{answer.criterion_id}-version", "1")

    response = post(mine, answer, loaded | {"comment": "Editor's text", "version": "1"})

    assert response.status_code == 200
    answer.refresh_from_db()
    assert (answer.comment, answer.version, answer.updated_by) == ("Editor's text", 2, editor)


def test_a_stale_form_keeps_the_parts_someone_else_changed(editor, owner, assessment):
    answer = answer_of(assessment, "RIGHTS-02")
    loaded = whole_form(answer)
    post(browser(owner), answer, loaded | {"comment": "Owner: see the 2025 audit"})

    # The editor's form still shows the old (empty) comment and sends it with the new value.
    response = post(browser(editor), answer, loaded | {"value": "all"})

    assert response.status_code == 200
    answer.refresh_from_db()
    assert (answer.value, answer.comment, answer.version) == (
        "all",
        "Owner: see the 2025 audit",
        2,
    )
    # The response tells the page the stored answer and its version, to show and to send next.
    state = re.search(r'data-version="(\d+)" data-stored="([^"]*)"', response.text)
    assert state.group(1) == "2"
    stored = json.loads(state.group(2).replace("&quot;", '"'))
    assert stored[f"c{answer.criterion_id}-comment"] == "Owner: see the 2025 audit"
    assert stored[f"c{answer.criterion_id}-value"] == "all"


def test_two_people_changing_different_parts_of_one_answer_both_persist(editor, owner, assessment):
    answer = answer_of(assessment, "GREEN-02")
    loaded = whole_form(answer)
    first = post(browser(owner), answer, loaded | {"value": "2"})
    second = post(browser(editor), answer, loaded | {"comment": "Audit in May"})
    third = post(
        browser(owner),
        answer,
        loaded | {"is_na": "on", "na_justification": "No plant", "value": "2"},
    )

    assert [r.status_code for r in (first, second, third)] == [200, 200, 200]
    answer.refresh_from_db()
    assert (answer.value, answer.comment, answer.is_na, answer.na_justification) == (
        2,
        "Audit in May",
        True,
        "No plant",
    )
    assert answer.version == 3


def test_the_same_change_by_two_people_is_no_conflict(editor, owner, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    loaded = whole_form(answer)
    post(browser(owner), answer, loaded | {"value": "yes"})
    response = post(browser(editor), answer, loaded | {"value": "yes"})
    assert response.status_code == 200
    answer.refresh_from_db()
    assert (answer.value, answer.version, writes(answer)) == ("yes", 2, 2)


def test_a_choice_changed_by_both_shows_both_labels(editor, owner, assessment):
    answer = answer_of(assessment, "GREEN-02")  # maturity
    loaded = whole_form(answer)
    post(browser(owner), answer, loaded | {"value": "4"})
    response = post(browser(editor), answer, loaded | {"value": "1"})
    assert response.status_code == 409
    assert (
        "1 — initially established" in response.text
        and "4 — continually improving" in response.text
    )
    answer.refresh_from_db()
    assert answer.value == 4


def test_a_version_the_answer_never_had_is_a_conflict_for_every_change(editor, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    response = post(browser(editor), answer, whole_form(answer, version="7", comment="forged"))
    assert response.status_code == 409
    answer.refresh_from_db()
    assert (answer.comment, answer.version) == ("", 0)


def test_without_javascript_a_conflict_shows_both_texts_and_keeps_what_was_typed(
    editor, owner, assessment
):
    answer = answer_of(assessment, "RIGHTS-02")
    loaded = whole_form(answer)
    post(browser(owner), answer, loaded | {"value": "some", "comment": "Owner's note"})

    response = post(browser(editor), answer, loaded | {"comment": "Editor's note"}, htmx=False)

    assert response.status_code == 409
    content = response.content.decode()
    prefix = f"c{answer.criterion_id}"
    assert re.search(rf'name="{prefix}-comment"[^>]*>\s*Editor&#x27;s note</textarea>', content)
    assert "Owner&#x27;s note" in content  # the stored text, beside it
    # The part the editor did not change shows the owner's value, so "Keep mine" keeps it.
    assert re.search(rf'name="{prefix}-value" value="some"[^>]*checked', content)
    assert f'name="{prefix}-version" value="0"' in content  # still the version loaded
    assert f'name="{prefix}-version" value="1" data-conflict-keep' in content
    answer.refresh_from_db()
    assert (answer.value, answer.comment) == ("some", "Owner's note")


def test_the_save_merges_again_when_the_answer_changes_after_it_was_read(owner, editor, assessment):
    read = answer_of(assessment, "RIGHTS-01")  # read by this request at version 0 ...
    other = answer_of(assessment, "RIGHTS-01")
    answer_save(answer=other, user=owner, comment="written meanwhile")  # ... then changed

    answer_save(answer=read, user=editor, value="no", comment="", loaded_version=0)

    read.refresh_from_db()
    assert (read.value, read.comment, read.version, read.updated_by) == (
        "no",
        "written meanwhile",
        2,
        editor,
    )

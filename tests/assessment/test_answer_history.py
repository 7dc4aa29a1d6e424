"""History: every change to answers, evidence, assessments and criteria is kept with who and
when; owners read an answer's history (old → new) from the questionnaire."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import Answer, Assessment, AssessmentLockedError, Criterion, Evidence
from assessment.submission import assessment_submit
from assessment.workflow import answer_save

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def answer_of(assessment, code) -> Answer:
    return assessment.answers.select_related("criterion").get(criterion__code=code)


def autosave(client, assessment, answer, **fields):
    data = {f"c{answer.criterion_id}-{key}": value for key, value in fields.items()}
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
    return client.post(url, data, **HTMX)


def history_url(assessment, answer) -> str:
    return reverse("assessment:answer_history", args=[assessment.pk, answer.criterion_id])


def test_an_autosave_records_who_changed_the_answer(login, editor, assessment):
    answer = answer_of(assessment, "RIGHTS-02")
    assert autosave(login(editor), assessment, answer, value="some").status_code == 200
    latest = answer.history.latest()
    assert (latest.history_type, latest.history_user, latest.value) == ("~", editor, "some")


def test_the_owner_sees_who_changed_what_from_what_to_what(login, owner, editor, assessment):
    answer = answer_of(assessment, "RIGHTS-02")
    autosave(login(editor), assessment, answer, value="some", comment="permit in renewal")
    client = login(owner)
    autosave(client, assessment, answer, value="all", comment="renewed <b>2026</b>")

    response = client.get(history_url(assessment, answer))

    assert response.status_code == 200
    entries = response.context["entries"]
    assert [(e.summary, e.who) for e in entries] == [
        ("Changed", owner),
        ("Changed", editor),
        ("Started", owner),  # assessment_start wrote the first version
    ]
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [
        ("Answer", "Some", "All"),
        ("Comment", "permit in renewal", "renewed <b>2026</b>"),
    ]
    assert [(c.label, c.old, c.new) for c in entries[1].changes] == [
        ("Answer", "—", "Some"),
        ("Comment", "—", "permit in renewal"),
    ]
    page = response.content.decode()
    assert "<html" in page  # a page of its own without htmx
    assert "renewed &lt;b&gt;2026&lt;/b&gt;" in page


def test_the_htmx_request_gets_the_fragment_for_the_questionnaire(login, owner, assessment):
    answer = answer_of(assessment, "GREEN-02")
    client = login(owner)
    autosave(client, assessment, answer, value="3")
    response = client.get(history_url(assessment, answer), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert f'id="history-{answer.criterion_id}"' in page
    assert "3 — operating effectively" in page


def test_saves_that_change_nothing_are_kept_but_not_listed(login, owner, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    client = login(owner)
    for _ in range(3):
        autosave(client, assessment, answer, value="yes")
    assert answer.history.filter(history_type="~").count() == 3
    entries = client.get(history_url(assessment, answer)).context["entries"]
    assert [e.summary for e in entries] == ["Changed", "Started"]


def test_evidence_attached_and_removed_is_in_the_history(
    login, owner, assessment, django_capture_on_commit_callbacks
):
    answer = answer_of(assessment, "RIGHTS-01")
    client = login(owner)
    upload_url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    client.post(upload_url, {"file": SimpleUploadedFile("permit.pdf", PDF)})
    evidence = Evidence.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessment:evidence_delete", args=[evidence.pk]))
    entries = client.get(history_url(assessment, answer)).context["entries"]
    assert [e.summary for e in entries][:2] == [
        "File removed: permit.pdf",
        "File attached: permit.pdf",
    ]
    assert {e.who for e in entries} == {owner}


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_other_members_are_refused(login, assessment, role, request):
    member = request.getfixturevalue(role)
    answer = answer_of(assessment, "RIGHTS-01")
    assert login(member).get(history_url(assessment, answer)).status_code == 403


def test_an_outsider_gets_404(login, outsider, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    assert login(outsider).get(history_url(assessment, answer)).status_code == 404


def test_a_criterion_outside_the_assessment_is_404(login, owner, assessment):
    url = reverse("assessment:answer_history", args=[assessment.pk, 999999])
    assert login(owner).get(url).status_code == 404


def test_the_questionnaire_links_the_history_for_owners_only(login, owner, editor, assessment):
    answer = answer_of(assessment, "RIGHTS-01")
    url = reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"])
    link = f'hx-get="{history_url(assessment, answer)}"'
    assert link in login(owner).get(url).content.decode()
    assert link not in login(editor).get(url).content.decode()


def submitted(assessment, owner) -> Assessment:
    values = {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "90", "GREEN-02": "4"}
    for answer in assessment.answers.select_related("criterion"):
        answer_save(answer=answer, user=owner, value=values[answer.criterion.code])
    return assessment_submit(assessment=assessment, user=owner)


def test_the_history_of_a_submitted_assessment_leaves_the_lock_intact(login, owner, assessment):
    locked = submitted(assessment, owner)
    answer = answer_of(locked, "RIGHTS-01")
    rows = answer.history.count()

    answer.value = "no"
    with pytest.raises(AssessmentLockedError):
        answer.save()
    with pytest.raises(AssessmentLockedError):
        answer_save(answer=answer_of(locked, "RIGHTS-01"), user=owner, value="no")

    assert answer.history.count() == rows  # a refused write leaves no history row
    assert answer_of(locked, "RIGHTS-01").value == "yes"
    states = list(locked.history.order_by("history_id").values_list("state", flat=True))
    assert states == ["draft", "submitted"]
    old = answer.history.earliest()  # a historical version is a copy, never a way back
    with pytest.raises(AssessmentLockedError):
        old.instance.save()
    response = login(owner).get(history_url(locked, answer))
    assert response.status_code == 200
    assert response.context["entries"][0].changes[0].new == "Yes"


def test_criteria_history_keeps_both_languages(draft_version):
    historical = Criterion.history.model
    for name in ("text_en", "text_zh_hans", "guidance_zh_hans", "legal_article_zh_hans"):
        assert historical._meta.get_field(name)
    criterion = draft_version.criteria.get(code="RIGHTS-01")
    assert criterion.history.get().history_type == "+"  # written by the import
    criterion.text_zh_hans = "新的要求"
    criterion.save()
    latest = criterion.history.latest()
    assert (latest.text_en, latest.text_zh_hans) == ("Requirement RIGHTS-01", "新的要求")

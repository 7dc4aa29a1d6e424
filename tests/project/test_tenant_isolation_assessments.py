"""Every assessment URL, as owner, editor, viewer and outsider, GET and POST.

An outsider gets 404 for another firm's objects, a viewer's write gets 403, and neither
changes the database.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment import actions, register, workflow
from assessment.models import (
    Action,
    Answer,
    Assessment,
    Document,
    DocumentFile,
    DocumentLink,
    Evidence,
)
from assessment.workflow import evidence_attach
from exchange.questionnaire_export import questionnaire_workbook
from tests.helpers import (
    FirmFactory,
    SiteFactory,
    add_document,
    fresh,
    new_member,
    new_test_version,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def new_objects(assessment, owner) -> dict:
    answer = assessment.answers.select_related("criterion").get(criterion__code="RIGHTS-01")
    evidence = evidence_attach(
        answer=answer, user=owner, upload=SimpleUploadedFile("permit.pdf", PDF)
    )
    document = add_document(assessment.site, owner)
    link = register.document_link(answer=answer, document=document, user=owner)
    action = actions.action_create(
        assessment=assessment, criterion=answer.criterion, user=owner, priority=3, title="Fix"
    )
    return {
        "action": action,
        "assessment": assessment,
        "answer": answer,
        "evidence": evidence,
        "document": document,
        "link": link,
    }


@pytest.fixture(scope="module")
def shared(module_db, tmp_path_factory) -> dict:
    """The people and objects, written once for the module's many requests."""
    firm = FirmFactory(name="Huabei Mining")
    people = {role: new_member(firm, role) for role in ("owner", "editor", "viewer")}
    people["outsider"] = new_member(FirmFactory(name="Other Mining"), "owner", "outsider")
    site = SiteFactory(firm=firm, name="Erlian open-pit coal mine")
    version = new_test_version(tmp_path_factory.mktemp("library"))
    owner = people["owner"]
    assessment = workflow.assessment_start(site=site, version=version, user=owner)
    objects = new_objects(assessment, owner)
    return {
        "people": people,
        "objects": objects,
        "workbook": questionnaire_workbook(assessment, "en"),
    }


@pytest.fixture
def people(shared) -> dict:
    return {role: fresh(person) for role, person in shared["people"].items()}


@pytest.fixture
def objects(shared) -> dict:
    objects = {name: fresh(instance) for name, instance in shared["objects"].items()}
    return objects | {"workbook": shared["workbook"]}


def urls(objects) -> dict[str, tuple[str, dict]]:
    """name -> (url, POST data) for every URL that reaches an assessment's data."""
    a, answer, evidence = objects["assessment"], objects["answer"], objects["evidence"]
    document, link, action = objects["document"], objects["link"], objects["action"]
    cid = answer.criterion_id
    return {
        "assessment": (reverse("assessment:assessment", args=[a.pk]), {}),
        "questionnaire": (reverse("assessment:questionnaire", args=[a.pk, "RIGHTS"]), {}),
        "review": (reverse("assessment:review", args=[a.pk]), {}),
        "evidence_download": (reverse("assessment:evidence_download", args=[evidence.pk]), {}),
        "assessment_start": (
            reverse("assessment:assessment_start", args=[a.site_id]),
            {"version": a.version_id},
        ),
        "answer_save": (
            reverse("assessment:answer_save", args=[a.pk, cid]),
            {f"c{cid}-value": "no"},
        ),
        "evidence_upload": (
            reverse("assessment:evidence_upload", args=[a.pk, cid]),
            {"file": SimpleUploadedFile("x.pdf", PDF)},
        ),
        "evidence_delete": (reverse("assessment:evidence_delete", args=[evidence.pk]), {}),
        "approval_request": (reverse("assessment:approval_request", args=[a.pk]), {}),
        "submit": (reverse("assessment:submit", args=[a.pk]), {}),
        "document_register": (
            reverse("assessment:document_register", args=[a.site_id]),
            {"new-kind": "report", "new-title": "Survey"},
        ),
        "document_detail": (reverse("assessment:document_detail", args=[document.pk]), {}),
        "document_file": (
            reverse("assessment:document_file", args=[document.files.get().pk]),
            {},
        ),
        "document_edit": (
            reverse("assessment:document_edit", args=[document.pk]),
            {"kind": "permit", "title": "Renamed"},
        ),
        "document_files_add": (
            reverse("assessment:document_files_add", args=[document.pk]),
            {"files": SimpleUploadedFile("more.pdf", PDF)},
        ),
        "document_file_remove": (
            reverse("assessment:document_file_remove", args=[document.files.get().pk]),
            {},
        ),
        "document_delete": (reverse("assessment:document_delete", args=[document.pk]), {}),
        "document_link": (
            reverse("assessment:document_link", args=[a.pk, cid]),
            {"document": document.pk},
        ),
        "document_unlink": (reverse("assessment:document_unlink", args=[link.pk]), {}),
        "action_new": (
            reverse("assessment:action_new", args=[a.pk, cid]),
            {"title": "Another", "owner": ""},
        ),
        "actions_from_gaps": (
            reverse("assessment:actions_from_gaps", args=[a.pk]),
            {"min_priority": "0"},
        ),
        "action_detail": (reverse("assessment:action_detail", args=[action.pk]), {}),
        "site_plan": (reverse("assessment:site_plan", args=[a.site_id]), {}),
        "firm_plan": (reverse("assessment:firm_plan", args=[a.site.firm_id]), {}),
        "questionnaire_download": (
            reverse("exchange:questionnaire_download", args=[a.pk]),
            {},
        ),
        "questionnaire_import": (
            reverse("exchange:questionnaire_import", args=[a.pk]),
            {"file": SimpleUploadedFile("q.xlsx", objects["workbook"])},
        ),
        "questionnaire_import_confirm": (
            reverse("exchange:questionnaire_import_confirm", args=[a.pk]),
            {"token": "0" * 64},
        ),
        "results_xlsx": (reverse("exchange:results_xlsx", args=[a.pk]), {}),
        "results_csv": (reverse("exchange:results_csv", args=[a.pk, "answers"]), {}),
    }


READ_URLS = {
    "assessment", "questionnaire", "review", "evidence_download", "document_register",
    "document_detail", "document_file", "action_detail", "site_plan", "firm_plan",
    "questionnaire_download", "results_xlsx", "results_csv",
}  # fmt: skip
WRITE_URLS = {
    "assessment_start", "answer_save", "evidence_upload", "evidence_delete", "approval_request",
    "document_edit", "document_files_add", "document_file_remove", "document_delete",
    "document_link", "document_unlink", "action_new", "actions_from_gaps",
    "questionnaire_import", "questionnaire_import_confirm",
}  # fmt: skip
OWNER_URLS = {"submit"}
ALL_URLS = sorted(READ_URLS | WRITE_URLS | OWNER_URLS)
POST_ONLY = {
    "answer_save", "evidence_upload", "evidence_delete", "approval_request",
    "document_files_add", "document_file_remove", "document_link", "document_unlink",
    "actions_from_gaps", "questionnaire_import_confirm",
}  # fmt: skip


def database(objects) -> tuple:
    return (
        list(Assessment.objects.order_by("pk").values_list("pk", "state")),
        list(Answer.objects.order_by("pk").values_list("value", "comment", "is_na")),
        list(Evidence.objects.order_by("pk").values_list("pk", "original_name")),
        list(Document.objects.order_by("pk").values_list("pk", "title", "valid_until")),
        list(DocumentFile.objects.order_by("pk").values_list("pk", "original_name")),
        list(DocumentLink.objects.order_by("pk").values_list("pk", "answer_id", "document_id")),
        list(Action.objects.order_by("pk").values_list("pk", "title", "status", "owner_id")),
    )


@pytest.mark.parametrize("name", ALL_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_and_changes_nothing(login, people, objects, name, method):
    url, data = urls(objects)[name]
    before = database(objects)
    response = getattr(login(people["outsider"]), method)(url, data if method == "post" else None)
    if method == "get" and name in POST_ONLY:
        assert response.status_code == 405  # POST-only, whoever asks
    else:
        assert response.status_code == 404
    assert database(objects) == before


@pytest.mark.parametrize("name", sorted(WRITE_URLS | OWNER_URLS))
def test_a_viewers_write_gets_403_and_changes_nothing(login, people, objects, name):
    url, data = urls(objects)[name]
    before = database(objects)
    response = login(people["viewer"]).post(url, data)
    assert response.status_code == 403
    assert database(objects) == before


@pytest.mark.parametrize("person", ["owner", "editor", "viewer"])
@pytest.mark.parametrize("name", sorted(READ_URLS))
def test_members_read_every_page(login, people, objects, person, name):
    url, _data = urls(objects)[name]
    response = login(people[person]).get(url)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].startswith(f"/assessments/{objects['assessment'].pk}/")


@pytest.mark.parametrize("person", ["owner", "editor"])
@pytest.mark.parametrize("name", sorted(WRITE_URLS))
def test_owners_and_editors_may_write(login, people, objects, person, name):
    url, data = urls(objects)[name]
    response = login(people[person]).post(url, data)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("name", ALL_URLS)
def test_anonymous_users_are_sent_to_sign_in(client, objects, name):
    url, _data = urls(objects)[name]
    response = client.get(url)
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("person", "status"), [("owner", 302), ("editor", 403)])
def test_only_owners_submit(login, people, objects, person, status):
    url, data = urls(objects)["submit"]
    response = login(people[person]).post(url, data)
    assert response.status_code == status

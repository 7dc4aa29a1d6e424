"""The role is checked before the object is looked up: a viewer's write is refused the same way
whether the criterion, evidence, membership, site or assessment it names exists or not, so ids
cannot be probed; and nothing changes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.converters import MAX_ID
from assessment.models import Answer, Assessment, Evidence, Firm, Invitation, Membership, Site
from assessment.workflow import evidence_attach

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
MISSING = MAX_ID  # an id no object has


@pytest.fixture
def objects(assessment, owner):
    answer = assessment.answers.select_related("criterion").get(criterion__code="RIGHTS-01")
    evidence = evidence_attach(
        answer=answer, user=owner, upload=SimpleUploadedFile("permit.pdf", PDF)
    )
    return {
        "assessment": assessment,
        "site": assessment.site,
        "firm": assessment.site.firm,
        "criterion_id": answer.criterion_id,
        "evidence": evidence,
        "membership": Membership.objects.get(user=owner),
        "invitation": Invitation.objects.create(
            firm=assessment.site.firm, email="invited@example.com", role="editor"
        ),
    }


def write_urls(objects, missing: bool) -> dict[str, tuple[str, dict]]:
    """name -> (URL, POST data) of every write, naming an object that exists or one that does
    not (the innermost id of the URL: the criterion, evidence, membership, site...)."""
    a, firm = objects["assessment"], objects["firm"]

    def pick(pk: int) -> int:
        return MISSING if missing else pk

    criterion = pick(objects["criterion_id"])
    membership = pick(objects["membership"].pk)
    return {
        "answer_save": (
            reverse("assessment:answer_save", args=[a.pk, criterion]),
            {"value": "yes"},
        ),
        "evidence_upload": (
            reverse("assessment:evidence_upload", args=[a.pk, criterion]),
            {"file": SimpleUploadedFile("x.pdf", PDF)},
        ),
        "answer_history": (reverse("assessment:answer_history", args=[a.pk, criterion]), None),
        "evidence_delete": (
            reverse("assessment:evidence_delete", args=[pick(objects["evidence"].pk)]),
            {},
        ),
        "submit": (reverse("assessment:submit", args=[pick(a.pk)]), {}),
        "assessment_start": (
            reverse("assessment:assessment_start", args=[pick(a.site_id)]),
            {"version": a.version_id},
        ),
        "site_edit": (reverse("assessment:site_edit", args=[pick(a.site_id)]), {"name": "Renamed"}),
        "site_create": (reverse("assessment:site_create", args=[pick(firm.pk)]), {"name": "New"}),
        "member_add": (
            reverse("assessment:member_add", args=[pick(firm.pk)]),
            {"email": "x@example.com"},
        ),
        "member_role": (
            reverse("assessment:member_role", args=[firm.pk, membership]),
            {"role": Membership.Role.VIEWER},
        ),
        "member_remove": (reverse("assessment:member_remove", args=[firm.pk, membership]), {}),
        "invitation_remove": (
            reverse("assessment:invitation_remove", args=[firm.pk, pick(objects["invitation"].pk)]),
            {},
        ),
    }


OWNER_ONLY = {
    "answer_history",
    "member_add",
    "member_role",
    "member_remove",
    "invitation_remove",
}


def database() -> tuple:
    return (
        list(Firm.objects.order_by("pk").values_list("pk", "name")),
        list(Site.objects.order_by("pk").values_list("pk", "name")),
        list(Assessment.objects.order_by("pk").values_list("pk", "state")),
        list(Answer.objects.order_by("pk").values_list("value", "comment", "is_na")),
        list(Evidence.objects.order_by("pk").values_list("pk", "original_name")),
        list(Membership.objects.order_by("pk").values_list("pk", "role")),
        list(Invitation.objects.order_by("pk").values_list("pk", "email")),
    )


def send(client, url: str, data: dict | None):
    return client.get(url) if data is None else client.post(url, data)


NAMES = [
    "answer_save",
    "evidence_upload",
    "answer_history",
    "evidence_delete",
    "submit",
    "assessment_start",
    "site_edit",
    "site_create",
    "member_add",
    "member_role",
    "member_remove",
    "invitation_remove",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_viewer_is_refused_alike_whether_the_object_exists(login, viewer, objects, name):
    client = login(viewer)
    before = database()
    existing = send(client, *write_urls(objects, missing=False)[name])
    missing = send(client, *write_urls(objects, missing=True)[name])
    assert (existing.status_code, missing.status_code) == (403, 403)
    assert database() == before


@pytest.mark.parametrize("name", sorted(OWNER_ONLY))
def test_an_editor_is_refused_alike_for_owners_work(login, editor, objects, name):
    client = login(editor)
    before = database()
    existing = send(client, *write_urls(objects, missing=False)[name])
    missing = send(client, *write_urls(objects, missing=True)[name])
    assert (existing.status_code, missing.status_code) == (403, 403)
    assert database() == before


@pytest.mark.parametrize("name", NAMES)
def test_a_viewer_who_owns_another_firm_gets_404_alike(
    login, viewer, objects, django_user_model, name
):
    """Someone who may write elsewhere: this firm's objects are not theirs to change, which
    answers like an object that does not exist."""
    own = Firm.objects.create(name="Viewer's own firm")
    Membership.objects.create(firm=own, user=viewer, role=Membership.Role.OWNER)
    client = login(viewer)
    before = database()
    existing = send(client, *write_urls(objects, missing=False)[name])
    missing = send(client, *write_urls(objects, missing=True)[name])
    assert (existing.status_code, missing.status_code) == (404, 404)
    assert database() == before


def test_an_editor_still_gets_404_for_a_criterion_that_is_not_there(login, editor, objects):
    url, data = write_urls(objects, missing=True)["answer_save"]
    assert login(editor).post(url, data).status_code == 404


def test_an_editor_still_saves_an_answer(login, editor, objects):
    url, _data = write_urls(objects, missing=False)["answer_save"]
    cid = objects["criterion_id"]
    response = login(editor).post(url, {f"c{cid}-value": "yes"})
    assert response.status_code == 302
    answer = Answer.objects.get(assessment=objects["assessment"], criterion_id=cid)
    answer.refresh_from_db()
    assert answer.value == "yes"

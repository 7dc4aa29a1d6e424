"""The catalogue admin: pages load, frozen versions are read-only, publish and clone actions."""

import pytest
from django.urls import reverse

from assessment.models import Criterion, FrameworkVersion
from tests.helpers import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "pw-for-tests")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["framework", "frameworkversion", "area", "criterion"])
def test_the_changelists_load_with_the_bundled_catalogue(admin_client, bundled_version, model):
    response = admin_client.get(reverse(f"admin:assessment_{model}_changelist"))
    assert response.status_code == 200


def test_the_criterion_changelist_lists_every_bundled_criterion(admin_client, bundled_version):
    response = admin_client.get(reverse("admin:assessment_criterion_changelist"))
    for code in bundled_version.criteria.values_list("code", flat=True)[:100]:
        assert code.encode() in response.content


def test_the_change_forms_load_for_the_bundled_catalogue(admin_client, bundled_version):
    criterion = bundled_version.criteria.first()
    for url in (
        reverse("admin:assessment_criterion_change", args=[criterion.pk]),
        reverse("admin:assessment_frameworkversion_change", args=[bundled_version.pk]),
        reverse("admin:assessment_area_change", args=[criterion.area_id]),
        reverse("admin:assessment_framework_change", args=[bundled_version.framework_id]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_criteria_are_searchable_and_filterable(admin_client, imported_version):
    url = reverse("admin:assessment_criterion_changelist")
    response = admin_client.get(url, {"q": "GREEN-01"})
    assert b"GREEN-01" in response.content and b"RIGHTS-01" not in response.content
    response = admin_client.get(url, {"force": "policy"})
    assert b"RIGHTS-02" in response.content and b"GREEN-01" not in response.content
    response = admin_client.get(url, {"answer_type": "maturity"})
    assert b"GREEN-02" in response.content and b"RIGHTS-02" not in response.content
    response = admin_client.get(url, {"area__code": "RIGHTS"})
    assert b"RIGHTS-01" in response.content and b"GREEN-02" not in response.content
    page = response.content.decode()
    assert "By area" in page and "By code" not in page
    assert "RIGHTS — Rights" in page  # the area's code and name


def test_a_published_criterion_form_is_read_only_and_says_why(admin_client, imported_version):
    criterion = imported_version.criteria.get(code="RIGHTS-01")
    url = reverse("admin:assessment_criterion_change", args=[criterion.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"read-only" in response.content
    assert b'name="_save"' not in response.content


def test_saving_a_published_criterion_is_refused(admin_client, imported_version):
    criterion = imported_version.criteria.get(code="RIGHTS-01")
    url = reverse("admin:assessment_criterion_change", args=[criterion.pk])
    response = admin_client.post(url, {"code": "HACKED", "weight": 1})
    assert response.status_code == 403
    criterion.refresh_from_db()
    assert (criterion.code, criterion.weight) == ("RIGHTS-01", 3)


def test_a_draft_criterion_can_be_edited_in_the_admin(admin_client, draft_version):
    criterion = draft_version.criteria.get(code="RIGHTS-01")
    url = reverse("admin:assessment_criterion_change", args=[criterion.pk])
    response = admin_client.get(url)
    assert b'name="_save"' in response.content
    data = admin_form_data(response)
    data["weight"] = 5
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    criterion.refresh_from_db()
    assert criterion.weight == 5


def test_the_publish_action_asks_first_and_shows_the_changes(
    admin_client, imported_version, draft_version
):
    Criterion.objects.filter(version=draft_version, code="RIGHTS-01").update(weight=1)
    Criterion.objects.filter(version=draft_version, code="GREEN-02").delete()
    response = admin_client.post(
        reverse("admin:assessment_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [draft_version.pk]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Against the published version 1.0: 0 added, 1 removed, 1 changed." in page
    assert "RIGHTS-01" in page and "weight" in page and "GREEN-02" in page
    assert 'name="confirm" value="yes"' in page
    draft_version.refresh_from_db()
    assert draft_version.status == "draft"


def test_the_publish_action_freezes_a_draft_once_confirmed(admin_client, draft_version):
    response = admin_client.post(
        reverse("admin:assessment_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [draft_version.pk], "confirm": "yes"},
        follow=True,
    )
    assert b"Published 1 version." in response.content
    draft_version.refresh_from_db()
    assert draft_version.status == "published"


def test_publishing_can_retire_the_previous_version(admin_client, imported_version, draft_version):
    page = admin_client.post(
        reverse("admin:assessment_frameworkversion_changelist"),
        {"action": "publish", "_selected_action": [draft_version.pk]},
    )
    assert 'name="retire_previous"' in page.content.decode()

    response = admin_client.post(
        reverse("admin:assessment_frameworkversion_changelist"),
        {
            "action": "publish",
            "_selected_action": [draft_version.pk],
            "confirm": "yes",
            "retire_previous": "yes",
        },
        follow=True,
    )

    assert b"Retired test-fw 1.0: no new assessment can start on it." in response.content
    imported_version.refresh_from_db()
    draft_version.refresh_from_db()
    assert (imported_version.status, draft_version.status) == ("retired", "published")


def test_the_clone_action_makes_a_draft_with_every_criterion(admin_client, imported_version):
    response = admin_client.post(
        reverse("admin:assessment_frameworkversion_changelist"),
        {"action": "clone", "_selected_action": [imported_version.pk]},
        follow=True,
    )
    assert b"into draft 1.0-draft" in response.content
    clone = FrameworkVersion.objects.get(version="1.0-draft")
    assert clone.status == "draft"
    assert clone.criteria.count() == imported_version.criteria.count() == 4


def test_the_admin_lists_criteria_with_a_missing_translation(admin_client, draft_version):
    Criterion.objects.filter(version=draft_version, code="GREEN-02").update(guidance_zh_hans="")
    url = reverse("admin:assessment_criterion_changelist")
    response = admin_client.get(url, {"translation": "missing"})
    assert b"GREEN-02" in response.content
    assert b"RIGHTS-01" not in response.content
    response = admin_client.get(url)
    assert b"guidance" in response.content  # the "missing Chinese" column names the field

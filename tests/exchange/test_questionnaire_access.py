"""Who may download and import the offline questionnaire: members download, owners and editors
import into a draft; viewers cannot import (403), another firm's assessment is 404, and a
submitted assessment takes no import."""

import pytest
from django.urls import reverse

from tests.helpers import fill_questionnaire, questionnaire_download, questionnaire_upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("person", ["owner", "editor", "viewer"])
def test_members_download_the_questionnaire(login, assessment, request, person):
    client = login(request.getfixturevalue(person))
    response = client.get(reverse("exchange:questionnaire_download", args=[assessment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="questionnaire-')


@pytest.mark.parametrize(
    "name", ["questionnaire_download", "questionnaire_import", "questionnaire_import_confirm"]
)
def test_another_firms_assessment_is_404(login, outsider, assessment, name):
    url = reverse(f"exchange:{name}", args=[assessment.pk])
    client = login(outsider)
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == 404


def test_a_viewer_cannot_import(login, owner, viewer, assessment):
    data = fill_questionnaire(
        questionnaire_download(login(owner), assessment), {"RIGHTS-01": {"answer": "Yes"}}
    )
    client = login(viewer)
    assert (
        client.get(reverse("exchange:questionnaire_import", args=[assessment.pk])).status_code
        == 403
    )
    assert questionnaire_upload(client, assessment, data).status_code == 403
    url = reverse("exchange:questionnaire_import_confirm", args=[assessment.pk])
    assert client.post(url, {"token": "x"}).status_code == 403
    assert assessment.answers.get(criterion__code="RIGHTS-01").value is None


def test_the_questionnaire_page_links_the_download_and_for_writers_the_import(
    login, editor, viewer, assessment
):
    url = reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"])
    import_url = reverse("exchange:questionnaire_import", args=[assessment.pk])
    download_url = reverse("exchange:questionnaire_download", args=[assessment.pk])
    page = login(editor).get(url).content.decode()
    assert import_url in page and download_url in page
    page = login(viewer).get(url).content.decode()
    assert import_url not in page and download_url in page


def test_a_submitted_assessment_takes_no_import(login, owner, submitted_assessment):
    client = login(owner)
    data = questionnaire_download(client, submitted_assessment)
    data = fill_questionnaire(data, {"RIGHTS-01": {"answer": "No"}})
    before = list(submitted_assessment.answers.values_list("value", "version"))
    url = reverse("exchange:questionnaire_import", args=[submitted_assessment.pk])
    response = client.get(url)
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    assert questionnaire_upload(client, submitted_assessment, data).status_code == 400
    assert list(submitted_assessment.answers.values_list("value", "version")) == before


def test_the_upload_is_not_held_to_the_form_data_cap(login, editor, assessment, settings):
    client = login(editor)
    data = fill_questionnaire(
        questionnaire_download(client, assessment), {"RIGHTS-01": {"answer": "Yes"}}
    )
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # far below the file's size
    response = questionnaire_upload(client, assessment, data)
    assert response.status_code == 200
    assert [change.code for change in response.context["plan"].changes] == ["RIGHTS-01"]

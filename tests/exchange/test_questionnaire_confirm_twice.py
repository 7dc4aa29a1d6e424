"""The import's confirmation sent twice (a double click): the second writes nothing, not even
an empty save (a version and a history row per answer), and says so."""

import pytest
from django.contrib.messages import get_messages

from tests.helpers import (
    fill_questionnaire,
    questionnaire_confirm,
    questionnaire_download,
    questionnaire_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


def written(assessment) -> list[tuple]:
    return [
        (a.criterion.code, a.version, a.value, a.history.count())
        for a in assessment.answers.select_related("criterion").order_by("criterion__code")
    ]


def test_a_second_confirmation_of_the_same_preview_writes_nothing(login, editor, assessment):
    client = login(editor)
    data = fill_questionnaire(
        questionnaire_download(client, assessment), {"RIGHTS-02": {"answer": "All"}}
    )
    preview = questionnaire_upload(client, assessment, data)
    key = f"exchange-import-{assessment.pk}"
    pending = client.session[key]
    assert "data-submit-once" in preview.content.decode()  # the button is disabled once sent

    assert questionnaire_confirm(client, assessment, preview).status_code == 302
    after_first = written(assessment)
    assert ("RIGHTS-02", 1, "all") in [row[:3] for row in after_first]

    # The second request read the session before the first took the import out of it.
    session = client.session
    session[key] = pending
    session.save()
    response = questionnaire_confirm(client, assessment, preview)
    assert response.status_code == 302
    assert written(assessment) == after_first
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown[-1] == "These changes were imported already; nothing more was changed."
    assert key not in client.session

    # Sent again after that: nothing to import any more.
    response = questionnaire_confirm(client, assessment, preview)
    assert written(assessment) == after_first
    assert "nothing to import" in " ".join(str(m) for m in get_messages(response.wsgi_request))

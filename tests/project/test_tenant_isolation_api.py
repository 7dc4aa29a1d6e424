"""Every URL of the read API, with the token of an owner, editor, viewer and outsider, without a
token and with a revoked one, and with every method that would write.

Members read what their firm's pages show; an outsider gets 404 for another firm's objects (the
firm list leaves them out); no valid token answers 401; no method but GET, HEAD and OPTIONS is
allowed (405), and nothing changes.
"""

import pytest
from django.test import Client
from django.urls import reverse

from api import urls as api_urls
from api.models import ApiToken
from api.tokens import token_issue, token_revoke
from assessment import actions
from assessment.models import Action, Assessment, Firm, Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(assessment, owner):
    answer = assessment.answers.select_related("criterion").get(criterion__code="RIGHTS-01")
    action = actions.action_create(
        assessment=assessment, criterion=answer.criterion, user=owner, priority=3, title="Fix"
    )
    return {"assessment": assessment, "action": action}


def urls(objects) -> dict[str, str]:
    """name -> URL for every API URL that reaches a firm's data."""
    a = objects["assessment"]
    site, firm = a.site_id, a.site.firm_id
    return {
        "firm": reverse("api:firm", args=[firm]),
        "firm_sites": reverse("api:firm_sites", args=[firm]),
        "firm_actions": reverse("api:firm_actions", args=[firm]),
        "site": reverse("api:site", args=[site]),
        "site_assessments": reverse("api:site_assessments", args=[site]),
        "site_actions": reverse("api:site_actions", args=[site]),
        "assessment": reverse("api:assessment", args=[a.pk]),
        "assessment_gaps": reverse("api:assessment_gaps", args=[a.pk]),
    }


OBJECT_URLS = [
    "firm", "firm_sites", "firm_actions", "site", "site_assessments", "site_actions",
    "assessment", "assessment_gaps",
]  # fmt: skip
ALL_URLS = [*OBJECT_URLS, "firms"]


# Not firm data: the schema and its page, and the settings page's buttons (the person's own token).
NOT_DATA = {"schema", "docs", "token_create", "token_delete"}


def test_every_url_of_the_api_is_checked_here():
    names = {pattern.name for pattern in api_urls.urlpatterns}
    assert names - NOT_DATA == set(ALL_URLS)


def url_of(objects, name: str) -> str:
    return reverse("api:firms") if name == "firms" else urls(objects)[name]


def bearer(user) -> Client:
    return Client(headers={"authorization": f"Bearer {token_issue(user=user)}"})


def database() -> tuple:
    return (
        list(Firm.objects.order_by("pk").values_list("pk", "name")),
        list(Site.objects.order_by("pk").values_list("pk", "name", "firm_id")),
        list(Assessment.objects.order_by("pk").values_list("pk", "state")),
        list(Action.objects.order_by("pk").values_list("pk", "title", "status", "owner_id")),
    )


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_an_outsider_gets_404(outsider, objects, name):
    response = bearer(outsider).get(urls(objects)[name])
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_the_firm_list_of_an_outsider_has_only_their_firm(outsider, objects):
    response = bearer(outsider).get(reverse("api:firms"))
    assert response.status_code == 200
    assert [firm["name"] for firm in response.json()["results"]] == ["Other Mining"]


@pytest.mark.parametrize("person", ["owner", "editor", "viewer"])
@pytest.mark.parametrize("name", ALL_URLS)
def test_members_read_every_url(objects, request, person, name):
    response = bearer(request.getfixturevalue(person)).get(url_of(objects, name))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ALL_URLS)
def test_without_a_token_the_answer_is_401(client, owner, objects, name):
    response = client.get(url_of(objects, name))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.parametrize("name", ALL_URLS)
def test_a_session_is_no_token(login, owner, objects, name):
    response = login(owner).get(url_of(objects, name))
    assert response.status_code == 401


@pytest.mark.parametrize("name", ALL_URLS)
def test_a_revoked_token_answers_401(owner, objects, name):
    client = bearer(owner)
    token_revoke(user=owner)
    response = client.get(url_of(objects, name))
    assert response.status_code == 401
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("person", ["owner", "outsider"])
@pytest.mark.parametrize("name", ALL_URLS)
def test_nothing_is_written_whoever_asks(objects, request, person, method, name):
    client = bearer(request.getfixturevalue(person))
    before = database()
    response = getattr(client, method)(url_of(objects, name))
    assert response.status_code == 405
    assert database() == before

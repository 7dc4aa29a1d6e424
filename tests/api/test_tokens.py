"""A person makes and revokes their API token on the settings page; only its hash is stored, and
it authenticates the API as `Bearer` or `Token`."""

from __future__ import annotations

import hashlib

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.tokens import token_issue
from tests.helpers import use_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]

SHOWN_ONCE = {"en": "it is shown only this once", "zh-hans": "它只显示这一次"}
REVOKED = {"en": "Your API token is revoked", "zh-hans": "您的 API 令牌已撤销"}


def firms(raw: str, keyword: str = "Bearer"):
    return Client().get(reverse("api:firms"), headers={"authorization": f"{keyword} {raw}"})


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_new_token_is_shown_once_and_stored_as_its_hash(login, owner, language):
    client = login(owner)
    use_language(client, language)

    response = client.post(reverse("api:token_create"))

    assert response.status_code == 200
    raw = response.context["new_api_token"]
    page = response.content.decode()
    assert raw.startswith("mr_") and len(raw) == 46
    assert raw in page and SHOWN_ONCE[language] in page
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=owner)
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert not ApiToken.objects.filter(key_hash=raw).exists()
    assert token.prefix == raw[:8]
    later = client.get(reverse("assessment:account_settings")).content.decode()
    assert raw not in later and raw[:8] in later
    assert firms(raw).status_code == 200


def test_a_new_token_replaces_the_old_one(login, owner):
    client = login(owner)
    first = client.post(reverse("api:token_create")).context["new_api_token"]
    second = client.post(reverse("api:token_create")).context["new_api_token"]
    assert ApiToken.objects.filter(user=owner).count() == 1
    assert firms(first).status_code == 401
    assert firms(second).status_code == 200


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_revoking_the_token_ends_it(login, owner, language):
    client = login(owner)
    use_language(client, language)
    raw = client.post(reverse("api:token_create")).context["new_api_token"]

    response = client.post(reverse("api:token_delete"))

    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:account_settings")
    assert [str(m) for m in get_messages(response.wsgi_request)][0].startswith(REVOKED[language])
    assert not ApiToken.objects.filter(user=owner).exists()
    assert firms(raw).status_code == 401
    page = client.get(reverse("assessment:account_settings")).content.decode()
    assert reverse("api:token_delete") not in page  # nothing left to revoke


def test_the_settings_page_offers_a_token_and_links_the_documentation(login, owner):
    page = login(owner).get(reverse("assessment:account_settings")).content.decode()
    assert reverse("api:token_create") in page and reverse("api:docs") in page
    assert reverse("api:token_delete") not in page


@pytest.mark.parametrize("name", ["api:token_create", "api:token_delete"])
def test_tokens_are_made_and_revoked_by_post_only(login, client, owner, name):
    assert login(owner).get(reverse(name)).status_code == 405
    client.logout()
    response = client.post(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not ApiToken.objects.exists()


def test_someone_elses_token_is_not_touched(login, owner, viewer):
    kept = token_issue(user=viewer)
    login(owner).post(reverse("api:token_delete"))
    assert firms(kept).status_code == 200


def test_the_token_keyword_works_like_bearer(owner):
    assert firms(token_issue(user=owner), keyword="Token").status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer mr_x y", "Bearer mr_unknown", "Bearer not-ours", "Bearer ＴＯＫＥＮ"],
)
def test_a_wrong_token_answers_401(owner, header):
    token_issue(user=owner)
    response = Client().get(reverse("api:firms"), headers={"authorization": header})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_the_token_of_a_deactivated_person_answers_401(owner):
    raw = token_issue(user=owner)
    owner.is_active = False
    owner.save()
    assert firms(raw).status_code == 401

"""The interface language: browser first, then the user's choice, kept on their profile."""

import pytest
from django.urls import reverse

from assessment.models import Profile
from tests.assessment_fixtures import *  # noqa: F403
from tests.assessment_fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def page_language(response) -> str:
    return response.wsgi_request.LANGUAGE_CODE


def test_a_first_visit_follows_the_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert page_language(response) == "zh-hans"
    assert b'<html lang="zh-hans">' in response.content
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB")
    assert page_language(response) == "en"


def test_every_page_offers_the_other_language(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert b'name="language" value="zh-hans"' in response.content


def test_switching_is_kept_on_the_profile(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": reverse("dashboard")}
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=owner).language == "zh-hans"
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(response) == "zh-hans"


def test_the_choice_comes_back_at_the_next_sign_in(client, owner):
    Profile.objects.create(user=owner, language="zh-hans")
    client.cookies.clear()
    response = client.post(
        reverse("login"),
        {"username": "owner", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    response = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(response) == "zh-hans"


def test_an_unknown_language_is_ignored(client, owner):
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert not Profile.objects.filter(user=owner).exists()

"""The interface language: browser first, then the user's choice, kept on their profile."""

import pytest
from django.urls import reverse

from assessment.models import Profile
from tests.helpers import TEST_PASSWORD

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
        reverse("set_language"), {"language": "zh-hans", "next": reverse("assessment:dashboard")}
    )
    assert response.status_code == 302
    assert Profile.objects.get(user=owner).language == "zh-hans"
    response = client.get(reverse("assessment:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(response) == "zh-hans"


def test_the_choice_comes_back_at_the_next_sign_in(client, owner):
    Profile.objects.create(user=owner, language="zh-hans")
    client.cookies.clear()
    response = client.post(
        reverse("login"),
        {"username": "owner", "password": TEST_PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    response = client.get(reverse("assessment:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert page_language(response) == "zh-hans"


def test_an_unknown_language_is_ignored(client, owner):
    client.force_login(owner)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert not Profile.objects.filter(user=owner).exists()


@pytest.mark.parametrize(
    ("active", "given", "expected"),
    [
        ("en", None, "en"),
        ("zh-hans", None, "zh-hans"),
        ("en", "zh-hans", "zh-hans"),
        ("en", "zh-CN", "zh-hans"),
        ("zh-hans", "fr", "en"),
        (None, None, "en"),
    ],
)
def test_current_language_is_always_one_of_ours(active, given, expected):
    from django.utils import translation

    from assessment.language import LANGUAGES, current_language

    with translation.override(active):
        assert current_language(given) == expected
    assert expected in LANGUAGES


def test_pages_reports_and_content_pick_their_language_through_it(monkeypatch):
    """Option labels, lists in text and report languages follow current_language."""
    from assessment import answer_text, language
    from reports import pdf, presentation

    monkeypatch.setattr(answer_text, "current_language", lambda language=None: "zh-hans")
    monkeypatch.setattr(presentation, "current_language", lambda language=None: "zh-hans")
    assert answer_text.option_label({"en": "tonnes", "zh-hans": "吨"}) == "吨"
    assert presentation.list_text(["A", "B"]) == "A、B"
    assert pdf.LANGUAGES is language.LANGUAGES

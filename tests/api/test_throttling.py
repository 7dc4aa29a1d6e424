"""Each person may make API_RATE_LIMIT requests; past it the API answers 429 with Retry-After,
for that person only, whatever token they use."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_token_past_its_rate_gets_429(settings, token_client, owner, viewer):
    settings.API_RATE_LIMIT = "2/minute"
    client = token_client(owner)
    url = reverse("api:firms")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get(url)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert token_client(viewer).get(url).status_code == 200  # another person's token


def test_a_new_token_does_not_start_a_new_count(settings, token_client, owner):
    settings.API_RATE_LIMIT = "2/minute"
    url = reverse("api:firms")
    assert [token_client(owner).get(url).status_code for _ in range(2)] == [200, 200]
    assert token_client(owner).get(url).status_code == 429  # a token made afresh


def test_the_rate_is_a_setting_from_the_environment(settings):
    assert settings.API_RATE_LIMIT == "1000/hour"

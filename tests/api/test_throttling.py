"""Each token may make API_RATE_LIMIT requests; past it the API answers 429 with Retry-After,
for that token only."""

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


def test_the_rate_is_a_setting_from_the_environment(settings):
    assert settings.API_RATE_LIMIT == "1000/hour"

"""Platform admins see who holds an API token (never the token) and can revoke one."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiToken
from api.tokens import token_issue

pytestmark = pytest.mark.django_db


def test_an_admin_sees_the_holders_and_revokes_a_token(client, django_user_model, owner):
    raw = token_issue(user=owner)
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com"))
    token = ApiToken.objects.get()

    listing = client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert "owner" in listing and token.prefix in listing and raw not in listing
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403
    response = client.post(reverse("admin:api_apitoken_delete", args=[token.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    headers = {"authorization": f"Bearer {raw}"}
    assert Client().get(reverse("api:firms"), headers=headers).status_code == 401

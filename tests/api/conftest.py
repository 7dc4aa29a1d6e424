"""Requests to the read API with a person's token."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from api.tokens import token_issue


@pytest.fixture
def token_client() -> Callable[..., Client]:
    """token_client(user): a client that sends a new token of `user` (no session)."""

    def client_of(user, keyword: str = "Bearer") -> Client:
        return Client(headers={"authorization": f"{keyword} {token_issue(user=user)}"})

    return client_of

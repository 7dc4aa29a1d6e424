"""How the API knows who asks: `Authorization: Bearer <token>` (or `Token <token>`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.models import ApiToken
from api.tokens import token_owner

KEYWORDS = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request) -> tuple[object, ApiToken] | None:
        # Read as text: a header of other than Latin-1 characters must not be an error 500.
        parts = request.META.get("HTTP_AUTHORIZATION", "").split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # no token: the permission check answers 401
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after Bearer."))
        token = token_owner(parts[1]) if parts[1].isascii() else None
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'

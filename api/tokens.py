"""Making, revoking and checking API tokens. A token is 43 random URL-safe characters after
`mr_`; it is stored as its SHA-256 (a fast hash is enough for 256 random bits: nothing to guess).
A person holds one token at most: making a new one replaces the old one."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from api.models import ApiToken

TOKEN_PREFIX = "mr_"
SHOWN_PREFIX_LENGTH = 8


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, user) -> str:
    """A new token for `user` (the old one stops working); the only time it is readable. The
    person's row is replaced in place (its row locked), so two clicks at once make no error."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.update_or_create(
        user=user,
        defaults={
            "key_hash": token_hash(raw),
            "prefix": raw[:SHOWN_PREFIX_LENGTH],
            "created_at": timezone.now(),
        },
    )
    return raw


def token_revoke(*, user) -> bool:
    """Whether there was a token to revoke."""
    deleted, _kinds = ApiToken.objects.filter(user=user).delete()
    return bool(deleted)


def token_owner(raw: str) -> ApiToken | None:
    """The token (with its user) that `raw` is, if any and its user is active."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), user__is_active=True)
        .first()
    )

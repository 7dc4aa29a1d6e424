"""A person's API token: only its SHA-256 is stored, so a copy of the database opens nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_token",
        verbose_name=_("user"),
    )
    # hex SHA-256 of the token; the token itself is shown once, when it is made.
    key_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    # The token's first characters, so that a person can tell which one they hold.
    prefix = models.CharField(_("token start"), max_length=12)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

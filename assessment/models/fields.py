"""Fields that several models share."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def person_field(
    verbose_name, *, blank: bool = False, related_name: str = "+"
) -> models.ForeignKey:
    """Who did something. The record outlives the account: deleting the user leaves it empty."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name=related_name,
        verbose_name=verbose_name,
    )

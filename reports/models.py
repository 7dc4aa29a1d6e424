"""Issued reports: the PDFs of a submitted assessment, stored once with their SHA-256 so that a
reader can later check that a file is the one MineReady issued (the public verification page).

An issued report never changes once it is ready. Its PDF lives under the private media root
with a generated name, and is served only through the permission-checked download view.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models import Assessment

# Crockford's base32 alphabet: no I, L, O or U, so that an id read aloud or retyped from paper
# is not mistaken. 16 characters carry 80 random bits.
REPORT_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
REPORT_ID_LENGTH = 16


def new_report_id() -> str:
    return "".join(secrets.choice(REPORT_ID_ALPHABET) for _ in range(REPORT_ID_LENGTH))


def normalise_report_id(text: str) -> str:
    """What a person typed (any case, with spaces or dashes, O for 0, I or L for 1) as stored."""
    cleaned = "".join(char for char in text.upper() if char.isalnum())
    return cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def display_report_id(report_id: str) -> str:
    """In groups of four, as printed on the report: "7K2M-9QXD-..."."""
    return "-".join(report_id[index : index + 4] for index in range(0, len(report_id), 4))


def issued_report_path(instance: IssuedReport, filename: str) -> str:
    return f"reports/{instance.assessment_id}/{uuid.uuid4().hex}.pdf"


class IssuedReport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,  # a submitted assessment is never deleted anyway
        related_name="issued_reports",
        verbose_name=_("assessment"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    report_id = models.CharField(
        _("report id"), max_length=32, unique=True, default=new_report_id, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    pdf = models.FileField(_("PDF"), upload_to=issued_report_path, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    # What the report was issued for, as printed on it: the verification page confirms these,
    # never the firm's or site's current names.
    firm_name = models.CharField(_("firm"), max_length=200, blank=True)
    site_name = models.CharField(_("site"), max_length=200, blank=True)
    assessed_on = models.DateField(_("assessment date"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "language"], name="unique_issued_report_language"
            )
        ]
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")

    def __str__(self) -> str:
        return f"{self.display_id} ({self.language}, {self.status})"

    @property
    def display_id(self) -> str:
        return display_report_id(self.report_id)

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

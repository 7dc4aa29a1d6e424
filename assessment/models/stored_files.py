"""What every uploaded file row keeps beside the stored file: the person's file name, its checked
content type, size and checksum, who uploaded it and when (assessment/stored_files.py fills
them in). Subclasses add the `file` field with their own storage path."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models.fields import person_field


class StoredFile(models.Model):
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = person_field(_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

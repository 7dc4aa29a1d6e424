"""Uploaded files stored under a generated name, with what the person's file was (one way for
evidence files and register documents)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models

from assessment.uploads import CheckedUpload, read_checked, safe_display_name


def save_with_file(
    row: models.Model, upload: UploadedFile, checked: CheckedUpload | None = None
) -> models.Model:
    """Check the upload (unless the caller's form did: `checked`), store it in `row.file` and
    save the row with the file's name, type, size and checksum. Call inside a transaction: if
    the row cannot be saved, the stored file is deleted again."""
    checked = checked or read_checked(upload, settings.EVIDENCE_MAX_BYTES)
    row.original_name = safe_display_name(upload.name or "")
    row.content_type = checked.content_type
    row.size = len(checked.data)
    row.sha256 = hashlib.sha256(checked.data).hexdigest()
    row._history_user = row.uploaded_by  # who the history says added it
    row.file.save(row.original_name, upload, save=False)
    try:
        row.save()
    except Exception:
        row.file.delete(save=False)
        raise
    return row

"""Fixtures for the PDF report tests: text of a PDF, a submitted assessment of the small test
framework, background tasks run at once, and issued reports stored without rendering.

Import what a test module needs: `from tests.pdf_fixtures import *` (it brings the report
fixtures with it).
"""

from __future__ import annotations

import hashlib
import io
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from reports.models import IssuedReport
from tests import report_fixtures
from tests.report_fixtures import *  # noqa: F403
from tests.report_fixtures import TODAY, WORKED_ANSWERS, answer_all, submit_on

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Stands in for an issued PDF where the test is about serving or checking bytes, not drawing.
STORED_PDF = b"%PDF-1.7\n% an issued report, as stored\n%%EOF\n"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squashed(text: str) -> str:
    """Without any whitespace: text extraction breaks lines where the layout did."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def immediate_tasks(settings):
    """Background tasks run at once, in the test's thread."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def submitted_assessment(assessment, owner, freeze_today):
    """The worked example, submitted on TODAY (its reports are not issued: the submit's
    on-commit work does not run inside a test's transaction)."""
    answer_all(assessment, owner, WORKED_ANSWERS)
    return submit_on(assessment, owner, TODAY)


def store_issued(assessment, language: str = "en", data: bytes = STORED_PDF) -> IssuedReport:
    """An issued report that is ready, with ``data`` as its stored file (and the firm, site and
    date it was issued for, as issuing records them)."""
    report = IssuedReport(
        assessment=assessment,
        language=language,
        status=IssuedReport.Status.READY,
        firm_name=assessment.site.firm.name,
        site_name=assessment.site.name,
        assessed_on=timezone.localdate(assessment.submitted_at),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        pages=1,
        attempts=1,
        issued_at=timezone.now(),
    )
    report.pdf.save("report.pdf", ContentFile(data), save=False)
    report.save()
    return report


__all__ = [  # noqa: PLE0604
    *report_fixtures.__all__,
    "IMMEDIATE_TASKS",
    "STORED_PDF",
    "immediate_tasks",
    "pdf_text",
    "squashed",
    "store_issued",
    "submitted_assessment",
]

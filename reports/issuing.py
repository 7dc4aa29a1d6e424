"""Issuing the reports of a submitted assessment, and checking an issued report.

When an assessment is submitted (the ``assessment_submitted`` signal, sent after the commit),
reports/tasks.py creates one IssuedReport per language, pending, and its ``issue_report`` task
renders each in the background: a PDF/A-3b with the report id printed on every page and the
assessment's answers attached as ``answers.json``, stored under a generated name with its
SHA-256. A failed render is tried again (REPORT_ISSUE_ATTEMPTS in all), and so is one whose
worker was killed (reports/tasks.py finds those); the last error is kept for the firm's owners.
A ready report never changes, and keeps the firm, site and date it was issued for.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessment.language import LANGUAGES
from assessment.models import Assessment, DocumentLink, Evidence
from assessment.results import AssessmentResults, assessment_results
from reports import presentation
from reports.models import IssuedReport, normalise_report_id
from reports.pdf import ISSUED_VARIANT, ReportURLFetcher, render_report

ERROR_LENGTH = 2000


class NotSubmitted(Exception):
    """Reports are issued for submitted assessments only."""


def answers_document(assessment: Assessment, results: AssessmentResults) -> dict[str, Any]:
    """The assessment's answers (and their scores) as plain JSON data: what the issued PDF
    carries as its ``answers.json`` attachment, for a machine to read."""
    evidence: dict[int, list[dict[str, Any]]] = {}
    for answer_id, name, sha256, size in (
        Evidence.objects.filter(answer__assessment=assessment)
        .order_by("uploaded_at", "pk")
        .values_list("answer_id", "original_name", "sha256", "size")
    ):
        evidence.setdefault(answer_id, []).append({"name": name, "sha256": sha256, "size": size})
    documents: dict[int, list[dict[str, Any]]] = {}
    for link in (
        DocumentLink.objects.filter(answer__assessment=assessment)
        .select_related("document")
        .order_by("linked_at", "pk")
    ):
        document = link.document
        documents.setdefault(link.answer_id, []).append(
            {
                "kind": document.kind,
                "title": document.title,
                "number": document.number,
                "issuer": document.issuer,
                "valid_from": document.valid_from and document.valid_from.isoformat(),
                "valid_until": document.valid_until and document.valid_until.isoformat(),
                "counted": link.counted,
            }
        )
    site = assessment.site
    answers = []
    for area in results.score.areas:
        for contribution in area.contributions:
            answer = results.answers[contribution.code]
            answers.append(
                {
                    "code": contribution.code,
                    "area": area.code,
                    "value": answer.value,
                    "na": answer.is_na,
                    "na_justification": answer.na_justification,
                    "comment": answer.comment,
                    "carried_over": answer.carried_over,
                    "score": contribution.s,
                    "status": contribution.status,
                    "unsupported": contribution.unsupported,
                    "evidence": evidence.get(answer.pk, []),
                    "documents": documents.get(answer.pk, []),
                }
            )
    return {
        "format": "mineready-answers/1",
        "firm": site.firm.name,
        "site": {"name": site.name, "province": site.province, "profile": assessment.profile},
        "framework": {
            "code": assessment.version.framework.code,
            "version": assessment.version.version,
        },
        "assessment": {
            "id": assessment.pk,
            "state": assessment.state,
            "started_at": assessment.created_at.isoformat(),
            "submitted_at": assessment.submitted_at.isoformat()
            if assessment.submitted_at
            else None,
            "scored_on": results.scored_on.isoformat(),
        },
        "score": results.score.to_dict(),
        "answers": answers,
    }


def answers_attachment(assessment: Assessment, results: AssessmentResults) -> weasyprint.Attachment:
    text = json.dumps(answers_document(assessment, results), ensure_ascii=False, indent=2)
    return weasyprint.Attachment(
        string=text.encode("utf-8"),
        url_fetcher=ReportURLFetcher(),
        name="answers.json",
        description="The assessment's answers and scores (MineReady)",
        relationship="Data",
    )


def issued_reports_prepare(*, assessment: Assessment) -> list[IssuedReport]:
    """One IssuedReport per language (pending until rendered); existing ones are kept."""
    if assessment.state == Assessment.State.DRAFT:
        raise NotSubmitted(f"assessment {assessment.pk} is a draft")
    reports = []
    for language in LANGUAGES:
        try:
            with transaction.atomic():
                report, _created = IssuedReport.objects.get_or_create(
                    assessment=assessment, language=language
                )
        except IntegrityError:  # created meanwhile by another process
            report = IssuedReport.objects.get(assessment=assessment, language=language)
        reports.append(report)
    return reports


def _attempt_failed(report: IssuedReport, error: str) -> bool:
    """Record a failed attempt's error; the report stays pending while attempts are left
    (REPORT_ISSUE_ATTEMPTS in all), else it is failed. True if another attempt is due."""
    report.error = error[:ERROR_LENGTH]
    last = report.attempts >= settings.REPORT_ISSUE_ATTEMPTS
    report.status = IssuedReport.Status.FAILED if last else IssuedReport.Status.PENDING
    IssuedReport.objects.filter(pk=report.pk).exclude(status=IssuedReport.Status.READY).update(
        error=report.error, status=report.status
    )
    return not last


def issued_report_lost(*, report_id: int, error: str) -> bool:
    """An attempt whose worker stopped without a result (killed, out of memory): counted as
    failed with ``error`` (the attempt was counted when it began). True if another attempt
    is due; False too when the report is no longer pending."""
    report = IssuedReport.objects.filter(pk=report_id, status=IssuedReport.Status.PENDING).first()
    return report is not None and _attempt_failed(report, error)


def issued_report_render(*, report: IssuedReport) -> IssuedReport:
    """Render and store one issued report (one attempt). Raises what the rendering raised,
    after counting the attempt and recording the error."""
    IssuedReport.objects.filter(pk=report.pk).update(attempts=report.attempts + 1)
    report.attempts += 1
    assessment = (
        Assessment.objects.select_related("site__firm", "version__framework")
        .filter(pk=report.assessment_id)
        .first()
    )
    try:
        if assessment is None or assessment.state == Assessment.State.DRAFT:
            raise NotSubmitted(f"assessment {report.assessment_id} is not submitted")
        results = assessment_results(assessment)
        rendered = render_report(
            assessment,
            report.language,
            variant=ISSUED_VARIANT,
            attachments=[answers_attachment(assessment, results)],
            report_id=report.report_id,
        )
    except Exception as error:
        _attempt_failed(report, f"{type(error).__name__}: {error}")
        raise
    report.pdf.save(f"{report.report_id}.pdf", ContentFile(rendered.pdf), save=False)
    report.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    report.size = len(rendered.pdf)
    report.pages = rendered.pages
    report.status = IssuedReport.Status.READY
    report.error = ""
    report.issued_at = timezone.now()
    # What the PDF prints, from the objects it was drawn from: verification confirms these
    # even after the firm or the site is renamed.
    report.firm_name = presentation.name_text(assessment.site.firm.name)
    report.site_name = presentation.name_text(assessment.site.name)
    report.assessed_on = results.scored_on
    stored = (
        IssuedReport.objects.filter(pk=report.pk)
        .exclude(status=IssuedReport.Status.READY)
        .update(
            pdf=report.pdf.name,
            sha256=report.sha256,
            size=report.size,
            pages=report.pages,
            status=report.status,
            error="",
            issued_at=report.issued_at,
            firm_name=report.firm_name,
            site_name=report.site_name,
            assessed_on=report.assessed_on,
        )
    )
    if not stored:  # issued meanwhile by another worker: that one stands
        report.pdf.delete(save=False)
        report.refresh_from_db()
    return report


@dataclass(frozen=True)
class Verification:
    """What the public verification page may say about a report id and an uploaded file."""

    report: IssuedReport | None  # None: no issued report with this id
    matches: bool | None = None  # None: no file was uploaded


def verify_report(report_id: str, upload: bytes | None = None) -> Verification:
    """The issued report with this id (its firm, site and date as issued), and whether the
    uploaded file is that report."""
    report = IssuedReport.objects.filter(
        report_id=normalise_report_id(report_id), status=IssuedReport.Status.READY
    ).first()
    if report is None:
        return Verification(report=None)
    if upload is None:
        return Verification(report=report)
    return Verification(report=report, matches=hashlib.sha256(upload).hexdigest() == report.sha256)

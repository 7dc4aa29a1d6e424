"""Issued reports are PDF/A-3b and carry the assessment's answers as an attached JSON file."""

import io
import json

import pytest
from pypdf import PdfReader

from reports.issuing import issued_reports_prepare
from reports.models import IssuedReport
from reports.tasks import issue_report

pytestmark = pytest.mark.django_db


def test_an_issued_pdf_is_pdf_a_3b_with_the_answers_attached(submitted_assessment, immediate_tasks):
    report = next(
        r for r in issued_reports_prepare(assessment=submitted_assessment) if r.language == "en"
    )
    issue_report.enqueue(report.pk)
    report.refresh_from_db()
    assert report.status == IssuedReport.Status.READY

    reader = PdfReader(io.BytesIO(report.pdf.read()))
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]  # the colour profile PDF/A requires
    assert list(reader.attachments) == ["answers.json"]
    document = json.loads(reader.attachments["answers.json"][0])
    assert document["format"] == "mineready-answers/1"
    assert document["site"]["name"] == "Erlian open-pit coal mine"
    assert document["assessment"]["id"] == submitted_assessment.pk
    codes = [answer["code"] for answer in document["answers"]]
    assert codes == ["RIGHTS-01", "RIGHTS-02", "GREEN-01", "GREEN-02"]
    assert document["answers"][1]["value"] == "some"
    assert document["answers"][0]["unsupported"] is True
    assert document["score"]["overall"] == 58.92
    assert document["score"]["band"] == "partially_ready"


def test_a_fresh_render_is_a_plain_pdf_without_attachments(submitted_assessment):
    from reports.pdf import render_report

    reader = PdfReader(io.BytesIO(render_report(submitted_assessment, "en").pdf))
    assert reader.attachments == {}

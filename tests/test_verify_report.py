"""The public verification page: with a report id (and optionally the PDF), it says whether a
report was issued and whether the file is that report, for which firm, site and date; nothing
more (no scores, no answers). No sign-in needed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import IssuedReport
from tests.pdf_fixtures import *  # noqa: F403
from tests.pdf_fixtures import STORED_PDF, store_issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(submitted_assessment) -> IssuedReport:
    return store_issued(submitted_assessment, "en")


def verify(client, report_id: str, data: bytes | None = None):
    fields = {"report_id": report_id}
    if data is not None:
        fields["pdf"] = SimpleUploadedFile("report.pdf", data, content_type="application/pdf")
    return client.post(reverse("verify_report"), fields)


def test_it_confirms_the_issued_file(client, report):
    response = verify(client, report.display_id, STORED_PDF)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This file is the report that was issued." in page
    assert "Huabei Mining" in page and "Erlian open-pit coal mine" in page
    assert report.display_id in page
    assert response.context["verification"].matches is True


def test_it_says_an_altered_file_does_not_match(client, report):
    response = verify(client, report.report_id.lower(), STORED_PDF.replace(b"issued", b"edited"))
    page = response.content.decode()
    assert "does not match the issued report" in page
    assert response.context["verification"].matches is False


def test_it_knows_no_report_with_an_unknown_id(client, report):
    response = verify(client, "AAAA-BBBB-CCCC-DDDD", STORED_PDF)
    assert "No report with this id was issued." in response.content.decode()
    assert response.context["verification"].report is None


def test_a_report_that_is_not_ready_is_not_known(client, submitted_assessment):
    pending = IssuedReport.objects.create(assessment=submitted_assessment, language="en")
    response = verify(client, pending.report_id)
    assert response.context["verification"].report is None


def test_an_id_alone_names_firm_site_and_date_and_nothing_more(client, report):
    response = client.get(reverse("verify_report"), {"report_id": report.display_id})
    page = response.content.decode()
    assert "A report with this id was issued." in page
    assert "Huabei Mining" in page and "Erlian open-pit coal mine" in page
    for secret in ("58.92", "partially ready", "RIGHTS-01", "Test framework"):
        assert secret not in page


def test_the_empty_form_and_a_malformed_id(client):
    assert client.get(reverse("verify_report")).status_code == 200
    response = verify(client, "12345")
    assert response.status_code == 200
    assert "A report id has 16 letters and digits." in response.content.decode()
    assert response.context["verification"] is None

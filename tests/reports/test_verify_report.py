"""The public verification page: with a report id (and optionally the PDF), it says whether a
report was issued and whether the file is that report, for which firm, site and date; nothing
more (no scores, no answers). No sign-in needed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from assessment.models import Firm, Site
from assessment.submission import assessment_submit
from reports.models import IssuedReport
from tests.helpers import STORED_PDF, WORKED_ANSWERS, answer_all, pdf_text, squashed, store_issued

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(submitted_assessment) -> IssuedReport:
    return store_issued(submitted_assessment, "en")


def verify(client, report_id: str, data: bytes | None = None):
    fields = {"report_id": report_id}
    if data is not None:
        fields["pdf"] = SimpleUploadedFile("report.pdf", data, content_type="application/pdf")
    return client.post(reverse("reports:verify_report"), fields)


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
    response = client.get(reverse("reports:verify_report"), {"report_id": report.display_id})
    page = response.content.decode()
    assert "A report with this id was issued." in page
    assert "Huabei Mining" in page and "Erlian open-pit coal mine" in page
    for secret in ("58.92", "partially ready", "RIGHTS-01", "Test framework"):
        assert secret not in page


def test_the_empty_form_and_a_malformed_id(client):
    assert client.get(reverse("reports:verify_report")).status_code == 200
    response = verify(client, "12345")
    assert response.status_code == 200
    assert "A report id has 16 letters and digits." in response.content.decode()
    assert response.context["verification"] is None


def test_it_confirms_the_names_and_date_issued_for_after_the_site_and_firm_are_renamed(
    client, assessment, owner, immediate_tasks, django_capture_on_commit_callbacks
):
    answer_all(assessment, owner, WORKED_ANSWERS)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=owner)
    report = IssuedReport.objects.get(assessment=assessment, language="en")
    assessment.refresh_from_db()
    submitted_on = timezone.localdate(assessment.submitted_at)
    assert report.is_ready
    assert report.firm_name == "Huabei Mining"
    assert report.site_name == "Erlian open-pit coal mine"
    assert report.assessed_on == submitted_on
    data = report.pdf.read()
    printed = squashed(pdf_text(data))  # what the snapshot holds is what the PDF prints
    assert squashed(report.firm_name) in printed and squashed(report.site_name) in printed

    Site.objects.filter(pk=assessment.site_id).update(name="Renamed quarry")
    Firm.objects.filter(pk=assessment.site.firm_id).update(name="Renamed Holdings")
    response = verify(client, report.display_id, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This file is the report that was issued." in page
    assert "Huabei Mining" in page and "Erlian open-pit coal mine" in page
    assert "Renamed" not in page
    with translation.override("en"):
        assert f'Assessed on</dt><dd class="col-sm-8">{date_format(submitted_on)}<' in page
    report.refresh_from_db()
    assert (report.firm_name, report.site_name) == ("Huabei Mining", "Erlian open-pit coal mine")

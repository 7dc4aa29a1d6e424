"""A request to a view that takes no file is capped (DATA_UPLOAD_MAX_MEMORY_SIZE bytes, files
included, and DATA_UPLOAD_MAX_NUMBER_FIELDS fields): more answers 413 with a short message and
changes nothing; upload views keep EVIDENCE_MAX_BYTES and its own message."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessment.models import Evidence, Site

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
PDF_HEAD = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n"


def over_the_cap() -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def a_pdf(size: int) -> bytes:
    return PDF_HEAD + b"%" * (size - len(PDF_HEAD) - 6) + b"%%EOF\n"


@pytest.fixture
def answer(assessment):
    return assessment.answers.select_related("criterion").get(criterion__code="RIGHTS-01")


def autosave_url(answer) -> str:
    return reverse("assessment:answer_save", args=[answer.assessment_id, answer.criterion_id])


def assert_refused(response) -> None:
    assert response.status_code == 413
    text = response.content.decode()
    assert "This page accepts at most 1.0\xa0MB of form data and 1000 fields" in text


def test_the_caps_are_explicit_settings():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.EVIDENCE_MAX_BYTES > settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.parametrize("extra", [{}, HTMX], ids=["form", "htmx"])
def test_an_oversize_autosave_is_refused_and_changes_nothing(login, editor, answer, extra):
    field = f"c{answer.criterion_id}"
    data = {f"{field}-value": "yes", f"{field}-comment": over_the_cap()}
    assert_refused(login(editor).post(autosave_url(answer), data, **extra))
    answer.refresh_from_db()
    assert (answer.value, answer.comment) == (None, "")


def test_a_file_sent_to_the_autosave_counts_towards_the_cap(login, editor, answer):
    field = f"c{answer.criterion_id}"
    big = SimpleUploadedFile("padding.bin", b"\0" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    response = login(editor).post(autosave_url(answer), {f"{field}-value": "yes", "pad": big})
    assert_refused(response)
    answer.refresh_from_db()
    assert answer.value is None


def test_an_oversize_site_form_is_refused_and_changes_nothing(login, editor, site):
    response = login(editor).post(
        reverse("assessment:site_edit", args=[site.pk]), {"name": over_the_cap()}
    )
    assert_refused(response)
    site.refresh_from_db()
    assert site.name == "Erlian open-pit coal mine"
    assert Site.objects.count() == 1


def test_too_many_fields_are_refused_and_change_nothing(login, editor, site):
    data = {"name": "Renamed"} | {
        f"f{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    }
    response = login(editor).post(reverse("assessment:site_edit", args=[site.pk]), data)
    assert_refused(response)
    site.refresh_from_db()
    assert site.name == "Erlian open-pit coal mine"


def test_the_cap_comes_before_the_csrf_check_reads_the_body(editor, answer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    client.get(reverse("assessment:questionnaire", args=[answer.assessment_id, "RIGHTS"]))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    field = f"c{answer.criterion_id}"
    data = {f"{field}-value": "yes", f"{field}-comment": over_the_cap()}
    response = client.post(autosave_url(answer), data, HTTP_X_CSRFTOKEN=token, **HTMX)
    assert_refused(response)
    small = client.post(autosave_url(answer), {f"{field}-value": "yes"}, HTTP_X_CSRFTOKEN=token)
    assert small.status_code == 302
    answer.refresh_from_db()
    assert answer.value == "yes"


def test_a_request_under_the_cap_is_saved(login, editor, answer):
    field = f"c{answer.criterion_id}"
    response = login(editor).post(autosave_url(answer), {f"{field}-value": "yes"}, **HTMX)
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.value == "yes"


def test_an_upload_above_the_cap_but_within_the_evidence_limit_is_attached(login, editor, answer):
    content = a_pdf(settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 2)
    url = reverse("assessment:evidence_upload", args=[answer.assessment_id, answer.criterion_id])
    response = login(editor).post(url, {"file": SimpleUploadedFile("permit.pdf", content)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.size == len(content)


def test_an_upload_above_the_evidence_limit_gets_its_own_message(login, editor, answer, settings):
    settings.EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    content = a_pdf(settings.EVIDENCE_MAX_BYTES + 1)
    url = reverse("assessment:evidence_upload", args=[answer.assessment_id, answer.criterion_id])
    response = login(editor).post(url, {"file": SimpleUploadedFile("permit.pdf", content)}, **HTMX)
    assert response.status_code == 400
    assert "larger than the limit of 2 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_verify_page_still_takes_a_report_file_above_the_cap(client):
    content = a_pdf(settings.DATA_UPLOAD_MAX_MEMORY_SIZE * 2)
    response = client.post(
        reverse("reports:verify_report"),
        {"report_id": "X" * 10, "pdf": SimpleUploadedFile("report.pdf", content)},
    )
    assert response.status_code == 200


def test_other_bad_requests_keep_djangos_plain_400(client):
    response = client.get("/", HTTP_HOST="not-allowed.example")
    assert response.status_code == 400

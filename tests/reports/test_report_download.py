"""Downloading a report: a submitted assessment's issued file is served byte for byte (never a
fresh render); without an issued report, and for a draft, the report is rendered afresh. The
file is named after the site, the date and the language."""

import pytest
from django.urls import reverse

from reports.models import IssuedReport
from reports.pdf import RenderedReport
from reports.views import report
from tests.helpers import STORED_PDF, store_issued

pytestmark = pytest.mark.django_db


def download(client, assessment, language="en"):
    return client.get(reverse("reports:report_pdf", args=[assessment.pk, language]))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def fresh_renders(monkeypatch) -> list[tuple[int, str]]:
    renders = []

    def render(assessment, language, **kwargs):
        renders.append((assessment.pk, language))
        return RenderedReport(pdf=b"%PDF-1.7 fresh", pages=1)

    monkeypatch.setattr(report, "render_report", render)
    return renders


def test_it_serves_the_stored_bytes_of_an_issued_report(
    login, viewer, submitted_assessment, monkeypatch
):
    issued = store_issued(submitted_assessment, "zh-hans")

    def refuse(*args, **kwargs):
        raise AssertionError("an issued report is never rendered again")

    monkeypatch.setattr(report, "render_report", refuse)
    response = download(login(viewer), submitted_assessment, "zh-hans")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    served = body(response)
    assert served == STORED_PDF
    with issued.pdf.open("rb") as stored:
        assert served == stored.read()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="erlian-open-pit-coal-mine-2026-03-01-zh-hans.pdf"' in disposition


def test_it_renders_afresh_until_the_report_is_issued(
    login, owner, submitted_assessment, fresh_renders
):
    IssuedReport.objects.create(assessment=submitted_assessment, language="en")  # pending
    response = download(login(owner), submitted_assessment)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.7 fresh"
    assert fresh_renders == [(submitted_assessment.pk, "en")]


def test_a_draft_is_rendered_afresh_and_named_after_today(
    login, editor, worked_assessment, fresh_renders
):
    response = download(login(editor), worked_assessment)
    assert body(response) == b"%PDF-1.7 fresh"
    assert "erlian-open-pit-coal-mine-2026-03-01-en.pdf" in response["Content-Disposition"]


def test_a_chinese_site_name_keeps_its_characters_in_the_file_name(
    login, owner, submitted_assessment, fresh_renders
):
    site = submitted_assessment.site
    site.name = "准格尔 露天煤矿"
    site.save()
    disposition = download(login(owner), submitted_assessment)["Content-Disposition"]
    assert "filename*=utf-8''%E5%87%86%E6%A0%BC%E5%B0%94-" in disposition
    assert disposition.endswith("-2026-03-01-en.pdf")

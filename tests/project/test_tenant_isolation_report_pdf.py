"""Every URL of the gap report goes through the membership check: owner, editor and viewer of
the firm get it; a member of another firm gets 404; a visitor is sent to sign in. Only en and
zh-hans exist."""

import pytest
from django.urls import reverse

from reports.pdf import RenderedReport
from reports.views import report

pytestmark = pytest.mark.django_db

URLS = [
    ("reports:report_preview", "en"),
    ("reports:report_preview", "zh-hans"),
    ("reports:report_pdf", "en"),
    ("reports:report_pdf", "zh-hans"),
]


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    rendered = RenderedReport(pdf=b"%PDF-1.7 test", pages=1)
    monkeypatch.setattr(report, "render_report", lambda *a, **k: rendered)


@pytest.mark.parametrize(("name", "language"), URLS)
@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_members_get_the_report(request, login, worked_assessment, name, language, role):
    client = login(request.getfixturevalue(role))
    response = client.get(reverse(name, args=[worked_assessment.pk, language]))
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "language"), URLS)
def test_another_firm_gets_404(login, outsider, worked_assessment, name, language):
    response = login(outsider).get(reverse(name, args=[worked_assessment.pk, language]))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "language"), URLS)
def test_a_visitor_is_sent_to_sign_in(client, worked_assessment, name, language):
    response = client.get(reverse(name, args=[worked_assessment.pk, language]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["reports:report_preview", "reports:report_pdf"])
@pytest.mark.parametrize("language", ["fr", "zh-hant", "EN"])
def test_other_languages_are_404(login, owner, worked_assessment, name, language):
    response = login(owner).get(reverse(name, args=[worked_assessment.pk, language]))
    assert response.status_code == 404


def test_a_missing_assessment_is_404(login, owner):
    assert login(owner).get(reverse("reports:report_pdf", args=[999999, "en"])).status_code == 404


def test_the_preview_is_the_report_in_its_language(login, viewer, worked_assessment):
    client = login(viewer)
    english = client.get(reverse("reports:report_preview", args=[worked_assessment.pk, "en"]))
    chinese = client.get(reverse("reports:report_preview", args=[worked_assessment.pk, "zh-hans"]))
    assert "Executive summary" in english.content.decode()
    assert '<html lang="zh-Hans">' in chinese.content.decode()
    assert "Requirement GREEN-01（中文）" in chinese.content.decode()
    assert "/static/css/report-print.css" in english.content.decode()


def test_the_results_page_links_both_languages(login, viewer, worked_assessment):
    page = (
        login(viewer).get(reverse("reports:results", args=[worked_assessment.pk])).content.decode()
    )
    for language in ("en", "zh-hans"):
        assert reverse("reports:report_pdf", args=[worked_assessment.pk, language]) in page
        assert reverse("reports:report_preview", args=[worked_assessment.pk, language]) in page

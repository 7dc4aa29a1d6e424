"""The report renderer fetches only data: URLs and our own static files. A comment with markup
stays text; and were markup ever to reach the renderer, file:, network and CSS @import URLs are
asked for and refused, and the report still renders."""

import pytest

from assessment.models import Answer
from assessment.workflow import answer_save
from reports import pdf as report_pdf
from reports.pdf import (
    REPORT_BASE_URL,
    RefusedURL,
    ReportURLFetcher,
    html_to_pdf,
    render_report,
    static_file_for,
)
from tests.helpers import pdf_text, squashed

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<img src="file:///etc/passwd"> <img src="http://127.0.0.1/track.png"> '
    '<style>@import url("http://127.0.0.1/evil.css");</style>'
)
STYLESHEET_URL = f"{REPORT_BASE_URL}static/css/report-print.css"


@pytest.fixture
def fetched(monkeypatch) -> list[tuple[str, str]]:
    """Every URL the renderer asks for, with "fetched" or "refused"."""
    calls: list[tuple[str, str]] = []
    real = ReportURLFetcher.fetch

    def recording(self, url, headers=None):
        try:
            response = real(self, url, headers)
        except Exception:
            calls.append((url, "refused"))
            raise
        calls.append((url, "fetched"))
        return response

    monkeypatch.setattr(ReportURLFetcher, "fetch", recording)
    return calls


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.com/static/css/report-print.css",
        f"{REPORT_BASE_URL}media/evidence/1/secret.pdf",
        f"{REPORT_BASE_URL}admin/",
        f"{REPORT_BASE_URL}static/../config/settings.py",
        f"{REPORT_BASE_URL}static/%2e%2e/config/settings.py",
        f"{REPORT_BASE_URL}static/css/no-such-file.css",
        f"{REPORT_BASE_URL}static/css/report-print.css?x=1",
        "ftp://127.0.0.1/x",
    ],
)
def test_it_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        ReportURLFetcher().fetch(url)


def test_it_serves_our_static_files_and_data_urls():
    assert static_file_for(STYLESHEET_URL).name == "report-print.css"
    response = ReportURLFetcher().fetch(STYLESHEET_URL)
    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    assert ReportURLFetcher().fetch("data:text/plain;base64,aGk=").read() == b"hi"


def test_a_hostile_comment_fetches_nothing_and_shows_as_text(worked_assessment, owner, fetched):
    answer = Answer.objects.get(assessment=worked_assessment, criterion__code="RIGHTS-02")
    answer_save(answer=answer, user=owner, comment=HOSTILE)
    text = pdf_text(render_report(worked_assessment, "en").pdf)
    # Nothing but the report's stylesheets and fonts (parsed once per thread, so maybe not here).
    static_files = {(url, "fetched") for _name, url in report_pdf.PDF_STYLESHEETS}
    fonts = f"{REPORT_BASE_URL}static/fonts/"
    static_files |= {(url, "fetched") for url, _status in fetched if url.startswith(fonts)}
    assert set(fetched) <= static_files
    flat = squashed(text)
    assert squashed('<img src="file:///etc/passwd">') in flat
    assert squashed('<img src="http://127.0.0.1/track.png">') in flat
    assert squashed('@import url("http://127.0.0.1/evil.css")') in flat


@pytest.mark.parametrize("void_end", [">", " />"], ids=["html5-parser", "xml-parser"])
def test_markup_that_reached_the_renderer_is_refused_and_the_rest_renders(fetched, void_end):
    # Both ways report markup is read (reports/pdf.py, report_document): as well-formed XML,
    # and through WeasyPrint's HTML5 parser when it is not.
    html = (
        f'<html><head><link rel="stylesheet" href="{STYLESHEET_URL}"{void_end}'
        '<style>@import url("http://127.0.0.1/evil.css"); @import "file:///etc/passwd";</style>'
        "</head><body><p>Before</p>"
        f'<img src="file:///etc/passwd"{void_end}<img src="http://127.0.0.1/track.png"{void_end}'
        f'<img src="../../../../etc/passwd"{void_end}<img src="/media/evidence/x.pdf"{void_end}'
        "<p>After</p></body></html>"
    )
    parsed_as_xml = isinstance(report_pdf.report_document(html), report_pdf.ParsedReportHTML)
    assert parsed_as_xml == (void_end == " />")
    rendered = html_to_pdf(html)
    refused = {url for url, outcome in fetched if outcome == "refused"}
    assert refused == {
        "http://127.0.0.1/evil.css",
        "file:///etc/passwd",
        "http://127.0.0.1/track.png",
        f"{REPORT_BASE_URL}etc/passwd",
        f"{REPORT_BASE_URL}media/evidence/x.pdf",
    }
    assert (STYLESHEET_URL, "fetched") in fetched
    text = pdf_text(rendered.pdf)
    assert "Before" in text and "After" in text
    assert "root:" not in text


def test_the_fetcher_never_builds_a_network_opener():
    handlers = {type(handler).__name__ for handler in ReportURLFetcher().handlers}
    assert handlers == {"DataHandler"}
    assert report_pdf.REPORT_BASE_URL.endswith(".invalid/")

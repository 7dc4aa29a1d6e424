"""The report's markup is read by the standard library's XML parser (reports/pdf.py,
report_document): the templates write well-formed XML in both languages, the PDF is the same
as through WeasyPrint's HTML5 parser; control characters pasted into a comment become line
breaks or vanish, so the markup stays XML and the PDF's text stays readable. (The HTML5 parser
for markup that is not well-formed: tests/reports/test_report_fetcher.py.) The report's user-agent
stylesheet (WeasyPrint's, less rules that cost time and change nothing in a report) gives the
same PDF as WeasyPrint's own."""

import io
import logging

import pytest
import weasyprint
import weasyprint.html
from pypdf import PdfReader

from assessment.models import Answer
from assessment.workflow import answer_save
from reports.pdf import (
    REPORT_BASE_URL,
    ParsedReportHTML,
    ReportURLFetcher,
    font_configuration,
    render_report,
    render_report_html,
    report_document,
    report_stylesheets,
    report_ua_text,
)
from tests.helpers import pdf_text

pytestmark = pytest.mark.django_db


def pdf_of(document: weasyprint.HTML) -> bytes:
    return document.render(
        font_config=font_configuration(), stylesheets=report_stylesheets()
    ).write_pdf()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_report_markup_is_well_formed_xml_and_renders_as_through_the_html5_parser(
    worked_assessment, language
):
    html = render_report_html(worked_assessment, language, stylesheet_url="")
    document = report_document(html)
    assert isinstance(document, ParsedReportHTML)
    html5 = weasyprint.HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=ReportURLFetcher())
    assert pdf_text(pdf_of(document)) == pdf_text(pdf_of(html5))


def test_control_characters_in_a_comment_become_line_breaks_or_vanish(worked_assessment, owner):
    answer = Answer.objects.get(assessment=worked_assessment, criterion__code="RIGHTS-02")
    answer_save(answer=answer, user=owner, comment="Page one\x0cpage two\x0bthree\x1b\x07 end")
    html = render_report_html(worked_assessment, "en", stylesheet_url="")
    assert "Page one\npage two\nthree end" in html
    assert isinstance(report_document(html), ParsedReportHTML)
    text = pdf_text(render_report(worked_assessment, "en").pdf)
    assert "Page one\npage two\nthree end" in text
    assert "\x00" not in text


def outline_titles(pdf: bytes) -> list:
    def titles(items):
        return [titles(item) if isinstance(item, list) else item.title for item in items]

    return titles(PdfReader(io.BytesIO(pdf)).outline)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_report_looks_the_same_with_weasyprints_own_user_agent_stylesheet(
    worked_assessment, language, monkeypatch
):
    document = report_document(render_report_html(worked_assessment, language, stylesheet_url=""))
    ours = pdf_of(document)
    monkeypatch.setattr(ParsedReportHTML, "_ua_stylesheets", weasyprint.HTML._ua_stylesheets)
    theirs = pdf_of(document)
    assert pdf_text(ours) == pdf_text(theirs)
    assert len(PdfReader(io.BytesIO(ours)).pages) == len(PdfReader(io.BytesIO(theirs)).pages)
    assert outline_titles(ours) == outline_titles(theirs)
    assert len(outline_titles(ours)) >= 7  # the chapters, in the PDF's bookmarks


def test_the_report_user_agent_stylesheet_drops_note_rules_and_keeps_markers_for_list_items():
    text = report_ua_text()
    assert "::footnote-call" not in text and "::note-call" not in text
    assert "\nli::marker {" in text and "\n::marker" not in text
    assert "h1 { bookmark-level: 1 }" in text  # the rest is WeasyPrint's
    assert "@footnote" in text  # a page-margin rule, not a pseudo-element: kept
    assert len(weasyprint.html.UA) - len(text) < 500


def test_a_reworded_weasyprint_user_agent_stylesheet_is_used_unchanged(monkeypatch, caplog):
    monkeypatch.setattr(weasyprint.html, "UA", "p { display: block }\n")
    with caplog.at_level(logging.WARNING, logger="reports.pdf"):
        assert report_ua_text() == "p { display: block }\n"
    assert "user-agent stylesheet has changed" in caplog.text

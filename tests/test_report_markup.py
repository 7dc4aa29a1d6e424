"""The report's markup is read by the standard library's XML parser (reports/pdf.py,
report_document): the templates write well-formed XML in both languages, the PDF is the same
as through WeasyPrint's HTML5 parser; control characters pasted into a comment become line
breaks or vanish, so the markup stays XML and the PDF's text stays readable. (The HTML5 parser
for markup that is not well-formed: tests/test_report_fetcher.py.)"""

import pytest
import weasyprint

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
)
from tests.pdf_fixtures import *  # noqa: F403
from tests.pdf_fixtures import pdf_text

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

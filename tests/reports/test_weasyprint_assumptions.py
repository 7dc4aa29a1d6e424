"""What reports/pdf.py assumes of WeasyPrint's internals, checked one by one, so that an upgrade
that breaks one fails here with the assumption named (pyproject.toml pins the tested minor)."""

import inspect
import tomllib
from urllib import request
from xml.etree import ElementTree

import pytest
import weasyprint
import weasyprint.html
from packaging.requirements import Requirement
from weasyprint.urls import URLFetcherResponse

from reports import pdf
from tests.helpers import ROOT

PYPROJECT = ROOT / "pyproject.toml"
UPGRADE_HINT = (
    f"WeasyPrint {weasyprint.__version__} no longer matches what reports/pdf.py assumes: adapt "
    "reports/pdf.py, or keep WeasyPrint at the minor version pinned in pyproject.toml"
)


def weasyprint_requirement() -> Requirement:
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    return next(r for r in map(Requirement, dependencies) if r.name.lower() == "weasyprint")


def parameters(function) -> set[str]:
    return set(inspect.signature(function).parameters)


def test_the_installed_weasyprint_is_the_pinned_minor_version():
    requirement = weasyprint_requirement()
    assert requirement.specifier.contains(weasyprint.__version__), (
        f"WeasyPrint {weasyprint.__version__} is installed but pyproject.toml pins "
        f"{requirement.specifier}: reports/pdf.py is tested with the pinned minor version only"
    )
    assert any(spec.operator == "<" for spec in requirement.specifier), (
        "pyproject.toml must pin WeasyPrint below its next minor version (reports/pdf.py uses "
        "its internals)"
    )


def test_the_fetcher_sets_every_attribute_weasyprints_fetcher_sets():
    """ReportURLFetcher skips URLFetcher.__init__ and sets its private attributes itself."""
    assert issubclass(weasyprint.URLFetcher, request.OpenerDirector), (
        f"URLFetcher is no longer a urllib OpenerDirector. {UPGRADE_HINT}"
    )
    theirs, ours = set(vars(weasyprint.URLFetcher())), set(vars(pdf.ReportURLFetcher()))
    assert theirs == ours, (
        f"URLFetcher.__init__ sets {sorted(theirs - ours)} that ReportURLFetcher.__init__ "
        f"does not (or no longer sets {sorted(ours - theirs)}). {UPGRADE_HINT}"
    )


def test_the_fetcher_answers_data_urls_through_weasyprints_fetch():
    response = pdf.ReportURLFetcher().fetch("data:text/plain;base64,b2s=")
    assert response.read() == b"ok", f"URLFetcher.fetch of a data: URL changed. {UPGRADE_HINT}"
    assert {"url", "body", "headers"} <= parameters(URLFetcherResponse), (
        f"URLFetcherResponse(url, body, headers) changed. {UPGRADE_HINT}"
    )


def test_the_parsed_document_sets_every_attribute_weasyprints_html_sets():
    """ParsedReportHTML skips HTML.__init__ (its HTML5 parsing) and sets its attributes."""
    html = "<html><body><p>text</p></body></html>"
    theirs = weasyprint.HTML(
        string=html, base_url=pdf.REPORT_BASE_URL, url_fetcher=pdf.ReportURLFetcher()
    )
    ours = pdf.ParsedReportHTML(ElementTree.fromstring(html))
    assert set(vars(theirs)) == set(vars(ours)), (
        f"HTML.__init__ sets {sorted(set(vars(theirs)) - set(vars(ours)))} that "
        f"ParsedReportHTML.__init__ does not. {UPGRADE_HINT}"
    )
    assert ours.media_type == theirs.media_type == "print"


def test_weasyprint_asks_the_document_for_its_user_agent_stylesheets(monkeypatch):
    """ParsedReportHTML overrides the private HTML._ua_stylesheets(forms=...)."""
    assert "forms" in parameters(weasyprint.HTML._ua_stylesheets), (
        f"HTML._ua_stylesheets(forms) changed. {UPGRADE_HINT}"
    )
    asked = []
    real = pdf.report_ua_stylesheet
    monkeypatch.setattr(pdf, "report_ua_stylesheet", lambda: asked.append(True) or real())
    document = pdf.ParsedReportHTML(ElementTree.fromstring("<html><body><p>x</p></body></html>"))
    document.render(font_config=pdf.font_configuration())
    assert asked, f"rendering no longer calls HTML._ua_stylesheets. {UPGRADE_HINT}"


def test_the_user_agent_rules_the_report_drops_are_still_worded_as_expected():
    ua = weasyprint.html.UA
    assert isinstance(ua, str), (
        f"weasyprint.html.UA is no longer a stylesheet's text. {UPGRADE_HINT}"
    )
    assert pdf.UA_NOTE_RULES.search(ua), (
        f"UA_NOTE_RULES no longer finds the footnote and note rules in weasyprint.html.UA. "
        f"{UPGRADE_HINT}"
    )
    assert pdf.UA_MARKER_RULE.search(ua), (
        f"UA_MARKER_RULE no longer finds the ::marker rule in weasyprint.html.UA. {UPGRADE_HINT}"
    )
    assert pdf.report_ua_text() != ua


@pytest.mark.parametrize("name", ["url", "string", "url_fetcher", "font_config", "counter_style"])
def test_stylesheets_take_the_arguments_the_renderer_passes(name):
    assert name in parameters(weasyprint.CSS), f"CSS({name}=...) is gone. {UPGRADE_HINT}"

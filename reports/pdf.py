"""The gap report as HTML and PDF: the one rendering path of the preview page, the download,
`manage.py render_report` and the background task that issues reports.

WeasyPrint fetches what the report refers to through ``ReportURLFetcher``: ``data:`` URLs and
our static files only, so no text a user typed can make the renderer read a file or call a URL.
For speed (benchmarks/report_bench.py) the renderer uses WeasyPrint internals, which
pyproject.toml pins and tests/reports/test_weasyprint_assumptions.py checks.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import posixpath
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib import request
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import cssselect2
import weasyprint
import weasyprint.html
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcherResponse

from assessment.language import LANGUAGES
from assessment.models import Assessment
from reports.report_content import report_content

# The PDF variant of issued reports: archivable (PDF/A-3), and version 3 allows the attached
# answers file.
ISSUED_VARIANT = "pdf/a-3b"
REPORT_ORIGIN = "https://mineready.invalid"
REPORT_BASE_URL = f"{REPORT_ORIGIN}/"
STATIC_PREFIX = "/static/"
STYLESHEET = "css/report-print.css"
STYLESHEET_URL = f"{REPORT_ORIGIN}{STATIC_PREFIX}{STYLESHEET}"
# The report font's @font-face rules (reports/fonts.py), for the PDF renderer only.
FONTS_STYLESHEET = "css/report-fonts.css"
FONTS_STYLESHEET_URL = f"{REPORT_ORIGIN}{STATIC_PREFIX}{FONTS_STYLESHEET}"
# What the renderer passes to WeasyPrint as stylesheets: (static path, URL the fetcher serves).
PDF_STYLESHEETS = ((FONTS_STYLESHEET, FONTS_STYLESHEET_URL), (STYLESHEET, STYLESHEET_URL))
TEMPLATE = "reports/pdf/report.html"
# Characters that text typed or pasted by users may carry and that neither XML nor a PDF text
# layer takes: line and page breaks of word processors (vertical tab, form feed) become line
# breaks; other control characters and the two non-characters are dropped. (A glyph-less
# control character in a PDF used to garble the extracted text of the whole file.)
BREAKS = re.compile("[\x0b\x0c]")
UNPRINTABLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
# WeasyPrint's user-agent rules for footnote and note pseudo-elements (the report has neither)
# and for every element's list marker (only the report's list items have one).
UA_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}]*\}\n", re.MULTILINE)
UA_MARKER_RULE = re.compile(r"^::marker \{", re.MULTILINE)

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL the report renderer does not fetch. WeasyPrint logs it and skips the resource."""


def static_file_for(url: str) -> Path:
    """The static file a URL of the report's origin names, or RefusedURL."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}".lower() != REPORT_ORIGIN:
        raise RefusedURL(f"not fetched by the report renderer: {url[:200]}")
    if not parts.path.startswith(STATIC_PREFIX) or parts.query:
        raise RefusedURL(f"not one of our static files: {url[:200]}")
    relative = unquote(parts.path[len(STATIC_PREFIX) :])
    if "\\" in relative or "\x00" in relative or posixpath.normpath(relative) != relative:
        raise RefusedURL(f"not a plain static path: {url[:200]}")
    try:
        found = finders.find(relative)
    except SuspiciousFileOperation:
        found = None
    if not found:
        raise RefusedURL(f"no such static file: {url[:200]}")
    return Path(found)


class ReportURLFetcher(weasyprint.URLFetcher):
    """WeasyPrint's fetcher with only the ``data:`` handler, and our static files beside it.
    Skips URLFetcher.__init__: its network handlers are never used and slow to build."""

    def __init__(self) -> None:
        request.OpenerDirector.__init__(self)
        self.add_handler(request.DataHandler())
        self._timeout = 1
        self._http_headers = {}
        self._allowed_protocols = ("data",)
        self._fail_on_errors = False
        self._request = None

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        path = static_file_for(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


_thread = threading.local()


def font_configuration() -> FontConfiguration:
    """This thread's WeasyPrint font configuration (Pango's font map is per thread), kept so
    fonts are found and loaded once."""
    config = getattr(_thread, "font_config", None)
    if config is None:
        config = _thread.font_config = FontConfiguration()
    return config


def report_stylesheets(
    stylesheets: Sequence[tuple[str, str]] = PDF_STYLESHEETS,
) -> list[weasyprint.CSS]:
    """The parsed ``stylesheets`` ((static path, URL) pairs: by default the report font's
    @font-face rules and the print stylesheet), each parsed once per thread (font faces belong
    to its font configuration) and again when its file changes."""
    cache = getattr(_thread, "stylesheets", None)
    if cache is None:
        cache = _thread.stylesheets = {}
    parsed = []
    for name, url in stylesheets:
        path = Path(finders.find(name))
        key = (str(path), path.stat().st_mtime_ns)
        cached = cache.get(name)
        if cached is None or cached[0] != key:
            css = weasyprint.CSS(
                url=url, url_fetcher=ReportURLFetcher(), font_config=font_configuration()
            )
            cached = cache[name] = (key, css)
        parsed.append(cached[1])
    return parsed


def report_ua_text() -> str:
    """WeasyPrint's user-agent stylesheet less the note and footnote rules, with list markers
    for list items only: rules that style every element for nothing. Unchanged, with a
    warning, if WeasyPrint words them differently."""
    text, notes = UA_NOTE_RULES.subn("", weasyprint.html.UA)
    text, markers = UA_MARKER_RULE.subn("li::marker {", text)
    if not notes or not markers:
        logger.warning("WeasyPrint's user-agent stylesheet has changed: used as it is")
        return weasyprint.html.UA
    return text


@functools.cache
def report_ua_stylesheet() -> weasyprint.CSS:
    """The report's user-agent stylesheet, parsed once per process (it has no @font-face rule;
    its @counter-style rules are registered by WeasyPrint already)."""
    return weasyprint.CSS(string=report_ua_text(), url_fetcher=ReportURLFetcher(), counter_style={})


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"reports are written in {', '.join(LANGUAGES)}, not {language!r}")
    return language


def render_report_html(
    assessment: Assessment,
    language: str,
    *,
    report_id: str | None = None,
    stylesheet_url: str | None = None,
) -> str:
    """The report as one HTML document in ``language``.

    ``report_id`` is printed on the cover and every page of an issued report; without it the
    report says it is a preview. ``stylesheet_url`` is where the document links its print
    stylesheet: by default the URL that ReportURLFetcher resolves (a page in a browser gives
    the static URL instead); "" links none (the PDF rendering passes the parsed stylesheet).
    """
    check_language(language)
    with translation.override(language):
        content = report_content(
            assessment,
            report_id=report_id,
            stylesheet_url=STYLESHEET_URL if stylesheet_url is None else stylesheet_url,
        )
        html = render_to_string(TEMPLATE, content.as_context())
    return UNPRINTABLE.sub("", BREAKS.sub("\n", html))


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    pages: int


class ParsedReportHTML(weasyprint.HTML):
    """What ``weasyprint.HTML(string=...)`` builds, from markup already parsed into an element
    tree (skips HTML.__init__ and its slower HTML5 parser)."""

    def __init__(self, root: ElementTree.Element) -> None:
        self.base_url = REPORT_BASE_URL
        self.url_fetcher = ReportURLFetcher()
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms: bool = False) -> list[weasyprint.CSS]:
        if forms:  # PDF forms, which the report never asks for
            return super()._ua_stylesheets(forms)
        return [report_ua_stylesheet()]


def report_document(html: str) -> weasyprint.HTML:
    """WeasyPrint's document of report HTML, fetching through ReportURLFetcher only. The
    templates write well-formed XML, read by expat (no external entities); other markup goes
    through WeasyPrint's HTML5 parser, with a warning."""
    try:
        root = ElementTree.fromstring(html)
    except ElementTree.ParseError as error:
        logger.warning("report markup is not well-formed XML (%s): HTML5 parser used", error)
        return weasyprint.HTML(
            string=html, base_url=REPORT_BASE_URL, url_fetcher=ReportURLFetcher()
        )
    return ParsedReportHTML(root)


def html_to_pdf(
    html: str,
    *,
    variant: str | None = None,
    attachments: Sequence | None = None,
    stylesheets: Sequence[weasyprint.CSS] = (),
) -> RenderedReport:
    """A PDF of report HTML, fetching through ReportURLFetcher only."""
    options = {
        "pdf_variant": variant,
        "attachments": list(attachments or []) or None,
        "stylesheets": list(stylesheets) or None,
    }
    document = report_document(html).render(font_config=font_configuration(), **options)
    return RenderedReport(pdf=document.write_pdf(**options), pages=len(document.pages))


def render_report(
    assessment: Assessment,
    language: str,
    *,
    variant: str | None = None,
    attachments: Sequence | None = None,
    report_id: str | None = None,
) -> RenderedReport:
    """The report as a PDF, with its number of pages. ``variant`` is a WeasyPrint PDF variant
    (issued reports are ISSUED_VARIANT); ``attachments`` are ``weasyprint.Attachment``s."""
    html = render_report_html(assessment, language, report_id=report_id, stylesheet_url="")
    return html_to_pdf(
        html, variant=variant, attachments=attachments, stylesheets=report_stylesheets()
    )

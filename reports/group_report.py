"""The group report of a firm as HTML and PDF (reports/pdf.py renders it like the gap report:
our own URL fetcher, the report font): the matrix of its sites against the areas, coloured by
band, green-mine progress against the 2028 targets, the group over time with each site's
overall score at the last quarters' ends, the top gaps across sites and the overdue actions.

Built from what the group matrix and the portfolio's trend read (reports/matrix.py,
reports/trends.py) and one query for the overdue actions: a fixed number of queries however
many sites the firm has. Its own stylesheet (landscape, the matrix's colours) comes after the
gap report's print stylesheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessment import plans
from assessment.models import Action, Firm
from assessment.portfolio import Portfolio
from assessment.scoring.exact import SCORE_PLACES, floored_or_none
from assessment.scoring.group import site_scores_on
from reports.matrix import Matrix, group_matrix
from reports.pdf import (
    BREAKS,
    PDF_STYLESHEETS,
    REPORT_ORIGIN,
    STATIC_PREFIX,
    UNPRINTABLE,
    RenderedReport,
    check_language,
    html_to_pdf,
    report_stylesheets,
)
from reports.report_content import SCALE_LABELS, ScaleRow, page_label
from reports.trends import GroupTrend, firm_submissions, group_trend_of

TEMPLATE = "reports/pdf/group_report.html"
GROUP_STYLESHEET = "css/group-report-print.css"
# The font faces, the gap report's print stylesheet, then the group report's own.
GROUP_PDF_STYLESHEETS = (
    *PDF_STYLESHEETS,
    (GROUP_STYLESHEET, f"{REPORT_ORIGIN}{STATIC_PREFIX}{GROUP_STYLESHEET}"),
)
TREND_COLUMNS = 6  # the last quarters' ends each site's score is shown on
OVERDUE_SHOWN = 100  # the overdue actions listed, most overdue first; the rest are counted


@dataclass(frozen=True)
class SiteTrendRow:
    name: str
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class OverdueLine:
    action: Action
    days_overdue: int


@dataclass
class GroupReportContent:
    """The template's context (see templates/reports/pdf/group_report.html)."""

    firm: Firm
    generated_at: datetime
    portfolio: Portfolio
    matrix: Matrix
    scale_rows: list[ScaleRow]
    trend: GroupTrend | None
    trend_days: list[date]
    site_trends: list[SiteTrendRow]
    overdue: list[OverdueLine]
    overdue_total: int
    open_total: int

    def as_context(self) -> dict[str, Any]:
        context = {name: getattr(self, name) for name in self.__dataclass_fields__}
        context.update(
            today=self.portfolio.today,
            green_mine=self.portfolio.green_mine,
            page_label=page_label(),
        )
        return context


def _overdue(firm: Firm, today: date) -> list[OverdueLine]:
    """The firm's actions still to do and past their due date, most overdue first (one query)."""
    actions = plans.filtered(
        Action.objects.filter(site__firm=firm), {"due": "overdue"}, None, today
    )[:OVERDUE_SHOWN]
    return [OverdueLine(action, (today - action.due_on).days) for action in actions]


def group_report_content(firm: Firm) -> GroupReportContent:
    """Everything the group report shows, in the active language."""
    today = timezone.localdate()
    matrix = group_matrix(firm, {}, today=today)
    portfolio = matrix.portfolio
    submitted = firm_submissions(firm, portfolio)
    trend = group_trend_of(firm, portfolio, submitted=submitted)
    days = [point.on for point in trend.points[-TREND_COLUMNS:]] if trend else []
    scores = site_scores_on(submitted, days)
    green = portfolio.green_mine
    return GroupReportContent(
        firm=firm,
        generated_at=timezone.localtime(),
        portfolio=portfolio,
        matrix=matrix,
        scale_rows=[
            ScaleRow(str(SCALE_LABELS[scale]), progress)
            for scale, progress in (("large", green.large), ("medium", green.medium))
        ],
        trend=trend,
        trend_days=days,
        site_trends=[
            SiteTrendRow(
                row.site.name,
                tuple(floored_or_none(s, SCORE_PLACES) for s in scores[row.site.pk]),
            )
            for row in portfolio.sites
            if row.site.pk in scores
        ],
        overdue=_overdue(firm, today),
        overdue_total=sum(row.actions.overdue for row in matrix.rows),
        open_total=sum(row.actions.to_do for row in matrix.rows),
    )


def group_report_html(
    firm: Firm, language: str, *, stylesheet_urls: Sequence[str] | None = None
) -> str:
    """The group report as one HTML document in ``language``, linking ``stylesheet_urls``: by
    default the print stylesheets' URLs that ReportURLFetcher resolves; none for the PDF,
    which is given them parsed."""
    check_language(language)
    if stylesheet_urls is None:
        stylesheet_urls = [url for _name, url in GROUP_PDF_STYLESHEETS[1:]]
    with translation.override(language):
        context = group_report_content(firm).as_context()
        context["stylesheet_urls"] = stylesheet_urls
        html = render_to_string(TEMPLATE, context)
    return UNPRINTABLE.sub("", BREAKS.sub("\n", html))


def render_group_report(firm: Firm, language: str) -> RenderedReport:
    """The group report as a PDF, fetching through ReportURLFetcher only."""
    html = group_report_html(firm, language, stylesheet_urls=())
    return html_to_pdf(html, stylesheets=report_stylesheets(GROUP_PDF_STYLESHEETS))

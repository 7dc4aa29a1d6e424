"""The group report of a firm for its management: the group matrix (sites against areas,
coloured by band), the group over time and each site's overall score at the last quarters'
ends, the group-wide top gaps, green-mine progress against the 2028 targets and the overdue
actions, as a PDF in English or Simplified Chinese, rendered on request.

Built from what the group matrix and the portfolio's trend read (reports/matrix.py,
reports/trends.py) and one query for the overdue actions: a fixed number of queries however
many sites the firm has. Rendered like the gap report (reports/pdf.py: our own URL fetcher,
the report font), with its own stylesheet on top of the report's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from assessment import plans
from assessment.language import current_language
from assessment.models import Action, Firm
from assessment.results import Portfolio, firm_portfolio
from assessment.scoring.exact import SCORE_PLACES, floored_or_none
from assessment.scoring.green_mine import GREEN_MINE_DEADLINE
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
GROUP_PDF_STYLESHEETS = (
    *PDF_STYLESHEETS,
    (GROUP_STYLESHEET, f"{REPORT_ORIGIN}{STATIC_PREFIX}{GROUP_STYLESHEET}"),
)
TREND_COLUMNS = 6  # the last quarters' ends each site's score is shown on
OVERDUE_SHOWN = 40  # the overdue actions listed, most overdue first; the rest are counted


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
    language: str
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

    @property
    def overdue_more(self) -> int:
        return self.overdue_total - len(self.overdue)

    def as_context(self) -> dict[str, Any]:
        context = {name: getattr(self, name) for name in self.__dataclass_fields__}
        context.update(
            report=self,
            today=self.portfolio.today,
            green_mine=self.portfolio.green_mine,
            green_mine_deadline=GREEN_MINE_DEADLINE,
            page_label=page_label(),
        )
        return context


def _overdue(firm: Firm, today: date) -> list[OverdueLine]:
    """The firm's actions still to do and past their due date, most overdue first (one query)."""
    actions = plans.filtered(
        Action.objects.filter(site__firm=firm), {"due": "overdue"}, None, today
    )[:OVERDUE_SHOWN]
    return [OverdueLine(action, (today - action.due_on).days) for action in actions]


def group_report_content(firm: Firm, *, today: date | None = None) -> GroupReportContent:
    """Everything the group report shows, in the active language."""
    today = today if today is not None else timezone.localdate()
    portfolio = firm_portfolio(firm, today=today)
    matrix = group_matrix(firm, {}, today=today, portfolio=portfolio)
    submitted = firm_submissions(firm, portfolio)
    trend = group_trend_of(firm, portfolio, submitted=submitted)
    days = [point.on for point in trend.points[-TREND_COLUMNS:]] if trend else []
    scores = site_scores_on(submitted, days)
    green = portfolio.green_mine
    return GroupReportContent(
        firm=firm,
        language=current_language(),
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


def render_group_report_html(firm: Firm, language: str, *, stylesheet_urls: list[str]) -> str:
    """The group report as one HTML document in ``language``, linking ``stylesheet_urls``
    (none for the PDF, which is given the parsed stylesheets)."""
    check_language(language)
    with translation.override(language):
        context = group_report_content(firm).as_context()
        context["stylesheet_urls"] = stylesheet_urls
        html = render_to_string(TEMPLATE, context)
    return UNPRINTABLE.sub("", BREAKS.sub("\n", html))


def render_group_report(firm: Firm, language: str) -> RenderedReport:
    """The group report as a PDF, fetching through ReportURLFetcher only."""
    html = render_group_report_html(firm, language, stylesheet_urls=[])
    return html_to_pdf(html, stylesheets=report_stylesheets(GROUP_PDF_STYLESHEETS))


def group_report_filename(firm: Firm, language: str, today: date) -> str:
    """``group-report-<firm>-<date>-<language>.pdf`` (the firm's name as a slug, Chinese kept)."""
    name = slugify(firm.name, allow_unicode=True) or f"firm-{firm.pk}"
    return f"group-report-{name}-{today.isoformat()}-{language}.pdf"

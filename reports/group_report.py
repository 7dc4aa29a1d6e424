"""The group report of a firm as HTML and PDF (reports/pdf.py renders it like the gap report):
the matrix of its sites against the areas, the group over time, the top gaps across sites,
green-mine progress against the 2028 targets and the overdue actions."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessment.action_rules import ACTIVE
from assessment.models import Action, Firm
from reports.matrix import group_matrix
from reports.pdf import (
    BREAKS,
    STYLESHEET_URL,
    UNPRINTABLE,
    RenderedReport,
    check_language,
    html_to_pdf,
    report_stylesheets,
)
from reports.report_content import SCALE_LABELS
from reports.trends import group_trend_of

TEMPLATE = "reports/pdf/group_report.html"
OVERDUE_SHOWN = 100


def group_report_html(firm: Firm, language: str, *, stylesheet_url: str | None = None) -> str:
    """The group report as one HTML document in ``language`` (``stylesheet_url`` as for
    render_report_html: "" links none)."""
    check_language(language)
    today = timezone.localdate()
    with translation.override(language):
        matrix = group_matrix(firm, {}, today=today)
        portfolio = matrix.portfolio
        overdue = (
            Action.objects.filter(site__firm=firm, status__in=ACTIVE, due_on__lt=today)
            .select_related("site", "owner")
            .order_by("due_on", "site__name", "pk")
        )
        context = {
            "firm": firm,
            "matrix": matrix,
            "portfolio": portfolio,
            "trend": group_trend_of(firm, portfolio),
            "scales": [
                (SCALE_LABELS[scale], progress)
                for scale, progress in (
                    ("large", portfolio.green_mine.large),
                    ("medium", portfolio.green_mine.medium),
                )
            ],
            "overdue": list(overdue[:OVERDUE_SHOWN]),
            "overdue_total": overdue.count(),
            "generated_at": timezone.localtime(),
            "language_name": str(dict(settings.LANGUAGES).get(language, language)),
            "stylesheet_url": STYLESHEET_URL if stylesheet_url is None else stylesheet_url,
            "title": _("Group report"),
        }
        html = render_to_string(TEMPLATE, context)
    return UNPRINTABLE.sub("", BREAKS.sub("\n", html))


def render_group_report(firm: Firm, language: str) -> RenderedReport:
    html = group_report_html(firm, language, stylesheet_url="")
    return html_to_pdf(html, stylesheets=report_stylesheets())

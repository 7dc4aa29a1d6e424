"""Report URLs: results, portfolio, group matrix, comparison, report preview and PDF, verify."""

from django.urls import path

import assessment.converters  # noqa: F401  (registers the `id` converter)
from reports.views import (
    compare,
    group_report,
    matrix,
    portfolio,
    report,
    results,
    trends,
    verify,
)

app_name = "reports"
urlpatterns = [
    path("assessments/<id:assessment_id>/results/", results.results, name="results"),
    path(
        "assessments/<id:assessment_id>/compare/<id:other_id>/",
        compare.compare,
        name="compare",
    ),
    path("firms/<id:firm_id>/portfolio/", portfolio.portfolio, name="portfolio"),
    path("firms/<id:firm_id>/matrix/", matrix.matrix, name="group_matrix"),
    path("sites/<id:site_id>/trend/", trends.site_trend, name="site_trend"),
    path(
        "firms/<id:firm_id>/report/<str:language>.pdf",
        group_report.group_report_pdf,
        name="group_report_pdf",
    ),
    path(
        "assessments/<id:assessment_id>/report/<str:language>.pdf",
        report.report_pdf,
        name="report_pdf",
    ),
    path(
        "assessments/<id:assessment_id>/report/<str:language>/",
        report.report_preview,
        name="report_preview",
    ),
    path("verify/", verify.verify, name="verify_report"),
]

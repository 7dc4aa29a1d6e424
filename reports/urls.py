"""Report URLs (results, portfolio, compare, and later the PDF report)."""

from django.urls import path

import assessment.converters  # noqa: F401  (registers the `id` converter)
from reports import report_views, views

urlpatterns = [
    path("assessments/<id:assessment_id>/results/", views.results, name="results"),
    path(
        "assessments/<id:assessment_id>/compare/<id:other_id>/",
        views.compare,
        name="compare",
    ),
    path("firms/<id:firm_id>/portfolio/", views.portfolio, name="portfolio"),
    path(
        "assessments/<id:assessment_id>/report/<str:language>.pdf",
        report_views.report_pdf,
        name="report_pdf",
    ),
    path(
        "assessments/<id:assessment_id>/report/<str:language>/",
        report_views.report_preview,
        name="report_preview",
    ),
    path("verify/", report_views.verify, name="verify_report"),
]

"""Report URLs (results, portfolio, compare, and later the PDF report)."""

from django.urls import path

from reports import report_views, views

urlpatterns = [
    path("assessments/<int:assessment_id>/results/", views.results, name="results"),
    path(
        "assessments/<int:assessment_id>/compare/<int:other_id>/",
        views.compare,
        name="compare",
    ),
    path("firms/<int:firm_id>/portfolio/", views.portfolio, name="portfolio"),
    path(
        "assessments/<int:assessment_id>/report/<str:language>.pdf",
        report_views.report_pdf,
        name="report_pdf",
    ),
    path(
        "assessments/<int:assessment_id>/report/<str:language>/",
        report_views.report_preview,
        name="report_preview",
    ),
    path("verify/", report_views.verify, name="verify_report"),
]

"""Report URLs (results, portfolio, compare, and later the PDF report)."""

from django.urls import path

from reports import views

urlpatterns = [
    path("assessments/<int:assessment_id>/results/", views.results, name="results"),
    path(
        "assessments/<int:assessment_id>/compare/<int:other_id>/",
        views.compare,
        name="compare",
    ),
    path("firms/<int:firm_id>/portfolio/", views.portfolio, name="portfolio"),
]

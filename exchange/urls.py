from django.urls import path

import assessment.converters  # noqa: F401  (registers the `id` converter)
from exchange import views

app_name = "exchange"
urlpatterns = [
    path(
        "assessments/<id:assessment_id>/questionnaire.xlsx",
        views.questionnaire_download,
        name="questionnaire_download",
    ),
    path(
        "assessments/<id:assessment_id>/import/",
        views.questionnaire_import,
        name="questionnaire_import",
    ),
    path(
        "assessments/<id:assessment_id>/import/confirm/",
        views.questionnaire_import_confirm,
        name="questionnaire_import_confirm",
    ),
    path("assessments/<id:assessment_id>/export.xlsx", views.results_xlsx, name="results_xlsx"),
    path(
        "assessments/<id:assessment_id>/export/<str:part>.csv",
        views.results_csv,
        name="results_csv",
    ),
]

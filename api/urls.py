from django.urls import path

from api.views import data, schema, tokens
from assessment import converters  # noqa: F401  (registers <id:...>: ids that fit 64 bits)

app_name = "api"

urlpatterns = [
    path("api/v1/firms/", data.FirmList.as_view(), name="firms"),
    path("api/v1/firms/<id:pk>/", data.FirmDetail.as_view(), name="firm"),
    path("api/v1/firms/<id:pk>/sites/", data.SiteList.as_view(), name="firm_sites"),
    path("api/v1/firms/<id:pk>/actions/", data.FirmActionList.as_view(), name="firm_actions"),
    path("api/v1/sites/<id:pk>/", data.SiteDetail.as_view(), name="site"),
    path(
        "api/v1/sites/<id:pk>/assessments/",
        data.AssessmentList.as_view(),
        name="site_assessments",
    ),
    path("api/v1/sites/<id:pk>/actions/", data.SiteActionList.as_view(), name="site_actions"),
    path("api/v1/assessments/<id:pk>/", data.AssessmentDetail.as_view(), name="assessment"),
    path("api/v1/assessments/<id:pk>/gaps/", data.GapList.as_view(), name="assessment_gaps"),
    path("api/v1/schema/", schema.SchemaView.as_view(), name="schema"),
    path("api/v1/docs/", schema.docs, name="docs"),
    # The settings page's buttons (session, CSRF): not part of the token API.
    path("accounts/settings/api-token/", tokens.token_create, name="token_create"),
    path("accounts/settings/api-token/revoke/", tokens.token_delete, name="token_delete"),
]

"""The OpenAPI schema lists every endpoint and the bearer token; the documentation page shows it
with Swagger UI from our own static files (no CDN, no inline script: it works under our CSP)."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

from tests.project.test_security_headers import assert_strict

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/firms/", "/api/v1/firms/{id}/", "/api/v1/firms/{id}/sites/",
    "/api/v1/firms/{id}/actions/", "/api/v1/sites/{id}/", "/api/v1/sites/{id}/assessments/",
    "/api/v1/sites/{id}/actions/", "/api/v1/assessments/{id}/", "/api/v1/assessments/{id}/gaps/",
}  # fmt: skip


def test_the_schema_lists_every_endpoint_read_only(token_client, owner):
    response = token_client(owner).get(reverse("api:schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert set(schema["paths"]) == PATHS
    assert {method for path in schema["paths"].values() for method in path} == {"get"}
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"
    plan = schema["paths"]["/api/v1/firms/{id}/actions/"]["get"]["parameters"]
    assert {"owner", "status", "area", "due", "sort", "page", "page_size"} <= {
        p["name"] for p in plan
    }


def test_the_schema_is_for_signed_in_people(client, login, owner):
    assert client.get(reverse("api:schema")).status_code == 401
    assert login(owner).get(reverse("api:schema")).status_code == 200


def test_the_documentation_page_shows_the_schema_under_our_policy(client, login, owner):
    assert client.get(reverse("api:docs")).status_code == 302  # to sign in
    response = login(owner).get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-schema-url="{reverse("api:schema")}"' in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "/static/js/api-docs.js" in page
    assert "cdn" not in page.lower()
    assert_strict(response)


def test_a_sites_assessments_carry_results_null_for_a_draft(token_client, owner):
    schema = yaml.safe_load(token_client(owner).get(reverse("api:schema")).content)
    listed = schema["components"]["schemas"]["SiteAssessment"]["properties"]["results"]
    assert listed["allOf"] == [{"$ref": "#/components/schemas/Results"}]
    assert listed["nullable"] is True and "draft" in listed["description"]
    assert "green_mine_ready" in schema["components"]["schemas"]["Results"]["required"]

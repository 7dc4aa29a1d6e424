"""A person makes an API token on the settings page, reads the API documentation (Swagger UI
from our static files, under the site's CSP) and reads the API with the token."""

from __future__ import annotations

import pytest

from tests.helpers import screenshot

pytestmark = pytest.mark.browser


def test_a_token_from_the_settings_page_reads_the_api_and_the_docs_run_under_the_csp(
    page, live_server, demo, sign_in
):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, "demo-owner")
    page.goto(f"{live_server.url}/accounts/settings/")
    page.click("form[action='/accounts/settings/api-token/'] button")
    token = page.input_value("#api-token")
    screenshot(page, "api-token")

    page.click("text=API documentation")
    page.wait_for_selector(".opblock", timeout=20_000)
    screenshot(page, "api-docs")

    assert problems == []  # a CSP violation is a console error
    assert page.locator(".opblock").count() == 9
    firms = page.request.get(
        f"{live_server.url}/api/v1/firms/", headers={"Authorization": f"Bearer {token}"}
    )
    assert firms.status == 200
    assert [firm["name"] for firm in firms.json()["results"]] == ["Huabei Mining Group"]

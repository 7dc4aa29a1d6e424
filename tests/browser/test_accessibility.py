"""axe-core finds no serious or critical accessibility violation on the main pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessment.models import Assessment, Criterion
from tests.helpers import screenshot

pytestmark = pytest.mark.browser


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_main_pages_have_no_serious_violations(page, live_server, demo, sign_in):
    submitted = Assessment.objects.get(site__name="Zhungeer open-pit coal mine", state="submitted")
    draft = Assessment.objects.get(site__name="Zhaoyuan gold mine")
    sign_in(page, "demo-owner")
    pages = {
        "dashboard": reverse("assessment:dashboard"),
        "questionnaire-draft": reverse("assessment:questionnaire", args=[draft.pk, "GREEN"]),
        "results": reverse("reports:results", args=[submitted.pk]),
        "portfolio": reverse("reports:portfolio", args=[submitted.site.firm_id]),
        "review-draft": reverse("assessment:review", args=[draft.pk]),
        "site-plan": reverse("assessment:site_plan", args=[submitted.site_id]),
        "action": reverse(
            "assessment:action_detail", args=[submitted.site.actions.order_by("pk").first().pk]
        ),
        "register": reverse("assessment:document_register", args=[submitted.site_id]),
        "import": reverse("exchange:questionnaire_import", args=[draft.pk]),
        "settings": reverse("assessment:account_settings"),
        "api-docs": reverse("api:docs"),
    }
    found = {}
    for name, url in pages.items():
        page.goto(f"{live_server.url}{url}")
        if name == "api-docs":
            page.wait_for_selector(".opblock")  # Swagger UI, drawn from the schema
        found[name] = serious_violations(page)
        screenshot(page, f"a11y-{name}")
    get_user_model().objects.create_superuser("root", "root@example.com", "root-password-1")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "root-password-1")
    page.click("input[type=submit]")
    criterion = Criterion.objects.filter(version=submitted.version).first()
    page.goto(
        f"{live_server.url}{reverse('admin:assessment_criterion_change', args=[criterion.pk])}"
    )
    screenshot(page, "admin-criterion")
    found["admin-criterion"] = serious_violations(page)
    assert found == {name: [] for name in found}

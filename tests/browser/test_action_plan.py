"""A gap becomes tracked work in a real browser: an owner creates an action from a gap on the
results page, assigns it, marks it done with a register document as proof, and sees it counted
on the dashboard and listed in the action plan of the next cycle's report."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.models import Action, Assessment
from tests.helpers import screenshot

pytestmark = pytest.mark.browser
SITE = "Zhungeer open-pit coal mine"


def test_an_action_from_a_gap_assigned_done_with_proof_and_counted(
    page, live_server, demo, sign_in
):
    submitted = Assessment.objects.get(site__name=SITE, state="submitted")
    firm_actions = Action.objects.filter(site__firm=submitted.site.firm)
    done_before = firm_actions.filter(status__in=["done", "verified"]).count()
    sign_in(page, "demo-owner")

    page.goto(f"{live_server.url}/assessments/{submitted.pk}/results/")
    row = page.locator("tr.gap").filter(has=page.get_by_role("link", name="Create action")).first
    code = row.get_attribute("data-code")
    row.get_by_role("link", name="Create action").click()
    expect(page.locator("h1")).to_contain_text("New action")
    assert page.locator("textarea[name=description]").input_value() != ""  # the advice
    page.locator("select[name=owner]").select_option(label="demo-owner")
    page.get_by_role("button", name="Create the action").click()
    expect(page.locator("#action-summary")).to_contain_text("demo-owner")
    action = Action.objects.get(site=submitted.site, criterion_code=code)

    page.locator("select[name=status]").select_option("done")
    page.get_by_label("Mining permit").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#action-summary")).to_contain_text("done")
    expect(page.locator("main")).to_contain_text("Proof documents")
    screenshot(page, "action")
    action.refresh_from_db()
    assert action.status == "done" and action.documents.get().title == "Mining permit"

    page.goto(f"{live_server.url}/")
    firm_line = page.locator(".firm-actions").first
    expect(firm_line).to_contain_text(f"{done_before + 1} done")

    # The next cycle's draft report lists the plan as it is now (the submitted one's keeps the
    # plan as it stood at its submission).
    draft = Assessment.objects.get(site__name=SITE, state="draft")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/report/en/")
    plan = page.locator("#action-plan")
    expect(plan).to_contain_text(action.title[:40])
    expect(plan).to_contain_text("owner: demo-owner")

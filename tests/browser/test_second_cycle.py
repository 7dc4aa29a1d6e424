"""The second cycle in a real browser: an editor confirms the carried-over answers area by area,
changes two of them, links the register's permit to a claim that lacked evidence and sends the
draft for approval; the owner approves it, which submits it; the comparison with the first
cycle shows exactly those changes (two regressed, one improved)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.models import Answer, Assessment, Document, Membership
from tests.browser.conftest import DEMO_PASSWORD
from tests.helpers import UserFactory

pytestmark = pytest.mark.browser
SITE = "Zhungeer open-pit coal mine"


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_the_second_cycle_confirm_change_approve_compare(page, live_server, demo, sign_in):
    first = Assessment.objects.get(site__name=SITE, state="submitted")
    draft = Assessment.objects.get(site__name=SITE, state="draft")
    editor = UserFactory(username="site-editor")
    editor.set_password(DEMO_PASSWORD)
    editor.save()
    Membership.objects.create(firm=first.site.firm, user=editor, role=Membership.Role.EDITOR)

    sign_in(page, "site-editor")
    page.get_by_role("link", name=SITE).click()
    page.get_by_role("link", name="Start a new assessment").click()  # goes to the open draft
    expect(page.locator("main")).to_contain_text("This site already has a draft")

    # Read each area, then confirm what was carried over.
    area_links = page.locator("aside .nav-link")
    for index in range(area_links.count()):
        area_links.nth(index).click()
        page.get_by_role("button", name="Confirm all carried-over answers of this area").click()
        expect(page.locator("main")).to_contain_text("carried-over answer")
    assert not Answer.objects.filter(assessment=draft, carried_over=True).exists()

    # Two answers change: yes becomes no.
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/RIGHTS/")
    changed = []
    for card in page.locator("article[data-answer-type=yes_no]").all():
        if len(changed) == 2:
            break
        if card.locator("input[type=radio][value=yes]").is_checked():
            card.locator("input[type=radio][value=no]").check()
            expect(card.locator(".save-state")).to_contain_text("Saved")
            criterion_id = int(card.get_attribute("id").removeprefix("c"))
            changed.append(draft.answers.get(criterion_id=criterion_id).criterion.code)
    assert len(changed) == 2

    # A claim without its evidence gets the register's permit: the badge goes at once.
    permit = Document.objects.get(site=first.site, title="Mining permit")
    linked = None
    for index in range(area_links.count()):
        area_links.nth(index).click()
        unsupported = page.locator("article.criterion-card").filter(
            has=page.locator("[id^=support-] .badge")
        )
        if unsupported.count():
            card = page.locator(f"#{unsupported.first.get_attribute('id')}")  # fixed, not filtered
            card.locator("select[name=document]").select_option(str(permit.pk))
            card.get_by_role("button", name="Link", exact=True).click()
            expect(card.locator(".document-link")).to_contain_text("Mining permit")
            expect(card.locator("[id^=support-] .badge")).to_have_count(0)
            criterion_id = int(card.get_attribute("id").removeprefix("c"))
            linked = draft.answers.get(criterion_id=criterion_id).criterion.code
            break
    assert linked is not None and linked not in changed

    page.goto(f"{live_server.url}/assessments/{draft.pk}/review/")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator("main")).to_contain_text("Sent for approval by site-editor")
    sign_out(page)

    sign_in(page, "demo-owner")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/review/")
    page.get_by_role("link", name="Approve and submit…").click()
    page.get_by_role("button", name="Submit and lock").click()
    expect(page.locator("main")).to_contain_text("Overall score")
    draft.refresh_from_db()
    assert draft.state == "submitted"

    page.goto(f"{live_server.url}/assessments/{draft.pk}/compare/{first.pk}/")
    regressed = page.locator("#regressed .criterion-change")
    expect(regressed).to_have_count(2)
    assert sorted(regressed.evaluate_all("items => items.map(i => i.dataset.code)")) == sorted(
        changed
    )
    improved = page.locator("#improved .criterion-change")
    expect(improved).to_have_count(1)
    assert improved.evaluate_all("items => items.map(i => i.dataset.code)") == [linked]

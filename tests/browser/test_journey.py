"""A new user's whole journey in a real browser, from sign-in to the submitted results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.models import Answer, Assessment, Evidence, Site
from assessment.workflow import answer_save
from tests.helpers import pdf_text, screenshot

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ANSWER_TYPES = ("yes_no", "yes_partial_no", "maturity", "percent", "number", "choice")


def answer_card(card, answer_type: str) -> None:
    """Answer one criterion card the way a person does: click or type, then leave the field."""
    if answer_type in ("percent", "number"):
        field = card.locator("input[type=number]")
        field.fill("80")
        field.press("Tab")
    else:
        card.locator("input[type=radio]").first.check()


def test_a_new_user_walks_from_sign_in_to_results(page, live_server, demo, sign_in):
    quarry = Site.objects.get(name="Huzhou limestone quarry")
    sign_in(page, "demo-owner")
    screenshot(page, "dashboard")

    page.get_by_role("link", name=quarry.name).click()
    expect(page.locator("h1")).to_contain_text(quarry.name)
    screenshot(page, "site")
    page.get_by_role("link", name="Start a new assessment").click()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/areas/RIGHTS/$"))
    assessment = Assessment.objects.get(site=quarry)

    # One criterion of every answer type, area by area, each autosaved without a reload.
    answered: dict[str, str] = {}
    area_links = page.locator("aside .nav-link")
    for index in range(area_links.count()):
        area_links.nth(index).click()
        page.wait_for_load_state()
        for answer_type in ANSWER_TYPES:
            cards = page.locator(f"article[data-answer-type={answer_type}]")
            if answer_type in answered or cards.count() == 0:
                continue
            card = cards.first
            answer_card(card, answer_type)
            expect(card.locator(".save-state")).to_contain_text("Saved")
            answered[answer_type] = card.get_attribute("id")
        if index == 0:
            screenshot(page, "questionnaire")
    assert set(answered) == set(ANSWER_TYPES)

    # Evidence on the first criterion of the last area visited.
    card = page.locator("article.criterion-card").first
    card.locator("input[type=file]").set_input_files(
        {"name": "permit.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    card.get_by_role("button", name="Attach file").click()
    expect(card.get_by_role("link", name="permit.pdf")).to_be_visible()
    assert Evidence.objects.filter(answer__assessment=assessment).count() == 1

    # Reload: every answer is still there.
    for card_id in answered.values():
        criterion_id = int(card_id.removeprefix("c"))
        answer = Answer.objects.select_related("criterion__area").get(
            assessment=assessment, criterion_id=criterion_id
        )
        assert answer.value is not None, answer.criterion.code
        page.goto(
            f"{live_server.url}/assessments/{assessment.pk}/areas/{answer.criterion.area.code}/"
        )
        card = page.locator(f"#{card_id}")
        if answer.criterion.answer_type in ("percent", "number"):
            expect(card.locator("input[type=number]")).to_have_value("80")
        else:
            expect(card.locator("input[type=radio]").first).to_be_checked()

    # The rest is filled in server-side: the journey is about the pages, not 47 clicks.
    values = {"yes_no": "yes", "yes_partial_no": "yes", "maturity": 3, "percent": "90",
              "number": "5", "choice": None}  # fmt: skip
    for answer in assessment.answers.select_related("criterion").filter(value__isnull=True):
        value = values[answer.criterion.answer_type]
        if value is None:
            value = answer.criterion.parameters["options"][-1]["value"]
        answer_save(answer=answer, user=None, value=value)

    page.goto(f"{live_server.url}/assessments/{assessment.pk}/review/")
    screenshot(page, "review")
    page.get_by_role("link", name=re.compile("Submit")).click()
    expect(page.locator("main")).to_contain_text("can no longer be changed")
    page.get_by_role("button", name="Submit and lock").click()
    expect(page.locator("main")).to_contain_text("Overall score")
    assessment.refresh_from_db()
    assert assessment.state == "submitted"
    expect(page.locator("main svg").first).to_be_visible()
    screenshot(page, "results")

    # The gap report in both languages, each a PDF that names the site.
    for language in ("en", "zh-hans"):
        with page.expect_download() as download:
            page.locator(f"li[data-language={language}] a[download]").click()
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"%PDF-"), language
        text = pdf_text(data)
        assert quarry.name in " ".join(text.split()), language
        assert download.value.suggested_filename.endswith(f"-{language}.pdf")

    # The interface in Chinese, one click away.
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("main")).to_contain_text("总分")
    expect(page.get_by_role("link", name="工作台").first).to_be_visible()
    screenshot(page, "results-zh-hans")

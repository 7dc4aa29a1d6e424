"""The offline questionnaire in a real browser: an owner downloads the questionnaire from its
page, fills it in (openpyxl, as Excel would save it), uploads it, reads the changes and the
invalid cell, corrects it, confirms, and the answers are saved with the owner's history."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.models import Assessment
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_phone_width import PHONE
from tests.helpers import fill_questionnaire, screenshot

pytestmark = pytest.mark.browser
SITE = "Zhaoyuan gold mine"


def upload(page, data: bytes) -> None:
    page.get_by_label("Filled-in questionnaire (.xlsx)").set_input_files(
        files=[
            {"name": "questionnaire.xlsx", "mimeType": "application/octet-stream", "buffer": data}
        ]
    )
    page.get_by_role("button", name="Check the file").click()


def test_download_fill_upload_preview_and_confirm(page, live_server, demo, sign_in):
    draft = Assessment.objects.get(site__name=SITE, state="draft")
    first = draft.answers.select_related("criterion").order_by(
        "criterion__area__order", "criterion__order"
    )[0]
    sign_in(page, "demo-owner")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download for offline work (.xlsx)").click()
    data = Path(download.value.path()).read_bytes()
    code = first.criterion.code

    page.get_by_role("link", name="Import answers from Excel").click()
    expect(page.locator("h1")).to_contain_text("Import answers from Excel")
    screenshot(page, "excel-import")
    upload(page, fill_questionnaire(data, {code: {"comment": "Offline", "answer": "Maybe"}}))
    expect(page.locator("#import-problems")).to_contain_text(code)
    expect(page.locator("#import-confirm")).to_have_count(0)
    screenshot(page, "excel-import-invalid")

    page.get_by_role("link", name="Upload another file").click()
    upload(page, fill_questionnaire(data, {code: {"comment": "Checked offline"}}))
    expect(page.locator("#import-changes")).to_contain_text("Checked offline")
    screenshot(page, "excel-import-preview")
    assert serious_violations(page) == []
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first.refresh_from_db()
    assert first.comment != "Checked offline"  # nothing written before the confirmation

    page.locator("#import-confirm button").click()
    expect(page.locator(".alert-success")).to_contain_text("Imported 1 changed answer")
    first.refresh_from_db()
    assert first.comment == "Checked offline"
    assert first.history.first().history_user.username == "demo-owner"

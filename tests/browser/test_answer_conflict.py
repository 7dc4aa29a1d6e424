"""Two people on one answer in real browsers: the second sees both texts and chooses; the
comment counts down its characters left, in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.limits import COMMENT_MAX_LENGTH
from assessment.models import Answer, Assessment
from tests.helpers import screenshot

pytestmark = pytest.mark.browser


def test_a_stale_page_shows_the_conflict_and_the_person_chooses(
    page, browser, live_server, demo, sign_in
):
    draft = Assessment.objects.get(site__name="Zhaoyuan gold mine", state="draft")
    answer = (
        draft.answers.select_related("criterion__area")
        .order_by("criterion__area__order", "criterion__order")
        .first()
    )
    url = f"{live_server.url}/assessments/{draft.pk}/areas/{answer.criterion.area.code}/"
    other = browser.new_context().new_page()
    for person in (page, other):
        sign_in(person, "demo-owner")
        person.goto(url)
    card = f"#c{answer.criterion_id}"
    mine, theirs = page.locator(f"{card} textarea"), other.locator(f"{card} textarea")

    theirs.fill("")
    theirs.press_sequentially("Theirs: permit on file")
    expect(other.locator(f"{card} .save-state")).to_contain_text("Saved")

    mine.fill("")
    mine.press_sequentially("Mine: permit expires in June")
    panel = page.locator(f"{card} .answer-conflict")
    expect(panel).to_contain_text("Someone else changed this answer since you opened it.")
    expect(panel).to_contain_text("Mine: permit expires in June")
    expect(panel).to_contain_text("Theirs: permit on file")
    screenshot(page, "answer-conflict")
    assert Answer.objects.get(pk=answer.pk).comment == "Theirs: permit on file"

    page.get_by_role("button", name="Keep mine").click()
    expect(page.locator(f"{card} .save-state")).to_contain_text("Saved")
    expect(panel).to_have_count(0)
    assert Answer.objects.get(pk=answer.pk).comment == "Mine: permit expires in June"

    # The other page is now the stale one: it is told, and takes the saved answer.
    theirs.press_sequentially(" (checked)")
    expect(other.locator(f"{card} .answer-conflict")).to_be_visible()
    other.get_by_role("link", name="Use the saved answer").click()
    expect(theirs).to_have_value("Mine: permit expires in June")
    expect(other.locator(f"{card} .answer-conflict")).to_have_count(0)
    assert Answer.objects.get(pk=answer.pk).comment == "Mine: permit expires in June"

    # Then it edits from the saved text, without a conflict.
    theirs.press("End")
    theirs.press_sequentially(" Renewal filed.")
    expect(other.locator(f"{card} .save-state")).to_contain_text("Saved")
    assert Answer.objects.get(pk=answer.pk).comment == (
        "Mine: permit expires in June Renewal filed."
    )


def test_the_comment_counts_down_and_refuses_more_in_both_languages(
    page, live_server, demo, sign_in
):
    draft = Assessment.objects.get(site__name="Zhaoyuan gold mine", state="draft")
    answer = draft.answers.select_related("criterion__area").first()
    sign_in(page, "demo-owner")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/{answer.criterion.area.code}/")
    card = f"#c{answer.criterion_id}"
    comment, counter = page.locator(f"{card} textarea"), page.locator(f"{card} .char-counter")

    comment.fill("")
    expect(counter).to_have_text("2,000 characters left")
    comment.press_sequentially("Checked")
    expect(counter).to_have_text("1,993 characters left")
    comment.fill("x" * (COMMENT_MAX_LENGTH - 1))
    comment.press_sequentially("yyyyyy")
    expect(counter).to_have_text("5 characters too many")
    expect(counter).to_have_class("char-counter over")
    expect(page.locator(f"{card} .save-state")).to_contain_text(
        "A comment can be at most 2,000 characters long; this one has 2,005."
    )
    expect(comment).to_have_value("x" * (COMMENT_MAX_LENGTH - 1) + "yyyyyy")  # kept

    page.locator("button[name=language][value=zh-hans]").click()
    page.wait_for_load_state()
    comment.fill("")
    comment.press_sequentially("已核对")
    expect(counter).to_have_text("还可输入 1,997 个字符")
    page.locator("button[name=language][value=en]").click()


def test_the_na_justification_shows_only_when_na_is_ticked(page, live_server, demo, sign_in):
    draft = Assessment.objects.get(site__name="Zhaoyuan gold mine", state="draft")
    answer = (
        draft.answers.filter(criterion__allows_na=True, is_na=False, na_justification="")
        .select_related("criterion__area")
        .first()
    )
    sign_in(page, "demo-owner")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/{answer.criterion.area.code}/")
    card = page.locator(f"#c{answer.criterion_id}")
    justification = card.locator("textarea[name$=-na_justification]")

    expect(justification).to_be_hidden()
    card.locator("input[type=checkbox][name$=-is_na]").check()
    expect(justification).to_be_visible()
    card.locator("input[type=checkbox][name$=-is_na]").uncheck()
    expect(justification).to_be_hidden()
    # Each tick autosaves: let those requests end before the test's database is emptied.
    page.wait_for_load_state("networkidle")

"""Answering from the keyboard in the questionnaire (static/js/mineready.js): J goes to the next
unanswered question, keys 1–9 choose the nth option of the question in focus, which autosaves;
a number typed into a number field stays that field's, J in it goes on; both only in a question."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessment.models import Answer, Assessment
from tests.helpers import screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PICKED = ("yes_no", "yes_partial_no", "maturity", "choice")


def unanswered_in_page_order(page, draft: Assessment) -> list[Answer]:
    """The unanswered answers of the questions the page shows, in the page's order."""
    answers = {
        f"c{a.criterion_id}": a
        for a in draft.answers.select_related("criterion").filter(value__isnull=True, is_na=False)
    }
    shown = page.locator("article.criterion-card").evaluate_all("cards => cards.map(c => c.id)")
    return [answers[card] for card in shown if card in answers]


def test_j_goes_to_the_next_unanswered_question_and_a_number_key_answers_it(
    page, live_server, demo, sign_in
):
    draft = Assessment.objects.get(site__name="Zhaoyuan gold mine", state="draft")
    area = next(
        code
        for code in draft.version.areas.order_by("order").values_list("code", flat=True)
        if draft.answers.filter(
            criterion__area__code=code,
            value__isnull=True,
            is_na=False,
            criterion__answer_type__in=PICKED,
        ).count()
        >= 2
    )
    sign_in(page, "demo-owner")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/{area}/")
    expect(page.locator("#keyboard-help")).to_contain_text("J goes to the next unanswered")
    unanswered = unanswered_in_page_order(page, draft)
    first = next(a for a in unanswered if a.criterion.answer_type in PICKED)
    # Start just before the first unanswered question that has options to choose from.
    cards = page.locator("article.criterion-card")
    ids = cards.evaluate_all("cards => cards.map(c => c.id)")
    before = [
        a
        for a in unanswered
        if ids.index(f"c{a.criterion_id}") < ids.index(f"c{first.criterion_id}")
    ]
    # J is no shortcut outside the questions (WCAG 2.1.4): on the page's body it does nothing.
    page.locator("body").press("j")
    assert page.evaluate("document.activeElement.closest('article')") is None
    # From the last question, J goes round to the first unanswered one.
    cards.last.evaluate("card => { card.tabIndex = -1; card.focus(); }")
    page.keyboard.press("j")
    for _skipped in before:
        page.keyboard.press("j")
    card = page.locator(f"#c{first.criterion_id}")
    focused = page.evaluate("document.activeElement.closest('article')?.id")
    assert focused == f"c{first.criterion_id}"

    page.evaluate(
        "() => { window.checkedOnFocus = []; document.addEventListener('focusin',"
        " e => window.checkedOnFocus.push(e.target.checked)); }"
    )
    page.keyboard.press("2")
    # Checked before it takes the focus: a screen reader announces it checked.
    assert page.evaluate("window.checkedOnFocus") == [True]
    second = card.locator("input[type=radio][name$=-value]").nth(1)
    expect(second).to_be_checked()
    expect(card.locator(".save-state")).to_contain_text("Saved")
    first.refresh_from_db()
    assert str(first.value) == second.get_attribute("value")

    # The answered question is now skipped: J goes on to the next unanswered one.
    page.keyboard.press("j")
    following = [a for a in unanswered if a.pk != first.pk]
    after = [
        a
        for a in following
        if ids.index(f"c{a.criterion_id}") > ids.index(f"c{first.criterion_id}")
    ]
    expected = (after or following)[0]
    focused = page.evaluate("document.activeElement.closest('article')?.id")
    assert focused == f"c{expected.criterion_id}"
    screenshot(page, "questionnaire-keyboard")
    # The autosave must end before the test's database is emptied.
    page.wait_for_load_state("networkidle")


def number_question() -> tuple[Assessment, Answer]:
    """The demo draft and its first number question."""
    draft = Assessment.objects.get(site__name="Zhaoyuan gold mine", state="draft")
    answers = draft.answers.filter(criterion__answer_type="number")
    return draft, answers.select_related("criterion__area").first()


def test_a_number_key_in_a_number_field_is_typed_not_picked(page, live_server, demo, sign_in):
    draft, answer = number_question()
    sign_in(page, "demo-owner")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/{answer.criterion.area.code}/")
    field = page.locator(f"#c{answer.criterion_id} input[type=number]")
    field.fill("")
    field.press("7")
    expect(field).to_have_value("7")
    page.wait_for_load_state("networkidle")


def test_j_goes_on_from_a_number_question(page, live_server, demo, sign_in):
    """J focuses a number question's field; the next J is not swallowed by the field."""
    draft, answer = number_question()
    # Its area's questions all unanswered: J has somewhere to go from the number question.
    draft.answers.filter(criterion__area=answer.criterion.area).update(value=None, is_na=False)
    sign_in(page, "demo-owner")
    page.goto(f"{live_server.url}/assessments/{draft.pk}/areas/{answer.criterion.area.code}/")
    field = page.locator(f"#c{answer.criterion_id} input[type=number]")
    field.focus()
    page.keyboard.press("j")
    focused = page.evaluate("document.activeElement.closest('article')?.id")
    assert focused is not None and focused != f"c{answer.criterion_id}"
    expect(field).to_have_value("")
    page.wait_for_load_state("networkidle")

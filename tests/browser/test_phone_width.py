"""Every main page fits a phone (390 px wide) in both languages: the page itself never scrolls
sideways (a wide table scrolls inside its own box)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Action, Assessment, Document

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def main_pages() -> dict[str, str]:
    submitted = Assessment.objects.get(site__name="Zhungeer open-pit coal mine", state="submitted")
    draft = Assessment.objects.get(site__name="Zhungeer open-pit coal mine", state="draft")
    site, firm = submitted.site, submitted.site.firm
    return {
        "dashboard": reverse("assessment:dashboard"),
        "firm": reverse("assessment:firm_detail", args=[firm.pk]),
        "site": reverse("assessment:site_detail", args=[site.pk]),
        "site-edit": reverse("assessment:site_edit", args=[site.pk]),
        "register": reverse("assessment:document_register", args=[site.pk]),
        "document": reverse(
            "assessment:document_detail", args=[Document.objects.filter(site=site).first().pk]
        ),
        "questionnaire": reverse("assessment:questionnaire", args=[draft.pk, "RIGHTS"]),
        "review": reverse("assessment:review", args=[draft.pk]),
        "results": reverse("reports:results", args=[submitted.pk]),
        "compare": reverse("reports:compare", args=[draft.pk, submitted.pk]),
        "portfolio": reverse("reports:portfolio", args=[firm.pk]),
        "matrix": reverse("reports:group_matrix", args=[firm.pk]),
        "plan": reverse("assessment:firm_plan", args=[firm.pk]),
        "action": reverse(
            "assessment:action_detail", args=[Action.objects.filter(site=site).first().pk]
        ),
        "settings": reverse("assessment:account_settings"),
        "import": reverse("exchange:questionnaire_import", args=[draft.pk]),
    }


def test_every_main_page_fits_a_phone_in_both_languages(page, live_server, demo, sign_in):
    sign_in(page, "demo-owner")
    page.set_viewport_size(PHONE)
    too_wide = {}
    for language in ("en", "zh-hans"):
        page.goto(f"{live_server.url}/")
        csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
        page.request.post(
            f"{live_server.url}{reverse('set_language')}",
            form={"language": language, "next": "/"},
            headers={"X-CSRFToken": csrf, "Referer": f"{live_server.url}/"},
        )
        for name, url in main_pages().items():
            page.goto(f"{live_server.url}{url}")
            assert page.locator("html").get_attribute("lang").lower().startswith(language[:2])
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[f"{language} {name}"] = width
    assert too_wide == {}


def test_the_questionnaires_progress_follows_the_questions_on_a_phone_and_stays_in_view(
    page, live_server, demo, sign_in
):
    draft = Assessment.objects.get(site__name="Zhungeer open-pit coal mine", state="draft")
    sign_in(page, "demo-owner")
    url = f"{live_server.url}{reverse('assessment:questionnaire', args=[draft.pk, 'RIGHTS'])}"
    page.set_viewport_size(PHONE)
    page.goto(url)
    first_question = page.locator("article.criterion-card").first.bounding_box()
    progress = page.locator(".questionnaire-progress").bounding_box()
    assert first_question["y"] < progress["y"]  # the questions first, not a screen of areas

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    page.mouse.wheel(0, 4000)
    page.wait_for_function("window.scrollY > 3000")
    box = page.locator(".questionnaire-progress").bounding_box()
    assert 0 <= box["y"] < 900  # still on screen after scrolling far down

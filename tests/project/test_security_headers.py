"""Content Security Policy: every page sends it, and nothing we render needs it loosened (no
inline script without the request's nonce, no style attributes, no inline event handlers)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from assessment.workflow import answer_save
from tests.helpers import ROOT, SiteFactory

pytestmark = pytest.mark.django_db
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )


def owner_pages(assessment, owner) -> list[str]:
    answer = assessment.answers.select_related("criterion").get(criterion__code="RIGHTS-01")
    answer_save(answer=answer, user=owner, value="yes", comment="checked")
    site = assessment.site
    return [
        reverse("assessment:dashboard"),
        reverse("assessment:firm_detail", args=[site.firm_id]),
        reverse("assessment:site_detail", args=[site.pk]),
        reverse("assessment:site_edit", args=[site.pk]),
        reverse("assessment:site_create", args=[site.firm_id]),
        reverse("assessment:assessment_start", args=[SiteFactory(firm=site.firm).pk]),
        reverse("assessment:assessment_delete", args=[assessment.pk]),
        reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"]),
        reverse("assessment:review", args=[assessment.pk]),
        reverse("assessment:answer_history", args=[assessment.pk, answer.criterion_id]),
        reverse("password_change"),
    ]


def assert_strict(response) -> None:
    directives = policy(response)
    assert directives["default-src"] == "'self'"
    script_sources = directives["script-src"].split()
    assert "'unsafe-inline'" not in script_sources and "'unsafe-eval'" not in script_sources
    assert "'unsafe-inline'" not in directives["style-src"]
    # Django adds the nonce to the header only when a template used it.
    nonces = [s[len("'nonce-") : -1] for s in script_sources if s.startswith("'nonce-")]
    page = response.content.decode()
    for tag in SCRIPT_TAG.findall(page):
        assert "src=" in tag or any(f'nonce="{nonce}"' in tag for nonce in nonces), tag
    assert not STYLE_ATTRIBUTE.search(page), STYLE_ATTRIBUTE.search(page)
    assert not EVENT_HANDLER.search(page), EVENT_HANDLER.search(page)
    assert not JAVASCRIPT_URL.search(page)


def test_the_pages_of_a_signed_in_owner_send_a_strict_policy(login, owner, assessment):
    client = login(owner)
    for url in owner_pages(assessment, owner):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


@pytest.mark.parametrize("name", ["login", "assessment:signup", "password_reset"])
def test_the_public_pages_send_a_strict_policy(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_strict(response)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_templates_have_no_inline_script_style_or_handlers(template: Path):
    text = template.read_text(encoding="utf-8")
    for tag in SCRIPT_TAG.findall(text):
        assert "src=" in tag or "nonce=" in tag, f"{template}: {tag}"
    assert not STYLE_ATTRIBUTE.search(text), template
    assert not EVENT_HANDLER.search(text), template
    assert not JAVASCRIPT_URL.search(text), template

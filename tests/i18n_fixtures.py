"""Fixtures for the translation tests: the compiled catalogue, and a client in a language.

`make setup` compiles the catalogues (`make messages`); a test run started without it (pytest
alone, or after editing a .po) compiles the stale ones here, so that pages are translated.
Import what a test module needs: `from tests.i18n_fixtures import compiled_messages, ...`.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils.translation.reloader import translation_file_changed

from assessment.models import Assessment, Firm, Site
from assessment.workflow import assessment_submit
from tests.assessment_fixtures import PASSWORD
from tests.report_fixtures import WORKED_ANSWERS, answer_all

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
PO_FILE = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def stale_catalogues() -> list[Path]:
    """The .po files whose .mo is missing or older than they are."""
    return [
        po
        for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]


def compile_catalogue(po: Path) -> Path:
    """msgfmt, as `manage.py compilemessages` runs it (placeholders checked)."""
    mo = po.with_suffix(".mo")
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)
    return mo


@pytest.fixture(scope="session")
def compiled_messages() -> Path:
    """Every catalogue compiled and up to date; Django's translation caches reloaded if a
    catalogue had to be compiled after they were filled."""
    stale = stale_catalogues()
    for po in stale:
        compile_catalogue(po)
    if stale:
        translation_file_changed(sender=None, file_path=MO_FILE)
    return MO_FILE


def use_language(client, language: str) -> None:
    """Choose the interface language with the switcher, as a person does (for a signed-in
    client this also stores it on their profile)."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


@dataclass
class Product:
    """Something on every page: a firm with a site, a submitted and a later draft assessment of
    it, and the people who see them."""

    owner: Any
    viewer: Any
    admin: Any
    firm: Firm
    site: Site
    submitted: Assessment
    draft: Assessment


@pytest.fixture
def product(firm, site, owner, viewer, start, django_user_model) -> Product:
    submitted = answer_all(start(site), owner, WORKED_ANSWERS)
    assessment_submit(assessment=submitted, user=owner)
    draft = answer_all(start(site, carry_over=True), owner, {"RIGHTS-02": "all"})
    admin = django_user_model.objects.create_superuser("platform", "admin@example.com", PASSWORD)
    submitted.refresh_from_db()
    return Product(owner, viewer, admin, firm, site, submitted, draft)

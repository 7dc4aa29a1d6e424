"""Fixtures for questionnaire tests: a firm with an owner, editor and viewer, an outsider with a
firm of their own, a site and a draft assessment of the small test framework.

Import the fixtures a test module needs: `from tests.assessment_fixtures import *`.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from assessment.models import Firm, Membership, Site
from assessment.workflow import assessment_start

PASSWORD = "correct-horse-battery-staple"


def make_user(django_user_model, username: str):
    return django_user_model.objects.create_user(username, f"{username}@example.com", PASSWORD)


def make_site(firm: Firm, **overrides) -> Site:
    fields = {
        "name": "Erlian open-pit coal mine",
        "province": "NM",
        "minerals": ["coal"],
        "method": Site.Method.OPEN_PIT,
        "annual_capacity": Decimal(600),
        "scale": Site.Scale.LARGE,
        "licensed_producing": True,
    }
    fields.update(overrides)
    return Site.objects.create(firm=firm, **fields)


@pytest.fixture
def firm(db) -> Firm:
    return Firm.objects.create(name="Huabei Mining")


@pytest.fixture
def owner(django_user_model, firm):
    user = make_user(django_user_model, "owner")
    Membership.objects.create(firm=firm, user=user, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def editor(django_user_model, firm):
    user = make_user(django_user_model, "editor")
    Membership.objects.create(firm=firm, user=user, role=Membership.Role.EDITOR)
    return user


@pytest.fixture
def viewer(django_user_model, firm):
    user = make_user(django_user_model, "viewer")
    Membership.objects.create(firm=firm, user=user, role=Membership.Role.VIEWER)
    return user


@pytest.fixture
def outsider(django_user_model):
    user = make_user(django_user_model, "outsider")
    other = Firm.objects.create(name="Other Mining")
    Membership.objects.create(firm=other, user=user, role=Membership.Role.OWNER)
    return user


@pytest.fixture
def site(firm) -> Site:
    return make_site(firm)


@pytest.fixture
def assessment(site, owner, imported_version):
    return assessment_start(site=site, version=imported_version, user=owner)


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user

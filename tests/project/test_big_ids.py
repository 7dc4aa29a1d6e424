"""Ids beyond 64 bits in URLs answer 404, never a 500 (a lookup that overflows the database).

Every URL pattern is found by walking the resolver, so a new URL that takes an id with Django's
`int` converter instead of ours (`id`) fails here.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter
from django.urls.exceptions import Resolver404

from assessment.converters import MAX_ID, IdConverter
from assessment.models import Answer, Membership

pytestmark = pytest.mark.django_db
BIG = "9" * 20  # beyond 2**64
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def app_patterns(patterns=None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """(route, pattern) of every URL outside the admin (which has its own URLs, tested below)."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin":
                found += app_patterns(pattern.url_patterns, route)
        else:
            found.append((route, pattern))
    return found


ID_CONVERTERS = (IdConverter, IntConverter)


def with_id_parameters() -> list[tuple[str, URLPattern]]:
    return [
        (route, pattern)
        for route, pattern in app_patterns()
        if any(isinstance(c, ID_CONVERTERS) for c in pattern.pattern.converters.values())
    ]


def test_no_url_takes_an_id_with_djangos_int_converter():
    unbounded = [
        route
        for route, pattern in app_patterns()
        if any(isinstance(c, IntConverter) for c in pattern.pattern.converters.values())
    ]
    assert unbounded == []
    assert len(with_id_parameters()) >= 20  # the walk found the app's URLs


def test_the_walk_finds_every_url_of_the_apps_and_of_the_sign_in_pages():
    from api import urls as api_urls
    from assessment import urls as assessment_urls
    from reports import urls as report_urls

    found = {id(pattern) for _route, pattern in app_patterns()}
    for patterns in (assessment_urls.urlpatterns, report_urls.urlpatterns, api_urls.urlpatterns):
        assert all(id(pattern) in found for pattern in patterns)
    assert "accounts/login/" in {route for route, _pattern in app_patterns()}


@pytest.fixture
def real_values(assessment, owner, outsider):
    """A value for each URL parameter that exists, so that only the 20-digit id is wrong."""
    answer = Answer.objects.filter(assessment=assessment).select_related("criterion__area")[0]
    return {
        "firm_id": assessment.site.firm_id,
        "site_id": assessment.site_id,
        "assessment_id": assessment.pk,
        "other_id": assessment.pk,
        "criterion_id": answer.criterion_id,
        "membership_id": Membership.objects.get(user=owner).pk,
        "area_code": answer.criterion.area.code,
        "language": "en",
    }


def url_with(route: str, big: str, values: dict) -> str:
    def value(match: re.Match) -> str:
        if match["name"] == big:
            return BIG
        return str(values.get(match["name"], 1 if match["converter"] in ("id", "int") else "x"))

    return "/" + PARAMETER.sub(value, route)


def test_every_id_of_every_url_answers_404_beyond_64_bits(client, owner, real_values):
    client.force_login(owner)
    checked = []
    for route, pattern in with_id_parameters():
        for name, converter in pattern.pattern.converters.items():
            if not isinstance(converter, ID_CONVERTERS):
                continue
            url = url_with(route, name, real_values)
            for method in (client.get, client.post):
                response = method(url)
                assert response.status_code == 404, (url, method.__name__, response.status_code)
            checked.append(url)
    assert any("/criteria/" + BIG + "/answer/" in url for url in checked)


def test_the_largest_64_bit_id_is_looked_up_and_not_found(client, owner, real_values):
    client.force_login(owner)
    url = f"/assessments/{real_values['assessment_id']}/criteria/{MAX_ID}/answer/"
    assert resolve(url).kwargs["criterion_id"] == MAX_ID
    assert client.post(url, {}).status_code == 404


@pytest.mark.parametrize("text", ["0", "007", str(MAX_ID + 1), "-1", "1e3", BIG])
def test_ids_outside_the_range_or_with_leading_zeros_do_not_match(text):
    with pytest.raises(Resolver404):
        resolve(f"/sites/{text}/")


def test_ids_are_reversed_as_before(site):
    assert reverse("assessment:site_detail", args=[site.pk]) == f"/sites/{site.pk}/"
    assert resolve(f"/sites/{site.pk}/").kwargs == {"site_id": site.pk}


def test_the_admin_treats_a_20_digit_id_as_a_missing_object(client, django_user_model):
    """Django's admin answers a missing object with a redirect to its index (or 403 where the
    view is not allowed at all, such as deleting a frozen version), never a 500."""
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com"))
    client.raise_request_exception = False
    statuses = {}
    for model in admin.site._registry:
        meta = model._meta
        for view in ("change", "delete", "history"):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[BIG])
            response = client.get(url)
            statuses[url] = response.status_code
            if response.status_code == 302:
                assert response["Location"] == reverse("admin:index")
    assert set(statuses.values()) <= {302, 403}, statuses
    assert statuses[f"/admin/assessment/site/{BIG}/change/"] == 302

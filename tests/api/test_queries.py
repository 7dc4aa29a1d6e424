"""Each endpoint runs a fixed number of queries, the same for 2 objects as for 20 (the token
lookup, the scoped object, the page's count and rows; results in assessment_results' two, a
site's assessments' results in submitted_results' two to five)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assessment import stored_results, workflow
from assessment.models import Action, Assessment, Criterion
from tests.helpers import FirmFactory, MembershipFactory, SiteFactory, version_of_every_answer_type

pytestmark = pytest.mark.django_db

# Token, count, page (and the firm or site first where the URL names one).
QUERIES = {
    "firms": 3,
    "firm_sites": 4,
    # + the assessments with their stored results, the areas; and for the old submitted ones
    # without stored results (made here), scored live: their criteria, evidence, answers
    "site_assessments": 9,
    "firm_actions": 4,
    "site_actions": 4,
    "assessment": 4,  # token, assessment, answers with evidence counts, areas
    "assessment_gaps": 4,
}


def made(name: str, owner, site, count: int) -> str:
    """Make `count` objects of what `name` lists; its URL."""
    firm = site.firm
    if name == "firms":
        for _ in range(count - 1):
            MembershipFactory(firm=FirmFactory(), user=owner, role="viewer")
        return reverse("api:firms")
    if name == "firm_sites":
        for n in range(count - 1):
            SiteFactory(firm=firm, name=f"Mine {n}")
        return reverse("api:firm_sites", args=[firm.pk])
    version = version_of_every_answer_type(count)
    assessment = workflow.assessment_start(site=site, version=version, user=owner)
    if name == "site_assessments":
        Assessment.objects.bulk_create(
            Assessment(site=site, version=version, state="submitted") for _ in range(count - 1)
        )
        return reverse("api:site_assessments", args=[site.pk])
    if name in ("assessment", "assessment_gaps"):
        return reverse(f"api:{name}", args=[assessment.pk])
    criteria = list(Criterion.objects.filter(version=version).select_related("area"))
    Action.objects.bulk_create(
        Action(
            site=SiteFactory(firm=firm) if n % 2 and name == "firm_actions" else site,
            criterion=criterion,
            criterion_code=criterion.code,
            title=f"Action {n}",
            owner=owner if n % 3 else None,
            due_on=dt.date(2026, 1, 1) + dt.timedelta(days=n),
        )
        for n, criterion in enumerate(criteria)
    )
    if name == "firm_actions":
        return reverse("api:firm_actions", args=[firm.pk])
    return reverse("api:site_actions", args=[site.pk])


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_queries_do_not_grow_with_the_objects(
    token_client, owner, site, django_assert_max_num_queries, name, count
):
    url = made(name, owner, site, count)
    client = token_client(owner)
    with django_assert_max_num_queries(QUERIES[name]):
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    if name == "assessment":
        assert body["results"]["counts"]["applicable"] == count
    else:
        assert body["count"] == count


@pytest.mark.parametrize("count", [2, 20])
def test_a_sites_stored_results_are_read_without_their_answers(
    token_client, owner, site, django_assert_max_num_queries, count
):
    url = made("site_assessments", owner, site, count)
    for assessment in Assessment.objects.exclude(state="draft"):
        stored_results.results_store(assessment=assessment)
    client = token_client(owner)
    with django_assert_max_num_queries(6):  # token, site, count, page, stored results, areas
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()["results"]
    assert [a["state"] for a in body if a["results"] is None] == ["draft"]
    assert all(a["results"]["scored_on"] for a in body if a["state"] != "draft")

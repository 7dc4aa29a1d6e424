"""Bounded work per request: the number of SQL queries does not grow with the criteria."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import actions, register
from assessment.workflow import answer_save, assessment_start
from tests.helpers import (
    SAMPLE_VALUES,
    SiteFactory,
    add_document,
    version_of_every_answer_type,
)

pytestmark = pytest.mark.django_db
# The questionnaire: 13 (answers with files and register links, the register, the site's actions
# and their proof documents among them); the review page fewer.
PAGE_QUERY_BOUND = 13
AUTOSAVE_QUERY_BOUND = 9
# Each answer type twice, half of them answered: counts at SIZE and 2 × SIZE criteria must match.
SIZE = 12


def big_assessment(size: int, site, owner):
    version = version_of_every_answer_type(size)
    # A site of its own: a site has one open draft at most.
    site = SiteFactory(firm=site.firm)
    assessment = assessment_start(site=site, version=version, user=owner)
    for answer in assessment.answers.select_related("criterion")[: size // 2]:
        value = SAMPLE_VALUES[answer.criterion.answer_type]
        answer_save(answer=answer, user=owner, value=value, comment="noted")
    # Register documents linked where evidence is expected, and one more in the register.
    documents = [add_document(site, owner, title=f"Permit {n}") for n in range(3)]
    for answer in assessment.answers.filter(criterion__evidence_expected=True):
        for document in documents[:2]:
            register.document_link(answer=answer, document=document, user=owner)
        # and an action done with a proof document
        action = actions.action_create(
            assessment=assessment, criterion=answer.criterion, user=owner, priority=1, title="Do"
        )
        action.documents.set([documents[2]])
    return assessment


def queries_and_response(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_questionnaire_page_runs_a_fixed_number_of_queries(login, owner, site):
    """The same number, at most the bound, for twice the criteria."""
    client = login(owner)
    counts = []
    for size in (SIZE, 2 * SIZE):
        assessment = big_assessment(size, site, owner)
        url = reverse("assessment:questionnaire", args=[assessment.pk, "GREEN"])
        count, response = queries_and_response(client, url)
        assert response.content.count(b'class="card criterion-card') == size
        counts.append(count)
    assert counts[0] == counts[1] <= PAGE_QUERY_BOUND


def test_the_review_page_runs_a_fixed_number_of_queries(login, owner, site):
    """The same number, at most the bound, for twice the criteria."""
    client = login(owner)
    counts = []
    for size in (SIZE, 2 * SIZE):
        assessment = big_assessment(size, site, owner)
        count, response = queries_and_response(
            client, reverse("assessment:review", args=[assessment.pk])
        )
        assert len(response.context["findings"].incomplete) == size - size // 2
        counts.append(count)
    assert counts[0] == counts[1] <= PAGE_QUERY_BOUND


def test_an_autosave_runs_at_most_9_queries(login, owner, site, django_assert_max_num_queries):
    assessment = big_assessment(SIZE, site, owner)
    answer = assessment.answers.select_related("criterion").get(criterion__code="GREEN-001")
    client = login(owner)
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
    with django_assert_max_num_queries(AUTOSAVE_QUERY_BOUND):
        response = client.post(
            url, {f"c{answer.criterion_id}-value": "yes"}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.value == "yes"

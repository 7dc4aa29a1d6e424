"""Bounded work per request: the number of SQL queries does not grow with the criteria."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import actions, register
from assessment.catalogue import library_import
from assessment.library import parse_library
from assessment.workflow import answer_save, assessment_start
from tests.helpers import SiteFactory, add_document, criterion_data, library_data

pytestmark = pytest.mark.django_db
# The questionnaire: 13 (answers with files and register links, the register, the site's actions
# and their proof documents among them); the review page fewer.
PAGE_QUERY_BOUND = 13
AUTOSAVE_QUERY_BOUND = 9
# Each answer type twice, half of them answered: counts at SIZE and 2 × SIZE criteria must match.
SIZE = 12
TYPES = [
    ("yes_no", {}),
    ("yes_partial_no", {}),
    ("maturity", {}),
    ("percent", {"target": 80}),
    ("number", {"target": 3, "unit": {"en": "years", "zh-hans": "年"}}),
    (
        "choice",
        {
            "options": [
                {"value": "a", "label": {"en": "A", "zh-hans": "甲"}, "score": 0},
                {"value": "b", "label": {"en": "B", "zh-hans": "乙"}, "score": 1},
            ]
        },
    ),
]


def big_assessment(size: int, site, owner):
    import yaml

    criteria = []
    for index in range(size):
        answer_type, parameters = TYPES[index % len(TYPES)]
        criteria.append(
            criterion_data(
                f"GREEN-{index:03d}",
                "GREEN",
                answer_type=answer_type,
                parameters=copy.deepcopy(parameters),  # shared, they would dump as YAML aliases
                evidence_expected=index % 3 == 0,
                allows_na=index % 4 == 0,
            )
        )
    data = library_data(version=f"big-{size}", criteria=criteria)
    version = library_import(
        library=parse_library(yaml.safe_dump(data, allow_unicode=True))
    ).version
    # A site of its own: a site has one open draft at most.
    site = SiteFactory(firm=site.firm)
    assessment = assessment_start(site=site, version=version, user=owner)
    for answer in assessment.answers.select_related("criterion")[: size // 2]:
        value = {"yes_no": "yes", "yes_partial_no": "partial", "maturity": 2, "percent": "50",
                 "number": "2", "choice": "b"}[answer.criterion.answer_type]  # fmt: skip
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

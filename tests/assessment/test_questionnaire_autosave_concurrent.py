"""Concurrent autosaves: many people answering one assessment at the same moment lose nothing.

Each thread is a browser of its own: its own test client and its own database connection (a
file database on SQLite, with WAL and IMMEDIATE transactions as in production; the test
database on PostgreSQL under DATABASE_URL). No request may fail ("database is locked" or
otherwise), every answer must be stored, and every write must be in the history. Two people on
one answer: different parts both persist; the same part is saved once and the other person is
told (409), never silently overwritten.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessment.catalogue import library_import
from assessment.library import parse_library
from assessment.models import Answer, Firm, Membership
from assessment.workflow import assessment_start
from tests.helpers import SiteFactory, UserFactory, criterion_data, library_data

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 12
ANSWERS_PER_THREAD = 3
VALUES = {"yes_no": "yes", "yes_partial_no": "partial", "maturity": "3", "percent": "62.5"}
STORED = {"yes_no": "yes", "yes_partial_no": "partial", "maturity": 3, "percent": "62.5"}


@pytest.fixture
def firm(transactional_db) -> Firm:
    return Firm.objects.create(name="Huabei Mining")


@pytest.fixture
def people(django_user_model, firm):
    users = []
    for index in range(THREADS):
        user = UserFactory(username=f"editor{index}")
        Membership.objects.create(firm=firm, user=user, role=Membership.Role.EDITOR)
        users.append(user)
    return users


@pytest.fixture
def wide_assessment(firm, people):
    """A draft with THREADS × ANSWERS_PER_THREAD criteria of four answer types."""
    kinds = list(VALUES)
    criteria = [
        criterion_data(
            f"GREEN-{index:03d}",
            "GREEN",
            answer_type=kinds[index % len(kinds)],
            parameters={"target": 80} if kinds[index % len(kinds)] == "percent" else {},
        )
        for index in range(THREADS * ANSWERS_PER_THREAD)
    ]
    data = library_data(version="wide", criteria=criteria)
    version = library_import(library=parse_library(yaml.safe_dump(data))).version
    return assessment_start(site=SiteFactory(firm=firm), version=version, user=people[0])


def in_parallel(jobs: list[Callable[[], list[int]]]) -> list[int]:
    """Run the jobs at the same moment, each in its own thread; their status codes, flattened."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Callable[[], list[int]]) -> list[int]:
        try:
            barrier.wait(timeout=30)
            return job()
        finally:
            connection.close()  # each thread has its own connection: close it

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(run, jobs))
    return [status for statuses in results for status in statuses]


def autosave(client: Client, assessment, answer: Answer, **fields: str) -> int:
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
    data = {f"c{answer.criterion_id}-{key}": value for key, value in fields.items()}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    return response.status_code


def test_concurrent_autosaves_of_different_answers_all_persist(people, wide_assessment):
    answers = list(wide_assessment.answers.select_related("criterion").order_by("pk"))
    shares = [answers[index::THREADS] for index in range(THREADS)]

    def job_for(user, share: list[Answer]) -> Callable[[], list[int]]:
        def job() -> list[int]:
            client = Client()
            client.force_login(user)
            return [
                autosave(
                    client,
                    wide_assessment,
                    answer,
                    value=VALUES[answer.criterion.answer_type],
                    comment=f"checked by {user.username}",
                )
                for answer in share
            ]

        return job

    statuses = in_parallel(
        [job_for(user, share) for user, share in zip(people, shares, strict=True)]
    )

    assert statuses == [200] * len(answers)
    for user, share in zip(people, shares, strict=True):
        for answer in share:
            answer.refresh_from_db()
            assert answer.value == STORED[answer.criterion.answer_type]
            assert (answer.comment, answer.updated_by) == (f"checked by {user.username}", user)
            latest = answer.history.order_by("-history_date", "-history_id").first()
            assert latest.history_user == user
            assert latest.value == answer.value


def two_people_at_once(people, answers, first: dict, second: dict) -> tuple[list, list]:
    """Two people, each with the questionnaire loaded at version 0, post `first` and `second`
    to every answer at the same moment; their status codes, answer by answer."""

    def job_for(user, fields: dict) -> Callable[[], list[int]]:
        def job() -> list[int]:
            client = Client()
            client.force_login(user)
            return [autosave(client, a.assessment, a, version="0", **fields) for a in answers]

        return job

    statuses = in_parallel([job_for(people[0], first), job_for(people[1], second)])
    return statuses[: len(answers)], statuses[len(answers) :]


def test_two_people_changing_different_parts_of_one_answer_at_once_both_persist(
    people, wide_assessment
):
    answers = list(
        wide_assessment.answers.select_related("criterion", "assessment")
        .filter(criterion__answer_type="yes_no")
        .order_by("pk")
    )

    by_first, by_second = two_people_at_once(
        people, answers, {"value": "yes"}, {"comment": "checked on site"}
    )

    assert by_first == by_second == [200] * len(answers)
    for answer in answers:
        answer.refresh_from_db()
        assert (answer.value, answer.comment, answer.version) == ("yes", "checked on site", 2)
        assert answer.history.filter(history_type="~").count() == 2


def test_two_people_changing_the_same_text_at_once_one_saves_and_the_other_is_told(
    people, wide_assessment
):
    answers = list(wide_assessment.answers.select_related("criterion", "assessment"))

    by_first, by_second = two_people_at_once(
        people, answers, {"comment": "first person"}, {"comment": "second person"}
    )

    for answer, first, second in zip(answers, by_first, by_second, strict=True):
        assert sorted([first, second]) == [200, 409]  # the other one sees both texts
        answer.refresh_from_db()
        winner = people[0] if first == 200 else people[1]
        assert (answer.comment, answer.updated_by, answer.version) == (
            "first person" if first == 200 else "second person",
            winner,
            1,
        )
        assert answer.history.filter(history_type="~").count() == 1  # nothing overwritten

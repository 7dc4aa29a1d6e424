"""Submitting and writing to the same draft at the same moment, on two real PostgreSQL
connections: the write either waits for the submit and is then refused, or the submit waits for
the write and then sees it. No answer or evidence changes after `submitted_at`.

Each side runs in a thread of its own (its own connection). The test holds one side's
transaction open, waits until PostgreSQL reports the other side blocked by it
(`pg_blocking_pids`), then lets the first side commit. Without the assessment row lock the
second side never blocks, and the test fails. SQLite runs one write at a time anyway (IMMEDIATE
transactions), so this file runs on PostgreSQL only (CI's second pass, DATABASE_URL=...).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from assessment.models import Answer, Assessment, Evidence
from assessment.submission import assessment_submit
from assessment.workflow import answer_save, evidence_attach

pytestmark = pytest.mark.django_db(transaction=True)
VALUES = {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "90", "GREEN-02": "4"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
WAIT = 30  # seconds at most for a thread to get where the test needs it (never reached)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: run with DATABASE_URL=$(.ci/postgres) (CI's PostgreSQL pass)")


@pytest.fixture
def complete(assessment, owner):
    """A draft ready to submit: every criterion answered, a file on RIGHTS-01."""
    for answer in assessment.answers.select_related("criterion"):
        answer_save(answer=answer, user=owner, value=VALUES[answer.criterion.code])
    evidence_attach(
        answer=assessment.answers.get(criterion__code="RIGHTS-01"),
        user=owner,
        upload=SimpleUploadedFile("permit.pdf", PDF),
    )
    return assessment


class Side(threading.Thread):
    """One connection's work in a thread: its backend pid, its result or exception."""

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.pid: int | None = None
        self.ready = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
            self.ready.set()
            self.result = self.work()
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            self.ready.set()
            connection.close()


def wait_until_blocked(waiter: Side, holder: Side) -> None:
    """Until PostgreSQL says `waiter` waits for a lock `holder` holds; fails if it finished."""
    assert waiter.ready.wait(WAIT) and holder.ready.wait(WAIT)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s = ANY(pg_blocking_pids(%s))", [holder.pid, waiter.pid])
            if cursor.fetchone()[0]:
                return
        assert waiter.is_alive(), (
            f"did not wait for the other transaction: {waiter.error or waiter.result!r}"
        )
        time.sleep(0.01)
    pytest.fail("the second transaction never waited for the first one's lock")


def submit_held_open(assessment, user, release: threading.Event) -> Side:
    """A submit whose transaction stays open (holding its locks) until `release` is set."""
    submitted = threading.Event()

    def work():
        with transaction.atomic():
            assessment_submit(assessment=assessment, user=user)
            submitted.set()
            assert release.wait(WAIT)

    side = Side(work)
    side.start()
    assert submitted.wait(WAIT), side.error
    return side


def as_browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def answer_autosave(assessment, user) -> Callable[[], int]:
    answer = assessment.answers.get(criterion__code="GREEN-01")
    client = as_browser(user)
    url = reverse("assessment:answer_save", args=[assessment.pk, answer.criterion_id])
    data = {f"c{answer.criterion_id}-value": "12", f"c{answer.criterion_id}-version": "1"}
    return lambda: client.post(url, data, HTTP_HX_REQUEST="true").status_code


def evidence_upload(assessment, user) -> Callable[[], int]:
    answer = assessment.answers.get(criterion__code="GREEN-01")
    client = as_browser(user)
    url = reverse("assessment:evidence_upload", args=[assessment.pk, answer.criterion_id])
    upload = SimpleUploadedFile("late.pdf", PDF)
    return lambda: client.post(url, {"file": upload}, HTTP_HX_REQUEST="true").status_code


def evidence_delete(assessment, user) -> Callable[[], int]:
    client = as_browser(user)
    url = reverse("assessment:evidence_delete", args=[Evidence.objects.get().pk])
    return lambda: client.post(url, HTTP_HX_REQUEST="true").status_code


def snapshot(assessment) -> tuple:
    answers = Answer.objects.filter(assessment=assessment).order_by("pk")
    return (
        list(answers.values_list("value", "comment", "version")),
        list(Evidence.objects.order_by("pk").values_list("original_name", flat=True)),
    )


@pytest.mark.parametrize("write", [answer_autosave, evidence_upload, evidence_delete])
def test_a_write_during_a_submit_waits_for_it_and_is_refused(complete, owner, editor, write):
    before = snapshot(complete)
    release = threading.Event()
    submit = submit_held_open(complete, owner, release)
    writer = Side(write(complete, editor))
    writer.start()
    try:
        wait_until_blocked(writer, submit)
    finally:
        release.set()
        submit.join(WAIT)
        writer.join(WAIT)

    assert submit.error is None
    assert writer.error is None
    assert writer.result == 400  # "This assessment has been submitted and is locked ..."
    complete.refresh_from_db()
    assert complete.state == Assessment.State.SUBMITTED
    assert snapshot(complete) == before
    last_write = Answer.history.filter(assessment_id=complete.pk).latest("history_date")
    assert last_write.history_date < complete.submitted_at


def test_a_submit_during_a_write_waits_for_it_and_sees_it(complete, owner, editor):
    """The write clears an answer: the submit that waited for it finds the draft incomplete."""
    release = threading.Event()
    written = threading.Event()
    answer = complete.answers.select_related("criterion").get(criterion__code="GREEN-01")

    def clear_an_answer():
        with transaction.atomic():
            answer_save(answer=answer, user=editor, value=None)
            written.set()
            assert release.wait(WAIT)

    writer = Side(clear_an_answer)
    writer.start()
    assert written.wait(WAIT), writer.error
    submit = Side(lambda: assessment_submit(assessment=complete, user=owner))
    submit.start()
    try:
        wait_until_blocked(submit, writer)
    finally:
        release.set()
        writer.join(WAIT)
        submit.join(WAIT)

    assert writer.error is None
    assert isinstance(submit.error, ValidationError)
    assert submit.error.code == "incomplete"
    complete.refresh_from_db()
    answer.refresh_from_db()
    assert (complete.state, complete.submitted_at, answer.value) == ("draft", None, None)

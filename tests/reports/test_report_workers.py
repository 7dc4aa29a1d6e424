"""The task workers that issue reports: `manage.py report_workers` runs REPORT_WORKERS (2)
`manage.py db_worker` processes, so two firms' reports render at once; a worker killed
mid-render (kill -9) is replaced and its report rendered again. Real worker processes run on
this test run's database with the render gate (tests/render_gate.py), which holds every
rendering until the test opens it; the pool's bookkeeping is tested with fake processes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessment.models import Firm
from assessment.submission import assessment_submit
from assessment.workflow import assessment_start
from reports.management.commands import report_workers
from reports.management.commands.report_workers import (
    RECOVERY_INTERVAL,
    RESTART_DELAY,
    WorkerPool,
)
from reports.models import IssuedReport
from reports.tasks import requeue_lost_renders
from tests.helpers import ROOT, WORKED_ANSWERS, SiteFactory, answer_all

# Failure guards only: the tests wait for states, never for a time.
PATIENCE = 180


# --- the pool's bookkeeping, with fake processes ----------------------------------------


class FakeProcess:
    pids = iter(range(1000, 10_000))

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.pid = next(self.pids)
        self.returncode: int | None = None
        self.terminated = False

    def poll(self) -> int | None:
        return self.returncode

    def terminate(self) -> None:
        self.terminated = True
        self.returncode = 0

    def wait(self, timeout: float | None = None) -> int | None:
        return self.returncode

    def kill(self) -> None:
        self.returncode = -9


@pytest.fixture
def searches(monkeypatch) -> list:
    """The pool's searches for lost renderings, recorded instead of run (without the database:
    not even closing old connections, which touches one a test before left open)."""
    calls = []
    monkeypatch.setattr(report_workers, "close_old_connections", lambda: None)
    monkeypatch.setattr(
        report_workers, "requeue_lost_renders", lambda **lost: calls.append(("lost", lost))
    )
    monkeypatch.setattr(
        report_workers, "requeue_unqueued_reports", lambda: calls.append(("unqueued", {}))
    )
    return calls


@pytest.fixture
def clock() -> list[float]:
    """The pool's monotonic clock: the test moves it on."""
    return [0.0]


@pytest.fixture
def pool(clock) -> WorkerPool:
    return WorkerPool(2, spawn=FakeProcess, clock=lambda: clock[0])


def worker_id_of(process: FakeProcess) -> str:
    return process.command[process.command.index("--worker-id") + 1]


def test_it_starts_db_workers_with_ids_of_their_own_after_a_search(pool, searches, settings):
    pool.start()
    processes = [worker.process for worker in pool.workers.values()]
    assert len(processes) == 2
    for process in processes:
        assert process.command[:3] == [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "db_worker",
        ]
        assert "--no-reload" in process.command
    assert len({worker_id_of(p) for p in processes}) == 2
    assert searches == [("lost", {}), ("unqueued", {})]


def test_two_workers_by_default(settings):
    assert settings.REPORT_WORKERS == 2


def test_an_ended_worker_gives_back_its_rendering_and_is_replaced(pool, clock, searches):
    pool.start()
    searches.clear()
    dead = pool.workers[0].process
    dead.returncode = -9
    clock[0] = 1.0
    pool.check()
    assert searches[0][0] == "lost"
    assert searches[0][1]["worker_id"] == worker_id_of(dead)
    assert 0 not in pool.workers  # not at once: it died within RESTART_DELAY of its start
    clock[0] = RESTART_DELAY
    pool.check()
    fresh = pool.workers[0].process
    assert fresh is not dead and worker_id_of(fresh) != worker_id_of(dead)
    assert pool.workers[1].process.returncode is None


def test_the_restart_delay_can_be_shorter(clock, searches):
    pool = WorkerPool(1, spawn=FakeProcess, clock=lambda: clock[0], restart_delay=0)
    pool.start()
    dead = pool.workers[0].process
    dead.returncode = -9
    pool.check()
    assert pool.workers[0].process is not dead


def test_it_searches_the_whole_queue_every_minute(pool, clock, searches):
    pool.start()
    searches.clear()
    clock[0] = RECOVERY_INTERVAL - 1
    pool.check()
    assert searches == []
    clock[0] = RECOVERY_INTERVAL
    pool.check()
    assert searches == [("lost", {}), ("unqueued", {})]


def test_a_database_error_in_a_search_leaves_the_workers_running(pool, monkeypatch):
    def failing(**lost):
        raise OperationalError("database is locked")

    monkeypatch.setattr(report_workers, "requeue_lost_renders", failing)
    monkeypatch.setattr(report_workers, "close_old_connections", lambda: None)
    pool.start()
    assert len(pool.workers) == 2


def test_stopping_asks_every_worker_to_finish(pool, searches):
    pool.start()
    processes = [worker.process for worker in pool.workers.values()]
    pool.stop()
    assert all(process.terminated for process in processes)
    assert pool.workers == {}


# --- real worker processes ----------------------------------------------------------------


@pytest.fixture
def gate(tmp_path) -> Path:
    folder = tmp_path / "gate"
    folder.mkdir()
    return folder


@pytest.fixture
def start_process(transactional_db, settings, gate, tmp_path):
    """Starts `manage.py ARGS...` on this test's database with the render gate; stops what is
    still running at the end."""
    started: list[subprocess.Popen] = []
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "MINEREADY_TEST_DATABASE": json.dumps(connection.settings_dict, default=str),
        "MINEREADY_RENDER_GATE": str(gate),
        "PRIVATE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PYTHONUNBUFFERED": "1",
    }

    def start(*args: str) -> subprocess.Popen:
        log = (tmp_path / f"process-{len(started)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log = Path(log.name)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def wait_for(condition: Callable[[], object], what: str, process=None):
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process ended\n{process.log.read_text()}")
        time.sleep(0.1)
    log = process.log.read_text() if process is not None else ""
    pytest.fail(f"waited {PATIENCE} s for {what}\n{log}")


def rendering(gate: Path, report: IssuedReport) -> list[int]:
    """The processes that have begun rendering the report (held at the gate)."""
    return [int(path.name.rsplit("-", 1)[1]) for path in gate.glob(f"started-{report.report_id}-*")]


def task_of(report: IssuedReport, *statuses: str) -> list[DBTaskResult]:
    return [
        task
        for task in DBTaskResult.objects.filter(status__in=statuses).order_by("enqueued_at")
        if task.args_kwargs["args"] == [report.pk]
    ]


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def started_workers(supervisor: subprocess.Popen) -> list[int]:
    """The worker processes the supervisor has started, from its log."""
    return [int(pid) for pid in re.findall(r"started \(pid (\d+)\)", supervisor.log.read_text())]


def english(assessment) -> IssuedReport:
    return IssuedReport.objects.get(assessment=assessment, language="en")


@pytest.fixture
def second_firm_submitted(imported_version, owner):
    """Another firm's submitted assessment (its reports queued on submit)."""
    other = SiteFactory(firm=Firm.objects.create(name="Xinan Rare Earths"), name="Ganzhou mine")
    started = assessment_start(site=other, version=imported_version, user=owner)
    answer_all(started, owner, WORKED_ANSWERS)
    assessment_submit(assessment=started, user=owner)
    return started


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_leaves_its_report_to_a_fresh_worker(
    submitted_assessment, start_process, gate, settings
):
    report = english(submitted_assessment)  # queued by the submit, first in the queue
    first = start_process(
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.1",
        "--worker-id",
        "first",
    )
    pids = wait_for(lambda: rendering(gate, report), "the first worker's rendering", first)
    assert pids == [first.pid]
    os.kill(first.pid, signal.SIGKILL)
    first.wait()

    # What the kill leaves: a task running for ever and a report pending for ever.
    [stuck] = task_of(report, TaskResultStatus.RUNNING)
    assert stuck.worker_ids == ["first"]
    report.refresh_from_db()
    assert (report.status, report.attempts) == (IssuedReport.Status.PENDING, 1)

    settings.REPORT_RENDER_TIMEOUT = 0
    assert requeue_lost_renders() == [report.pk]
    stuck.refresh_from_db()
    assert stuck.status == TaskResultStatus.FAILED
    report.refresh_from_db()
    assert report.error.startswith("RenderLost:")
    assert len(task_of(report, TaskResultStatus.READY)) == 1

    (gate / "open").touch()
    fresh = start_process(
        "db_worker", "--no-reload", "--no-startup-delay", "--batch", "--worker-id", "fresh"
    )
    assert fresh.wait(timeout=PATIENCE) == 0, fresh.log.read_text()
    report.refresh_from_db()
    assert report.status == IssuedReport.Status.READY
    assert report.attempts == 2 and report.error == ""
    assert report.sha256 and report.pdf.read().startswith(b"%PDF-")
    [done] = task_of(report, TaskResultStatus.SUCCESSFUL)
    assert done.worker_ids == ["fresh"]
    assert IssuedReport.objects.get(assessment=submitted_assessment, language="zh-hans").is_ready


@pytest.mark.django_db(transaction=True)
def test_two_firms_reports_render_at_once_and_a_killed_worker_is_replaced(
    submitted_assessment, second_firm_submitted, start_process, gate
):
    first, second = english(submitted_assessment), english(second_firm_submitted)
    # Only the English reports are queued: the two workers take one each.
    for task in DBTaskResult.objects.all():
        if task.args_kwargs["args"] not in ([first.pk], [second.pk]):
            task.delete()
    assert DBTaskResult.objects.count() == 2

    # REPORT_WORKERS: 2; a killed worker is started again at once, not RESTART_DELAY after its start
    supervisor = start_process("report_workers", "--restart-delay", "0")
    first_pid = wait_for(lambda: rendering(gate, first), "firm A's rendering", supervisor)[0]
    second_pid = wait_for(lambda: rendering(gate, second), "firm B's rendering", supervisor)[0]
    # Both renderings are under way at the same time, in two processes.
    assert first_pid != second_pid
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    assert len({task.worker_ids[-1] for task in running}) == 2

    os.kill(first_pid, signal.SIGKILL)
    # The supervisor sees its worker end and gives the rendering back at once.
    wait_for(
        lambda: (
            task_of(first, TaskResultStatus.READY, TaskResultStatus.RUNNING)
            and IssuedReport.objects.get(pk=first.pk).error.startswith(
                "RenderLost: the worker process"
            )
        ),
        "firm A's report queued again",
        supervisor,
    )
    (gate / "open").touch()
    # And starts another worker in its place.
    wait_for(lambda: len(started_workers(supervisor)) == 3, "a third worker", supervisor)
    wait_for(
        lambda: (
            IssuedReport.objects.filter(
                pk__in=[first.pk, second.pk], status=IssuedReport.Status.READY
            ).count()
            == 2
        ),
        "both reports issued",
        supervisor,
    )
    # The worker marks its task successful just after the report is stored.
    [done] = wait_for(
        lambda: task_of(first, TaskResultStatus.SUCCESSFUL), "firm A's task finished", supervisor
    )
    first.refresh_from_db()
    assert first.attempts == 2 and first.error == ""
    [lost] = task_of(first, TaskResultStatus.FAILED)
    assert done.worker_ids[-1] != lost.worker_ids[-1]

    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=PATIENCE) == 0
    workers = started_workers(supervisor)
    assert len(workers) == 3 and first_pid in workers and second_pid in workers
    assert not any(is_running(pid) for pid in workers)


@pytest.mark.django_db  # the pool closes old connections: one may be open in this worker
def test_the_pool_starts_the_days_reminders_once_from_the_reminder_hour(clock, searches, settings):
    settings.REMINDER_HOUR = 0  # any hour of the day is past it
    started = []
    pool = WorkerPool(1, spawn=FakeProcess, clock=lambda: clock[0], daily=lambda: started.append(1))
    pool.start()
    for _minute in range(3):
        clock[0] += report_workers.RECOVERY_INTERVAL
        pool.check()
    assert started == [1]  # once that day, however many minutes pass

"""manage.py report_workers [--processes N]

Runs the task workers that issue reports: N `manage.py db_worker` processes (REPORT_WORKERS, 2
by default), so that a long report of one firm never holds up another firm's. django-tasks-db
lets several workers share the queue: each claims a task in a transaction that locks its row
(``select_for_update(skip_locked=True)``; on SQLite the transaction is exclusive), so no two
ever take the same task.

The command also supervises them: a worker that ends (killed, out of memory) is started again
and the rendering it held is queued again at once; at start and every minute it looks for
renderings that stopped elsewhere (REPORT_RENDER_TIMEOUT) and pending reports with no task
(reports/tasks.py). SIGTERM or Ctrl-C stops the workers (each finishes its current task).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from reports.tasks import requeue_lost_renders, requeue_unqueued_reports

# How often the whole queue is searched for lost renderings (seconds).
RECOVERY_INTERVAL = 60
# A worker that ends sooner than this after its start is started again only this long after
# its start, so that a worker failing at start-up does not spin.
RESTART_DELAY = 10
# How long a stopping worker may take to finish its current task before it is killed.
STOP_TIMEOUT = 30

logger = logging.getLogger("reports.workers")


def spawn_worker(command: list[str]) -> subprocess.Popen:
    """A worker process in a process group of its own: a Ctrl-C in the terminal reaches this
    command only, which then asks each worker once to stop after its current task."""
    return subprocess.Popen(command, process_group=0)


@dataclass
class WorkerProcess:
    worker_id: str
    process: subprocess.Popen
    started: float


class WorkerPool:
    """``size`` db_worker processes, started again when they end, and the periodic search for
    lost renderings. ``spawn`` starts a process from its command line and ``clock`` tells
    monotonic seconds (both replaced in tests)."""

    def __init__(
        self,
        size: int,
        *,
        worker_options: list[str] | None = None,
        spawn: Callable[[list[str]], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
        restart_delay: float = RESTART_DELAY,
        daily: Callable[[], Any] | None = None,
    ) -> None:
        self.size = size
        self.restart_delay = restart_delay
        self.worker_options = worker_options or []
        self.spawn = spawn or spawn_worker
        self.clock = clock
        self.workers: dict[int, WorkerProcess] = {}
        self.ended: dict[int, float] = {}  # slot -> start time of the worker that ended
        self.started = 0
        self.next_recovery = 0.0
        # The day's reminder digests, started once a day from REMINDER_HOUR (send_reminders is
        # idempotent per day, so a restart that starts it again sends nothing twice).
        self.daily = daily if daily is not None else self.start_reminders
        self.daily_done: object = None
        self.prefix = f"{socket.gethostname()[:32]}-{os.getpid()}"

    def command(self, worker_id: str) -> list[str]:
        manage = str(settings.BASE_DIR / "manage.py")
        return [sys.executable, manage, "db_worker", "--no-reload", "--worker-id", worker_id]

    def start_worker(self, slot: int) -> None:
        self.started += 1
        worker_id = f"{self.prefix}-{self.started}"
        process = self.spawn([*self.command(worker_id), *self.worker_options])
        self.workers[slot] = WorkerProcess(worker_id, process, self.clock())
        logger.info("worker %s started (pid %s)", worker_id, process.pid)

    def recover(self, **lost: Any) -> None:
        """Renderings lost (past the timeout, or ``lost`` narrows which) and, in the periodic
        search, reports left without a task. A database error is logged: the workers go on."""
        close_old_connections()
        try:
            requeue_lost_renders(**lost)
            if not lost:
                requeue_unqueued_reports()
        except DatabaseError:
            logger.exception("searching for lost renderings failed; trying again later")
        if not lost:
            self.next_recovery = self.clock() + RECOVERY_INTERVAL

    def start_reminders(self) -> None:
        manage = str(settings.BASE_DIR / "manage.py")
        spawn_worker([sys.executable, manage, "send_reminders"])

    def run_daily_when_due(self) -> None:
        now = timezone.localtime()
        if now.hour >= settings.REMINDER_HOUR and self.daily_done != now.date():
            self.daily_done = now.date()
            self.daily()

    def start(self) -> None:
        self.recover()
        for slot in range(self.size):
            self.start_worker(slot)

    def check(self) -> None:
        """Deal with workers that ended, start them again when due, and search the queue when
        a minute has passed."""
        for slot, worker in list(self.workers.items()):
            code = worker.process.poll()
            if code is None:
                continue
            logger.warning("worker %s ended with code %s", worker.worker_id, code)
            # Its process is gone: what it was rendering will never finish.
            self.recover(started_before=timezone.now(), worker_id=worker.worker_id)
            del self.workers[slot]
            self.ended[slot] = worker.started
        for slot, started in list(self.ended.items()):
            if self.clock() >= started + self.restart_delay:
                del self.ended[slot]
                self.start_worker(slot)
        if self.clock() >= self.next_recovery:
            self.recover()
            self.run_daily_when_due()

    def stop(self) -> None:
        """Ask every worker to stop after its current task; kill those still running after
        STOP_TIMEOUT."""
        for worker in self.workers.values():
            if worker.process.poll() is None:
                worker.process.terminate()
        deadline = self.clock() + STOP_TIMEOUT
        for worker in self.workers.values():
            try:
                worker.process.wait(timeout=max(deadline - self.clock(), 0))
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        self.workers.clear()


class Command(BaseCommand):
    help = "Run the task workers that issue reports (N db_worker processes), supervised."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--processes",
            type=int,
            default=settings.REPORT_WORKERS,
            help="worker processes (default: REPORT_WORKERS, %(default)s)",
        )
        parser.add_argument(
            "--restart-delay",
            type=float,
            default=RESTART_DELAY,
            help="seconds after its start before a worker that ended is started again "
            "(default %(default)s)",
        )

    def handle(
        self, *args, processes: int, restart_delay: float, verbosity: int, **options
    ) -> None:
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stderr))
        logger.setLevel(logging.INFO if verbosity else logging.WARNING)
        pool = WorkerPool(
            max(processes, 1),
            worker_options=["-v", str(verbosity)],
            restart_delay=max(restart_delay, 0),
        )
        stopping = []

        def stop(signum: int, frame: object) -> None:
            stopping.append(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        pool.start()
        try:
            while not stopping:
                pool.check()
                time.sleep(min(1, max(restart_delay, 0.1)))
        finally:
            pool.stop()
        logger.info("workers stopped")

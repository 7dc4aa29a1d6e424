"""Load test: 200 people sign in, open their questionnaire pages and autosave 20 answers each, at
once, while 20 submitted assessments have their reports issued by the task workers.

    .venv/bin/python benchmarks/load_test.py --database-url "$(.ci/postgres)"
        [--users 200] [--answers 20] [--reports 20] [--workers 4] [--task-workers 2]
        [--task-nice 0] [--think 2] [--report-timeout 600] [--keep]

It builds a fresh database (a new database `mineready_load_<pid>` on the PostgreSQL server of
--database-url, dropped afterwards; without it a SQLite file in a temporary folder):
migrations, collectstatic, the bundled catalogue, one firm per two people with a large open-pit
coal mine and a draft assessment, and --reports firms more whose draft is fully answered, each
with an owner who will submit it. Then it starts, in production mode (DEBUG off, a generated
SECRET_KEY, plain HTTP on 127.0.0.1 as in the smoke test), gunicorn (`config.wsgi`, --workers
sync workers) and the task workers (`manage.py report_workers --processes N`, or N `manage.py
db_worker` processes where that command does not exist), warms gunicorn up with one more person
(not measured: each worker loads its code and templates once) and runs everyone as asyncio
tasks with httpx, in three phases that each start together:

- sign in (real PBKDF2 password checks: slow by design);
- the people open the questionnaire page of each area holding their answers; the owners open
  their review page;
- the people autosave their answers one after the other: each POST carries the fields of that
  criterion's answer form as the page served it (parsed from the page, so it follows what the
  browser sends), with the value set; the two people of a firm answer different criteria of
  the same assessment. Before the first answer a person reads for 0 to --think seconds, between
  two answers thinks for --think seconds on average (uniformly 0.5 to 1.5 times it; seeded);
  --think 0 sends every autosave as soon as the last one is answered. Meanwhile each owner,
  after 0 to --think seconds, submits the assessment through the review page's form, so that
  its reports (both languages) are issued by the task workers while the autosaves go on.

Afterwards it waits (at most --report-timeout seconds after the autosaves) until no issued
report is pending, then prints throughput and p50 / p95 / p99 per kind of request (the
autosaves also apart for while reports were being rendered and the rest of the time), the
errors (a conflict answer to an autosave is one: each answer has one writer), the reports
issued and how long they took, the machine's load average during the run and the CPU time of
this process (the load generator, on the same cores). It reads the database: every answer must
hold the value its person sent, saved by that person, with that change in its history; every
submitted assessment must have a ready report per language whose file is there with the
recorded SHA-256. It exits 1 on any error, lost answer or missing report. Only 127.0.0.1 is
contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The smoke test's reader of pages' forms: the fields a browser would send.
from tests.production_smoke import Form, forms_of  # noqa: E402

CATALOGUE = ROOT / "fixtures" / "frameworks" / "cn-mining-2026-2026.1.yaml"
PASSWORD = "load-test-password-7c1e"
AUTOSAVE_TARGET_MS = 150
VALUES = {
    "yes_no": "yes",
    "yes_partial_no": "partial",
    "maturity": "3",
    "percent": "87.5",
    "number": "12.5",
}
# Sent by the owners of the submitted assessments: weaker answers than the people's, so that
# their reports have gaps to rank and explain.
SUBMITTED_VALUES = {
    "yes_no": "no",
    "yes_partial_no": "partial",
    "maturity": "1",
    "percent": "62.5",
    "number": "3",
}
CONFLICT = 409


@dataclass
class Person:
    username: str
    assessment_id: int
    answers: list[tuple[int, str, str]]  # (criterion id, its area's code, value sent)
    # Per criterion id, its answer form as the questionnaire page served it.
    forms: dict[int, Form] = field(default_factory=dict)

    @property
    def area_codes(self) -> list[str]:
        return list(dict.fromkeys(area for _criterion, area, _value in self.answers))


@dataclass
class Owner:
    """The owner of a fully answered draft, who submits it during the autosaves."""

    username: str
    assessment_id: int


@dataclass
class Timings:
    # Per kind of request: (wall-clock start, seconds) of each answered request.
    samples: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    error_kinds: Counter[str] = field(default_factory=Counter)
    phases: dict[str, float] = field(default_factory=dict)

    def error(self, kind: str, what: str, detail: str = "") -> None:
        self.errors.append(f"{kind}: {what} {detail}".rstrip())
        self.error_kinds[f"{kind} {what}"] += 1

    def durations(self, kind: str, start: float = 0, end: float = float("inf")) -> list[float]:
        return [seconds for at, seconds in self.samples[kind] if start <= at <= end]


# --- the database -------------------------------------------------------------------------------


def postgres_database(url: str) -> tuple[str, str]:
    """A new empty database on the server of `url`: (its URL, its name)."""
    import psycopg

    name = f"mineready_load_{os.getpid()}"
    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def libpq_url(url: str) -> str:
    """The URL without Django's options (?conn_max_age=...), which libpq does not know."""
    return urlunsplit(urlsplit(url)._replace(query=""))


def drop_postgres_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(libpq_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def value_for(criterion, values: dict[str, str] = VALUES) -> str:
    if criterion.answer_type == "choice":
        return criterion.parameters["options"][-1]["value"]
    return values[criterion.answer_type]


def mine_site(name: str):
    from assessment.models import Firm, Site

    firm = Firm.objects.create(name=f"Load firm {name}")
    return Site.objects.create(
        firm=firm,
        name=f"Load mine {name}",
        province="NM",
        minerals=["coal"],
        method="open_pit",
        scale="large",
        licensed_producing=True,
    )


def prepare_data(
    users: int, answers_per_user: int, reports: int
) -> tuple[list[Person], list[Owner]]:
    """Migrate, import the catalogue, and create the firms, people, sites and assessments."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    from assessment.models import FrameworkVersion, Membership
    from assessment.workflow import answer_save, assessment_start

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("import_framework", str(CATALOGUE), stdout=quiet)
    version = FrameworkVersion.objects.published().get()
    encoded = make_password(PASSWORD)  # one PBKDF2 run, shared by every account

    def member(username: str, site, role: str):
        user = User.objects.create(
            username=username, email=f"{username}@example.com", password=encoded
        )
        Membership.objects.create(firm=site.firm, user=user, role=role)
        return user

    people: list[Person] = []
    per_firm = 2
    for firm_index in range(0, users, per_firm):
        site = mine_site(str(firm_index // per_firm + 1))
        members = [
            member(
                f"load{firm_index + offset:03d}",
                site,
                Membership.Role.OWNER if offset == 0 else Membership.Role.EDITOR,
            )
            for offset in range(min(per_firm, users - firm_index))
        ]
        assessment = assessment_start(site=site, version=version, user=members[0])
        answers = list(
            assessment.answers.select_related("criterion__area").order_by(
                "criterion__area__order", "criterion__order"
            )
        )
        if len(answers) < answers_per_user * len(members):
            raise SystemExit(
                f"the assessment has {len(answers)} answers; "
                f"{len(members)} people × {answers_per_user} do not fit"
            )
        for index, user in enumerate(members):
            share = answers[index * answers_per_user : (index + 1) * answers_per_user]
            people.append(
                Person(
                    username=user.username,
                    assessment_id=assessment.pk,
                    answers=[
                        (a.criterion_id, a.criterion.area.code, value_for(a.criterion))
                        for a in share
                    ],
                )
            )
    owners: list[Owner] = []
    for index in range(1, reports + 1):
        site = mine_site(f"S{index}")
        user = member(f"submit{index:02d}", site, Membership.Role.OWNER)
        assessment = assessment_start(site=site, version=version, user=user)
        for answer in assessment.answers.select_related("criterion"):
            answer_save(
                answer=answer,
                user=user,
                value=value_for(answer.criterion, SUBMITTED_VALUES),
                comment=f"Checked on site by {user.username}.",
            )
        owners.append(Owner(username=user.username, assessment_id=assessment.pk))
    return people, owners


def lost_answers(people: list[Person]) -> list[str]:
    """The answers whose stored value is not what their person sent, not saved by that person,
    or without that change in their history."""
    from django.db import connections

    from assessment.models import Answer
    from assessment.workflow import clean_answer_value

    connections.close_all()  # read what the server processes committed
    assessments = {person.assessment_id for person in people}
    changes = {
        (row["assessment_id"], row["criterion_id"], row["updated_by__username"]): row["value"]
        for row in Answer.history.filter(history_type="~", assessment_id__in=assessments).values(
            "assessment_id", "criterion_id", "updated_by__username", "value"
        )
    }
    lost = []
    for person in people:
        stored = {
            answer.criterion_id: answer
            for answer in Answer.objects.select_related("criterion", "updated_by").filter(
                assessment_id=person.assessment_id,
                criterion_id__in=[criterion_id for criterion_id, _area, _value in person.answers],
            )
        }
        for criterion_id, _area, value in person.answers:
            answer = stored.get(criterion_id)
            if answer is None:
                lost.append(f"{person.username}: criterion {criterion_id} has no answer")
                continue
            sent = clean_answer_value(answer.criterion, value)
            if answer.value != sent or answer.updated_by is None:
                lost.append(f"{person.username}: criterion {criterion_id} holds {answer.value!r}")
            elif answer.updated_by.username != person.username:
                lost.append(
                    f"{person.username}: criterion {criterion_id} saved by "
                    f"{answer.updated_by.username}"
                )
            elif changes.get((person.assessment_id, criterion_id, person.username)) != sent:
                lost.append(f"{person.username}: criterion {criterion_id} not in its history")
    return lost


def history_rows(people: list[Person]) -> int:
    """Changes recorded in the history of the people's answers (not the first versions, which
    assessment_start writes)."""
    from assessment.models import Answer

    assessments = {person.assessment_id for person in people}
    return Answer.history.filter(history_type="~", assessment_id__in=assessments).count()


@dataclass
class ReportsOutcome:
    expected: int
    ready: int
    missing: list[str]
    first_submit: float | None  # wall-clock seconds
    last_ready: float | None
    renders: list[float]  # seconds each successful task took


def pending_reports(owners: list[Owner]) -> int:
    """Reports of the owners' assessments not yet ready or failed (missing ones count)."""
    from assessment.language import LANGUAGES
    from reports.models import IssuedReport

    settled = (
        IssuedReport.objects.filter(assessment_id__in=[owner.assessment_id for owner in owners])
        .exclude(status=IssuedReport.Status.PENDING)
        .count()
    )
    return len(owners) * len(LANGUAGES) - settled


def wait_for_reports(
    owners: list[Owner], workers: list[subprocess.Popen], deadline: float
) -> str | None:
    """Wait until every report is settled; what went wrong if that did not happen in time."""
    while pending_reports(owners):
        if any(worker.poll() is not None for worker in workers):
            return "a task worker process stopped"
        if time.monotonic() > deadline:
            return "reports still pending at the deadline"
        time.sleep(0.5)
    return None


def check_reports(owners: list[Owner]) -> ReportsOutcome:
    """Every owner's assessment submitted, with a ready report per language whose file is there
    and has the recorded SHA-256."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    from assessment.language import LANGUAGES
    from assessment.models import Assessment
    from reports.models import IssuedReport

    connections.close_all()
    ids = [owner.assessment_id for owner in owners]
    submitted = set(
        Assessment.objects.filter(pk__in=ids, submitted_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    reports = {
        (report.assessment_id, report.language): report
        for report in IssuedReport.objects.filter(assessment_id__in=ids)
    }
    missing = []
    ready = 0
    for owner in owners:
        if owner.assessment_id not in submitted:
            missing.append(f"{owner.username}: assessment {owner.assessment_id} not submitted")
            continue
        for language in LANGUAGES:
            report = reports.get((owner.assessment_id, language))
            where = f"{owner.username}: {language} report"
            if report is None:
                missing.append(f"{where} not issued")
            elif report.status != IssuedReport.Status.READY:
                missing.append(f"{where} {report.status} ({report.error[:200]})")
            elif not report.pdf or not report.pdf.storage.exists(report.pdf.name):
                missing.append(f"{where}: no file")
            else:
                with report.pdf.open("rb") as stored:
                    digest = hashlib.sha256(stored.read()).hexdigest()
                if digest != report.sha256:
                    missing.append(f"{where}: file's SHA-256 differs from the recorded one")
                else:
                    ready += 1
    created = [report.created_at.timestamp() for report in reports.values()]
    issued = [report.issued_at.timestamp() for report in reports.values() if report.issued_at]
    renders = [
        (result.finished_at - result.started_at).total_seconds()
        for result in DBTaskResult.objects.filter(
            task_path__endswith="issue_report", status="SUCCESSFUL"
        )
        if result.started_at and result.finished_at
    ]
    return ReportsOutcome(
        expected=len(owners) * len(LANGUAGES),
        ready=ready,
        missing=missing,
        first_submit=min(created, default=None),
        last_ready=max(issued, default=None),
        renders=renders,
    )


# --- the processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(workers: int, port: int, environment: dict[str, str]) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
        "--no-control-socket",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=environment)


def start_task_workers(
    count: int, environment: dict[str, str], niceness: int = 0
) -> tuple[list[subprocess.Popen], str]:
    """The report workers as production runs them: `manage.py report_workers`, which supervises
    `count` db_worker processes, where the command exists; otherwise `count` db_worker
    processes. Also says which. `niceness` lowers their CPU priority (nice(1))."""
    from django.core.management import get_commands

    nice = ["nice", "-n", str(niceness)] if niceness else []
    if "report_workers" in get_commands():
        command = [*nice, sys.executable, "manage.py", "report_workers", "--processes", str(count)]
        started = [subprocess.Popen([*command, "--verbosity", "0"], cwd=ROOT, env=environment)]
        label = f"{count} task workers (report_workers"
    else:
        command = [
            *nice,
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--verbosity",
            "0",
        ]
        started = [subprocess.Popen(command, cwd=ROOT, env=environment) for _ in range(count)]
        label = f"{count} task workers (db_worker"
    return started, label + (f", nice {niceness})" if niceness else ")")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=60)  # a task worker finishes its current task first
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base_url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped while starting")
        try:
            if httpx.get(f"{base_url}/accounts/login/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within a minute")


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average every 2 seconds while it runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.finished = threading.Event()

    def run(self) -> None:
        while not self.finished.is_set():
            self.samples.append(os.getloadavg()[0])
            self.finished.wait(2)


# --- the pages ----------------------------------------------------------------------------------


ANSWER_ACTION = re.compile(r"^/assessments/\d+/criteria/(\d+)/answer/$")


def answer_forms(html: str) -> dict[int, Form]:
    """The answer forms of a questionnaire page, by criterion id."""
    return {
        int(match[1]): form
        for form in forms_of(html)
        if (match := ANSWER_ACTION.match(form.action))
    }


def autosave_data(form: Form, criterion_id: int, value: str) -> dict[str, list[str]]:
    """What the browser posts when the person sets the answer: the form's fields, the value
    field holding the new value."""
    return form.data() | {f"c{criterion_id}-value": [value]}


# --- the people ---------------------------------------------------------------------------------


async def timed(timings: Timings, kind: str, expected: int, request) -> httpx.Response | None:
    at = time.time()
    start = time.perf_counter()
    try:
        response = await request
    except httpx.HTTPError as error:
        timings.error(kind, type(error).__name__, str(error))
        return None
    timings.samples[kind].append((at, time.perf_counter() - start))
    if response.status_code == CONFLICT:
        timings.error(kind, f"conflict (HTTP {CONFLICT})", str(response.url))
    elif response.status_code != expected:
        timings.error(kind, f"HTTP {response.status_code}", str(response.url))
    return response


async def phase(timings: Timings, name: str, barrier: asyncio.Barrier, first: bool) -> None:
    """Everyone starts each phase together; the first one records when it started."""
    await barrier.wait()
    if first:
        timings.phases[name] = time.perf_counter()


async def sign_in(client: httpx.AsyncClient, username: str, timings: Timings | None) -> int:
    await client.get("/accounts/login/")
    request = client.post(
        "/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
        },
    )
    if timings is None:
        return (await request).status_code
    response = await timed(timings, "sign-in", 302, request)
    return response.status_code if response else 0


async def open_questionnaire(
    client: httpx.AsyncClient, person: Person, timings: Timings | None
) -> None:
    """Open the page of every area holding the person's answers and keep their forms."""
    for area_code in person.area_codes:
        url = f"/assessments/{person.assessment_id}/areas/{area_code}/"
        if timings is None:
            response = await client.get(url)
        else:
            response = await timed(timings, "questionnaire", 200, client.get(url))
        if response is not None and response.status_code == 200:
            person.forms.update(answer_forms(response.text))


def autosave(client: httpx.AsyncClient, person: Person, criterion_id: int, value: str):
    return client.post(
        f"/assessments/{person.assessment_id}/criteria/{criterion_id}/answer/",
        data=autosave_data(person.forms[criterion_id], criterion_id, value),
        headers={"HX-Request": "true", "X-CSRFToken": client.cookies.get("csrftoken", "")},
    )


async def run_person(
    person: Person,
    base_url: str,
    timings: Timings,
    barrier: asyncio.Barrier,
    first: bool,
    think: float,
) -> None:
    rng = random.Random(person.username)
    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        await phase(timings, "sign-in", barrier, first)
        await sign_in(client, person.username, timings)
        await phase(timings, "questionnaire", barrier, first)
        await open_questionnaire(client, person, timings)
        await phase(timings, "autosave", barrier, first)
        for index, (criterion_id, _area, value) in enumerate(person.answers):
            if think:  # the first answer after reading the page, the next after thinking
                await asyncio.sleep(
                    think * (rng.uniform(0, 1) if index == 0 else rng.uniform(0.5, 1.5))
                )
            if criterion_id not in person.forms:
                timings.error("autosave", "no form", f"for criterion {criterion_id}")
                continue
            await timed(timings, "autosave", 200, autosave(client, person, criterion_id, value))
        await phase(timings, "end", barrier, first)


async def run_owner(
    owner: Owner, base_url: str, timings: Timings, barrier: asyncio.Barrier, think: float
) -> None:
    """Sign in with everyone, open the review page, submit early in the autosave phase."""
    rng = random.Random(owner.username)
    async with httpx.AsyncClient(base_url=base_url, timeout=300) as client:
        await phase(timings, "sign-in", barrier, False)
        await sign_in(client, owner.username, timings)
        await phase(timings, "questionnaire", barrier, False)
        review = f"/assessments/{owner.assessment_id}/review/"
        response = await timed(timings, "review", 200, client.get(review))
        submit = f"/assessments/{owner.assessment_id}/submit/"
        forms = forms_of(response.text) if response is not None else []
        form = next((form for form in forms if form.action == submit), None)
        await phase(timings, "autosave", barrier, False)
        if think:
            await asyncio.sleep(think * rng.uniform(0, 1))
        if form is None:
            timings.error("submit", "no form", f"on {review}")
        else:
            await timed(timings, "submit", 302, client.post(submit, data=form.data()))
        await phase(timings, "end", barrier, False)


async def warm_up(person: Person, base_url: str, workers: int) -> None:
    """Before the clock starts, every worker process loads its code and compiles its templates
    (one person, not measured, with requests in parallel so that each worker gets some)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        statuses = [await sign_in(client, person.username, None)]
        await open_questionnaire(client, person, None)
        url = f"/assessments/{person.assessment_id}/areas/{person.area_codes[0]}/"
        responses = await asyncio.gather(*(client.get(url) for _ in range(2 * workers)))
        responses += await asyncio.gather(
            *(
                autosave(client, person, criterion_id, value)
                for criterion_id, _area, value in person.answers[: 2 * workers]
            )
        )
    statuses += [response.status_code for response in responses]
    if statuses != [302] + [200] * (len(statuses) - 1):
        raise SystemExit(f"the warm-up failed: {statuses}")


async def run_everyone(
    people: list[Person], owners: list[Owner], base_url: str, think: float
) -> Timings:
    timings = Timings()
    barrier = asyncio.Barrier(len(people) + len(owners))
    await asyncio.gather(
        *(
            run_person(person, base_url, timings, barrier, index == 0, think)
            for index, person in enumerate(people)
        ),
        *(run_owner(owner, base_url, timings, barrier, think) for owner in owners),
    )
    return timings


# --- the report ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def table_row(label: str, values: list[float], seconds: float | None) -> str:
    rate = f"{len(values) / seconds:>9.1f}" if seconds else f"{'':>9}"
    if not values:
        return f"{label:<26}{0:>9}{rate}"
    return (
        f"{label:<26}{len(values):>9}{rate}"
        f"{statistics.median(values) * 1000:>9.0f}{percentile(values, 0.95) * 1000:>9.0f}"
        f"{percentile(values, 0.99) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
    )


def report(timings: Timings, reports: ReportsOutcome, label: str) -> None:
    print(label)
    columns = ("count", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms")
    print(f"{'request':<26}" + "".join(f"{column:>9}" for column in columns))
    bounds = {"sign-in": "questionnaire", "questionnaire": "autosave", "autosave": "end"}
    for kind in timings.samples:
        seconds = timings.phases[bounds[kind]] - timings.phases[kind] if kind in bounds else None
        print(table_row(kind, timings.durations(kind), seconds))
    if reports.first_submit and reports.last_ready:
        during = timings.durations("autosave", reports.first_submit, reports.last_ready)
        print(table_row("autosave while rendering", during, None))
        before = timings.durations("autosave", end=reports.first_submit)
        after = timings.durations("autosave", start=reports.last_ready)
        if before or after:
            print(table_row("autosave, no rendering", before + after, None))
    total = sum(len(samples) for samples in timings.samples.values())
    seconds = timings.phases["end"] - timings.phases["sign-in"]
    print(f"all requests: {total} in {seconds:.1f} s ({total / seconds:.1f} per s)")
    kinds = timings.error_kinds.items()
    print(f"errors: {len(timings.errors)}" + "".join(f"; {k}: {n}" for k, n in kinds))
    for error in timings.errors[:20]:
        print(f"  {error}")


def report_issuing(reports: ReportsOutcome, problem: str | None) -> None:
    took = (
        f" in {reports.last_ready - reports.first_submit:.1f} s from the first submit to the "
        "last ready"
        if reports.first_submit and reports.last_ready
        else ""
    )
    print(f"reports issued: {reports.ready} of {reports.expected}{took}")
    if reports.renders:
        renders = reports.renders
        print(
            f"  render per report: p50 {statistics.median(renders):.1f} s, "
            f"max {max(renders):.1f} s ({len(renders)} tasks)"
        )
    if problem:
        print(f"  {problem}")
    for line in reports.missing[:20]:
        print(f"  missing: {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="people who autosave")
    parser.add_argument("--answers", type=int, default=20, help="autosaves per person")
    parser.add_argument("--reports", type=int, default=20, help="assessments submitted")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--task-workers", type=int, default=2, help="db_worker processes")
    parser.add_argument(
        "--task-nice", type=int, default=0, help="run the task workers under nice -n N"
    )
    parser.add_argument(
        "--think", type=float, default=2.0, help="mean seconds a person takes between answers"
    )
    parser.add_argument(
        "--report-timeout",
        type=float,
        default=600,
        help="seconds to wait for the reports after the autosaves",
    )
    parser.add_argument("--database-url", help="a PostgreSQL server (default: a SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options = parser.parse_args()

    load_before = os.getloadavg()  # what others ran on the machine, before our data is built
    work = Path(tempfile.mkdtemp(prefix="mineready-load-"))
    postgres_name = None
    if options.database_url:
        database_url, postgres_name = postgres_database(options.database_url)
        where = f"PostgreSQL database {postgres_name}"
    else:
        database_url = f"sqlite:///{work / 'db.sqlite3'}"
        where = f"SQLite {work / 'db.sqlite3'}"
    environment = os.environ | {
        "ENV_FILE": os.devnull,  # only these settings, not the developer's .env
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on 127.0.0.1: no TLS redirect, cookies not HTTPS-only, no HSTS.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(work),  # static files and media too
        "STATIC_ROOT": str(work / "static"),
        "PRIVATE_MEDIA_ROOT": str(work / "media"),
        "STORAGE_URL": "",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "consolemail://",
    }
    os.environ.update(environment)
    server = None
    task_workers: list[subprocess.Popen] = []
    sampler = LoadSampler()
    try:
        people, owners = prepare_data(options.users + 1, options.answers, options.reports)
        warming = people.pop()  # in a firm of its own: the last firm has one person
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = start_gunicorn(options.workers, port, environment)
        task_workers, task_workers_label = start_task_workers(
            options.task_workers, environment, options.task_nice
        )
        wait_until_up(base_url, server)
        asyncio.run(warm_up(warming, base_url, options.workers))
        sampler.start()
        cpu_start = time.process_time()
        timings = asyncio.run(run_everyone(people, owners, base_url, options.think))
        generator_cpu = time.process_time() - cpu_start
        problem = wait_for_reports(owners, task_workers, time.monotonic() + options.report_timeout)
        sampler.finished.set()
        reports = check_reports(owners)
        report(
            timings,
            reports,
            f"{len(people)} people × {options.answers} autosaves ({options.think:g} s to think "
            f"between answers) and {len(owners)} assessments submitted, gunicorn "
            f"{options.workers} sync workers and {task_workers_label} on "
            f"127.0.0.1, {where}",
        )
        report_issuing(reports, problem)
        lost = lost_answers(people)
        expected = sum(len(person.answers) for person in people)
        print(f"answers in the database: {expected - len(lost)} of {expected}")
        print(f"changes in the answers' history: {history_rows(people)} of {expected}")
        for line in lost[:20]:
            print(f"  lost: {line}")
        during = sampler.samples or [os.getloadavg()[0]]
        print(
            f"load average (1 min, {os.cpu_count()} cores): {load_before[0]:.2f} before the "
            f"run, {statistics.mean(during):.2f} mean and {max(during):.2f} max during it"
        )
        seconds = timings.phases["end"] - timings.phases["sign-in"]
        print(f"load generator (this process): {generator_cpu:.1f} s of CPU in {seconds:.0f} s")
        autosave_p95 = percentile(timings.durations("autosave") or [float("inf")], 0.95) * 1000
        verdict = "met" if autosave_p95 < AUTOSAVE_TARGET_MS else "missed"
        print(f"autosave p95 {autosave_p95:.0f} ms: target < {AUTOSAVE_TARGET_MS} ms {verdict}")
        return 1 if timings.errors or lost or reports.missing or problem else 0
    finally:
        sampler.finished.set()
        stop(([server] if server is not None else []) + task_workers)
        from django.db import connections

        connections.close_all()
        if postgres_name and not options.keep:
            drop_postgres_database(options.database_url, postgres_name)
        if options.keep:
            print(f"kept {where}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

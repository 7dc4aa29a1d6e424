"""Load test: 50 people sign in, open a questionnaire and autosave 20 answers each, at once.

    .venv/bin/python benchmarks/load_test.py [--users 50] [--answers 20] [--workers 4]
                                             [--think 2] [--database-url postgres://...] [--keep]

It builds a fresh database (a new SQLite file in a temporary folder, or a new database
`mineready_load_<pid>` on the PostgreSQL server of --database-url, dropped afterwards):
migrations, the bundled catalogue, one firm per two people with a large open-pit coal mine and a
draft assessment. Then it starts gunicorn (`config.wsgi`, --workers sync workers, DEBUG on, a
generated SECRET_KEY) on 127.0.0.1, warms it up with one more person (not measured: each worker
loads its code and templates once) and runs the people as asyncio tasks with httpx, in three
phases that each start together: sign in (real PBKDF2 password checks: slow by design), open
the questionnaire page of the area of their first answer, autosave their answers one after the
other (the htmx request the page sends, with a valid value of each answer type; the two people
of a firm answer different criteria of the same assessment). Before the first answer a person
reads for 0 to --think seconds, between two answers thinks for --think seconds on average
(uniformly 0.5 to 1.5 times it; seeded); --think 0 sends every autosave as soon as the last one
is answered, which measures the most the server does and so how long a queue gets.

It prints throughput and p50 / p95 / p99 per kind of request and the errors, then reads the
database: every answer must hold the value its person sent. It exits 1 on any error or lost
answer. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CATALOGUE = ROOT / "fixtures" / "frameworks" / "cn-mining-2026.yaml"
PASSWORD = "load-test-password-7c1e"
AUTOSAVE_TARGET_MS = 150
VALUES = {
    "yes_no": "yes",
    "yes_partial_no": "partial",
    "maturity": "3",
    "percent": "87.5",
    "number": "12.5",
}


@dataclass
class Person:
    username: str
    assessment_id: int
    area_code: str
    answers: list[tuple[int, str]]  # (criterion id, value sent)


@dataclass
class Timings:
    durations: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)


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


def value_for(criterion) -> str:
    if criterion.answer_type == "choice":
        return criterion.parameters["options"][-1]["value"]
    return VALUES[criterion.answer_type]


def prepare_data(users: int, answers_per_user: int) -> list[Person]:
    """Migrate, import the catalogue, and create the firms, people, sites and assessments."""
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    from assessment.models import Firm, FrameworkVersion, Membership, Site
    from assessment.workflow import assessment_start

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("import_framework", str(CATALOGUE), stdout=quiet)
    version = FrameworkVersion.objects.published().get()
    encoded = make_password(PASSWORD)  # one PBKDF2 run, shared by every account
    people: list[Person] = []
    per_firm = 2
    for firm_index in range(0, users, per_firm):
        firm = Firm.objects.create(name=f"Load firm {firm_index // per_firm + 1}")
        site = Site.objects.create(
            firm=firm,
            name=f"Load mine {firm_index // per_firm + 1}",
            province="NM",
            minerals=["coal"],
            method="open_pit",
            scale="large",
            licensed_producing=True,
        )
        owner = None
        members = []
        for offset in range(min(per_firm, users - firm_index)):
            user = User.objects.create(
                username=f"load{firm_index + offset:03d}",
                email=f"load{firm_index + offset:03d}@example.com",
                password=encoded,
            )
            role = Membership.Role.OWNER if offset == 0 else Membership.Role.EDITOR
            Membership.objects.create(firm=firm, user=user, role=role)
            owner = owner or user
            members.append(user)
        assessment = assessment_start(site=site, version=version, user=owner)
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
                    area_code=share[0].criterion.area.code,
                    answers=[(a.criterion_id, value_for(a.criterion)) for a in share],
                )
            )
    return people


def lost_answers(people: list[Person]) -> list[str]:
    """The answers whose stored value is not what their person sent."""
    from django.db import connections

    from assessment.models import Answer
    from assessment.workflow import clean_answer_value

    connections.close_all()  # read what the server processes committed
    lost = []
    for person in people:
        stored = {
            answer.criterion_id: answer
            for answer in Answer.objects.select_related("criterion", "updated_by").filter(
                assessment_id=person.assessment_id,
                criterion_id__in=[criterion_id for criterion_id, _value in person.answers],
            )
        }
        for criterion_id, value in person.answers:
            answer = stored.get(criterion_id)
            if (
                answer is None
                or answer.value != clean_answer_value(answer.criterion, value)
                or answer.updated_by is None
                or answer.updated_by.username != person.username
            ):
                lost.append(f"{person.username}: criterion {criterion_id}")
    return lost


def history_rows(people: list[Person]) -> int:
    """Changes recorded in the history of the people's answers (not the first versions, which
    assessment_start writes)."""
    from assessment.models import Answer

    assessments = {person.assessment_id for person in people}
    return Answer.history.filter(history_type="~", assessment_id__in=assessments).count()


# --- the server ---------------------------------------------------------------------------------


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
    ]
    return subprocess.Popen(command, cwd=ROOT, env=environment)


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


# --- the people ---------------------------------------------------------------------------------


async def timed(timings: Timings, kind: str, expected: int, request) -> httpx.Response | None:
    start = time.perf_counter()
    try:
        response = await request
    except httpx.HTTPError as error:
        timings.errors.append(f"{kind}: {type(error).__name__} {error}")
        return None
    timings.durations[kind].append(time.perf_counter() - start)
    if response.status_code != expected:
        timings.errors.append(f"{kind}: HTTP {response.status_code} {response.url}")
    return response


async def phase(timings: Timings, name: str, barrier: asyncio.Barrier, first: bool) -> None:
    """All people start each phase together; the first one records when it started."""
    await barrier.wait()
    if first:
        timings.phases[name] = time.perf_counter()


async def run_person(
    person: Person,
    base_url: str,
    timings: Timings,
    barrier: asyncio.Barrier,
    first: bool,
    think: float,
) -> None:
    rng = random.Random(person.username)
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        await phase(timings, "sign-in", barrier, first)
        await client.get("/accounts/login/")
        await timed(
            timings,
            "sign-in",
            302,
            client.post(
                "/accounts/login/",
                data={
                    "username": person.username,
                    "password": PASSWORD,
                    "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
                },
            ),
        )
        await phase(timings, "questionnaire", barrier, first)
        url = f"/assessments/{person.assessment_id}/areas/{person.area_code}/"
        await timed(timings, "questionnaire", 200, client.get(url))
        await phase(timings, "autosave", barrier, first)
        for index, (criterion_id, value) in enumerate(person.answers):
            if think:  # the first answer after reading the page, the next after thinking
                await asyncio.sleep(
                    think * (rng.uniform(0, 1) if index == 0 else rng.uniform(0.5, 1.5))
                )
            await timed(
                timings,
                "autosave",
                200,
                client.post(
                    f"/assessments/{person.assessment_id}/criteria/{criterion_id}/answer/",
                    data={f"c{criterion_id}-value": value},
                    headers={
                        "HX-Request": "true",
                        "X-CSRFToken": client.cookies.get("csrftoken", ""),
                    },
                ),
            )
        await phase(timings, "end", barrier, first)


async def warm_up(person: Person, base_url: str, workers: int) -> None:
    """Before the clock starts, every worker process loads its code and compiles its templates
    (one person, not measured, with requests in parallel so that each worker gets some)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
        await client.get("/accounts/login/")
        data = {"username": person.username, "password": PASSWORD}
        data["csrfmiddlewaretoken"] = client.cookies.get("csrftoken", "")
        responses = [await client.post("/accounts/login/", data=data)]
        url = f"/assessments/{person.assessment_id}/areas/{person.area_code}/"
        responses += await asyncio.gather(*(client.get(url) for _ in range(2 * workers)))
        headers = {"HX-Request": "true", "X-CSRFToken": client.cookies.get("csrftoken", "")}
        saves = [
            client.post(
                f"/assessments/{person.assessment_id}/criteria/{criterion_id}/answer/",
                data={f"c{criterion_id}-value": value},
                headers=headers,
            )
            for criterion_id, value in person.answers[: 2 * workers]
        ]
        responses += await asyncio.gather(*saves)
    if [r.status_code for r in responses] != [302] + [200] * (len(responses) - 1):
        raise SystemExit(f"the warm-up failed: {[r.status_code for r in responses]}")


async def run_people(people: list[Person], base_url: str, think: float) -> Timings:
    timings = Timings()
    barrier = asyncio.Barrier(len(people))
    await asyncio.gather(
        *(
            run_person(person, base_url, timings, barrier, index == 0, think)
            for index, person in enumerate(people)
        )
    )
    return timings


# --- the report ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(timings: Timings, label: str) -> None:
    print(label)
    columns = ("count", "per s", "p50 ms", "p95 ms", "p99 ms", "max ms")
    print(f"{'request':<14}" + "".join(f"{column:>9}" for column in columns))
    bounds = {"sign-in": "questionnaire", "questionnaire": "autosave", "autosave": "end"}
    for kind, values in timings.durations.items():
        seconds = timings.phases[bounds[kind]] - timings.phases[kind]
        print(
            f"{kind:<14}{len(values):>9}{len(values) / seconds:>9.1f}"
            f"{statistics.median(values) * 1000:>9.0f}{percentile(values, 0.95) * 1000:>9.0f}"
            f"{percentile(values, 0.99) * 1000:>9.0f}{max(values) * 1000:>9.0f}"
        )
    total = sum(len(values) for values in timings.durations.values())
    seconds = timings.phases["end"] - timings.phases["sign-in"]
    print(f"all requests: {total} in {seconds:.1f} s ({total / seconds:.1f} per s)")
    print(f"errors: {len(timings.errors)}")
    for error in timings.errors[:20]:
        print(f"  {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--answers", type=int, default=20, help="autosaves per person")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--think", type=float, default=2.0, help="mean seconds a person takes between answers"
    )
    parser.add_argument("--database-url", help="a PostgreSQL server (default: a SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    options = parser.parse_args()

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
        "DEBUG": "1",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "VAR_DIR": str(work),
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "consolemail://",
    }
    os.environ.update(environment)
    server = None
    try:
        people = prepare_data(options.users + 1, options.answers)
        warming = people.pop()  # in a firm of its own: the last firm has one person
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = start_gunicorn(options.workers, port, environment)
        wait_until_up(base_url, server)
        asyncio.run(warm_up(warming, base_url, options.workers))
        timings = asyncio.run(run_people(people, base_url, options.think))
        report(
            timings,
            f"{len(people)} people × {options.answers} autosaves ({options.think:g} s to think "
            f"between answers), gunicorn {options.workers} sync workers on 127.0.0.1, {where}",
        )
        lost = lost_answers(people)
        expected = sum(len(person.answers) for person in people)
        print(f"answers in the database: {expected - len(lost)} of {expected}")
        print(f"changes in the answers' history: {history_rows(people)} of {expected}")
        for line in lost[:20]:
            print(f"  lost: {line}")
        autosave_p95 = percentile(timings.durations["autosave"], 0.95) * 1000
        verdict = "met" if autosave_p95 < AUTOSAVE_TARGET_MS else "missed"
        print(f"autosave p95 {autosave_p95:.0f} ms: target < {AUTOSAVE_TARGET_MS} ms {verdict}")
        return 1 if timings.errors or lost else 0
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
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

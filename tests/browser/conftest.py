"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

The demo data of `seed_demo` (on the bundled catalogue) is what a new user sees after `make run`,
so the browser walks the same firm, sites and logins.
"""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.helpers import CATALOGUE_FILES, import_library

CHROMIUM = "/usr/bin/chromium"
DEMO_PASSWORD = "mineready-demo"


@pytest.fixture(scope="session")
def media_url_off_site():
    """Django's live server serves MEDIA_ROOT under MEDIA_URL and cannot start with our None
    (evidence is private). A URL on another host makes it serve nothing from MEDIA_ROOT."""
    from django.conf import settings

    original = settings.MEDIA_URL
    settings.MEDIA_URL = "https://media.invalid/"
    yield original
    settings.MEDIA_URL = original


@pytest.fixture(scope="session")
def live_server(media_url_off_site, live_server):
    """The server reads MEDIA_URL once, as it starts: the tests after it see the real one."""
    from django.conf import settings

    settings.MEDIA_URL = media_url_off_site
    return live_server


@pytest.fixture(scope="session", autouse=True)
def orm_beside_playwright():
    """Playwright's sync API runs an event loop in this thread; the tests use the ORM too."""
    original = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if original is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = original


@pytest.fixture(autouse=True)
def extra_contexts_closed(browser):
    """Browser contexts a test opens itself close with it: an open one keeps a live-server
    thread, and its database connection, until the session ends (PostgreSQL then cannot drop
    the test database)."""
    yield
    for context in browser.contexts:
        context.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Background networking would try Google's hosts, which this network refuses.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def demo_snapshot(tmp_path_factory) -> dict:
    """Where the first test's seeded database and media are kept for the next ones (SQLite)."""
    return {"folder": tmp_path_factory.mktemp("demo-snapshot")}


@pytest.fixture
def demo(transactional_db, settings, demo_snapshot) -> dict[str, str]:
    """The bundled catalogue and the demo firms; the lines seed_demo printed, by kind.

    On SQLite the first test seeds and keeps a copy of the database file and media; the next
    tests restore that copy (SQLite's backup API, milliseconds) instead of seeding again."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    database = demo_snapshot["folder"] / "demo.sqlite3"
    media = Path(settings.MEDIA_ROOT)
    if connection.vendor == "sqlite" and database.exists():
        connection.ensure_connection()
        with closing(sqlite3.connect(database)) as snapshot:
            snapshot.backup(connection.connection)
        ContentType.objects.clear_cache()
        shutil.copytree(demo_snapshot["folder"] / "media", media, dirs_exist_ok=True)
        return {"output": demo_snapshot["output"]}
    for path in CATALOGUE_FILES:
        import_library(path)
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(database)) as snapshot:
            connection.connection.backup(snapshot)
        shutil.copytree(media, demo_snapshot["folder"] / "media")
        demo_snapshot["output"] = out.getvalue()
    return {"output": out.getvalue()}


@pytest.fixture
def sign_in(live_server):
    def as_user(page, username: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return as_user

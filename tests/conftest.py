"""The suite's fixtures, in one place: the test database and workers, the small test library, a
firm with its people and site, assessments of it, reports, languages and an S3 bucket. What tests
import by name (factories, data, helpers) is in tests/helpers.py."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation.reloader import translation_file_changed

from assessment import workflow
from assessment.models import Assessment, Site
from tests.helpers import (
    BUNDLED_CATALOGUE,
    CATALOGUE_FILES,
    IMMEDIATE_TASKS,
    PO_FILE,
    ROOT,
    TODAY,
    WORKED_ANSWERS,
    FirmFactory,
    Product,
    S3Bucket,
    SiteFactory,
    Team,
    answer_all,
    import_library,
    library_data,
    new_member,
    new_product,
    submit_on,
    write_library,
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """A test database of this run's own, so that two runs on one machine never share one.

    On SQLite it is a file (as in production: WAL, IMMEDIATE transactions), so that threads with
    their own connections (the concurrency tests) share it; it starts as a copy of the migrated
    database of an earlier run with the same migrations and packages (MIGRATED_TEMPLATE), if
    there is one. On PostgreSQL its name ends with the process id (each xdist worker is a process
    of its own)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
        template = migrated_template()
        if template.exists():
            shutil.copyfile(template, test["NAME"])
            TEST_DATABASE["from_template"] = True
    else:
        test["NAME"] = f"test_{database['NAME']}_{os.getpid()}"


TEST_DATABASE = {"from_template": False}


def migrated_template() -> Path:
    """Where a migrated SQLite test database is kept between runs: named by a digest of every
    migration file and every installed package's version, so any change migrates afresh."""
    import hashlib
    from importlib import metadata

    from django.apps import apps

    digest = hashlib.sha256()
    for dist in sorted(f"{d.name}=={d.version}" for d in metadata.distributions()):
        digest.update(dist.encode())
    for config in sorted(apps.get_app_configs(), key=lambda config: config.label):
        for path in sorted(Path(config.path).glob("migrations/*.py")):
            digest.update(path.read_bytes())
    return ROOT / "var" / f"test-template-{digest.hexdigest()[:16]}.sqlite3"


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings) -> bool:
    """A database copied from the template is kept as it is: migrate finds nothing to apply."""
    return bool(request.config.getvalue("reuse_db")) or TEST_DATABASE["from_template"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After migrating a SQLite test database afresh, keep a copy as the next runs' template."""
    from django.db import connection

    if connection.vendor == "sqlite" and not TEST_DATABASE["from_template"]:
        template = migrated_template()
        template.parent.mkdir(exist_ok=True)
        partial = template.with_suffix(f".{os.getpid()}.partial")
        with django_db_blocker.unblock(), closing(sqlite3.connect(partial)) as copy:
            connection.ensure_connection()
            connection.connection.backup(copy)
        os.replace(partial, template)
        for stale in template.parent.glob("test-template-*.sqlite3"):
            if stale != template:
                stale.unlink(missing_ok=True)


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: a worker per core for the whole suite; one process when the run names its tests
    (starting workers would cost more than they save)."""
    if config.args_source is not pytest.Config.ArgsSource.TESTPATHS:
        return 0
    return len(os.sched_getaffinity(0))


# The units the workers are handed, the longest first: tests that share a server of the session
# (the browser tests' live server and Chromium, in two halves so that each worker drives one; the
# S3 tests' moto server), then the slowest modules, then every other module, most tests first.
# A module is one unit so that its module-scoped rows (module_db) are written once.
FIRST_UNITS = {
    "tests/browser/test_journey.py": "browser-1",
    "tests/browser/test_accessibility.py": "browser-1",
    "tests/browser/test_keyboard_answering.py": "browser-1",
    "tests/browser/test_api_docs.py": "browser-1",
    "tests/browser/test_outsider.py": "browser-1",
    "tests/browser/": "browser-2",
    "tests/project/test_storage_s3.py": "s3",
    "tests/project/test_collectstatic.py": "collectstatic",
    "tests/reports/test_report_workers.py": "report-workers",
}


def unit_of(nodeid: str) -> str:
    for prefix, unit in FIRST_UNITS.items():
        if nodeid.startswith(prefix):
            return unit
    return nodeid.split("::")[0]


def pytest_xdist_make_scheduler(config, log):
    """Hands out the units of unit_of in the order the workers collected them
    (pytest_collection_modifyitems); `--dist loadgroup` cannot group under pytest 9.2
    (pytest-xdist#1386)."""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False

    class UnitsInCollectionOrder(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

    return UnitsInCollectionOrder(config, log)


def pytest_collection_modifyitems(config, items) -> None:
    """On a worker, the order in which units are handed out; in a run without workers, browser
    tests last (they are the slowest)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
        return
    first = list(dict.fromkeys(FIRST_UNITS.values()))
    sizes = Counter(unit_of(item.nodeid) for item in items)

    def rank(item) -> tuple:
        unit = unit_of(item.nodeid)
        return (first.index(unit) if unit in first else len(first), -sizes[unit], unit)

    items.sort(key=rank)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """Rows a module's tests share, written once by its module-scoped fixtures: each test's
    transaction is a savepoint in this one (what a test writes is undone after it), and all of
    it rolls back after the module. Not for modules with transactional tests. Gives the media
    folder of the module's uploads."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        yield media
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path, request):
    """Uploads in tests go to a temporary folder, never to the developer's var/media (the
    module's when it shares rows: their files are there)."""
    if "module_db" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("module_db")
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request leaves its language active in the
    thread, and which test ran before differs from run to run."""
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rendered fragments are cached by row id, and test
    databases give the same ids to other rows."""
    cache.clear()


@pytest.fixture(autouse=True)
def no_daily_reminders(settings):
    """The worker pool starts no reminder digests in tests unless one asks (hour 24 never comes)."""
    settings.REMINDER_HOUR = 24


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- The small test library (tests/helpers.py library_data) -----------------------------------


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    return write_library(tmp_path / "test-fw.yaml", library_data())


@pytest.fixture
def imported_version(library_file: Path):
    return import_library(library_file)


@pytest.fixture
def draft_version(tmp_path: Path):
    return import_library(
        write_library(tmp_path / "draft.yaml", library_data(version="2.0", status="draft"))
    )


@pytest.fixture
def bundled_version(db):
    return import_library(BUNDLED_CATALOGUE)


@pytest.fixture
def bundled_versions(db):
    """Every bundled version, imported oldest first as `make run` does; the newest last."""
    return [import_library(path) for path in CATALOGUE_FILES]


# --- A firm, its people and its site ------------------------------------------------------------
# An owner, an editor and a viewer of one firm, and an outsider with a firm of their own: the
# people every suite needs. `team` gives them all, with a site of the outsider's.


@pytest.fixture
def firm(db):
    return FirmFactory(name="Huabei Mining")


def member(firm, role: str):
    return new_member(firm, role)


@pytest.fixture
def owner(firm):
    return member(firm, "owner")


@pytest.fixture
def editor(firm):
    return member(firm, "editor")


@pytest.fixture
def viewer(firm):
    return member(firm, "viewer")


@pytest.fixture
def outsider(db):
    """The owner of a firm of their own."""
    return new_member(FirmFactory(name="Other Mining"), "owner", "outsider")


@pytest.fixture
def site(firm) -> Site:
    return SiteFactory(firm=firm, name="Erlian open-pit coal mine")


@pytest.fixture
def team(firm, owner, editor, viewer, site, outsider) -> Team:
    outsider_firm = outsider.memberships.get().firm
    return Team(
        firm=firm,
        owner=owner,
        editor=editor,
        viewer=viewer,
        site=site,
        outsider=outsider,
        outsider_firm=outsider_firm,
        outsider_site=SiteFactory(firm=outsider_firm, name="Other mine"),
    )


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


# --- Assessments of the small test library --------------------------------------------------------


@pytest.fixture
def assessment(site, owner, imported_version) -> Assessment:
    return workflow.assessment_start(site=site, version=imported_version, user=owner)


@pytest.fixture
def start(imported_version, owner) -> Callable[..., Assessment]:
    def start_assessment(site: Site, **kwargs: Any) -> Assessment:
        return workflow.assessment_start(site=site, version=imported_version, user=owner, **kwargs)

    return start_assessment


@pytest.fixture
def freeze_today(monkeypatch) -> Callable:
    """Make timezone.localdate() (without a value) return a fixed day: TODAY, or the one given."""
    real = timezone.localdate

    def freeze(day) -> None:
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    freeze(TODAY)
    return freeze


@pytest.fixture
def worked_assessment(assessment, owner, freeze_today) -> Assessment:
    """A draft with the worked example's answers, scored on TODAY."""
    return answer_all(assessment, owner, WORKED_ANSWERS)


@pytest.fixture
def submitted_assessment(assessment, owner, freeze_today) -> Assessment:
    """The worked example, submitted on TODAY (its reports are not issued: the submit's
    on-commit work does not run inside a test's transaction)."""
    answer_all(assessment, owner, WORKED_ANSWERS)
    return submit_on(assessment, owner, TODAY)


@pytest.fixture
def immediate_tasks(settings):
    """Background tasks run at once, in the test's thread."""
    settings.TASKS = IMMEDIATE_TASKS


# --- Languages ----------------------------------------------------------------------------------


def compile_catalogue(po: Path) -> None:
    """msgfmt, as `manage.py compilemessages` runs it (placeholders checked), into a new file
    that replaces the .mo at once (another worker may be reading it)."""
    mo = po.with_suffix(".mo")
    with tempfile.NamedTemporaryFile(dir=mo.parent, suffix=".mo", delete=False) as new:
        subprocess.run(["msgfmt", "--check-format", "-o", new.name, str(po)], check=True)
    os.replace(new.name, mo)


@pytest.fixture(scope="session")
def compiled_messages() -> Path:
    """Every catalogue compiled and up to date (`make setup` compiles them; a run after editing
    a .po does it here); Django's translation caches reloaded if one had to be compiled."""
    stale = [
        po
        for po in sorted(PO_FILE.parents[2].glob("*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    for po in stale:
        compile_catalogue(po)
    if stale:
        translation_file_changed(sender=None, file_path=PO_FILE.with_suffix(".mo"))
    return PO_FILE.with_suffix(".mo")


@pytest.fixture
def product(firm, site, owner, viewer, imported_version) -> Product:
    return new_product(firm=firm, site=site, owner=owner, viewer=viewer, version=imported_version)


# --- An S3-compatible bucket: moto's standalone server (tests/s3_server.py) ---------------------
# `s3_storage` switches Django's default storage to a fresh bucket of a real server process on
# 127.0.0.1 for one test (the `settings` fixture restores it, and its setting_changed signal
# empties Django's cache of storage instances both ways).


@pytest.fixture(scope="session")
def s3_server():
    from tests.s3_server import start_s3_server

    server = start_s3_server()
    yield server
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings, monkeypatch) -> S3Bucket:
    import uuid

    from assessment.storage import storage_from_url

    bucket = f"mineready-test-{uuid.uuid4().hex[:12]}"
    s3_server.create_bucket(bucket)
    for key, value in s3_server.credentials().items():
        monkeypatch.setenv(key, value)  # read by django-storages, as in a deployment
    url = s3_server.storage_url(bucket, "media")
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(url)}
    return S3Bucket(client=s3_server.client(), name=bucket, prefix="media")


def pytest_collection_finish(session) -> None:
    """The collector as the server runs it (config/collector.py): the collected tests, Django and
    the apps frozen, fewer collections of the youngest generation."""
    from config.collector import tune_garbage_collector

    tune_garbage_collector()

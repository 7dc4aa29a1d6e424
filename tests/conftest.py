"""Shared fixtures: small criteria libraries and factories for the catalogue."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CATALOGUE = ROOT / "fixtures" / "frameworks" / "cn-mining-2026.yaml"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """A test database of this run's own, so that two runs on one machine never share one.

    On SQLite it is a file (as in production: WAL, IMMEDIATE transactions), so that threads with
    their own connections (the concurrency tests) share it; on PostgreSQL its name ends with the
    process id (each xdist worker is a process of its own)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
    else:
        test["NAME"] = f"test_{database['NAME']}_{os.getpid()}"


def pytest_xdist_auto_num_workers(config) -> int:
    """`-n auto`: a worker per core for the whole suite; one process when the run names its tests
    (starting workers would cost more than they save)."""
    if config.args_source is not pytest.Config.ArgsSource.TESTPATHS:
        return 0
    return len(os.sched_getaffinity(0))


def pytest_xdist_make_scheduler(config, log):
    """Tests handed out one by one, the browser tests as one unit: they share one live server.
    (xdist's own `--dist loadgroup` cannot group them under pytest 9.2: pytest-xdist#1386.)"""
    if config.getoption("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        # Units are handed out largest first: the browser tests start at once, beside the rest.
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith("tests/browser/") else nodeid

    return BrowserTestsTogether(config, log)


def pytest_collection_modifyitems(config, items) -> None:
    """In a run without workers, browser tests last: they are the slowest."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Uploads in tests go to a temporary folder, never to the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many users; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def bilingual(en: str, zh: str | None = None) -> dict[str, str]:
    return {"en": en, "zh-hans": zh if zh is not None else f"{en}（中文）"}


def criterion_data(code: str, area: str, **overrides: Any) -> dict[str, Any]:
    data = {
        "code": code,
        "area": area,
        "text": bilingual(f"Requirement {code}"),
        "guidance": bilingual(f"Guidance for {code}"),
        "answer_type": "yes_no",
        "parameters": {},
        "weight": 3,
        "force": "law",
        "gate": False,
        "allows_na": False,
        "evidence_expected": False,
        "evidence": bilingual(f"Evidence for {code}"),
        "deadline": None,
        "legal_reference": {
            "document": bilingual("Mineral Resources Law", "矿产资源法"),
            "article": bilingual("Art. 22", "第二十二条"),
        },
        "applicability": {
            "scales": [],
            "methods": [],
            "minerals": [],
            "strategic_only": False,
            "licensed_producing_only": False,
        },
        "remediation": bilingual(f"Fix {code}"),
    }
    data.update(overrides)
    return data


def library_data(version: str = "1.0", status: str = "published", **overrides: Any) -> dict:
    """A small valid library: two areas, four criteria of different answer types."""
    data = {
        "framework": "test-fw",
        "version": version,
        "status": status,
        "name": bilingual("Test framework", "测试框架"),
        "description": bilingual("For tests", "用于测试"),
        "areas": [
            {"code": "RIGHTS", "name": bilingual("Rights", "矿业权"), "description": bilingual("")},
            {"code": "GREEN", "name": bilingual("Green", "绿色"), "description": bilingual("")},
        ],
        "criteria": [
            criterion_data("RIGHTS-01", "RIGHTS", gate=True, evidence_expected=True),
            criterion_data(
                "RIGHTS-02",
                "RIGHTS",
                answer_type="choice",
                parameters={
                    "options": [
                        {"value": "none", "label": bilingual("None", "无"), "score": 0},
                        {"value": "some", "label": bilingual("Some", "部分"), "score": 0.5},
                        {"value": "all", "label": bilingual("All", "全部"), "score": 1},
                    ]
                },
                force="policy",
            ),
            criterion_data(
                "GREEN-01",
                "GREEN",
                answer_type="percent",
                parameters={"target": 90, "direction": "at_least"},
                deadline=dt.date(2028, 12, 31),
                applicability={
                    "scales": ["large", "medium"],
                    "methods": [],
                    "minerals": [],
                    "strategic_only": False,
                    "licensed_producing_only": True,
                },
            ),
            criterion_data(
                "GREEN-02",
                "GREEN",
                answer_type="maturity",
                weight=5,
                force="standard",
                allows_na=True,
            ),
        ],
    }
    data.update(overrides)
    return copy.deepcopy(data)


def write_library(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def library_file(tmp_path: Path) -> Path:
    return write_library(tmp_path / "test-fw.yaml", library_data())


@functools.cache
def _parsed_library_text(text: str) -> dict:
    from assessment.library import parse_library

    return parse_library(text)


def parsed_library(path: Path) -> dict:
    """A library file parsed once per session: each test gets its own copy to import."""
    return copy.deepcopy(_parsed_library_text(path.read_text(encoding="utf-8")))


@pytest.fixture
def imported_version(library_file: Path):
    from assessment.catalogue import library_import

    return library_import(library=parsed_library(library_file)).version


@pytest.fixture
def draft_version(tmp_path: Path):
    from assessment.catalogue import library_import

    path = write_library(tmp_path / "draft.yaml", library_data(version="2.0", status="draft"))
    return library_import(library=parsed_library(path)).version


@pytest.fixture
def bundled_version(db):
    from assessment.catalogue import library_import

    return library_import(library=parsed_library(BUNDLED_CATALOGUE)).version


# --- Firms, members and sites: factories and the `team` fixture ---------------------------------
# Used by the accounts, members, sites, dashboard and tenancy tests. `team` gives the people every
# suite needs: an owner, an editor and a viewer of one firm, and an outsider with a firm (and a
# site) of their own.

from dataclasses import dataclass  # noqa: E402
from decimal import Decimal  # noqa: E402

import factory  # noqa: E402

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(TEST_PASSWORD)


class FirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessment.Firm"

    name = factory.Sequence(lambda n: f"Firm {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessment.Membership"

    firm = factory.SubFactory(FirmFactory)
    user = factory.SubFactory(UserFactory)
    role = "owner"


class SiteFactory(factory.django.DjangoModelFactory):
    """A large licensed-and-producing open-pit coal mine in Inner Mongolia."""

    class Meta:
        model = "assessment.Site"

    firm = factory.SubFactory(FirmFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    province = "NM"
    minerals = factory.LazyFunction(lambda: ["coal"])
    method = "open_pit"
    annual_capacity = Decimal(600)
    scale = "large"
    scale_source = "derived"
    licensed_producing = True


@dataclass
class Team:
    firm: Any
    owner: Any
    editor: Any
    viewer: Any
    site: Any
    outsider: Any
    outsider_firm: Any
    outsider_site: Any


@pytest.fixture
def team(db) -> Team:
    firm = FirmFactory(name="Huabei Mining")
    people = {
        role: MembershipFactory(firm=firm, user=UserFactory(username=role), role=role).user
        for role in ("owner", "editor", "viewer")
    }
    outsider_firm = FirmFactory(name="Other Mining")
    outsider = MembershipFactory(firm=outsider_firm, user=UserFactory(username="outsider")).user
    return Team(
        firm=firm,
        site=SiteFactory(firm=firm, name="Erlian open-pit coal mine"),
        outsider=outsider,
        outsider_firm=outsider_firm,
        outsider_site=SiteFactory(firm=outsider_firm, name="Other mine"),
        **people,
    )


# --- An S3-compatible bucket: moto's standalone server (tests/s3_server.py) ---------------------
# Used by tests/test_storage_s3.py: `s3_storage` switches Django's default storage to a fresh
# bucket of a real server process on 127.0.0.1 for one test (the `settings` fixture restores it,
# and its setting_changed signal empties Django's cache of storage instances both ways).


@dataclass
class S3Bucket:
    client: Any  # a boto3 S3 client of the test server
    name: str
    prefix: str

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


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

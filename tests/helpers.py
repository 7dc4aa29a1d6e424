"""What tests import by name: paths, the small test library, factories, answers and submissions,
issued reports, and readers of PDFs. The fixtures that use them are in tests/conftest.py."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import os
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import factory
import yaml
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from assessment import register, stored_results, submission, workflow
from assessment.catalogue import library_import
from assessment.library import parse_library
from assessment.models import Answer, Assessment, Firm, FrameworkVersion, Site
from reports.models import IssuedReport

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE_DIR = ROOT / "fixtures" / "frameworks"
# The bundled catalogue's versions, oldest first: FIRST_CATALOGUE is 2026.1, the one the review
# rewrote; PREVIOUS_CATALOGUE the one before the newest; BUNDLED_CATALOGUE the newest.
CATALOGUE_FILES = [
    CATALOGUE_DIR / "cn-mining-2026-2026.1.yaml",
    CATALOGUE_DIR / "cn-mining-2026-2026.2.yaml",
    CATALOGUE_DIR / "cn-mining-2026-2026.3.yaml",
]
FIRST_CATALOGUE, PREVIOUS_CATALOGUE, BUNDLED_CATALOGUE = CATALOGUE_FILES
PO_FILE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
ARTIFACTS = ROOT / "tests" / "artifacts"
TEST_PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "granite-quarry-lantern-42"  # a password a person picks in a sign-up form


def signup_data(**overrides: str) -> dict[str, str]:
    """The sign-up form as a new person fills it in (account and firm in one step)."""
    return {
        "username": "liwei",
        "email": "li.wei@huabei.example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "firm_name": "Huabei Mining Group",
    } | overrides


def link_in(message) -> str:
    """The first link of an email."""
    return re.search(r"https?://\S+", message.body).group(0)


# --- The small test library ----------------------------------------------------------------------


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
            "stages": [],
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
                    "stages": [],
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
    key = repr(data)  # most tests write the same library: dump each content once per session
    if key not in _LIBRARY_TEXTS:
        _LIBRARY_TEXTS[key] = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(_LIBRARY_TEXTS[key], encoding="utf-8")
    return path


_LIBRARY_TEXTS: dict[str, str] = {}


@functools.cache
def _parsed_library_text(text: str) -> dict:
    return parse_library(text)


def parsed_library(path: Path) -> dict:
    """A library file parsed once per session: each test gets its own copy to import."""
    return copy.deepcopy(_parsed_library_text(path.read_text(encoding="utf-8")))


def import_library(path: Path) -> FrameworkVersion:
    return library_import(library=parsed_library(path)).version


# --- Firms, people and sites ---------------------------------------------------------------------


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
    """The `team` fixture: an owner, an editor and a viewer of one firm and its site, and an
    outsider with a firm and a site of their own."""

    firm: Any
    owner: Any
    editor: Any
    viewer: Any
    site: Any
    outsider: Any
    outsider_firm: Any
    outsider_site: Any


# --- Answers and submissions ---------------------------------------------------------------------

PDF = b"%PDF-1.4\n%%EOF\n"
TODAY = dt.date(2026, 3, 1)

# The answers of the worked example (site: large, licensed and producing; all four criteria
# apply). s: RIGHTS-01 "yes" without the expected evidence -> unsupported, capped at 0.5;
# RIGHTS-02 "some" -> 0.5; GREEN-01 45 % of a 90 % target -> 0.5; GREEN-02 maturity 3 -> 0.75.
WORKED_ANSWERS = {"RIGHTS-01": "yes", "RIGHTS-02": "some", "GREEN-01": "45", "GREEN-02": 3}
# Everything met: s = 1 everywhere (RIGHTS-01 needs its evidence file for that).
FULL_ANSWERS = {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "95", "GREEN-02": 4}
# Stored values (as answer_save stores them) that make the GREEN area ready or not.
GREEN_READY = {"RIGHTS-01": "no", "RIGHTS-02": "none", "GREEN-01": "95", "GREEN-02": 4}
GREEN_NOT_READY = {"RIGHTS-01": "no", "RIGHTS-02": "none", "GREEN-01": "0", "GREEN-02": 4}


def answer_all(
    assessment: Assessment,
    user,
    values: dict[str, Any],
    *,
    na: Sequence[str] = (),
    evidence: Sequence[str] = (),
) -> Assessment:
    """Answer criteria by code (values as a user types them), mark some N/A, attach a file."""
    answers = {a.criterion.code: a for a in assessment.answers.select_related("criterion")}
    for code, value in values.items():
        workflow.answer_save(answer=answers[code], user=user, value=value, is_na=False)
    for code in na:
        workflow.answer_save(
            answer=answers[code], user=user, is_na=True, na_justification="No such facility."
        )
    for code in evidence:
        workflow.evidence_attach(
            answer=answers[code], user=user, upload=SimpleUploadedFile(f"{code}.pdf", PDF)
        )
    return assessment


def add_document(site: Site, user, *, files: Sequence[str] = ("permit.pdf",), **fields: Any):
    """A document of the site's register (a mining permit unless told), with PDF files."""
    values = {"kind": "permit", "title": "Mining permit", "number": "C1500002011061120114035"}
    values.update(fields)
    uploads = [(SimpleUploadedFile(name, PDF), None) for name in files]
    return register.document_add(site=site, user=user, uploads=uploads, **values)


def noon_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12))


def submit_on(assessment: Assessment, user, day: dt.date) -> Assessment:
    """Submit, then date the submission (noon, local time) as if it happened on ``day``, with
    its results stored as a submission on that day stores them."""
    submission.assessment_submit(assessment=assessment, user=user)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=noon_of(day))
    assessment.refresh_from_db()
    stored_results.results_store(assessment=assessment)
    return assessment


def bulk_sites(firm, count: int, **fields: Any) -> list[Site]:
    values = {
        "province": "NM",
        "minerals": ["coal"],
        "method": Site.Method.OPEN_PIT,
        "annual_capacity": Decimal(600),
        "scale": Site.Scale.LARGE,
        "licensed_producing": True,
    }
    values.update(fields)
    prefix = values.pop("prefix", "Site")
    return Site.objects.bulk_create(
        [Site(firm=firm, name=f"{prefix} {index:03d}", **values) for index in range(count)]
    )


def bulk_submitted(
    sites: Sequence[Site],
    version: FrameworkVersion,
    answers_for: Callable[[Site], dict[str, Any]],
    *,
    day: dt.date = TODAY,
    store: bool = False,
) -> list[Assessment]:
    """One submitted assessment per site, started as the app starts one, its answers stored in one
    bulk update (no submit checks). ``answers_for(site)`` gives stored values by code; codes it
    leaves out stay unanswered. Their results are stored only with ``store`` (without, readers
    score them live, as assessments submitted before results were stored)."""
    assessments = [
        workflow.assessment_start(site=mine, version=version, user=None) for mine in sites
    ]
    answers = list(
        Answer.objects.filter(assessment__in=assessments).select_related(
            "criterion", "assessment__site"
        )
    )
    for answer in answers:
        answer.value = answers_for(answer.assessment.site).get(answer.criterion.code)
    Answer.objects.bulk_update(answers, ["value"])
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(
        state=Assessment.State.SUBMITTED, submitted_at=noon_of(day)
    )
    if store:
        for assessment in Assessment.objects.filter(pk__in=[a.pk for a in assessments]):
            stored_results.results_store(assessment=assessment)
    return assessments


# --- Issued reports and their PDFs ---------------------------------------------------------------

IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Stands in for an issued PDF where the test is about serving or checking bytes, not drawing.
STORED_PDF = b"%PDF-1.7\n% an issued report, as stored\n%%EOF\n"


def store_issued(assessment, language: str = "en", data: bytes = STORED_PDF) -> IssuedReport:
    """An issued report that is ready, with ``data`` as its stored file (and the firm, site and
    date it was issued for, as issuing records them)."""
    report = IssuedReport(
        assessment=assessment,
        language=language,
        status=IssuedReport.Status.READY,
        firm_name=assessment.site.firm.name,
        site_name=assessment.site.name,
        assessed_on=timezone.localdate(assessment.submitted_at),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        pages=1,
        attempts=1,
        issued_at=timezone.now(),
    )
    report.pdf.save("report.pdf", ContentFile(data), save=False)
    report.save()
    return report


def pdf_text(pdf: bytes) -> str:
    """The PDF's text in content order, by poppler's pdftotext (about 7 times faster than pypdf's
    extraction, which took as long as rendering the report)."""
    command = ["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"]
    return subprocess.run(command, input=pdf, capture_output=True, check=True).stdout.decode()


def squashed(text: str) -> str:
    """Without any whitespace: text extraction breaks lines where the layout did."""
    return re.sub(r"\s+", "", text)


# --- Languages -----------------------------------------------------------------------------------


def use_language(client, language: str) -> None:
    """Choose the interface language with the switcher, as a person does (for a signed-in
    client this also stores it on their profile)."""
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


@dataclass
class Product:
    """The `product` fixture, something on every page: a firm with a site, a submitted and a
    later draft assessment of it, and the people who see them."""

    owner: Any
    viewer: Any
    admin: Any
    firm: Firm
    site: Site
    submitted: Assessment
    draft: Assessment

    def fresh(self) -> Product:
        """The same rows read again (a test that shares them must not see another's changes)."""
        return Product(*(fresh(getattr(self, f.name)) for f in dataclasses.fields(self)))


def new_member(firm: Firm, role: str, username: str = ""):
    """A person of the firm in that role, named after the role unless named otherwise."""
    return MembershipFactory(firm=firm, user=UserFactory(username=username or role), role=role).user


def new_test_version(folder: Path) -> FrameworkVersion:
    """The small test library, imported (published)."""
    return import_library(write_library(folder / "test-fw.yaml", library_data()))


def fresh(instance: models.Model) -> models.Model:
    return type(instance)._default_manager.get(pk=instance.pk)


def new_product(*, firm, site, owner, viewer, version) -> Product:
    """A submitted assessment of the site, a carried-over draft after it, and a platform admin."""
    submitted = answer_all(
        workflow.assessment_start(site=site, version=version, user=owner), owner, WORKED_ANSWERS
    )
    submission.assessment_submit(assessment=submitted, user=owner)
    draft = workflow.assessment_start(site=site, version=version, user=owner, carry_over=True)
    answer_all(draft, owner, {"RIGHTS-02": "all"})
    admin = get_user_model().objects.create_superuser(
        "platform", "admin@example.com", TEST_PASSWORD
    )
    submitted.refresh_from_db()
    return Product(owner, viewer, admin, firm, site, submitted, draft)


# --- S3 and the browser --------------------------------------------------------------------------


@dataclass
class S3Bucket:
    """The `s3_storage` fixture's bucket."""

    client: Any  # a boto3 S3 client of the test server
    name: str
    prefix: str

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def screenshot(page, name: str) -> None:
    """The page at desktop and phone widths, for a person to look at after a run: written only
    when MINEREADY_SCREENSHOTS is set (`make screenshots`); they cost seconds and assert nothing."""
    if not os.environ.get("MINEREADY_SCREENSHOTS"):
        return
    ARTIFACTS.mkdir(exist_ok=True)
    original = page.viewport_size
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(original)


# --- Areas of any size, with criteria of every answer type -----------------------------------

ANSWER_TYPES = [
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
# A valid answer of each type, as a person types it.
SAMPLE_VALUES = {"yes_no": "yes", "yes_partial_no": "partial", "maturity": 2, "percent": "50",
                 "number": "2", "choice": "b"}  # fmt: skip


def version_of_every_answer_type(size: int) -> FrameworkVersion:
    """A published version whose GREEN area has `size` criteria, the answer types in turn; every
    third expects evidence, every fourth allows N/A."""
    criteria = [
        criterion_data(
            f"GREEN-{index:03d}",
            "GREEN",
            answer_type=ANSWER_TYPES[index % len(ANSWER_TYPES)][0],
            # a copy each: shared objects would dump as YAML aliases, which imports refuse
            parameters=copy.deepcopy(ANSWER_TYPES[index % len(ANSWER_TYPES)][1]),
            evidence_expected=index % 3 == 0,
            allows_na=index % 4 == 0,
        )
        for index in range(size)
    ]
    text = yaml.safe_dump(
        library_data(version=f"big-{size}", criteria=criteria), allow_unicode=True
    )
    return library_import(library=parse_library(text)).version


def admin_form_data(response) -> dict:
    """What an admin change form (the response of its page) posts back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = field.prepare_value(value) if hasattr(field, "prepare_value") else value
    return data


# --- The offline questionnaire (exchange/) ------------------------------------------------------


def questionnaire_book(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def book_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fill_questionnaire(data: bytes, cells: dict[str, dict[str, object]]) -> bytes:
    """A downloaded questionnaire with cells typed as a person types them in Excel:
    {criterion code: {column key ("answer", "is_na", "na_justification", "comment"): value}}."""
    from exchange.sheet_format import COLUMN_NUMBER, FIRST_ROW, LISTS_SHEET, META_SHEET

    book = questionnaire_book(data)
    for sheet in book.worksheets:
        if sheet.title in (LISTS_SHEET, META_SHEET):
            continue
        for row in sheet.iter_rows(min_row=FIRST_ROW):
            for key, value in cells.get(row[COLUMN_NUMBER["code"] - 1].value, {}).items():
                row[COLUMN_NUMBER[key] - 1].value = value
    return book_bytes(book)


def questionnaire_download(client, assessment) -> bytes:
    response = client.get(reverse("exchange:questionnaire_download", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content


def questionnaire_upload(client, assessment, data: bytes, name: str = "questionnaire.xlsx"):
    url = reverse("exchange:questionnaire_import", args=[assessment.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def questionnaire_confirm(client, assessment, preview):
    url = reverse("exchange:questionnaire_import_confirm", args=[assessment.pk])
    return client.post(url, {"token": preview.context["token"]})

"""Fixtures for results, portfolio and compare tests: answering and submitting assessments of the
small test framework (tests/conftest.py `library_data`), fixing "today", and building many
sites with submitted assessments quickly.

Import what a test module needs: `from tests.report_fixtures import *` (it brings the
assessment fixtures with it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from assessment.models import Answer, Assessment, FrameworkVersion, Site
from assessment.workflow import (
    answer_save,
    assessment_start,
    assessment_submit,
    evidence_attach,
    site_profile_snapshot,
    split_by_applicability,
)
from tests.assessment_fixtures import (
    assessment,
    editor,
    firm,
    login,
    make_site,
    outsider,
    owner,
    site,
    viewer,
)

PDF = b"%PDF-1.4\n%%EOF\n"
TODAY = date(2026, 3, 1)

# The answers of the worked example (site: large, licensed and producing; all four criteria
# apply). s: RIGHTS-01 "yes" without the expected evidence -> unsupported, capped at 0.5;
# RIGHTS-02 "some" -> 0.5; GREEN-01 45 % of a 90 % target -> 0.5; GREEN-02 maturity 3 -> 0.75.
WORKED_ANSWERS = {"RIGHTS-01": "yes", "RIGHTS-02": "some", "GREEN-01": "45", "GREEN-02": 3}
# Everything met: s = 1 everywhere (RIGHTS-01 needs its evidence file for that).
FULL_ANSWERS = {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "95", "GREEN-02": 4}


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
        answer_save(answer=answers[code], user=user, value=value, is_na=False)
    for code in na:
        answer_save(
            answer=answers[code], user=user, is_na=True, na_justification="No such facility."
        )
    for code in evidence:
        evidence_attach(
            answer=answers[code], user=user, upload=SimpleUploadedFile(f"{code}.pdf", PDF)
        )
    return assessment


def submit_on(assessment: Assessment, user, day: date) -> Assessment:
    """Submit, then date the submission (noon, local time) as if it happened on ``day``."""
    assessment_submit(assessment=assessment, user=user)
    when = timezone.make_aware(datetime(day.year, day.month, day.day, 12))
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def freeze_today(monkeypatch) -> Callable[[date], None]:
    """Make timezone.localdate() (without a value) return a fixed day."""
    real = timezone.localdate

    def freeze(day: date) -> None:
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    freeze(TODAY)
    return freeze


@pytest.fixture
def worked_assessment(assessment, owner, freeze_today):
    """A draft with the worked example's answers, scored on TODAY."""
    return answer_all(assessment, owner, WORKED_ANSWERS)


@pytest.fixture
def start(imported_version, owner) -> Callable[..., Assessment]:
    def start_assessment(site: Site, **kwargs: Any) -> Assessment:
        return assessment_start(site=site, version=imported_version, user=owner, **kwargs)

    return start_assessment


def bulk_submitted(
    sites: Sequence[Site],
    version: FrameworkVersion,
    answers_for: Callable[[Site], dict[str, Any]],
    *,
    day: date = TODAY,
) -> list[Assessment]:
    """One submitted assessment per site, answers included, in three bulk queries (plus one
    for the criteria). ``answers_for(site)`` gives stored values by code; codes it leaves
    out stay unanswered."""
    when = timezone.make_aware(datetime(day.year, day.month, day.day, 12))
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                site=mine,
                version=version,
                profile=site_profile_snapshot(mine),
                state=Assessment.State.SUBMITTED,
                submitted_at=when,
            )
            for mine in sites
        ]
    )
    criteria = list(version.criteria.select_related("area"))
    answers = []
    for mine, started in zip(sites, assessments, strict=True):
        applicable, _skipped = split_by_applicability(criteria, started.site_profile())
        values = answers_for(mine)
        answers += [
            Answer(assessment=started, criterion=criterion, value=values.get(criterion.code))
            for criterion in applicable
        ]
    Answer.objects.bulk_create(answers)
    return assessments


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


# Stored values (as answer_save stores them) that make the GREEN area ready or not.
GREEN_READY = {"RIGHTS-01": "no", "RIGHTS-02": "none", "GREEN-01": "95", "GREEN-02": 4}
GREEN_NOT_READY = {"RIGHTS-01": "no", "RIGHTS-02": "none", "GREEN-01": "0", "GREEN-02": 4}

__all__ = [
    "FULL_ANSWERS",
    "GREEN_NOT_READY",
    "GREEN_READY",
    "PDF",
    "TODAY",
    "WORKED_ANSWERS",
    "answer_all",
    "bulk_sites",
    "bulk_submitted",
    "make_site",
    "submit_on",
    # fixtures
    "assessment",
    "editor",
    "firm",
    "freeze_today",
    "login",
    "outsider",
    "owner",
    "site",
    "start",
    "viewer",
    "worked_assessment",
]

"""seed_demo: demo firms, logins, sites and assessments; idempotent, with documented output."""

from __future__ import annotations

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.utils import timezone

from assessment.models import (
    Action,
    Answer,
    Assessment,
    Document,
    DocumentLink,
    Evidence,
    Firm,
    FrameworkVersion,
    Membership,
    Site,
)
from tests.helpers import CATALOGUE_FILES, import_library


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [
        get_user_model(), Firm, Membership, Site, Assessment, Answer, Evidence, Document,
        DocumentLink,
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture(scope="module")
def seeded(module_db) -> tuple[int, str]:
    """The bundled catalogue and the demo, written once for the module's tests: the demo's
    catalogue version id and seed_demo's output."""
    version = [import_library(path) for path in CATALOGUE_FILES][-1]
    return version.pk, seed(force=True)


@pytest.fixture
def demo_version(seeded, db) -> FrameworkVersion:
    return FrameworkVersion.objects.get(pk=seeded[0])


@pytest.fixture
def seeded_lines(seeded, db) -> list[str]:
    return seeded[1].splitlines()


def test_it_seeds_firms_logins_sites_and_assessments_once(seeded_lines):
    after_first = counts()

    again = seed(force=True)

    assert again.splitlines() == seeded_lines
    assert counts() == after_first
    assert after_first["Firm"] == 2
    assert after_first["Site"] == 6
    assert after_first["Assessment"] == 7


def test_it_prints_the_documented_lines(seeded_lines):
    lines = seeded_lines

    coal, gold, quarry, datong, hami = Site.objects.filter(
        firm__name="Huabei Mining Group"
    ).order_by("pk")
    rare_earths = Site.objects.get(firm__name="Xinan Rare Earths")
    submitted, next_cycle = coal.assessments.order_by("pk")
    draft = gold.assessments.get()
    earlier, carried = datong.assessments.order_by("pk")
    exploring = hami.assessments.get()
    other_draft = rare_earths.assessments.get()
    assert lines == [
        "login demo-owner mineready-demo Huabei Mining Group",
        f"assessment {submitted.pk} {coal.name} submitted",
        f"assessment {next_cycle.pk} {coal.name} draft carried-from {submitted.pk}",
        f"assessment {draft.pk} {gold.name} draft",
        f"site {quarry.pk} {quarry.name} not_started",
        f"assessment {earlier.pk} {datong.name} submitted",
        f"assessment {carried.pk} {datong.name} draft carried-from {earlier.pk}",
        f"assessment {exploring.pk} {hami.name} draft",
        "login demo-other mineready-demo Xinan Rare Earths",
        f"assessment {other_draft.pk} {rare_earths.name} draft",
    ]
    for line in lines:
        assert re.fullmatch(
            r"(login \S+ \S+ .+|assessment \d+ .+ \w+( carried-from \d+)?|site \d+ .+ not_started)",
            line,
        )


def test_one_site_moves_forward_from_the_oldest_catalogue_version(demo_version):

    earlier, carried = Assessment.objects.filter(site__name__startswith="Datong").order_by("pk")

    assert earlier.version.version == "2026.1"
    assert earlier.state == Assessment.State.SUBMITTED
    assert (carried.version, carried.state, carried.carried_from) == (
        demo_version,
        Assessment.State.DRAFT,
        earlier,
    )
    answers = carried.answers.all()
    assert answers.filter(carried_over=True).count() >= 20
    assert answers.filter(question_changed=True).exists()
    other = Assessment.objects.exclude(site__name__startswith="Datong")
    assert set(other.values_list("version", flat=True)) == {demo_version.pk}


def test_the_next_cycle_of_the_submitted_site_scores_as_it_did(seeded_lines):
    lines = seeded_lines

    submitted, next_cycle = Assessment.objects.filter(site__name__startswith="Zhungeer").order_by(
        "pk"
    )
    scores = {}
    for assessment in (submitted, next_cycle):
        out = io.StringIO()
        call_command("score", str(assessment.pk), "--json", stdout=out)
        scores[assessment.pk] = json.loads(out.getvalue())

    assert (
        f"assessment {next_cycle.pk} {next_cycle.site.name} draft carried-from {submitted.pk}"
        in lines
    )
    assert next_cycle.carried_from == submitted
    assert scores[next_cycle.pk]["overall"] == scores[submitted.pk]["overall"]
    assert scores[next_cycle.pk]["counts"]["to_confirm"] > 0
    assert (
        Evidence.objects.filter(answer__assessment=next_cycle).count()
        == Evidence.objects.filter(answer__assessment=submitted).count()
    )
    # The register's permit supports the rights answers in both cycles, and expires soon.
    links = DocumentLink.objects.filter(
        document__title="Mining permit", answer__assessment__site=submitted.site
    )
    assert links.filter(answer__assessment=submitted).count() > 0
    assert (
        links.filter(answer__assessment=next_cycle).count()
        == links.filter(answer__assessment=submitted).count()
    )
    permit = Document.objects.get(site=submitted.site, title="Mining permit")
    assert permit.validity_now == "expiring"


def test_the_exploration_project_is_asked_exploration_questions(demo_version):

    project = Site.objects.get(name="Hami copper exploration project")
    codes = set(project.assessments.get().answers.values_list("criterion__code", flat=True))

    assert (project.stage, project.scale, project.method) == ("exploration", "", "none")
    assert {"RIGHTS-04", "RIGHTS-15", "RIGHTS-10"} <= codes
    assert not codes & {"GREEN-04", "GREEN-07", "SAFETY-01", "SAFETY-05", "RESERVES-02"}


def test_the_owners_can_sign_in_with_the_printed_password(client, demo_version):
    seed(force=True, password="another-demo-secret")

    for username, firm in [
        ("demo-owner", "Huabei Mining Group"),
        ("demo-other", "Xinan Rare Earths"),
    ]:
        # django-axes checks every authentication against its request.
        assert client.login(
            request=HttpRequest(), username=username, password="another-demo-secret"
        )
        membership = Membership.objects.get(user__username=username)
        assert (membership.firm.name, membership.role) == (firm, "owner")


def test_the_submitted_assessment_is_complete_with_gaps_comments_and_evidence(demo_version):

    submitted = Assessment.objects.get(
        state=Assessment.State.SUBMITTED, site__name__startswith="Zhungeer"
    )
    answers = submitted.answers.select_related("criterion")
    assert submitted.site.name.endswith("coal mine")
    assert all(answer.is_answered for answer in answers)
    assert answers.filter(is_na=True).exclude(na_justification="").exists()
    assert answers.filter(value__in=["no", "partial", "1"]).count() >= 5  # gaps
    assert answers.exclude(comment="").count() >= 5
    evidence = Evidence.objects.filter(answer__assessment=submitted)
    assert evidence.count() >= 5
    assert {e.content_type for e in evidence} == {"text/plain", "text/csv", "application/pdf"}


def test_the_gold_mine_draft_is_half_answered(demo_version):

    draft = Assessment.objects.get(site__name__contains="gold")
    answered = sum(answer.is_answered for answer in draft.answers.all())
    assert draft.state == Assessment.State.DRAFT
    assert answered == draft.answers.count() // 2


def test_the_demo_firm_has_a_plan_with_overdue_and_proven_actions(demo_version):
    site = Site.objects.get(name__startswith="Zhungeer")
    plan = list(site.actions.order_by("-priority", "pk"))
    today = timezone.localdate()

    assert len(plan) == 7
    assert (
        sum(
            a.status in ("open", "in_progress") and bool(a.due_on) and a.due_on < today
            for a in plan
        )
        == 2
    )
    proven = [a for a in plan if a.status in ("done", "verified")]
    assert len(proven) == 2 and all(a.documents.filter(kind="permit").exists() for a in proven)
    before = Action.objects.count()
    seed(force=True)
    assert Action.objects.count() == before  # once

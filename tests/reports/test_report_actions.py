"""The report's action plan: under each gap, the site's actions with owner, due date and status,
or "no action yet"; a submitted assessment's report keeps the plan as it was at submission."""

import datetime as dt

import pytest
from django.utils import translation

from assessment import actions, submission
from assessment.models import Action
from reports.pdf import render_report
from reports.report_content import report_content
from tests.helpers import pdf_text, squashed

pytestmark = pytest.mark.django_db


def plan_of(assessment) -> dict[str, list[tuple[str, str, str]]]:
    with translation.override("en"):
        content = report_content(assessment)
    return {
        item.code: [(line.title, line.owner, line.status) for line in item.actions]
        for item in content.gap_items
    }


@pytest.fixture
def action(worked_assessment, owner, editor):
    rights = worked_assessment.answers.get(criterion__code="RIGHTS-01").criterion
    return actions.action_create(
        assessment=worked_assessment,
        criterion=rights,
        user=owner,
        priority=4.5,
        title="Register the mining right",
        owner=editor,
        due_on=dt.date(2026, 6, 30),
    )


def test_each_gap_lists_its_actions_or_says_there_is_none(worked_assessment, action):
    rendered = render_report(worked_assessment, "en")
    flat = squashed(pdf_text(rendered.pdf))
    assert squashed("Register the mining right · owner: editor · due: 30 Jun 2026 · open") in flat
    assert flat.count(squashed("no action yet")) == 3
    assert plan_of(worked_assessment)["RIGHTS-01"] == [
        ("Register the mining right", "editor", "open")
    ]


def test_the_chinese_report_lists_them_in_chinese(worked_assessment, action):
    flat = squashed(pdf_text(render_report(worked_assessment, "zh-hans").pdf))
    assert squashed("负责人：editor") in flat and squashed("未开始") in flat
    assert squashed("尚无整改事项") in flat


def test_a_submitted_report_keeps_the_plan_as_it_was_at_submission(
    worked_assessment, owner, action
):
    submitted = submission.assessment_submit(assessment=worked_assessment, user=owner)
    actions.action_update(action=action, user=owner, is_owner=True, status="done")
    Action.objects.filter(pk=action.pk).update(title="Renamed later")  # no history row

    assert plan_of(submitted)["RIGHTS-01"] == [("Register the mining right", "editor", "open")]

"""Completion reads the same everywhere (DESIGN.md "Scoring"): answered (N/A included) over
applicable, floored, from one function; with 2 of 3 answered the dashboard, the site page and
the questionnaire all say 66 %, and the results 66.66 %."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.urls import reverse

from assessment.overview import assessments_with_completion
from assessment.results import assessment_results
from assessment.scoring.breakdown import completion, completion_percent
from assessment.views.questionnaire import area_progress, overall_progress
from assessment.workflow import answer_save, assessment_start
from reports.presentation import percent_text
from tests.helpers import SiteFactory


@pytest.mark.parametrize(
    ("answered", "applicable", "percent"),
    [(2, 3, 66), (1, 3, 33), (199, 200, 99), (3, 3, 100), (0, 3, 0), (0, 0, 100)],
)
def test_it_floors_the_share_answered(answered: int, applicable: int, percent: int) -> None:
    assert completion_percent(answered, applicable) == percent


def test_nothing_applicable_counts_as_complete() -> None:
    assert completion(0, 0) == 1
    assert completion(2, 3) == Fraction(2, 3)


@pytest.fixture
def two_of_three(team, imported_version):
    """A small mine (GREEN-01 does not apply): RIGHTS-01, RIGHTS-02 and GREEN-02, two answered."""
    site = SiteFactory(firm=team.firm, name="Small mine", scale="small")
    assessment = assessment_start(site=site, version=imported_version, user=team.owner)
    answers = {a.criterion.code: a for a in assessment.answers.select_related("criterion")}
    answer_save(answer=answers["RIGHTS-02"], user=team.owner, value="all")
    answer_save(answer=answers["GREEN-02"], user=team.owner, is_na=True, na_justification="No")
    return assessment


def test_every_place_says_the_same_for_two_of_three(client, team, two_of_three) -> None:
    assessment = two_of_three
    assert assessment.answers.count() == 3

    (listed,) = assessments_with_completion(type(assessment).objects.filter(pk=assessment.pk))
    areas = list(assessment.version.areas.order_by("order"))
    overall = overall_progress(area_progress(assessment, areas))
    score = assessment_results(assessment).score

    assert (listed.answer_done, listed.answer_total, listed.completion) == (2, 3, 66)
    assert (overall.answered, overall.total, overall.percent) == (2, 3, 66)
    assert (score.counts.answered, score.counts.applicable) == (2, 3)
    assert percent_text(score.completion) == "66.66"


def test_the_pages_show_66_percent(client, team, two_of_three) -> None:
    client.force_login(team.owner)

    dashboard = client.get(reverse("assessment:dashboard"))
    site_page = client.get(reverse("assessment:site_detail", args=[two_of_three.site_id]))
    questionnaire = client.get(
        reverse("assessment:questionnaire", args=[two_of_three.pk, "RIGHTS"])
    )

    assert (dashboard.status_code, site_page.status_code, questionnaire.status_code) == (
        200,
        200,
        200,
    )
    assert "2 / 3 answered (66 %)" in dashboard.text
    assert "2 / 3 answered (66 %)" in site_page.text
    assert ">66%</progress>" in questionnaire.text
    assert "67" not in questionnaire.text.split('id="progress-overall"')[1].split("</div>")[0]

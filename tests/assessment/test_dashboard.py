"""The dashboard: the user's firms, their sites and each site's latest assessment."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.submission import assessment_submit
from assessment.workflow import answer_save, assessment_start
from tests.helpers import WORKED_ANSWERS, SiteFactory, UserFactory, answer_all


def test_it_requires_signing_in(client, db):
    response = client.get(reverse("assessment:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_lists_only_the_users_firms_and_sites(client, team):
    client.force_login(team.viewer)

    response = client.get(reverse("assessment:dashboard"))

    assert response.status_code == 200
    assert [item["firm"] for item in response.context["firms"]] == [team.firm]
    assert "Huabei Mining" in response.text
    assert "Erlian open-pit coal mine" in response.text
    assert "Other Mining" not in response.text
    assert "Other mine" not in response.text


def test_it_shows_the_latest_assessment_with_its_state_and_completion(
    client, team, imported_version
):
    first = assessment_start(site=team.site, version=imported_version, user=team.owner)
    answer_all(first, team.owner, WORKED_ANSWERS)
    assessment_submit(assessment=first, user=team.owner)
    latest = assessment_start(site=team.site, version=imported_version, user=team.owner)
    answer = latest.answers.order_by("pk").first()
    answer.value = "yes"
    answer.save()
    client.force_login(team.owner)

    response = client.get(reverse("assessment:dashboard"))

    site = response.context["firms"][0]["sites"][0]
    assert site.latest_assessment == latest
    assert (site.latest_assessment.answer_done, site.latest_assessment.answer_total) == (
        1,
        latest.answers.count(),
    )
    assert reverse("assessment:assessment", args=[latest.pk]) in response.text
    assert f"1 / {latest.answers.count()} answered" in response.text


def test_a_site_without_assessment_is_not_started(client, team):
    client.force_login(team.owner)

    response = client.get(reverse("assessment:dashboard"))

    assert "not started" in response.text


def test_a_user_without_a_firm_is_offered_to_create_one(client, team, settings):
    client.force_login(UserFactory(username="loner"))

    response = client.get(reverse("assessment:dashboard"))
    settings.SIGNUP_ENABLED = False
    closed = client.get(reverse("assessment:dashboard"))

    assert response.status_code == 200
    assert response.context["firms"] == []
    assert reverse("assessment:signup") in response.text
    assert reverse("assessment:signup") not in closed.text


# Session, user, the profile (is the email confirmed), memberships, sites, latest assessments,
# and the portfolio's six queries (latest submitted assessments, their criteria, areas, answers
# and evidence), the register documents expiring soon, my actions and the plans' counts: the same
# for 2 sites as for 30.
MAX_QUERIES = 15


@pytest.mark.parametrize("site_count", [2, 30])
def test_it_reads_a_fixed_number_of_queries(
    client, team, imported_version, django_assert_max_num_queries, site_count
):
    sites = [team.site, *SiteFactory.create_batch(site_count - 1, firm=team.firm)]
    for index, site in enumerate(sites):
        assessment = assessment_start(site=site, version=imported_version, user=team.owner)
        if index % 2 == 0:
            submit_with_answers(assessment, team.owner)
            assessment_start(site=site, version=imported_version, user=team.owner)
    client.force_login(team.owner)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("assessment:dashboard"))

    assert response.status_code == 200
    shown = response.context["firms"][0]["sites"]
    assert len(shown) == site_count
    assert all(site.latest_assessment is not None for site in shown)
    assert sum(site.latest_results is not None for site in shown) == (site_count + 1) // 2


def submit_with_answers(assessment, user) -> None:
    values = {"yes_no": "yes", "choice": "all", "percent": "95", "maturity": 4}
    for answer in assessment.answers.select_related("criterion"):
        answer_save(answer=answer, user=user, value=values[answer.criterion.answer_type])
    assessment_submit(assessment=assessment, user=user)


def test_it_shows_the_latest_score_band_and_green_mine_progress(client, team, imported_version):
    assessment = assessment_start(site=team.site, version=imported_version, user=team.owner)
    submit_with_answers(assessment, team.owner)
    client.force_login(team.viewer)

    response = client.get(reverse("assessment:dashboard"))

    site = response.context["firms"][0]["sites"][0]
    assert site.latest_results.score.overall is not None
    assert reverse("reports:results", args=[assessment.pk]) in response.text
    assert reverse("reports:portfolio", args=[team.firm.pk]) in response.text
    assert "Green-mine readiness by 31 December 2028" in response.text


def test_an_exploration_project_without_a_scale_is_listed(client, team):
    SiteFactory(
        firm=team.firm,
        name="Hami copper exploration project",
        stage="exploration",
        method="none",
        minerals=["copper"],
        annual_capacity=None,
        scale="",
        scale_source="entered",
        licensed_producing=False,
    )
    client.force_login(team.owner)

    response = client.get(reverse("assessment:dashboard"))

    assert response.status_code == 200
    assert "Hami copper exploration project" in response.text
    portfolio = client.get(reverse("reports:portfolio", args=[team.firm.pk]))
    assert portfolio.status_code == 200
    assert "Hami copper exploration project" in portfolio.text


def test_a_new_firm_is_told_the_two_first_steps(login, owner, firm):
    page = login(owner).get(reverse("assessment:dashboard")).content.decode()
    steps = page[page.index('id="first-steps"') :]
    assert steps.index("Add a mine site") < steps.index("Start an assessment of the site")
    assert reverse("assessment:site_create", args=[firm.pk]) in steps

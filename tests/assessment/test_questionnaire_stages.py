"""A new user's two sites on the bundled catalogue: an exploration project and a large producing
coal mine are each asked the questions that fit them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.models import Assessment, Site

pytestmark = pytest.mark.django_db


def create_site(client, firm, **fields) -> Site:
    data = {
        "province": "XJ",
        "other_minerals": [],
        "scale": "",
        "annual_capacity": "",
        **fields,
    }
    response = client.post(reverse("assessment:site_create", args=[firm.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    return Site.objects.get(name=fields["name"])


def start(client, site: Site, version) -> Assessment:
    response = client.post(
        reverse("assessment:assessment_start", args=[site.pk]), {"version": version.pk}
    )
    assert response.status_code == 302
    return site.assessments.get()


def area_page(client, assessment: Assessment, area: str) -> str:
    response = client.get(reverse("assessment:questionnaire", args=[assessment.pk, area]))
    assert response.status_code == 200
    return response.content.decode()


def asked(assessment: Assessment) -> set[str]:
    return set(assessment.answers.values_list("criterion__code", flat=True))


def test_an_exploration_project_and_a_coal_mine_get_the_questions_that_fit(
    client, team, bundled_version
):
    client.force_login(team.owner)
    project = create_site(
        client, team.firm, name="Hami copper exploration project", stage="exploration",
        primary_mineral="copper", method="none",
    )  # fmt: skip
    mine = create_site(
        client, team.firm, name="Datong underground coal mine", stage="production",
        province="SX", primary_mineral="coal", method="underground", annual_capacity="300",
        licensed_producing="on",
    )  # fmt: skip

    exploring, producing = (
        start(client, project, bundled_version),
        start(client, mine, bundled_version),
    )

    assert (project.scale, mine.scale) == ("", "large")
    assert {"RIGHTS-04", "RIGHTS-15", "RIGHTS-10", "SMART-07"} <= asked(exploring)
    assert not asked(exploring) & {"GREEN-04", "GREEN-07", "SAFETY-01", "RESERVES-02", "ENV-02"}
    assert {"GREEN-01", "GREEN-04", "SAFETY-01", "ENV-01", "RESERVES-07", "SMART-03"} <= asked(
        producing
    )
    assert not asked(producing) & {"RIGHTS-04", "RIGHTS-15"}
    rights = area_page(client, exploring, "RIGHTS")
    assert "RIGHTS-15" in rights and "RIGHTS-14" in rights  # RIGHTS-14 listed as not applying
    env = area_page(client, exploring, "ENV")
    assert "none apply to this site" in env
    assert "ENV-02" in env  # listed with the reason it does not apply


@pytest.mark.parametrize(
    ("show", "codes"),
    [
        ("", ["RIGHTS-01", "RIGHTS-02"]),
        ("unanswered", ["RIGHTS-02"]),
        ("unsupported", ["RIGHTS-01"]),
        ("to_confirm", []),
    ],
)
def test_the_questionnaire_shows_only_what_is_asked(login, owner, assessment, show, codes):
    from tests.helpers import answer_all

    answer_all(assessment, owner, {"RIGHTS-01": "yes"})  # a claim without its evidence
    page = login(owner).get(
        reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"]), {"show": show}
    )
    shown = [item["criterion"].code for item in page.context["items"]]
    assert shown == codes

"""What the read API answers: the person's firms with their role, a firm's sites, a site's
assessments, an assessment's results and gaps (the numbers of `manage.py score --json`), and
the action plans with the filters of the plan pages; every list in pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assessment import actions
from assessment.models import Action, StoredResults
from assessment.results import assessment_results
from reports.management.commands.score import breakdown
from tests.helpers import TODAY, SiteFactory

pytestmark = pytest.mark.django_db  # worked_assessment freezes the date at TODAY


def criterion(assessment, code):
    return assessment.answers.get(criterion__code=code).criterion


@pytest.fixture
def plan(worked_assessment, owner, editor):
    """Three actions of the site: overdue for the editor, due in 20 days for nobody, done."""

    def make(code, title, **fields):
        return actions.action_create(
            assessment=worked_assessment,
            criterion=criterion(worked_assessment, code),
            user=owner,
            priority=fields.pop("priority", 1),
            title=title,
            **fields,
        )

    late = make("RIGHTS-01", "Late", owner=editor, due_on=TODAY - dt.timedelta(days=3))
    soon = make("GREEN-01", "Soon", due_on=TODAY + dt.timedelta(days=20), priority=9)
    done = make("RIGHTS-02", "Done", owner=owner)
    Action.objects.filter(pk=done.pk).update(status="done")
    return {"late": late, "soon": soon, "done": done}


def test_the_firms_are_the_persons_with_their_role(token_client, team):
    body = token_client(team.viewer).get(reverse("api:firms")).json()
    assert body["count"] == 1
    assert [(f["id"], f["name"], f["role"]) for f in body["results"]] == [
        (team.firm.pk, "Huabei Mining", "viewer")
    ]
    firm = token_client(team.owner).get(reverse("api:firm", args=[team.firm.pk])).json()
    assert (firm["name"], firm["role"]) == ("Huabei Mining", "owner")


def test_a_firms_sites_by_name(token_client, owner, firm, site):
    SiteFactory(firm=firm, name="Alxa gold mine")
    body = token_client(owner).get(reverse("api:firm_sites", args=[firm.pk])).json()
    assert [s["name"] for s in body["results"]] == ["Alxa gold mine", "Erlian open-pit coal mine"]
    detail = token_client(owner).get(reverse("api:site", args=[site.pk])).json()
    assert detail | {"created_at": None} == {
        "id": site.pk, "firm": firm.pk, "name": "Erlian open-pit coal mine", "province": "NM",
        "minerals": ["coal"], "stage": "production", "method": "open_pit",
        "annual_capacity": "600.000", "scale": "large", "licensed_producing": True,
        "created_at": None,
    }  # fmt: skip


def test_a_sites_assessments_newest_first(token_client, owner, site, submitted_assessment, start):
    draft = start(site, carry_over=True)
    body = token_client(owner).get(reverse("api:site_assessments", args=[site.pk])).json()
    assert [(a["id"], a["state"]) for a in body["results"]] == [
        (draft.pk, "draft"),
        (submitted_assessment.pk, "submitted"),
    ]
    assert body["results"][0]["carried_from"] == submitted_assessment.pk
    assert body["results"][1]["framework"] == submitted_assessment.version.framework.code


def listed(client, site) -> dict[int, dict]:
    response = client.get(reverse("api:site_assessments", args=[site.pk]))
    assert response.status_code == 200
    return {assessment["id"]: assessment for assessment in response.json()["results"]}


def test_a_sites_submitted_assessments_carry_their_stored_results(
    token_client, owner, site, submitted_assessment, start
):
    draft = start(site, carry_over=True)
    client = token_client(owner)
    detail = client.get(reverse("api:assessment", args=[submitted_assessment.pk])).json()

    assessments = listed(client, site)

    assert StoredResults.objects.filter(assessment=submitted_assessment).exists()
    assert assessments[submitted_assessment.pk]["results"] == detail["results"]
    assert detail["results"]["provisional"] is False
    assert (
        detail["results"]["green_mine_ready"]
        is assessment_results(submitted_assessment).green_mine_ready
    )
    assert assessments[draft.pk]["results"] is None  # provisional: /assessments/ID/ scores it


def test_a_submitted_assessment_without_stored_results_is_listed_scored_live(
    token_client, owner, site, submitted_assessment
):
    StoredResults.objects.filter(assessment=submitted_assessment).delete()
    client = token_client(owner)
    detail = client.get(reverse("api:assessment", args=[submitted_assessment.pk])).json()

    assessments = listed(client, site)

    assert not StoredResults.objects.exists()
    assert assessments[submitted_assessment.pk]["results"] == detail["results"]
    assert detail["results"]["overall"] is not None


@pytest.mark.parametrize("fixture", ["worked_assessment", "submitted_assessment"])
def test_an_assessment_has_the_results_of_the_score_command(token_client, owner, request, fixture):
    assessment = request.getfixturevalue(fixture)
    expected = breakdown(assessment_results(assessment))

    body = token_client(owner).get(reverse("api:assessment", args=[assessment.pk])).json()

    results = body["results"]
    assert body["state"] == expected["state"]
    for key in ("overall", "band", "score_band", "completion", "counts", "failed_gates"):
        assert results[key] == expected[key], key
    assert results["scored_on"] == expected["scored_on"]
    assert results["provisional"] is (fixture == "worked_assessment")
    assert [(a["code"], a["score"]) for a in results["areas"]] == [
        (a["code"], a["score"]) for a in expected["areas"]
    ]
    assert all(area["name"] for area in results["areas"])


def test_area_names_follow_the_requests_language(token_client, owner, worked_assessment):
    url = reverse("api:assessment", args=[worked_assessment.pk])
    client = token_client(owner)
    english = client.get(url, headers={"accept-language": "en"}).json()["results"]["areas"]
    chinese = client.get(url, headers={"accept-language": "zh-hans"}).json()["results"]["areas"]
    assert [a["code"] for a in english] == [a["code"] for a in chinese]
    assert [a["name"] for a in english] != [a["name"] for a in chinese]


def test_the_gaps_come_in_priority_order_as_the_score_command_gives_them(
    token_client, owner, worked_assessment
):
    expected = breakdown(assessment_results(worked_assessment))["gaps"]
    assert len(expected) >= 2
    body = (
        token_client(owner).get(reverse("api:assessment_gaps", args=[worked_assessment.pk])).json()
    )
    assert body["count"] == len(expected)
    assert body["results"] == expected


class TestPlans:
    def codes(self, client, url, **query) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return [a["title"] for a in response.json()["results"]]

    def test_the_site_plan_lists_the_actions_to_do_soonest_first(self, token_client, owner, plan):
        site = plan["late"].site
        body = token_client(owner).get(reverse("api:site_actions", args=[site.pk])).json()
        assert [a["title"] for a in body["results"]] == ["Late", "Soon"]
        late = body["results"][0]
        assert late["overdue"] is True and late["owner"]["name"] == "editor"
        assert (late["criterion_code"], late["area"], late["site_name"]) == (
            "RIGHTS-01", "RIGHTS", site.name,
        )  # fmt: skip

    @pytest.mark.parametrize(
        ("query", "titles"),
        [
            ({"status": "all"}, ["Late", "Soon", "Done"]),
            ({"status": "done"}, ["Done"]),
            ({"owner": "me"}, []),
            ({"owner": "none"}, ["Soon"]),
            ({"due": "overdue"}, ["Late"]),
            ({"due": "30"}, ["Soon"]),
            ({"area": "GREEN"}, ["Soon"]),
            ({"sort": "priority"}, ["Soon", "Late"]),
        ],
    )
    def test_the_firm_plan_filters_as_its_page(
        self, token_client, owner, firm, plan, query, titles
    ):
        assert (
            self.codes(token_client(owner), reverse("api:firm_actions", args=[firm.pk]), **query)
            == titles
        )

    def test_an_owner_filter_by_id(self, token_client, owner, editor, firm, plan):
        url = reverse("api:firm_actions", args=[firm.pk])
        assert self.codes(token_client(editor), url, owner="me") == ["Late"]
        assert self.codes(token_client(owner), url, owner=str(editor.pk)) == ["Late"]

    @pytest.mark.parametrize(
        "query", [{"status": "late"}, {"due": "12"}, {"sort": "name"}, {"owner": "x"}]
    )
    def test_a_wrong_filter_answers_400_with_its_reason(self, token_client, owner, firm, query):
        response = token_client(owner).get(reverse("api:firm_actions", args=[firm.pk]), query)
        assert response.status_code == 400
        assert set(response.json()) == set(query)


class TestPages:
    def test_a_list_comes_in_pages(self, token_client, owner, firm):
        for n in range(5):
            SiteFactory(firm=firm, name=f"Mine {n}")
        client = token_client(owner)
        url = reverse("api:firm_sites", args=[firm.pk])
        first = client.get(url, {"page_size": 2}).json()
        assert first["count"] == 5 and len(first["results"]) == 2
        assert first["previous"] is None and "page=2" in first["next"]
        last = client.get(url, {"page_size": 2, "page": 3}).json()
        assert [s["name"] for s in last["results"]] == ["Mine 4"] and last["next"] is None
        assert client.get(url, {"page": 9}).status_code == 404

    def test_a_page_holds_50_and_100_at_most(self, token_client, owner, firm):
        Action.objects.all().delete()
        for n in range(120):
            SiteFactory(firm=firm, name=f"Mine {n:03d}")
        client = token_client(owner)
        url = reverse("api:firm_sites", args=[firm.pk])
        assert len(client.get(url).json()["results"]) == 50
        assert len(client.get(url, {"page_size": 1000}).json()["results"]) == 100

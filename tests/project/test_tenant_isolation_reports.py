"""Results, portfolio, group matrix (and its downloads), site trend and compare, as owner,
editor, viewer and outsider: members read them, an outsider gets 404, and a comparison across
sites or firms is 404 for everyone."""

from datetime import date

import pytest
from django.urls import reverse

from assessment.models import Membership
from assessment.workflow import assessment_start
from tests.helpers import WORKED_ANSWERS, SiteFactory, answer_all, pdf_text, submit_on

pytestmark = pytest.mark.django_db
PAGES = ["results", "portfolio", "group_matrix", "site_trend", "compare"]


@pytest.fixture
def objects(site, owner, start, freeze_today):
    earlier = submit_on(answer_all(start(site), owner, WORKED_ANSWERS), owner, date(2026, 1, 5))
    later = answer_all(start(site), owner, WORKED_ANSWERS)
    return {"earlier": earlier, "later": later, "firm": site.firm}


def url(name: str, objects) -> str:
    if name == "results":
        return reverse("reports:results", args=[objects["later"].pk])
    if name == "portfolio":
        return reverse("reports:portfolio", args=[objects["firm"].pk])
    if name == "group_matrix":
        return reverse("reports:group_matrix", args=[objects["firm"].pk])
    if name == "site_trend":
        return reverse("reports:site_trend", args=[objects["earlier"].site_id])
    return reverse("reports:compare", args=[objects["later"].pk, objects["earlier"].pk])


@pytest.mark.parametrize("person", ["owner", "editor", "viewer"])
@pytest.mark.parametrize("name", PAGES)
def test_members_read_every_page(login, objects, request, person, name):
    response = login(request.getfixturevalue(person)).get(url(name, objects))
    assert response.status_code == 200
    assert objects["firm"].name in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_an_outsider_gets_404(login, outsider, objects, name):
    response = login(outsider).get(url(name, objects))
    assert response.status_code == 404
    assert objects["firm"].name.encode() not in response.content


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, objects, name):
    response = client.get(url(name, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_comparing_with_another_site_of_the_same_firm_is_404(login, owner, objects, start):
    other_site = SiteFactory(firm=objects["firm"], name="Second mine")
    other = start(other_site)
    response = login(owner).get(reverse("reports:compare", args=[objects["later"].pk, other.pk]))
    assert response.status_code == 404


def test_comparing_with_another_firms_assessment_is_404(
    login, owner, outsider, objects, imported_version
):
    outsider_firm = outsider.memberships.get().firm
    foreign = assessment_start(
        site=SiteFactory(firm=outsider_firm, name="Foreign mine"),
        version=imported_version,
        user=outsider,
    )
    client = login(owner)
    for args in ([objects["later"].pk, foreign.pk], [foreign.pk, objects["later"].pk]):
        assert client.get(reverse("reports:compare", args=args)).status_code == 404
    # Even a member of both firms cannot compare assessments of two different sites.
    Membership.objects.create(firm=outsider_firm, user=owner, role=Membership.Role.OWNER)
    assert (
        client.get(reverse("reports:compare", args=[objects["later"].pk, foreign.pk])).status_code
        == 404
    )
    assert client.get(reverse("reports:results", args=[foreign.pk])).status_code == 200


def test_an_outsider_cannot_reach_a_comparison_through_their_own_assessment(
    login, outsider, objects, imported_version
):
    own = assessment_start(
        site=SiteFactory(firm=outsider.memberships.get().firm, name="Own mine"),
        version=imported_version,
        user=outsider,
    )
    response = login(outsider).get(reverse("reports:compare", args=[own.pk, objects["later"].pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("export", ["xlsx", "csv"])
def test_the_group_matrix_downloads_are_for_members_only(login, owner, outsider, objects, export):
    url = reverse("reports:group_matrix", args=[objects["firm"].pk]) + f"?format={export}"
    assert login(owner).get(url).status_code == 200
    response = login(outsider).get(url)
    assert response.status_code == 404
    assert objects["firm"].name.encode() not in response.content


def test_the_group_report_pdf_is_for_members_only(login, viewer, outsider, objects):
    url = reverse("reports:group_report_pdf", args=[objects["firm"].pk, "en"])
    assert login(viewer).get(url).status_code == 200
    response = login(outsider).get(url)
    assert response.status_code == 404
    assert objects["firm"].name.encode() not in response.content


@pytest.mark.parametrize("person", ["owner", "editor"])
def test_the_group_report_pdf_is_for_every_member(login, objects, request, person):
    url = reverse("reports:group_report_pdf", args=[objects["firm"].pk, "zh-hans"])
    response = login(request.getfixturevalue(person)).get(url)
    assert response.status_code == 200
    assert objects["firm"].name in pdf_text(b"".join(response.streaming_content))


def test_the_group_report_sends_anonymous_users_to_sign_in(client, objects):
    response = client.get(reverse("reports:group_report_pdf", args=[objects["firm"].pk, "en"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))

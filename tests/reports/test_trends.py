"""Scores over time: a site's overall and area scores over its submitted assessments (a fragment
of the site page, or a page of its own), and the group's average overall score and green-mine
share on the portfolio; both from stored results in a bounded number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import StoredResults
from tests.helpers import (
    GREEN_NOT_READY,
    GREEN_READY,
    WORKED_ANSWERS,
    answer_all,
    bulk_sites,
    bulk_submitted,
    submit_on,
    use_language,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(site, owner, start, freeze_today):
    """Two submitted assessments of the site (January, then February) and a draft."""
    first = submit_on(answer_all(start(site), owner, WORKED_ANSWERS), owner, date(2026, 1, 5))
    second = submit_on(answer_all(start(site), owner, GREEN_READY), owner, date(2026, 2, 9))
    answer_all(start(site), owner, GREEN_NOT_READY)
    return first, second


def test_the_site_trend_lists_each_submitted_assessment_oldest_first(login, owner, history):
    response = login(owner).get(reverse("reports:site_trend", args=[history[0].site_id]))
    assert response.status_code == 200
    assert [r.assessment.pk for r in response.context["history"]] == [a.pk for a in history]
    assert [r.score.overall for r in response.context["history"]] == [58.92, 57.14]
    page = response.content.decode()
    assert page.count('class="trend-row"') == 2
    assert "<svg" in page and "<polyline" in page
    assert "<!doctype html>" in page


def test_the_site_page_loads_it_as_a_fragment(login, owner, history):
    client = login(owner)
    site_page = client.get(reverse("assessment:site_detail", args=[history[0].site_id]))
    url = reverse("reports:site_trend", args=[history[0].site_id])
    assert f'hx-get="{url}"' in site_page.content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.content.decode().startswith('<div class="site-trend">')


def test_the_trend_reads_the_stored_results(login, owner, history):
    stored = StoredResults.objects.get(assessment=history[0])
    stored.document["overall_exact"] = stored.summary["overall_exact"] = "12/1"
    stored.save()
    response = login(owner).get(reverse("reports:site_trend", args=[history[0].site_id]))
    assert response.context["history"][0].score.overall == 12


def test_a_site_without_a_submission_says_so(login, owner, site, start):
    start(site)
    response = login(owner).get(reverse("reports:site_trend", args=[site.pk]))
    assert response.status_code == 200
    assert response.context["history"] == []
    assert "No submitted assessment yet" in response.content.decode()


def test_it_is_in_chinese(client, login, owner, history):
    client = login(owner)
    use_language(client, "zh-hans")
    response = client.get(reverse("reports:site_trend", args=[history[0].site_id]))
    assert "历次评估得分" in response.content.decode()


def test_an_outsider_gets_404(login, outsider, history):
    response = login(outsider).get(reverse("reports:site_trend", args=[history[0].site_id]))
    assert response.status_code == 404


def test_the_site_trend_runs_the_same_queries_for_2_or_6_submissions(
    login, owner, site, start, freeze_today
):
    client = login(owner)
    url = reverse("reports:site_trend", args=[site.pk])
    counts = []
    for month in range(1, 7):
        submit_on(answer_all(start(site), owner, WORKED_ANSWERS), owner, date(2026, month, 2))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[5]


def test_the_portfolio_shows_the_group_over_time(login, owner, firm, imported_version):
    sites = bulk_sites(firm, 4)
    ready = {s.name for s in sites[:2]}
    answers = lambda s: GREEN_READY if s.name in ready else GREEN_NOT_READY  # noqa: E731
    bulk_submitted(sites, imported_version, answers, day=date(2026, 1, 10), store=True)
    bulk_submitted(sites[2:3], imported_version, lambda s: GREEN_READY, day=date(2026, 5, 3))
    response = login(owner).get(reverse("reports:portfolio", args=[firm.pk]))
    assert response.status_code == 200
    points = response.context["trend"].points
    assert [p.on for p in points[:2]] == [date(2026, 3, 31), date(2026, 6, 30)]
    assert [(p.assessed, p.green_ready, p.green_counted) for p in points[:2]] == [
        (4, 2, 4), (4, 3, 4),
    ]  # fmt: skip
    assert 'id="group-trend"' in response.content.decode()


@pytest.mark.parametrize("stored", [True, False])
def test_the_portfolio_runs_the_same_queries_for_5_or_40_sites(
    login, owner, firm, imported_version, stored
):
    client = login(owner)
    counts = []
    for count in (5, 35):
        sites = bulk_sites(firm, count, prefix=f"S{count}")
        bulk_submitted(sites, imported_version, lambda s: GREEN_READY, store=stored)
        bulk_submitted(sites, imported_version, lambda s: GREEN_NOT_READY, store=stored)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:portfolio", args=[firm.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

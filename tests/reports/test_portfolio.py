"""The portfolio page of a firm: each site's latest submitted score and band, green-mine progress
against the 90 % (large) and 80 % (medium) targets, "N more sites", the time left to
2028-12-31, and a bounded number of queries whatever the number of sites."""

from datetime import date

import pytest
from django.urls import reverse

from assessment.models import Assessment
from assessment.portfolio import firm_portfolio, time_left
from assessment.results import assessment_results
from tests.helpers import (
    GREEN_NOT_READY,
    GREEN_READY,
    answer_all,
    bulk_sites,
    bulk_submitted,
    submit_on,
)

pytestmark = pytest.mark.django_db
PORTFOLIO_QUERY_BOUND = 10  # session, user, firm + the six of firm_portfolio + the group trend


def green(ready_names: set[str]):
    return lambda site: GREEN_READY if site.name in ready_names else GREEN_NOT_READY


@pytest.fixture
def mixed_firm(firm, imported_version, start):
    """10 large licensed-and-producing sites: 7 ready, 2 not ready, 1 with a draft only;
    5 medium ones: 3 ready, 2 not; 1 small and 1 large not-producing site, both ready (they do
    not count towards the targets)."""
    large = bulk_sites(firm, 10, prefix="Large")
    medium = bulk_sites(firm, 5, prefix="Medium", scale="medium", annual_capacity=100)
    small = bulk_sites(firm, 1, prefix="Small", scale="small", annual_capacity=10)
    idle = bulk_sites(firm, 1, prefix="Idle", licensed_producing=False)
    ready = {f"Large {i:03d}" for i in range(7)} | {f"Medium {i:03d}" for i in range(3)}
    ready |= {"Small 000", "Idle 000"}
    bulk_submitted(large[:9] + medium + small + idle, imported_version, green(ready))
    start(large[9])  # a draft: does not count
    return firm


def test_it_counts_ready_sites_against_the_targets(owner, mixed_firm, freeze_today):
    portfolio = firm_portfolio(mixed_firm)
    large, medium = portfolio.green_mine.large, portfolio.green_mine.medium
    # large: ceil(90 % × 10) = 9 must be ready, 7 are: 2 more. medium: ceil(80 % × 5) = 4, 3 are.
    assert (large.total, large.ready, large.more_needed, large.met) == (10, 7, 2, False)
    assert (medium.total, medium.ready, medium.more_needed, medium.met) == (5, 3, 1, False)
    assert portfolio.assessed == 16
    by_name = {row.site.name: row for row in portfolio.sites}
    assert by_name["Large 009"].results is None
    assert by_name["Large 009"].green_ready is None
    assert by_name["Large 000"].green_ready is True
    assert by_name["Large 008"].green_ready is False


def test_the_page_says_how_many_more_sites_must_get_there(login, owner, mixed_firm, freeze_today):
    response = login(owner).get(reverse("reports:portfolio", args=[mixed_firm.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    large = page[page.index('id="green-large"') : page.index('id="green-medium"')]
    medium = page[page.index('id="green-medium"') : page.index('id="sites-heading"')]
    assert "target 90 %" in large
    assert "7 of 10 ready (70 %)" in large
    assert "2 more sites must get there." in large
    assert '<progress class="w-100" id="green-bar-large" value="7" max="10">' in large
    assert "target 80 %" in medium
    assert "3 of 5 ready (60 %)" in medium
    assert "1 more site must get there." in medium
    assert "Small 000" not in large + medium and "Idle 000" not in large + medium


def test_the_page_says_when_a_target_is_met(login, owner, firm, imported_version, freeze_today):
    sites = bulk_sites(firm, 2, prefix="Large")
    bulk_submitted(sites, imported_version, green({"Large 000", "Large 001"}))
    page = login(owner).get(reverse("reports:portfolio", args=[firm.pk])).content.decode()
    assert "2 of 2 ready (100 %)" in page
    assert "Target met." in page
    assert "No licensed-and-producing site of this scale: nothing to reach." in page  # medium


@pytest.mark.parametrize(
    ("today", "days", "years", "months", "words"),
    [
        # 2026-11-28 -> 2026-12-31: 33 days, + 365 (2027) + 366 (2028) = 764; 25 months.
        (date(2026, 11, 28), 764, 2, 1, "about 2 years and 1 month)"),
        # 2026-03-01 -> 2026-12-31: 305 days, + 365 + 366 = 1036; 33 months.
        (date(2026, 3, 1), 1036, 2, 9, "about 2 years and 9 months)"),
        # 2027-12-31 -> 2028-12-31: 366 days (2028 is a leap year); 12 months.
        (date(2027, 12, 31), 366, 1, 0, "about 1 year and 0 months)"),
        (date(2028, 12, 31), 0, 0, 0, "about 0 years and 0 months)"),
    ],
)
def test_it_says_how_much_time_is_left(
    login, owner, firm, freeze_today, today, days, years, months, words
):
    freeze_today(today)
    response = login(owner).get(reverse("reports:portfolio", args=[firm.pk]))
    left = response.context["time_left"]
    assert (left.days, left.years, left.months) == (days, years, months)
    assert response.context["green_mine"].days_left == days
    page = response.content.decode()
    assert f"{days} days left until 31 December 2028" in page
    assert words in page


def test_it_says_when_the_deadline_has_passed(login, owner, firm, freeze_today):
    freeze_today(date(2029, 1, 10))
    page = login(owner).get(reverse("reports:portfolio", args=[firm.pk])).content.decode()
    assert "The deadline of 31 December 2028 passed 10 days ago." in page
    assert time_left(date(2029, 1, 10), date(2028, 12, 31)).days == -10


def test_it_shows_each_sites_latest_submitted_score(login, owner, site, freeze_today, start):
    first = answer_all(
        start(site), owner, {"RIGHTS-01": "no", "RIGHTS-02": "none", "GREEN-01": "0", "GREEN-02": 0}
    )
    submit_on(first, owner, date(2026, 1, 10))
    second = answer_all(
        start(site), owner, {"RIGHTS-01": "no", "RIGHTS-02": "all", "GREEN-01": "90", "GREEN-02": 4}
    )
    submit_on(second, owner, date(2026, 2, 10))
    answer_all(start(site), owner, {"RIGHTS-01": "no"})  # a newer draft: ignored
    response = login(owner).get(reverse("reports:portfolio", args=[site.firm_id]))
    row = response.context["portfolio"].sites[0]
    # second: overall = 100 × (0 + 3 + 3 + 5) / 14 = 78.57; RIGHTS-01 is a failed gate.
    assert row.results.assessment.pk == second.pk
    assert (row.results.score.overall, row.results.score.band) == (78.57, "partially_ready")
    page = response.content.decode()
    assert '<td class="text-end site-score">78.57</td>' in page
    assert reverse("reports:results", args=[second.pk]) in page


def test_a_site_without_a_submitted_assessment_says_so(login, owner, site, start, freeze_today):
    start(site)
    response = login(owner).get(reverse("reports:portfolio", args=[site.firm_id]))
    assert response.context["portfolio"].sites[0].results is None
    assert "no submitted assessment yet" in response.content.decode()


@pytest.mark.parametrize("count", [5, 40])
def test_the_page_runs_a_bounded_number_of_queries(
    login, owner, firm, imported_version, count, django_assert_max_num_queries
):
    sites = bulk_sites(firm, count)
    bulk_submitted(sites, imported_version, green({s.name for s in sites[: count // 2]}))
    client = login(owner)
    with django_assert_max_num_queries(PORTFOLIO_QUERY_BOUND):
        response = client.get(reverse("reports:portfolio", args=[firm.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="portfolio-site"') == count
    assert response.context["green_mine"].large.ready == count // 2


def test_the_portfolio_itself_runs_six_queries(firm, imported_version, django_assert_num_queries):
    sites = bulk_sites(firm, 30)
    bulk_submitted(sites, imported_version, green(set()))
    with django_assert_num_queries(6):
        portfolio = firm_portfolio(firm, today=date(2026, 3, 1))
    assert len(portfolio.sites) == 30


def test_results_already_computed_are_used_not_computed_again(owner, mixed_firm, freeze_today):
    """The report passes its own assessment's results: the portfolio uses that object and
    scores the other sites only (answers and evidence are loaded for them alone)."""
    mine = Assessment.objects.filter(site__firm=mixed_firm, state="submitted").first()
    results = assessment_results(mine)
    portfolio = firm_portfolio(mixed_firm, known={mine.pk: results})
    row = next(row for row in portfolio.sites if row.site.pk == mine.site_id)
    assert row.results is results
    assert firm_portfolio(mixed_firm).assessed == portfolio.assessed == 16

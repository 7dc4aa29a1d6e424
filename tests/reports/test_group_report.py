"""The group report PDF of a firm, in English and Chinese: the matrix (sites and scores), the
group over time and each site's scores, the group-wide top gaps, green-mine progress against the
2028 targets and the overdue actions; members only, in a fixed number of queries, fetching
nothing but our static files."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment import actions
from assessment.models import Action, Criterion, Site
from assessment.portfolio import firm_portfolio
from reports.group_report import GROUP_PDF_STYLESHEETS, group_report_html, render_group_report
from reports.matrix import group_matrix
from reports.pdf import REPORT_BASE_URL, ReportURLFetcher
from reports.presentation import number_text
from tests.helpers import (
    GREEN_NOT_READY,
    GREEN_READY,
    TODAY,
    bulk_sites,
    bulk_submitted,
    pdf_text,
    squashed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(firm, imported_version, owner, freeze_today):
    sites = bulk_sites(firm, 3)
    assessments = bulk_submitted(
        sites, imported_version, lambda s: GREEN_READY if s == sites[0] else GREEN_NOT_READY,
        store=True,
    )  # fmt: skip
    criterion = Criterion.objects.get(version=imported_version, code="GREEN-01")
    actions.action_create(
        assessment=assessments[1], criterion=criterion, user=owner, priority=3,
        title="Build the tailings dam", due_on=TODAY - timedelta(days=5),
    )  # fmt: skip
    return firm


def pdf_of(client, firm, language: str) -> str:
    response = client.get(reverse("reports:group_report_pdf", args=[firm.pk, language]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return squashed(pdf_text(b"".join(response.streaming_content)))


def test_the_english_report_has_every_part(login, owner, group):
    text = pdf_of(login(owner), group, "en")
    for part in (
        "Group report: Huabei Mining", "Sites and areas", "Site 000", "Group-wide top gaps",
        "RIGHTS-01", "Green-mine readiness", "Overdue actions", "Build the tailings dam",
    ):  # fmt: skip
        assert squashed(part) in text


def test_the_chinese_report_is_in_chinese(login, viewer, group):
    text = pdf_of(login(viewer), group, "zh-hans")
    for part in ("集团报告", "矿山与领域", "集团主要差距", "逾期整改事项"):
        assert part in text


def test_with_one_day_of_history_no_site_trend_repeats_the_matrix(login, owner, group):
    text = pdf_of(login(owner), group, "en")
    assert squashed("The group over time") in text
    assert squashed("Overall score of each site") not in text


def test_the_html_is_well_formed_and_lists_every_site(group):
    import xml.etree.ElementTree as ET

    html = group_report_html(group, "en")
    ET.fromstring(html)
    assert html.count("Site 00") >= 3


def test_an_outsider_or_another_language_gets_404(login, outsider, owner, group):
    url = reverse("reports:group_report_pdf", args=[group.pk, "en"])
    assert login(outsider).get(url).status_code == 404
    other = reverse("reports:group_report_pdf", args=[group.pk, "fr"])
    assert login(owner).get(other).status_code == 404


LATE = "Replant the waste dump"
HALF_WIDTH_AFTER_CJK = re.compile(r"[\u3400-\u9fff）》」][:;,?!]")


def report_url(firm, language: str) -> str:
    return reverse("reports:group_report_pdf", args=[firm.pk, language])


@pytest.fixture
def four_sites(firm, imported_version, freeze_today, owner):
    """Two ready large coal sites (one with a Chinese name; the other also submitted, not
    ready, in November 2025), a not-ready medium gold site, one site never assessed; an
    overdue action at a ready site and one not yet due."""
    ready = bulk_sites(firm, 1, prefix="Ready") + bulk_sites(firm, 1, prefix="准格尔露天煤矿")
    weak = bulk_sites(firm, 1, prefix="Weak", province="SD", minerals=["gold"], scale="medium")
    bulk_sites(firm, 1, prefix="Unassessed", province="SX")
    earlier = date(2025, 11, 3)
    bulk_submitted(ready[:1] + weak, imported_version, lambda s: GREEN_NOT_READY, day=earlier)
    later = bulk_submitted(
        ready + weak, imported_version, lambda s: GREEN_READY if s in ready else GREEN_NOT_READY,
        store=True,
    )  # fmt: skip
    criterion = Criterion.objects.get(version=imported_version, code="GREEN-01")
    for assessment, title, days in ((later[0], LATE, -12), (later[1], "Not due yet", 30)):
        actions.action_create(
            assessment=assessment, criterion=criterion, user=owner, priority=3, title=title,
            due_on=TODAY + timedelta(days=days),
        )  # fmt: skip
    return firm


def test_it_shows_the_matrix_trends_top_gaps_targets_and_overdue_actions(login, owner, four_sites):
    response = login(owner).get(report_url(four_sites, "en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "-group-2026-03-01-en.pdf" in response["Content-Disposition"]
    text = pdf_text(b"".join(response.streaming_content))
    flat = squashed(text)
    for site in ("Ready 000", "准格尔露天煤矿 000", "Weak 000", "Unassessed 000"):
        assert squashed(site) in flat
    portfolio = firm_portfolio(four_sites, today=TODAY)
    for row in portfolio.sites:
        if row.results:
            assert number_text(row.results.score.overall) in text
    headings = (
        "Group report",
        "Sites and areas",
        "The group over time",
        "Group-wide top gaps",
    )
    assert all(squashed(heading) in flat for heading in headings)
    # Each site's score at the two quarters' ends since the first submission.
    assert squashed("Overall score of each site at the quarters' ends") in flat
    assert "31 Dec 2025" in text and "1 Mar 2026" in text
    top = group_matrix(four_sites, {}, today=TODAY).top_gaps
    assert top and all(gap.code in text for gap in top)
    # Green-mine targets: 90 % of large, 80 % of medium mines by 31 December 2028.
    assert "90 %" in text and "80 %" in text and "2028" in text
    assert squashed("1 more site") in flat  # the medium site is not ready
    assert squashed(LATE) in flat and squashed("Not due yet") not in flat
    assert squashed("12") in flat  # days overdue
    assert Action.objects.filter(site__firm=four_sites).count() == 2


def test_the_chinese_report_reads_native(login, owner, four_sites, compiled_messages):
    response = login(owner).get(report_url(four_sites, "zh-hans"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('zh-hans.pdf"')
    text = pdf_text(b"".join(response.streaming_content))
    assert "集团报告" in text and "准格尔露天煤矿" in text
    assert "Group report" not in text and "Sites and areas" not in text
    assert HALF_WIDTH_AFTER_CJK.findall(text) == []


@pytest.mark.parametrize("person", ["editor", "viewer"])
def test_every_member_may_download_it(login, four_sites, request, person):
    response = login(request.getfixturevalue(person)).get(report_url(four_sites, "en"))
    assert response.status_code == 200
    assert four_sites.name in pdf_text(b"".join(response.streaming_content))


def test_an_outsider_gets_404_and_anonymous_users_sign_in(client, login, outsider, four_sites):
    assert client.get(report_url(four_sites, "en")).status_code == 302
    response = login(outsider).get(report_url(four_sites, "en"))
    assert response.status_code == 404
    assert four_sites.name.encode() not in response.content
    assert Action.objects.filter(site__firm=four_sites).count() == 2


def test_it_runs_the_same_queries_for_3_or_20_sites(
    login, owner, firm, imported_version, freeze_today, django_assert_max_num_queries
):
    client = login(owner)
    counts = []
    criterion = Criterion.objects.get(version=imported_version, code="GREEN-01")
    for count in (3, 17):
        sites = bulk_sites(firm, count, prefix=f"S{count}")
        bulk_submitted(sites, imported_version, lambda s: GREEN_READY, day=date(2025, 9, 1))
        later = bulk_submitted(sites, imported_version, lambda s: GREEN_NOT_READY, store=True)
        for assessment in later:
            actions.action_create(
                assessment=assessment, criterion=criterion, user=owner, priority=3,
                title="Late", due_on=TODAY - timedelta(days=1),
            )  # fmt: skip
        with CaptureQueriesContext(connection) as queries:
            response = client.get(report_url(firm, "en"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert squashed("S17 016") in squashed(pdf_text(b"".join(response.streaming_content)))
    # Session, user, firm; the portfolio (3: sites, assessments, areas), action counts, top
    # gaps' texts, the trend's assessments and the overdue actions; 5 to score the earlier
    # assessments, whose results are not stored, live.
    assert counts == [15, 15]
    with django_assert_max_num_queries(15):
        client.get(report_url(firm, "zh-hans"))


def test_it_fetches_nothing_but_our_static_files(four_sites, monkeypatch):
    fetched = []
    real = ReportURLFetcher.fetch

    def recording(self, url, headers=None):
        fetched.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(ReportURLFetcher, "fetch", recording)
    Site.objects.filter(firm=four_sites, name="Ready 000").update(
        name='Ready <img src="file:///etc/passwd"> <img src="http://127.0.0.1/t.png">'
    )
    rendered = render_group_report(four_sites, "en")
    assert rendered.pdf.startswith(b"%PDF-")
    allowed = {url for _name, url in GROUP_PDF_STYLESHEETS}
    fonts = f"{REPORT_BASE_URL}static/fonts/"
    assert [url for url in fetched if url not in allowed and not url.startswith(fonts)] == []
    assert squashed('<img src="file:///etc/passwd">') in squashed(pdf_text(rendered.pdf))


def test_the_matrix_and_portfolio_pages_link_to_it(login, owner, four_sites):
    client = login(owner)
    names = ("reports:group_matrix", "reports:portfolio")
    pages = [client.get(reverse(name, args=[four_sites.pk])) for name in names]
    assert [page.status_code for page in pages] == [200, 200]
    for language in ("en", "zh-hans"):
        assert all(report_url(four_sites, language) in page.content.decode() for page in pages)

"""The group matrix of a firm: sites against areas coloured by band, with overall, band, stage,
scale, last submission and open and overdue actions; filters and sort from the query string;
group-wide top gaps; Excel and CSV downloads; a fixed number of queries however many sites."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessment import actions
from assessment.models import Action, Criterion, Site
from tests.helpers import (
    GREEN_NOT_READY,
    GREEN_READY,
    TODAY,
    bulk_sites,
    bulk_submitted,
    use_language,
)

pytestmark = pytest.mark.django_db


def matrix_url(firm, **query: str) -> str:
    url = reverse("reports:group_matrix", args=[firm.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def group(firm, imported_version, freeze_today, owner):
    """Two ready large coal sites in Inner Mongolia, one not-ready medium gold site in Shandong
    at construction, one site never assessed; the ready ones have one overdue action each."""
    ready = bulk_sites(firm, 2, prefix="Ready")
    weak = bulk_sites(
        firm, 1, prefix="Weak", province="SD", minerals=["gold"], scale="medium",
        stage=Site.Stage.CONSTRUCTION,
    )  # fmt: skip
    bulk_sites(firm, 1, prefix="Unassessed", province="SX")
    assessments = bulk_submitted(
        ready + weak, imported_version, lambda s: GREEN_READY if s in ready else GREEN_NOT_READY,
        store=True,
    )  # fmt: skip
    criterion = Criterion.objects.get(version=imported_version, code="GREEN-01")
    for assessment in assessments[:2]:
        actions.action_create(
            assessment=assessment, criterion=criterion, user=owner, priority=3,
            title="Fix it", due_on=TODAY - timedelta(days=3),
        )  # fmt: skip
    return firm


def rows(response) -> list[str]:
    return [row.site.name for row in response.context["matrix"].rows]


def test_it_shows_every_site_against_every_area(login, owner, group):
    response = login(owner).get(matrix_url(group))
    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert [c.code for c in matrix.columns] == ["RIGHTS", "GREEN"]
    assert rows(response) == ["Ready 000", "Ready 001", "Unassessed 000", "Weak 000"]
    weak = matrix.rows[3]
    assert weak.band == "not_ready" and weak.site.get_stage_display() == "construction"
    assert [cell.band for cell in weak.cells] == ["not_ready", "partially_ready"]
    ready = matrix.rows[0]
    assert [cell.band for cell in ready.cells] == ["not_ready", "ready"]
    assert (ready.actions.to_do, ready.actions.overdue) == (1, 1)
    assert (weak.actions.to_do, weak.actions.overdue) == (0, 0)
    page = response.content.decode()
    assert page.count('<tr class="matrix-site"') == 4
    assert 'table-success" data-band="ready"' in page
    assert 'table-danger" data-band="not_ready"' in page
    assert "table-responsive" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"province": "SD"}, ["Weak 000"]),
        ({"mineral": "gold"}, ["Weak 000"]),
        ({"scale": "large"}, ["Ready 000", "Ready 001", "Unassessed 000"]),
        ({"stage": "construction"}, ["Weak 000"]),
        ({"band": "not_ready"}, ["Weak 000"]),
        ({"band": "none"}, ["Unassessed 000"]),
        ({"province": "NM", "band": "not_ready"}, []),
        ({"province": "XX"}, ["Ready 000", "Ready 001", "Unassessed 000", "Weak 000"]),
    ],
)
def test_it_filters_the_sites(login, owner, group, query, expected):
    response = login(owner).get(matrix_url(group, **query))
    assert response.status_code == 200
    assert rows(response) == expected


def test_it_sorts_the_sites(login, owner, group):
    client = login(owner)
    by_overdue = rows(client.get(matrix_url(group, sort="overdue")))
    assert by_overdue[:2] == ["Ready 000", "Ready 001"]
    by_band = rows(client.get(matrix_url(group, sort="band")))
    assert by_band == ["Ready 000", "Ready 001", "Weak 000", "Unassessed 000"]
    by_score = client.get(matrix_url(group, sort="overall")).context["matrix"].rows
    scores = [row.overall for row in by_score if row.overall is not None]
    assert scores == sorted(scores, reverse=True) and by_score[-1].overall is None


def test_it_lists_the_criteria_failing_at_the_most_sites(login, owner, group):
    response = login(owner).get(matrix_url(group))
    top = response.context["matrix"].top_gaps
    # Every assessed site fails RIGHTS-01 and RIGHTS-02 ("no" / "none"); GREEN only at Weak.
    assert {gap.code: gap.sites for gap in top}["RIGHTS-01"] == 3
    assert {gap.code: gap.sites for gap in top}["GREEN-01"] == 1
    assert top[0].sites == 3
    assert 'class="top-gap" data-code="RIGHTS-01"' in response.content.decode()


def test_filters_narrow_the_top_gaps(login, owner, group):
    response = login(owner).get(matrix_url(group, province="NM"))
    assert "GREEN-01" not in {gap.code for gap in response.context["matrix"].top_gaps}


@pytest.mark.parametrize("person", ["owner", "viewer"])
def test_members_read_it_in_chinese(client, login, group, request, person):
    client = login(request.getfixturevalue(person))
    use_language(client, "zh-hans")
    response = client.get(matrix_url(group))
    assert response.status_code == 200
    page = response.content.decode()
    assert "集团矩阵" in page and "未就绪" in page


def test_the_excel_file_holds_the_filtered_rows_as_text(login, owner, group):
    Site.objects.filter(name="Weak 000").update(name='=HYPERLINK("http://x","y")')
    response = login(owner).get(matrix_url(group, format="xlsx", province="SD"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == ["Site", "Province", "Minerals", "Scale", "Stage", "Overall score", "Band"]
    assert sheet.max_row == 2
    name = sheet.cell(row=2, column=1)
    assert name.value == '=HYPERLINK("http://x","y")' and name.data_type == "s"
    assert sheet.cell(row=2, column=7).value == "not ready"


def test_the_csv_file_is_utf8_with_a_bom_in_the_chosen_language(client, login, owner, group):
    client = login(owner)
    use_language(client, "zh-hans")
    response = client.get(matrix_url(group, format="csv", band="not_ready"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("矿山,")
    assert lines[1].startswith("Weak 000,山东省,金,") and ",未就绪," in lines[1]


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","y")', "+1+1", "-1+1", "@SUM(A1)", "＝1+1", " =1+1"]
)
def test_a_site_name_that_reads_as_a_formula_is_text_in_the_csv(login, owner, group, name):
    Site.objects.filter(name="Weak 000").update(name=name)
    response = login(owner).get(matrix_url(group, format="csv", band="not_ready"))
    row = response.content.decode("utf-8-sig").splitlines()[1]
    assert row.startswith(("'", "\"'"))


def test_a_row_links_its_site_and_results_and_escapes_the_name(login, owner, group):
    weak = Site.objects.get(name="Weak 000")
    Site.objects.filter(pk=weak.pk).update(name="<b>Weak</b> & co")
    response = login(owner).get(matrix_url(group, province="SD"))
    assert response.status_code == 200
    row = response.content.decode().split('<tr class="matrix-site"')[1].split("</tr>")[0]
    assessment = response.context["matrix"].rows[0].results.assessment
    assert f'<a href="{reverse("assessment:site_detail", args=[weak.pk])}">' in row
    assert "&lt;b&gt;Weak&lt;/b&gt; &amp; co" in row and "<b>" not in row
    assert f'<a href="{reverse("reports:results", args=[assessment.pk])}">' in row
    assert "Shandong · Gold</div>" in row and "<td>construction</td><td>medium</td>" in row
    assert '<td class="text-end">0</td><td class="text-end">0</td></tr>' in row + "</tr>"


def test_an_outsider_gets_404(login, outsider, group):
    for export in ("", "xlsx", "csv"):
        response = login(outsider).get(matrix_url(group, format=export))
        assert response.status_code == 404
    assert Action.objects.count() == 2


@pytest.mark.parametrize("stored", [True, False])
def test_it_runs_the_same_queries_for_5_or_40_sites(
    login, owner, firm, imported_version, stored, django_assert_max_num_queries
):
    client = login(owner)
    counts = []
    for count in (5, 35):
        sites = bulk_sites(firm, count, prefix=f"S{count}")
        bulk_submitted(sites, imported_version, lambda s: GREEN_READY, store=stored)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(matrix_url(firm))
        assert response.status_code == 200
        counts.append(len(queries))
    assert response.content.decode().count('<tr class="matrix-site"') == 40
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(13):
        client.get(matrix_url(firm, format="xlsx"))


def test_the_portfolio_and_firm_pages_link_to_it(login, owner, group):
    client = login(owner)
    url = reverse("reports:group_matrix", args=[group.pk])
    for page in ("reports:portfolio", "assessment:firm_detail"):
        response = client.get(reverse(page, args=[group.pk]))
        assert response.status_code == 200 and url in response.content.decode()
    assert url in client.get(reverse("assessment:dashboard")).content.decode()


def test_dates_are_local(login, owner, group):
    response = login(owner).get(matrix_url(group))
    assert response.context["matrix"].rows[0].submitted_at.date() == date(2026, 3, 1)

"""The PDF report's deadlines table: each date with the days left, what is due then, and what is
still open (the gaps among its criteria, "met" when there are none, "—" when nothing is due).

The small test framework's GREEN-01 (a percentage, target 90 %) is due on 2028-12-31, the day of
the green-mine target; the report counts the days from TODAY (2026-03-01)."""

import re

import pytest

from reports.pdf import render_report_html
from tests.helpers import FULL_ANSWERS, SiteFactory, answer_all

pytestmark = pytest.mark.django_db


def text_of(cell: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def deadline_rows(html: str) -> list[list[str]]:
    """The text of each cell of the deadlines table, row by row."""
    table = html[html.index('<table class="deadlines">') :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    rows = re.findall(r"<tr.*?</tr>", body, flags=re.DOTALL)
    return [[text_of(cell) for cell in re.findall(r"<td.*?</td>", row)] for row in rows]


def test_a_criterion_not_met_is_still_open_on_its_deadline(worked_assessment):
    # GREEN-01 answered 45 % of its 90 % target: a gap.
    (row,) = deadline_rows(render_report_html(worked_assessment, "en"))
    date, days_left, due, still_open = row
    assert (date, days_left) == ("31 Dec 2028", "1036 days")
    assert due.startswith("Green-mine target: 90 % of large and 80 % of medium")
    assert due.endswith("Criteria: GREEN-01")
    assert still_open == "GREEN-01"


def test_a_deadline_whose_criteria_are_met_says_met(assessment, owner, freeze_today):
    answer_all(assessment, owner, FULL_ANSWERS, evidence=["RIGHTS-01"])
    (row,) = deadline_rows(render_report_html(assessment, "en"))
    assert row[0] == "31 Dec 2028"
    assert row[3] == "met"
    (row,) = deadline_rows(render_report_html(assessment, "zh-hans"))
    assert row[3] == "已满足"


def test_the_target_alone_has_nothing_open(firm, owner, start, freeze_today):
    # GREEN-01 applies to large and medium licensed-and-producing mines only.
    quarry = start(SiteFactory(firm=firm, name="Quarry", scale="small", licensed_producing=False))
    (row,) = deadline_rows(render_report_html(quarry, "en"))
    assert row[0] == "31 Dec 2028"
    assert "Criteria" not in row[2]
    assert row[3] == "—"

"""The green-mine rules that pages and the report print (ready from a score, the targets of
large and medium mines, the deadline) come from assessment/scoring/green_mine.py: change the
constants and every text follows, in both languages."""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from assessment.scoring import green_mine
from reports.pdf import render_report_html
from tests.helpers import use_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


@pytest.fixture
def other_rules(monkeypatch):
    monkeypatch.setattr(green_mine, "GREEN_READY_AT", 80)
    monkeypatch.setattr(green_mine, "GREEN_MINE_DEADLINE", date(2030, 6, 30))
    targets = {"large": Fraction(3, 4), "medium": Fraction(3, 5)}
    monkeypatch.setattr(green_mine, "GREEN_MINE_TARGETS", targets)


def page(client, language: str, url: str) -> str:
    use_language(client, language)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Green-mine readiness by 30 June 2030:"),
        ("zh-hans", "2030年6月30日前绿色矿山达标情况："),
    ],
)
def test_the_dashboard_prints_the_deadline(login, owner, site, other_rules, language, expected):
    assert expected in page(login(owner), language, reverse("assessment:dashboard"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "By 30 June 2030, 75 % of large and 60 % of medium licensed-and-producing",
                "scores at least 80 with no failed gate",
                "days left until 30 June 2030",
            ],
        ),
        (
            "zh-hans",
            [
                "到2030年6月30日，持证生产的大型矿山中 75%、中型矿山中 60% 须达到",
                "得分不低于 80 且该领域的否决项均已通过",
                "距2030年6月30日还有",
            ],
        ),
    ],
)
def test_the_portfolio_prints_the_rules(
    login, owner, firm, freeze_today, other_rules, language, expected
):
    text = page(login(owner), language, reverse("reports:portfolio", args=[firm.pk]))
    for sentence in expected:
        assert sentence in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Green-mine target: 75 % of large and 60 % of medium",  # deadlines
                "scores at least 80 with no failed gate. National policy asks that by "
                "30 June 2030, 75 % of large and 60 % of medium",  # methodology
                "75 % of a firm's large and 60 % of its medium",  # portfolio
                "scores at least 80 with no failed gate, by its latest",
            ],
        ),
        (
            "zh-hans",
            [
                "绿色矿山目标：持证生产的大型矿山中 75%、中型矿山中 60%",
                "得分不低于 80 且否决项均已通过时，即为绿色矿山达标。国家政策要求到"
                "2030年6月30日，持证生产的大型矿山中 75%、中型矿山中 60%",
                "企业持证生产的大型矿山中 75%、中型矿山中 60% 应建成绿色矿山",
            ],
        ),
    ],
)
def test_the_report_prints_the_rules(worked_assessment, other_rules, language, expected):
    html = render_report_html(worked_assessment, language)
    for sentence in expected:
        assert sentence in html

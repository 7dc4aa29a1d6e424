"""Dates, numbers and percentages follow the interface language, one date format per language
everywhere (config/formats/): 2026年3月1日 in Chinese, 1 Mar 2026 in English; scores keep their
decimal point and are never rounded differently."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.helpers import TODAY, submit_on, use_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


@pytest.fixture
def submitted(worked_assessment, owner):
    """The worked example (overall 58.92; GREEN-01, due 2028-12-31, is a gap), submitted on
    TODAY, 1 March 2026."""
    return submit_on(worked_assessment, owner, TODAY)


def results_page(client, owner, assessment, language: str) -> str:
    client.force_login(owner)
    use_language(client, language)
    response = client.get(reverse("reports:results", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_chinese_results_show_chinese_dates(client, owner, submitted):
    html = results_page(client, owner, submitted, "zh-hans")

    assert "提交于 2026年3月1日" in html
    assert "截止日期自 2026年3月1日 起计算" in html
    assert "2028年12月31日" in html  # the deadline of a gap
    assert "1 Mar 2026" not in html and "31 Dec 2028" not in html


def test_the_english_results_show_english_dates(client, owner, submitted):
    html = results_page(client, owner, submitted, "en")

    assert "submitted 1 Mar 2026" in html
    assert "deadlines counted from 1 Mar 2026" in html
    assert "31 Dec 2028" in html  # short dates too: one format
    assert "年" not in html and "12/31/2028" not in html


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_scores_and_percentages_read_the_same_in_both_languages(
    client,
    owner,
    submitted,
    language,
):
    html = results_page(client, owner, submitted, language)

    assert ">58.92<" in html  # the overall score, with its decimal point, in the gauge
    completion = {"en": "Completion: 100 %", "zh-hans": "完成度：100%"}[language]
    assert completion in html

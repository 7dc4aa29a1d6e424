"""Scores always read with two decimals, cut and never rounded up (reports/presentation.py
score_text, the |score and |signed_score filters): on pages, in the PDF and in the score
command, in both languages. Other numbers (priorities, weighted sums) keep their own digits.

The worked example (tests/reports/test_results.py explains the numbers): overall 58.92; RIGHTS-01
answered yes without its evidence scores s 0.5, GREEN-02 at maturity 3 scores 0.75.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from reports.pdf import render_report_html
from reports.presentation import score_text
from tests.helpers import use_language


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (72.5, "72.50"),
        (100.0, "100.00"),
        (100, "100.00"),
        (0, "0.00"),
        (0.3333, "0.33"),
        (0.6666, "0.66"),  # cut, not rounded up: a shown score was reached
        (84.999, "84.99"),
        (Decimal("-3"), "-3.00"),
        (Decimal("-0.0001"), "0.00"),
        (None, "—"),
    ],
)
def test_a_score_reads_with_two_decimals(value, text):
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert score_text(value) == text


def test_a_change_of_a_score_has_its_sign():
    assert score_text(Decimal("12.25"), signed=True) == "+12.25"
    assert score_text(Decimal("-3"), signed=True) == "-3.00"
    assert score_text(Decimal("0"), signed=True) == "0.00"


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_messages")
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_results_page_shows_every_score_with_two_decimals(
    client, owner, worked_assessment, language
):
    client.force_login(owner)
    use_language(client, language)
    response = client.get(reverse("reports:results", args=[worked_assessment.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ">58.92<" in html
    assert '<td class="text-end">0.50</td>' in html  # RIGHTS-01's s
    assert '<td class="text-end">0.75</td>' in html  # GREEN-02's s
    assert '<td class="text-end">0.5</td>' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_report_shows_scores_with_two_decimals(worked_assessment, language):
    html = render_report_html(worked_assessment, language)
    assert "58.92" in html
    assert "s = 0.50" in html and "s = 0.75" in html
    assert "s = 0.5 " not in html and "s = 0.5<" not in html


@pytest.mark.django_db
def test_the_score_command_prints_scores_with_two_decimals(worked_assessment, capsys):
    call_command("score", str(worked_assessment.pk))
    out = capsys.readouterr().out
    assert "58.92" in out
    assert "0.50" in out


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_messages")
def test_the_chinese_report_brackets_a_gaps_score_in_full_width(worked_assessment):
    assert "（s = 0.50）" in render_report_html(worked_assessment, "zh-hans")
    assert "(s = 0.50)" in render_report_html(worked_assessment, "en")

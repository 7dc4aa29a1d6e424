"""Compare two assessments of one site: change per area and overall, criteria that improved or
regressed, gaps closed and opened.

The worked pair (weights 3 except GREEN-02, 5):
  before (submitted): RIGHTS-01 no 0, RIGHTS-02 some 0.5, GREEN-01 45 % 0.5, GREEN-02 level 4 1
    RIGHTS 100 × 1.5 / 6 = 25; GREEN 100 × 6.5 / 8 = 81.25; overall 100 × 8 / 14 = 57.14
    gaps: RIGHTS-01, RIGHTS-02, GREEN-01
  after (draft): RIGHTS-01 yes + file 1, RIGHTS-02 none 0, GREEN-01 90 % 1, GREEN-02 level 3 0.75
    RIGHTS 100 × 3 / 6 = 50; GREEN 100 × 6.75 / 8 = 84.37; overall 100 × 9.75 / 14 = 69.64
    gaps: RIGHTS-02, GREEN-02
  changes: overall +12.5, RIGHTS +25, GREEN +3.12; improved RIGHTS-01 0 → 1, GREEN-01 0.5 → 1;
  regressed RIGHTS-02 0.5 → 0, GREEN-02 1 → 0.75; closed RIGHTS-01, GREEN-01; opened GREEN-02.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import workflow
from assessment.models import Evidence
from assessment.results import assessment_results
from assessment.scoring import comparison as compare_rules
from assessment.scoring.answers import AnswerInput
from assessment.scoring.breakdown import score_assessment
from assessment.scoring.comparison import compare_scores
from assessment.scoring.criteria import CriterionSpec
from tests.helpers import FULL_ANSWERS, answer_all, submit_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(site, owner, start, freeze_today):
    before = answer_all(
        start(site),
        owner,
        {"RIGHTS-01": "no", "RIGHTS-02": "some", "GREEN-01": "45", "GREEN-02": 4},
    )
    submit_on(before, owner, date(2026, 1, 10))
    after = answer_all(
        start(site),
        owner,
        {"RIGHTS-01": "yes", "RIGHTS-02": "none", "GREEN-01": "90", "GREEN-02": 3},
        evidence=["RIGHTS-01"],
    )
    return before, after


def get_compare(client, first, second):
    return client.get(reverse("reports:compare", args=[first.pk, second.pk]))


def test_it_shows_the_change_per_area_and_overall(login, owner, pair):
    before, after = pair
    response = get_compare(login(owner), after, before)
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert (comparison.overall.old, comparison.overall.new) == (57.14, 69.64)
    assert comparison.overall.delta == Decimal("12.5")
    assert [(a.code, a.old, a.new, a.delta) for a in comparison.areas] == [
        ("RIGHTS", 25, 50, Decimal(25)),
        ("GREEN", 81.25, 84.37, Decimal("3.12")),
    ]
    page = response.content.decode()
    overall = page[page.index('data-area="overall"') :]
    overall = overall[: overall.index("</tr>")]
    assert '<td class="text-end delta text-success">+12.50</td>' in overall
    green = page[page.index('data-area="GREEN"') :]
    green = green[: green.index("</tr>")]
    assert "81.25" in green and "84.37" in green and "+3.12" in green


def test_it_lists_criteria_that_improved_or_regressed(login, owner, pair):
    before, after = pair
    response = get_compare(login(owner), after, before)
    comparison = response.context["comparison"]
    assert [(c.code, c.old_s, c.new_s) for c in comparison.improved] == [
        ("RIGHTS-01", 0, 1),
        ("GREEN-01", 0.5, 1),
    ]
    assert [(c.code, c.old_s, c.new_s) for c in comparison.regressed] == [
        ("RIGHTS-02", 0.5, 0),
        ("GREEN-02", 1, 0.75),
    ]
    page = response.content.decode()
    improved = page[page.index('id="improved"') : page.index('id="regressed"')]
    assert 'data-code="RIGHTS-01"' in improved and "0 → 1" in improved
    assert "0.50 → 1.00" in improved and "Requirement GREEN-01" in improved
    regressed = page[page.index('id="regressed"') : page.index('id="gaps-closed"')]
    assert "0.50 → 0.00" in regressed and "1.00 → 0.75" in regressed


def test_it_lists_gaps_closed_and_opened(login, owner, pair):
    before, after = pair
    response = get_compare(login(owner), after, before)
    comparison = response.context["comparison"]
    assert [(g.code, g.reason) for g in comparison.gaps_closed] == [
        ("RIGHTS-01", "met"),
        ("GREEN-01", "met"),
    ]
    assert [(g.code, g.reason) for g in comparison.gaps_opened] == [("GREEN-02", "was_met")]
    assert comparison.gaps_remaining == ("RIGHTS-02",)
    page = response.content.decode()
    closed = page[page.index('id="gaps-closed"') : page.index('id="gaps-opened"')]
    assert "s 0.00 → 1.00: now met" in closed and "s 0.50 → 1.00: now met" in closed
    opened = page[page.index('id="gaps-opened"') :]
    assert "s 1.00 → 0.75: was met" in opened
    assert "1 gap remains open in both assessments." in page


def test_the_earlier_assessment_comes_first_whatever_the_url_order(login, owner, pair):
    before, after = pair
    client = login(owner)
    one, other = get_compare(client, after, before), get_compare(client, before, after)
    for response in (one, other):
        assert response.status_code == 200
        assert response.context["old"].assessment.pk == before.pk
        assert response.context["new"].assessment.pk == after.pk
    assert one.context["comparison"] == other.context["comparison"]
    assert "A draft takes part" in one.content.decode()


def test_an_assessment_cannot_be_compared_with_itself(login, owner, pair):
    before, _after = pair
    assert get_compare(login(owner), before, before).status_code == 404


def spec(code: str) -> CriterionSpec:
    return CriterionSpec(code, code.split("-")[0], 1, "practice", False, "yes_no", {})


def test_gaps_closed_by_na_or_by_leaving_the_assessment_say_why(db):
    criteria = [spec("GREEN-01"), spec("GREEN-02"), spec("GREEN-03")]
    old = score_assessment(criteria, {}, today=date(2026, 3, 1))  # all unanswered: three gaps
    new = score_assessment(
        criteria[:2], {"GREEN-01": AnswerInput(is_na=True)}, today=date(2026, 3, 1)
    )
    result = compare_scores(old, new)
    assert [(g.code, g.reason) for g in result.gaps_closed] == [
        ("GREEN-01", compare_rules.NOW_NA),
        ("GREEN-03", compare_rules.NO_LONGER_ASSESSED),
    ]
    back = compare_scores(new, old)
    assert [(g.code, g.reason) for g in back.gaps_opened] == [
        ("GREEN-01", compare_rules.WAS_NA),
        ("GREEN-03", compare_rules.NEWLY_ASSESSED),
    ]
    # N/A on one side is neither an improvement nor a regression.
    assert result.improved == result.regressed == ()


def test_a_carried_claim_whose_evidence_was_removed_shows_as_now_unsupported(
    login, owner, site, start, freeze_today
):
    before = answer_all(start(site), owner, FULL_ANSWERS, evidence=["RIGHTS-01"])
    submit_on(before, owner, date(2026, 1, 10))
    after = start(site, carry_over=True)  # answers carried over with their evidence files
    assert (
        compare_scores(assessment_results(before).score, assessment_results(after).score).regressed
        == ()
    )
    workflow.evidence_remove(evidence=Evidence.objects.get(answer__assessment=after))
    response = get_compare(login(owner), before, after)
    (change,) = response.context["comparison"].regressed
    assert (change.code, change.old_s, change.new_s) == ("RIGHTS-01", 1, 0.5)
    assert (change.old_unsupported, change.new_unsupported) == (False, True)
    assert "now unsupported" in response.content.decode()

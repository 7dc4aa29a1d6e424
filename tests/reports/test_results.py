"""The results page of an assessment: the numbers of the worked example, worked out by hand, the
order of the gaps, the band and why, the contributions behind every area score, and the draft
note.

The worked example (tests/helpers.py WORKED_ANSWERS; all weights 3 except GREEN-02, 5):
  s: RIGHTS-01 0.5 (yes, but unsupported), RIGHTS-02 0.5, GREEN-01 0.5, GREEN-02 0.75
  RIGHTS  = 100 × (3 × 0.5 + 3 × 0.5) / 6 = 50
  GREEN   = 100 × (3 × 0.5 + 5 × 0.75) / 8 = 100 × 5.25 / 8 = 65.625 -> shown 65.62 (floored)
  overall = 100 × (1.5 + 1.5 + 1.5 + 3.75) / 14 = 100 × 8.25 / 14 = 58.928... -> 58.92
  band: 58.92 is "partially ready"; the gate RIGHTS-01 failed (caps at partially ready);
        RIGHTS is below 60 (caps at largely ready, which does not lower it).
  gaps (today 2026-03-01; GREEN-01's deadline 2028-12-31 is more than 365 days away, urgency 1):
    RIGHTS-01 3 × 0.5 × 3 (law) = 4.5, gate | GREEN-01 3 × 0.5 × 3 (law) = 4.5
    RIGHTS-02 3 × 0.5 × 2 (policy) = 3      | GREEN-02 5 × 0.25 × 2 (standard) = 2.5
  so RIGHTS-01 (gate first on the tie), GREEN-01, RIGHTS-02, GREEN-02.
"""

from datetime import date
from fractions import Fraction

import pytest
from django.urls import reverse

from assessment.results import assessment_results
from tests.helpers import FULL_ANSWERS, answer_all, submit_on

pytestmark = pytest.mark.django_db


def get_results(client, assessment):
    return client.get(reverse("reports:results", args=[assessment.pk]))


def test_it_shows_the_hand_computed_scores(login, owner, worked_assessment):
    response = get_results(login(owner), worked_assessment)
    assert response.status_code == 200
    score = response.context["score"]
    assert score.overall_exact == Fraction(825, 14)
    assert score.overall == 58.92
    assert score.area("RIGHTS").score == 50
    assert score.area("GREEN").score_exact == Fraction(525, 8)
    assert score.area("GREEN").score == 65.62
    assert score.completion == 1
    assert score.counts.unsupported == 1
    page = response.content.decode()
    gauge = page[page.index("<svg") : page.index("</svg>")]
    desc = '<desc id="overall-gauge-desc">Overall score 58.92 out of 100; band: partially ready.'
    assert desc in gauge
    assert 'font-weight="bold">58.92</text>' in gauge
    assert 'id="overall-band"' in page
    assert '<span class="area-score">50.00</span>' in page
    assert '<span class="area-score">65.62</span>' in page
    assert "100 × 8.25 / 14 = 58.92" in page
    assert "Completion: 100 % (4 of 4 criteria answered)" in page


def test_it_ranks_the_gaps_by_priority_gate_first_on_a_tie(login, owner, worked_assessment):
    response = get_results(login(owner), worked_assessment)
    gaps = [row.gap for row in response.context["gap_rows"]]
    assert [(gap.code, gap.priority) for gap in gaps] == [
        ("RIGHTS-01", 4.5),
        ("GREEN-01", 4.5),
        ("RIGHTS-02", 3),
        ("GREEN-02", 2.5),
    ]
    page = response.content.decode()
    positions = [page.index(f'<tr class="gap" data-code="{gap.code}">') for gap in gaps]
    assert positions == sorted(positions)
    assert "Fix RIGHTS-01" in page  # remediation advice
    assert "Requirement GREEN-02" in page  # requirement text


def test_each_gap_links_to_its_question(login, owner, worked_assessment):
    page = get_results(login(owner), worked_assessment).content.decode()
    answer = worked_assessment.answers.get(criterion__code="GREEN-02")
    url = reverse("assessment:questionnaire", args=[worked_assessment.pk, "GREEN"])
    assert f'href="{url}#c{answer.criterion_id}">GREEN-02</a>' in page


def test_a_submitted_result_counts_deadlines_from_its_submission_date(
    login, owner, worked_assessment, freeze_today
):
    # Submitted on 2028-06-01: GREEN-01's deadline 2028-12-31 is within 365 days, urgency 1.5,
    # priority 3 × 0.5 × 3 × 1.5 = 6.75, first. Whatever the date today is.
    submit_on(worked_assessment, owner, date(2028, 6, 1))
    freeze_today(date(2031, 1, 1))  # long past the deadline: would be urgency 2
    response = get_results(login(owner), worked_assessment)
    first = response.context["gap_rows"][0].gap
    assert (first.code, first.urgency, first.priority) == ("GREEN-01", 1.5, 6.75)
    assert response.context["results"].scored_on == date(2028, 6, 1)


def test_it_explains_the_band(login, owner, worked_assessment):
    response = get_results(login(owner), worked_assessment)
    assert response.context["score"].band == "partially_ready"
    reasons = [item["text"] for item in response.context["band_reasons"]]
    assert reasons == [
        "The overall score of 58.92 is at least 50: partially ready.",
        "Gate criterion RIGHTS-01 (Rights) failed with a score of 0.50 (below 1), which caps "
        "the band at partially ready.",
        "Area Rights scores 50.00, below 60, which caps the band at largely ready.",
    ]
    page = response.content.decode()
    assert "partially ready" in page
    for reason in reasons:
        assert reason in page


def test_it_names_a_law_criterion_that_scores_zero(login, owner, assessment, freeze_today):
    answer_all(assessment, owner, {**FULL_ANSWERS, "GREEN-01": "0"}, evidence=["RIGHTS-01"])
    # overall = 100 × (3 + 3 + 0 + 5) / 14 = 78.57 (largely ready), but GREEN-01 is law and 0.
    response = get_results(login(owner), assessment)
    assert response.context["score"].overall == 78.57
    assert response.context["score"].band == "partially_ready"
    texts = [item["text"] for item in response.context["band_reasons"]]
    assert (
        "Law criterion GREEN-01 (Green) scores 0, which caps the band at partially ready." in texts
    )
    assert "lowers the band" in response.content.decode()


def test_every_area_expands_to_its_contributions(login, owner, worked_assessment):
    response = get_results(login(owner), worked_assessment)
    page = response.content.decode()
    assert page.count('<details class="card card-body mb-2 area-contributions"') == 2
    rights = page[page.index('id="area-RIGHTS"') : page.index('id="area-GREEN"')]
    row = rights[rights.index('data-code="RIGHTS-01"') : rights.index('data-code="RIGHTS-02"')]
    cells = [cell.split("</td>")[0] for cell in row.split("<td")[1:]]
    assert "Requirement RIGHTS-01" in cells[0]
    assert cells[1:4] == [' class="text-end">3', ' class="text-end">0.50', ' class="text-end">1.5']
    assert "answered" in cells[4] and "unsupported" in cells[4]
    rows = response.context["area_rows"]
    green = rows[1]
    assert [
        (item.contribution.code, item.contribution.weighted) for item in green.contributions
    ] == [
        ("GREEN-01", 1.5),
        ("GREEN-02", 3.75),
    ]


def test_na_criteria_are_shown_but_not_counted(login, owner, assessment, freeze_today):
    answer_all(
        assessment,
        owner,
        {"RIGHTS-01": "yes", "RIGHTS-02": "all", "GREEN-01": "45"},
        na=["GREEN-02"],
        evidence=["RIGHTS-01"],
    )
    # GREEN = 100 × 1.5 / 3 = 50; overall = 100 × (3 + 3 + 1.5) / 9 = 83.33
    response = get_results(login(owner), assessment)
    score = response.context["score"]
    assert (score.area("GREEN").score, score.overall) == (50, 83.33)
    page = response.content.decode()
    green_02 = page[page.index('data-code="GREEN-02"') :]
    assert "not counted" in green_02[: green_02.index("</tr>")]


def test_a_draft_is_marked_provisional(login, owner, worked_assessment):
    response = get_results(login(owner), worked_assessment)
    assert response.context["results"].provisional is True
    assert 'id="draft-note"' in response.content.decode()
    assert "Draft — provisional" in response.content.decode()


def test_a_submitted_assessment_has_no_draft_note(login, owner, worked_assessment):
    submit_on(worked_assessment, owner, date(2026, 3, 1))
    response = get_results(login(owner), worked_assessment)
    assert response.status_code == 200
    assert response.context["results"].provisional is False
    assert 'id="draft-note"' not in response.content.decode()


def test_an_unanswered_draft_scores_zero_and_says_so(login, owner, assessment, freeze_today):
    response = get_results(login(owner), assessment)
    assert response.status_code == 200
    score = response.context["score"]
    assert (score.overall, score.band, score.completion) == (0, "not_ready", 0)
    page = response.content.decode()
    assert "The overall score of 0.00 is below 50: not ready." in page
    assert "Gate criterion RIGHTS-01 (Rights) is unanswered and so failed" in page


def test_it_shows_the_area_chart_inline(login, owner, worked_assessment):
    page = get_results(login(owner), worked_assessment).content.decode()
    assert page.count('<rect class="bar"') == 2
    assert '<title id="area-chart-title">Area scores</title>' in page
    assert "&lt;svg" not in page  # inlined, not escaped


def test_it_links_to_comparisons_with_earlier_assessments(
    login, owner, site, worked_assessment, start
):
    submit_on(answer_all(worked_assessment, owner, {}), owner, date(2026, 3, 1))
    later = start(site)
    page = get_results(login(owner), later).content.decode()
    assert reverse("reports:compare", args=[later.pk, worked_assessment.pk]) in page
    first_page = get_results(login(owner), worked_assessment).content.decode()
    assert "This is the first assessment of this site." in first_page


def test_scoring_an_assessment_runs_two_queries(worked_assessment, django_assert_num_queries):
    with django_assert_num_queries(2):  # answers with criteria and evidence counts; areas
        results = assessment_results(worked_assessment)
    assert results.score.overall == 58.92


def test_the_page_runs_a_fixed_number_of_queries(login, owner, site, django_assert_max_num_queries):
    from tests.assessment.test_questionnaire_queries import big_assessment

    assessment = big_assessment(30, site, owner)
    client = login(owner)
    # session, user, assessment, answers, areas, earlier assessments, the site's actions
    with django_assert_max_num_queries(8):
        response = get_results(client, assessment)
    assert response.status_code == 200
    assert response.content.decode().count('<tr class="contribution"') == 30


def test_the_report_downloads_come_before_the_scores(login, owner, worked_assessment):
    page = get_results(login(owner), worked_assessment).content.decode()
    assert page.index('id="report-links"') < page.index('id="overall-band"')

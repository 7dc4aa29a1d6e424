"""Each site's overall score on given days (the group report's per-site trend), by its latest
assessment submitted by then."""

from datetime import date
from fractions import Fraction

from assessment.scoring.group import Submitted, site_scores_on


def test_each_sites_score_on_each_day_is_its_latest_by_then():
    submitted = [
        Submitted(1, date(2026, 1, 10), Fraction(60), False),
        Submitted(2, date(2026, 5, 1), None, False),
        Submitted(1, date(2026, 5, 1), Fraction(90), True),
    ]
    scores = site_scores_on(submitted, [date(2026, 3, 31), date(2026, 6, 30)])
    assert scores == {1: [Fraction(60), Fraction(90)], 2: [None, None]}


def test_no_submission_no_site():
    assert site_scores_on([], [date(2026, 3, 31)]) == {}

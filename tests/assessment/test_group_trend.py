"""A group over time: quarter ends, and each site by its latest assessment submitted by then."""

from datetime import date
from fractions import Fraction

from assessment.scoring.group import Submitted, group_trend, quarter_ends


def test_quarter_ends_run_from_the_first_quarter_to_today():
    assert quarter_ends(date(2025, 11, 5), date(2026, 8, 1)) == [
        date(2025, 12, 31), date(2026, 3, 31), date(2026, 6, 30), date(2026, 8, 1),
    ]  # fmt: skip
    assert quarter_ends(date(2026, 3, 31), date(2026, 3, 31)) == [date(2026, 3, 31)]
    assert quarter_ends(date(2026, 7, 1), date(2026, 9, 30)) == [date(2026, 9, 30)]


def test_each_site_counts_by_its_latest_assessment_by_then():
    submitted = [
        Submitted(1, date(2026, 1, 10), Fraction(60), False),
        Submitted(2, date(2026, 2, 1), Fraction(80), True),
        Submitted(1, date(2026, 5, 1), Fraction(90), True),
        Submitted(3, date(2026, 5, 2), None, False),
    ]
    points = group_trend(submitted, {1, 2, 4}, [date(2026, 3, 31), date(2026, 6, 30)])
    first, second = points
    assert (first.assessed, first.average, first.green_ready, first.green_counted) == (2, 70, 1, 3)
    assert first.green_share == 0.3333
    # Site 1 now scores 90; site 3 has no score (every criterion N/A): not in the average.
    assert (second.assessed, second.average_exact, second.green_ready) == (3, Fraction(85), 2)
    assert second.green_share == 0.6666


def test_before_any_submission_there_is_no_average():
    point = group_trend(
        [Submitted(1, date(2026, 5, 1), Fraction(90), True)], set(), [date(2026, 1, 1)]
    )[0]
    assert (point.assessed, point.average, point.green_share) == (0, None, None)

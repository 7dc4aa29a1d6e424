"""When a register document counts as support: from its first valid day to its last."""

from datetime import date

import pytest

from assessment.document_validity import Validity, in_force, validity

LAST_DAY = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("day", "counts"),
    [(date(2026, 6, 29), True), (LAST_DAY, True), (date(2026, 7, 1), False)],
)
def test_a_document_counts_up_to_its_last_valid_day_and_stops_the_day_after(day, counts):
    assert in_force(None, LAST_DAY, day) is counts


def test_a_document_counts_from_its_first_valid_day():
    first = date(2026, 1, 1)
    assert not in_force(first, None, date(2025, 12, 31))
    assert in_force(first, None, first)


def test_a_document_without_dates_always_counts():
    assert in_force(None, None, date(2099, 1, 1))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 1), Validity.VALID),  # 180 days left
        (date(2026, 4, 1), Validity.EXPIRING),  # exactly 90 days left
        (date(2026, 3, 31), Validity.VALID),  # 91 days left
        (LAST_DAY, Validity.EXPIRING),
        (date(2026, 7, 1), Validity.EXPIRED),
    ],
)
def test_validity_reads_expiring_within_90_days_and_expired_after_the_last_day(today, expected):
    assert validity(None, LAST_DAY, today) == expected


def test_a_document_not_valid_yet_reads_so():
    assert validity(date(2027, 1, 1), None, date(2026, 12, 1)) == Validity.NOT_YET

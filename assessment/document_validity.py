"""When a register document counts as support, and how its validity reads (no Django).

A document counts from its first valid day (if set) to its last (if set): it stops counting
on the day after its end date. One with no end date never expires.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

# Documents ending within this many days are listed as expiring (site page, dashboard).
EXPIRING_WITHIN_DAYS = 90


class Validity(StrEnum):
    NOT_YET = "not_yet"
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"


def in_force(valid_from: date | None, valid_until: date | None, day: date) -> bool:
    """Whether a document counts as support on `day`."""
    return (valid_from is None or valid_from <= day) and (valid_until is None or day <= valid_until)


def validity(valid_from: date | None, valid_until: date | None, today: date) -> Validity:
    if valid_from is not None and today < valid_from:
        return Validity.NOT_YET
    if valid_until is not None and today > valid_until:
        return Validity.EXPIRED
    if valid_until is not None and valid_until <= expiring_limit(today):
        return Validity.EXPIRING
    return Validity.VALID


def expiring_limit(today: date) -> date:
    """The last end date that counts as expiring soon, seen from `today`."""
    return today + timedelta(days=EXPIRING_WITHIN_DAYS)

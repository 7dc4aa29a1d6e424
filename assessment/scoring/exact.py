"""Exact numbers of the scoring rules: reading a typed number as a bounded Decimal, and the
floored floats that results offer next to their exact Fractions.

Floats are floored, not rounded, so a shown 85.00 means the exact score reached 85.
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

# Decimal places of the floats offered next to exact values: 0..100 scores get 2, everything
# else (s in 0..1, completion, shares, priorities) gets 4.
SCORE_PLACES: Final = 2
FRACTION_PLACES: Final = 4

# Bounds on numbers read, so that a typed "1e999999999" cannot make exact arithmetic build
# an integer with a billion digits.
MAX_MAGNITUDE: Final = Decimal(10) ** 15
MAX_DECIMAL_PLACES: Final = 12


def floored(value: Fraction, places: int) -> float:
    scale = 10**places
    return math.floor(value * scale) / scale


@functools.lru_cache(maxsize=8192)
def fraction_of_text(text: str) -> Fraction:
    """The exact number a stored "numerator/denominator" text (or a whole number) stands for.
    Cached: stored results repeat a few values many times (a matrix reads 200 sites' gaps)."""
    numerator, _slash, denominator = text.partition("/")
    return Fraction(int(numerator), int(denominator or 1))


def fraction_text(value: Fraction) -> str:
    """The text fraction_of_text reads back: "numerator/denominator"."""
    return f"{value.numerator}/{value.denominator}"


def floored_or_none(value: Fraction | None, places: int) -> float | None:
    return None if value is None else floored(value, places)


def shown(value: object) -> str:
    """A value for an error message, cut short: it may be whatever someone typed."""
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


class NotANumber(ValueError):
    """``reason``: not_a_number, not_finite or out_of_range."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def read_decimal(value: object) -> Decimal:
    """The finite decimal that an int, float, Decimal or numeric string stands for."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise NotANumber(f"{shown(value)} is not a number", "not_a_number")
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise NotANumber(f"{shown(value)} is not a number", "not_a_number") from None
    elif isinstance(value, float):
        # repr is the shortest decimal that reads back as this float: 0.1, not 0.1000...0555
        number = Decimal(repr(value))
    else:
        number = Decimal(value)
    if not number.is_finite():
        raise NotANumber(f"{shown(value)} is not a finite number", "not_finite")
    if number.copy_abs() > MAX_MAGNITUDE:  # copy_abs: no context, so no overflow
        raise NotANumber(f"{shown(value)} is out of range", "out_of_range")
    return number

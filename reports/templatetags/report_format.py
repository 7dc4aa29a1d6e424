"""Filters that print scoring results as reports/presentation.py words them: scores with
``score`` (two decimals), other numbers (priorities, sums) with ``number``.

A missing value (None, or "" for a template variable that does not resolve) prints as "—".
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from assessment.answer_text import MATURITY_LABELS
from reports import presentation

register = template.Library()


@register.filter
def number(value: float | Decimal | None) -> str:
    """A score as the scoring module gives it, trailing zeros dropped: 72.5, 100, 0.3333."""
    return presentation.number_text(None if value == "" else value)


@register.filter
def score(value: float | Decimal | None) -> str:
    """A score (0..100, or a criterion's s) with two decimals: 72.50, 100.00, 0.33."""
    return presentation.score_text(None if value == "" else value)


@register.filter
def signed_score(value: float | Decimal | None) -> str:
    """A change of a score with its sign and two decimals: +12.25, -3.00, 0.00."""
    return presentation.score_text(None if value == "" else value, signed=True)


@register.filter
def percent(share: float | None) -> str:
    """A share in 0..1 as a number of percent (without the % sign)."""
    return presentation.percent_text(None if share == "" else share)


@register.filter
def band_label(band: str | None) -> str:
    return presentation.band_label(band)


@register.filter
def status_label(status: str | None) -> str:
    return presentation.status_label(status)


@register.filter
def name_text(name: str) -> str:
    """A firm's or site's name, shortened if it is longer than names may be."""
    return presentation.name_text(name)


@register.simple_tag
def maturity_levels() -> str:
    """The names of the maturity levels 0..4 in a run of text, as the answers read them."""
    return presentation.list_text([str(label) for label in MATURITY_LABELS])


@register.filter
def band_class(band: str | None) -> str:
    """The Bootstrap colour of a band (``text-bg-…`` badges, ``table-…`` cells)."""
    return presentation.BAND_CLASSES.get(band or "", "secondary")

"""A group of sites seen together (a firm's matrix and trends): the criteria that fail at the
most sites, weighted by priority, and averages over time. Pure: plain data in, plain data out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Protocol

from assessment.scoring.exact import (
    FRACTION_PLACES,
    SCORE_PLACES,
    floored,
    floored_or_none,
    fraction_of_text,
    fraction_text,
)


class RankedGap(Protocol):
    """What ranking gaps across sites reads of a gap (a Gap of a score)."""

    @property
    def code(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def gate(self) -> bool: ...
    @property
    def priority_exact(self) -> Fraction: ...


# A gap as the group's top gaps count it: code, area, gate and its exact priority as text
# ("numerator/denominator"): a stored summary's ``gap_priorities`` row, read as it is.
GapKey = tuple[str, str, bool, str]


def gap_key(gap: RankedGap) -> GapKey:
    return (gap.code, gap.area, gap.gate, fraction_text(gap.priority_exact))


@dataclass(frozen=True)
class GroupGap:
    """A criterion that is a gap at ``sites`` sites; ``priority_exact`` is the sum of its
    priority at each of them (so a criterion failing at more sites, or failing worse, ranks
    higher). ``gate``: a gate criterion at any of them."""

    code: str
    area: str
    sites: int
    priority_exact: Fraction
    gate: bool

    @property
    def priority(self) -> float:
        return floored(self.priority_exact, FRACTION_PLACES)


def group_top_gaps(
    gaps_by_site: Iterable[Sequence[RankedGap]], *, limit: int = 10
) -> list[GroupGap]:
    """The criteria failing across the sites (each site's gaps, one sequence per site), ranked
    by the sum of their priorities, then by how many sites they fail at, gates first, code;
    the first ``limit``."""
    return top_gaps_of_keys((map(gap_key, gaps) for gaps in gaps_by_site), limit=limit)


def top_gaps_of_keys(
    keys_by_site: Iterable[Iterable[GapKey]], *, limit: int = 10
) -> list[GroupGap]:
    """group_top_gaps of gaps given as keys (a site's stored summary gives them as they are).

    Exact and fast: the keys are counted first (a few hundred distinct ones among the 17,000
    gaps of 200 sites: sites share their criteria and their priorities), then each criterion's
    sum is Σ count × priority over its distinct keys. A code's area is that of its first key
    met; it is a gate if a gate at any site."""
    counted: Counter[GapKey] = Counter()
    for keys in keys_by_site:
        counted.update(keys)
    sites: dict[str, int] = {}
    priorities: dict[str, Fraction] = {}
    areas: dict[str, str] = {}
    gates: set[str] = set()
    for (code, area, gate, priority), count in counted.items():
        value = fraction_of_text(priority) * count
        if code in sites:
            sites[code] += count
            priorities[code] += value
        else:
            sites[code], priorities[code], areas[code] = count, value, area
        if gate:
            gates.add(code)
    found = [
        GroupGap(code, areas[code], sites[code], priorities[code], code in gates) for code in sites
    ]
    ranked = sorted(found, key=lambda g: (-g.priority_exact, -g.sites, not g.gate, g.code))
    return ranked[:limit]


@dataclass(frozen=True)
class Submitted:
    """One submitted assessment of a site as the group's trend reads it: the local date it was
    submitted, its overall score (None: no score) and whether it made the site green-mine
    ready."""

    site: int
    on: date
    overall_exact: Fraction | None
    green_ready: bool


@dataclass(frozen=True)
class TrendPoint:
    """The group on one day, each site by its latest assessment submitted by then: how many are
    assessed, their average overall score (None: none has a score), and how many of the sites
    the green-mine target counts are ready."""

    on: date
    assessed: int
    average_exact: Fraction | None
    green_ready: int
    green_counted: int

    @property
    def average(self) -> float | None:
        return floored_or_none(self.average_exact, SCORE_PLACES)

    @property
    def green_share(self) -> float | None:
        """Ready / counted, in 0..1 (None when no site counts)."""
        if not self.green_counted:
            return None
        return floored(Fraction(self.green_ready, self.green_counted), FRACTION_PLACES)


def quarter_ends(first: date, today: date) -> list[date]:
    """The last day of each calendar quarter from the one of ``first`` up to before ``today``,
    then ``today``: the days a group trend is read on."""
    days = []
    year, quarter = first.year, (first.month - 1) // 3
    while True:
        month = quarter * 3 + 3
        end = date(year, month, 31 if month in (3, 12) else 30)
        if end >= today:
            break
        days.append(end)
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return [*days, today]


def group_trend(
    submitted: Sequence[Submitted], counted: Collection[int], days: Sequence[date]
) -> list[TrendPoint]:
    """The group on each of ``days``. ``submitted`` in submission order (a later one of a site
    replaces an earlier one); ``counted``: the sites the green-mine target counts (a counted
    site not assessed by a day counts as not ready)."""
    points = []
    for day in days:
        latest: dict[int, Submitted] = {}
        for item in submitted:
            if item.on <= day:
                latest[item.site] = item
        scores = [item.overall_exact for item in latest.values() if item.overall_exact is not None]
        points.append(
            TrendPoint(
                on=day,
                assessed=len(latest),
                average_exact=sum(scores, Fraction(0)) / len(scores) if scores else None,
                green_ready=sum(
                    1 for site, item in latest.items() if site in counted and item.green_ready
                ),
                green_counted=len(counted),
            )
        )
    return points


def site_scores_on(
    submitted: Sequence[Submitted], days: Sequence[date]
) -> dict[int, list[Fraction | None]]:
    """Each site's overall score on each of ``days``, by its latest assessment submitted by
    then (None: none submitted yet, or no score). ``submitted`` in submission order."""
    scores: dict[int, list[Fraction | None]] = {}
    for item in submitted:
        scores.setdefault(item.site, [None] * len(days))
        for index, day in enumerate(days):
            if item.on <= day:
                scores[item.site][index] = item.overall_exact
    return scores

"""A group of sites seen together (a firm's matrix and trends): the criteria that fail at the
most sites, weighted by priority, and averages over time. Pure: plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assessment.scoring.exact import FRACTION_PLACES, floored
from assessment.scoring.gaps import Gap


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


def group_top_gaps(gaps_by_site: Iterable[Sequence[Gap]], *, limit: int = 10) -> list[GroupGap]:
    """The criteria failing across the sites (each site's gaps, one sequence per site), ranked
    by the sum of their priorities, then by how many sites they fail at, gates first, code;
    the first ``limit``."""
    found: dict[str, GroupGap] = {}
    for gaps in gaps_by_site:
        for gap in gaps:
            seen = found.get(gap.code)
            found[gap.code] = GroupGap(
                code=gap.code,
                area=gap.area,
                sites=(seen.sites if seen else 0) + 1,
                priority_exact=(seen.priority_exact if seen else Fraction(0)) + gap.priority_exact,
                gate=gap.gate or (seen is not None and seen.gate),
            )
    ranked = sorted(found.values(), key=lambda g: (-g.priority_exact, -g.sites, not g.gate, g.code))
    return ranked[:limit]

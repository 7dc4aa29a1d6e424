"""Green mines: whether a site's green area makes it green-mine ready, and a firm's progress
towards the national targets (DESIGN.md "Scoring")."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Final

from assessment.scoring.breakdown import AssessmentScore
from assessment.scoring.exact import FRACTION_PLACES, floored_or_none
from assessment.scoring.vocabulary import SITE_SCALES

GREEN_AREA: Final = "GREEN"
GREEN_READY_AT: Final = 85
GREEN_MINE_DEADLINE: Final = date(2028, 12, 31)
GREEN_MINE_TARGETS: Final[Mapping[str, Fraction]] = {
    "large": Fraction(9, 10),
    "medium": Fraction(4, 5),
}


def green_mine_ready(result: AssessmentScore, area_code: str = GREEN_AREA) -> bool:
    """The site's green area scores at least GREEN_READY_AT and has no failed gate. A site whose
    green area has no score (absent, or every criterion N/A) is not ready."""
    area = result.area(area_code)
    if area is None or area.score_exact is None or area.score_exact < GREEN_READY_AT:
        return False
    failed = set(result.failed_gates)
    return not any(c.code in failed for c in area.contributions)


@dataclass(frozen=True)
class SiteReadiness:
    """``green_ready`` None: not assessed, which counts as not ready."""

    scale: str  # large | medium | small
    licensed_producing: bool
    green_ready: bool | None


@dataclass(frozen=True)
class ScaleProgress:
    """Green-mine progress of the licensed, producing sites of one scale.

    ``more_needed`` = ceil(target × total) − ready (at least 0): how many more of these sites must
    become ready. ``met`` is ``more_needed == 0`` (so also when there is no such site).
    """

    scale: str
    total: int
    ready: int
    target_exact: Fraction
    more_needed: int

    @property
    def share_exact(self) -> Fraction | None:
        return Fraction(self.ready, self.total) if self.total else None

    @property
    def share(self) -> float | None:
        return floored_or_none(self.share_exact, FRACTION_PLACES)

    @property
    def target(self) -> float:
        return float(self.target_exact)

    @property
    def met(self) -> bool:
        return self.more_needed == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "total": self.total,
            "ready": self.ready,
            "share": self.share,
            "target": self.target,
            "met": self.met,
            "more_needed": self.more_needed,
        }


@dataclass(frozen=True)
class PortfolioGreenMine:
    large: ScaleProgress
    medium: ScaleProgress
    deadline: date
    days_left: int  # negative once the deadline has passed

    @property
    def met(self) -> bool:
        return self.large.met and self.medium.met

    def to_dict(self) -> dict[str, Any]:
        return {
            "large": self.large.to_dict(),
            "medium": self.medium.to_dict(),
            "deadline": self.deadline.isoformat(),
            "days_left": self.days_left,
            "met": self.met,
        }


def portfolio_green_mine(sites: Sequence[SiteReadiness], *, today: date) -> PortfolioGreenMine:
    """Green-mine progress of a firm: of its licensed, producing large sites against 90 %, of
    medium ones against 80 %, by 2028-12-31. Small and not-producing sites, and exploration
    projects (no scale: ""), do not count."""
    for site in sites:
        if site.scale not in (*SITE_SCALES, ""):
            raise ValueError(f"unknown site scale {site.scale!r}; use one of {SITE_SCALES}")

    def progress(scale: str) -> ScaleProgress:
        counted = [s for s in sites if s.scale == scale and s.licensed_producing]
        ready = sum(s.green_ready is True for s in counted)
        target = GREEN_MINE_TARGETS[scale]
        needed = max(math.ceil(target * len(counted)) - ready, 0)
        return ScaleProgress(scale, len(counted), ready, target, needed)

    return PortfolioGreenMine(
        large=progress("large"),
        medium=progress("medium"),
        deadline=GREEN_MINE_DEADLINE,
        days_left=(GREEN_MINE_DEADLINE - today).days,
    )

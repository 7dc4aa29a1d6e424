"""Gaps: the counted criteria with s < 1, ranked by priority = weight × (1 − s) × force factor ×
urgency of the deadline (DESIGN.md "Scoring")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Final

from assessment.scoring.criteria import CriterionSpec
from assessment.scoring.exact import FRACTION_PLACES, floored

FORCE_FACTORS: Final[Mapping[str, int]] = {"law": 3, "standard": 2, "policy": 2, "practice": 1}
URGENCY_PASSED: Final = Fraction(2)
URGENCY_SOON: Final = Fraction(3, 2)
URGENCY_LATER: Final = Fraction(1)
SOON: Final = timedelta(days=365)


@dataclass(frozen=True)
class Gap:
    """A counted criterion with s < 1, and why it ranks where it does:
    priority = weight × (1 − s) × force_factor × urgency."""

    code: str
    area: str
    weight: int
    force: str
    gate: bool
    deadline: date | None
    status: str  # answered | unanswered
    unsupported: bool
    s_exact: Fraction
    force_factor: int
    urgency_exact: Fraction
    priority_exact: Fraction

    @property
    def s(self) -> float:
        return floored(self.s_exact, FRACTION_PLACES)

    @property
    def urgency(self) -> float:
        return float(self.urgency_exact)  # 1, 1.5 or 2: exact as a float

    @property
    def priority(self) -> float:
        return floored(self.priority_exact, FRACTION_PLACES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "area": self.area,
            "score": self.s,
            "weight": self.weight,
            "force": self.force,
            "gate": self.gate,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "force_factor": self.force_factor,
            "urgency": self.urgency,
            "priority": self.priority,
            "status": self.status,
            "unsupported": self.unsupported,
        }


def gap_sort_key(gap: Gap) -> tuple[Fraction, bool, str]:
    """Priority descending, then gates first, then code: a total order, as codes are unique."""
    return (-gap.priority_exact, not gap.gate, gap.code)


def deadline_urgency(deadline: date | None, today: date) -> Fraction:
    """2 when the deadline has passed, 1.5 when it falls within 365 days (today included),
    else 1 (also without a deadline)."""
    if deadline is None:
        return URGENCY_LATER
    if deadline < today:
        return URGENCY_PASSED
    if deadline <= today + SOON:
        return URGENCY_SOON
    return URGENCY_LATER


def gap_of(
    criterion: CriterionSpec, *, status: str, unsupported: bool, s: Fraction, today: date
) -> Gap:
    """The gap of a counted criterion scoring ``s`` < 1 on ``today``."""
    force_factor = FORCE_FACTORS[criterion.force]
    urgency = deadline_urgency(criterion.deadline, today)
    return Gap(
        code=criterion.code,
        area=criterion.area,
        weight=criterion.weight,
        force=criterion.force,
        gate=criterion.gate,
        deadline=criterion.deadline,
        status=status,
        unsupported=unsupported,
        s_exact=s,
        force_factor=force_factor,
        urgency_exact=urgency,
        priority_exact=criterion.weight * (1 - s) * force_factor * urgency,
    )

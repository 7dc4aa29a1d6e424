"""What changed between two score breakdowns of one site: per area and overall, the criteria
that improved or regressed, and the gaps that were closed or opened.

Pure: it compares two ``AssessmentScore`` values and knows nothing of the database.
Criteria are matched by code, which stays the same across framework versions. Changes are
computed from the numbers people see (the floored floats of the scoring module) so that
"old → new (change)" always adds up on the page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from assessment.scoring.breakdown import AssessmentScore, Contribution
from assessment.scoring.gaps import Gap
from assessment.scoring.vocabulary import NA

# Why a gap was closed or opened.
MET = "met"  # closed: the criterion now scores 1
NOW_NA = "now_na"  # closed: the criterion is now N/A
NO_LONGER_ASSESSED = "no_longer_assessed"  # closed: not part of the later assessment
WAS_MET = "was_met"  # opened: the criterion scored 1 before
WAS_NA = "was_na"  # opened: the criterion was N/A before
NEWLY_ASSESSED = "newly_assessed"  # opened: not part of the earlier assessment


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


@dataclass(frozen=True)
class ScoreChange:
    """An area's (``code``) or, with ``code`` None, the overall score before and after."""

    code: str | None
    old: float | None
    new: float | None

    @property
    def delta(self) -> Decimal | None:
        old, new = _decimal(self.old), _decimal(self.new)
        return None if old is None or new is None else new - old


@dataclass(frozen=True)
class CriterionChange:
    """s before and after; status None means the criterion was not assessed then."""

    code: str
    area: str
    old_status: str | None
    new_status: str | None
    old_s: float | None
    new_s: float | None
    # A claim without the expected evidence counts at most 0.5: why 1 can become 0.5 when a
    # supporting document expired or was unlinked.
    old_unsupported: bool = False
    new_unsupported: bool = False

    @property
    def became_supported(self) -> bool:
        """The claim gained its evidence (not: the claim was withdrawn, e.g. "yes" became "no")."""
        delta = self.delta
        return self.old_unsupported and not self.new_unsupported and bool(delta and delta > 0)

    @property
    def became_unsupported(self) -> bool:
        return self.new_unsupported and not self.old_unsupported

    @property
    def delta(self) -> Decimal | None:
        old, new = _decimal(self.old_s), _decimal(self.new_s)
        return None if old is None or new is None else new - old


@dataclass(frozen=True)
class GapChange:
    """A gap closed (``gap`` is the earlier one) or opened (``gap`` is the later one)."""

    code: str
    reason: str  # met | now_na | no_longer_assessed | was_met | was_na | newly_assessed
    gap: Gap
    other_s: float | None  # s in the other assessment (None when N/A or not assessed)


@dataclass(frozen=True)
class Comparison:
    overall: ScoreChange
    areas: tuple[ScoreChange, ...]
    improved: tuple[CriterionChange, ...]
    regressed: tuple[CriterionChange, ...]
    gaps_closed: tuple[GapChange, ...]
    gaps_opened: tuple[GapChange, ...]
    gaps_remaining: tuple[str, ...]


def compare_scores(old: AssessmentScore, new: AssessmentScore) -> Comparison:
    """The change from ``old`` to ``new``.

    Areas come in the later assessment's order, then areas only the earlier one had. A
    criterion improved or regressed when it counts in both (not N/A) and its s differs;
    unanswered counts as 0, as in the scores. Lists follow the later assessment's criterion
    order (the earlier one's for criteria it alone has); gap lists follow gap priority.
    """
    area_codes = [area.code for area in new.areas]
    area_codes += [area.code for area in old.areas if area.code not in area_codes]
    areas = []
    for code in area_codes:
        before, after = old.area(code), new.area(code)
        areas.append(
            ScoreChange(
                code=code,
                old=before.score if before else None,
                new=after.score if after else None,
            )
        )

    old_contributions = {c.code: c for area in old.areas for c in area.contributions}
    new_contributions = {c.code: c for area in new.areas for c in area.contributions}
    improved, regressed = [], []
    for code, after in new_contributions.items():
        before = old_contributions.get(code)
        if before is None or before.s_exact is None or after.s_exact is None:
            continue
        if after.s_exact == before.s_exact:
            continue
        change = CriterionChange(
            code=code,
            area=after.area,
            old_status=before.status,
            new_status=after.status,
            old_s=before.s,
            new_s=after.s,
            old_unsupported=before.unsupported,
            new_unsupported=after.unsupported,
        )
        (improved if after.s_exact > before.s_exact else regressed).append(change)

    old_gaps = {gap.code for gap in old.gaps}
    new_gaps = {gap.code for gap in new.gaps}
    closed = _gap_changes(old.gaps, new_gaps, new_contributions, (NO_LONGER_ASSESSED, NOW_NA, MET))
    opened = _gap_changes(new.gaps, old_gaps, old_contributions, (NEWLY_ASSESSED, WAS_NA, WAS_MET))

    return Comparison(
        overall=ScoreChange(code=None, old=old.overall, new=new.overall),
        areas=tuple(areas),
        improved=tuple(improved),
        regressed=tuple(regressed),
        gaps_closed=tuple(closed),
        gaps_opened=tuple(opened),
        gaps_remaining=tuple(gap.code for gap in new.gaps if gap.code in old_gaps),
    )


def _gap_changes(
    gaps: Sequence[Gap],
    other_gaps: set[str],
    other_contributions: Mapping[str, Contribution],
    reasons: tuple[str, str, str],
) -> list[GapChange]:
    """The gaps that are not gaps of the other assessment, each with why: ``reasons`` for a
    criterion the other did not assess, answered N/A, or met."""
    changes = []
    for gap in gaps:
        if gap.code in other_gaps:
            continue
        other = other_contributions.get(gap.code)
        if other is None:
            reason = reasons[0]
        elif other.status == NA:
            reason = reasons[1]
        else:
            reason = reasons[2]
        changes.append(GapChange(gap.code, reason, gap, other.s if other else None))
    return changes

"""Readiness bands: the band of an overall score, the caps that lower it, and why."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Final

from assessment.scoring.exact import FRACTION_PLACES, SCORE_PLACES, floored_or_none
from assessment.scoring.vocabulary import BANDS

BAND_THRESHOLDS: Final[tuple[tuple[int, str], ...]] = (
    (85, "ready"),
    (70, "largely_ready"),
    (50, "partially_ready"),
)
GATE_CAP: Final = "partially_ready"
LAW_ZERO_CAP: Final = "partially_ready"
AREA_CAP: Final = "largely_ready"
AREA_CAP_BELOW: Final = 60


@dataclass(frozen=True)
class BandReason:
    """One reason for the band, for a page to translate and print.

    kind ``score``: the band of the overall score (``value`` the score, ``threshold`` the bound
    it met, or 50 that it stayed below for not_ready). kind ``failed_gate`` / ``law_zero``:
    criterion ``code`` in ``area`` with ``value`` its s (0 when unanswered; see ``status``).
    kind ``area_below_60``: area ``code`` with ``value`` its score. kind ``no_score``: every
    criterion is N/A. ``band`` is the band the reason allows at most; ``lowers_band`` says
    whether that cap is below the band of the score alone.
    """

    kind: str  # score | failed_gate | law_zero | area_below_60 | no_score
    band: str | None
    code: str | None = None
    area: str | None = None
    value_exact: Fraction | None = None
    threshold: int | None = None
    status: str | None = None
    lowers_band: bool = False

    @property
    def value(self) -> float | None:
        places = FRACTION_PLACES if self.kind in ("failed_gate", "law_zero") else SCORE_PLACES
        return floored_or_none(self.value_exact, places)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "band": self.band,
            "code": self.code,
            "area": self.area,
            "value": self.value,
            "threshold": self.threshold,
            "status": self.status,
            "lowers_band": self.lowers_band,
        }


def band_for_score(score: Fraction | float) -> str:
    """The band of a 0..100 score alone, before caps."""
    for threshold, band in BAND_THRESHOLDS:
        if score >= threshold:
            return band
    return BANDS[-1]


def worse_band(band: str, other: str) -> str:
    return max(band, other, key=BANDS.index)


def score_reason(overall: Fraction) -> BandReason:
    """Why the overall score alone has its band."""
    band = band_for_score(overall)
    threshold = next((t for t, b in BAND_THRESHOLDS if b == band), BAND_THRESHOLDS[-1][0])
    return BandReason(kind="score", band=band, value_exact=overall, threshold=threshold)


def cap_reason(score_band: str, band: str, **details: Any) -> BandReason:
    """A cap at ``band``, saying whether it is below ``score_band``."""
    lowers = BANDS.index(band) > BANDS.index(score_band)
    return BandReason(band=band, lowers_band=lowers, **details)

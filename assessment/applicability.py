"""Which criteria apply to a site (pure: plain data in, plain data out).

A criterion's applicability lists stages, scales, methods and minerals (empty = no restriction)
and two flags. A site mining by "both" methods matches criteria for open-pit or underground mining.
applicability_problems is the rule for a criterion definition's applicability.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessment.minerals import MINERALS, is_strategic
from assessment.scoring.criteria import Problem
from assessment.scoring.vocabulary import SITE_SCALES, SITE_STAGES

# Open-pit, underground, oil and gas wells, brine (salt lakes, liquid minerals), in-situ leaching.
APPLICABILITY_METHODS = ("open_pit", "underground", "wells", "brine", "in_situ_leaching")
APPLICABILITY_KEYS = (
    "stages",
    "scales",
    "methods",
    "minerals",
    "strategic_only",
    "licensed_producing_only",
)


@dataclass(frozen=True)
class SiteProfile:
    scale: str  # large | medium | small, or "" (an exploration project has none)
    method: str  # open_pit | underground | both | wells | brine | in_situ_leaching | none
    minerals: tuple[str, ...]
    licensed_producing: bool
    stage: str = "production"  # exploration | construction | production | closure

    @property
    def strategic(self) -> bool:
        return is_strategic(self.minerals)


@dataclass(frozen=True)
class NotApplicable:
    """Why a criterion does not apply: a reason code and the values it was about."""

    reason: str  # stage | scale | method | mineral | strategic_only | licensed_producing_only
    allowed: tuple[str, ...] = ()


def _site_methods(method: str) -> set[str]:
    return {"open_pit", "underground"} if method == "both" else {method}


def not_applicable_reason(
    applicability: Mapping[str, object], site: SiteProfile
) -> NotApplicable | None:
    """None when the criterion applies to the site, else the first reason it does not."""
    stages: Sequence[str] = applicability.get("stages") or []  # type: ignore[assignment]
    scales: Sequence[str] = applicability.get("scales") or []  # type: ignore[assignment]
    methods: Sequence[str] = applicability.get("methods") or []  # type: ignore[assignment]
    minerals: Sequence[str] = applicability.get("minerals") or []  # type: ignore[assignment]
    if stages and site.stage not in stages:
        return NotApplicable("stage", tuple(stages))
    if scales and site.scale not in scales:
        return NotApplicable("scale", tuple(scales))
    if methods and not _site_methods(site.method) & set(methods):
        return NotApplicable("method", tuple(methods))
    if minerals and not set(site.minerals) & set(minerals):
        return NotApplicable("mineral", tuple(minerals))
    if applicability.get("strategic_only") and not site.strategic:
        return NotApplicable("strategic_only")
    if applicability.get("licensed_producing_only") and not site.licensed_producing:
        return NotApplicable("licensed_producing_only")
    return None


def mineral_names(codes: Sequence[str], language: str) -> list[str]:
    index = 1 if language.startswith("zh") else 0
    return [MINERALS[code][index] if code in MINERALS else code for code in codes]


def applicability_problems(applicability: Any) -> list[Problem]:
    """What is wrong with a criterion's applicability ([] when it is valid)."""
    if applicability is None:
        return []
    if not isinstance(applicability, Mapping):
        return [("applicability", "must be a mapping")]
    problems: list[Problem] = []
    allowed = {
        "stages": SITE_STAGES,
        "scales": SITE_SCALES,
        "methods": APPLICABILITY_METHODS,
        "minerals": tuple(MINERALS),
    }
    for key, choices in allowed.items():
        values = applicability.get(key) or []
        if not isinstance(values, list):
            problems.append((f"applicability.{key}", "must be a list"))
            continue
        unknown = [v for v in values if v not in choices]
        if unknown:
            problems.append((f"applicability.{key}", f"unknown values {unknown}"))
    for key in ("strategic_only", "licensed_producing_only"):
        if not isinstance(applicability.get(key, False), bool):
            problems.append((f"applicability.{key}", "must be true or false"))
    extra = sorted(set(applicability) - set(APPLICABILITY_KEYS))
    if extra:
        problems.append(("applicability", f"unknown keys: {', '.join(extra)}"))
    return problems

"""A score breakdown as a JSON document, and back: how a submitted assessment's results are
stored (DESIGN.md "Stored results").

The document mirrors the dataclasses of assessment/scoring/ field by field (their names are its
keys). Exact numbers stay exact, as "numerator/denominator" strings, so the breakdown read back
equals the one scored (``score_from_document(score_document(s, ...)) == s``) and every floored
float a page shows is the same. ``RULES_VERSION`` names the scoring rules that made a document:
change it with any change to the rules or to these dataclasses.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from fractions import Fraction
from typing import Any, Final

from assessment.scoring.breakdown import AssessmentScore
from assessment.scoring.exact import fraction_of_text, fraction_text
from assessment.scoring.green_mine import green_mine_ready
from assessment.scoring.group import GapKey

RULES_VERSION: Final = 1


def _encoded(value: Any) -> Any:
    if isinstance(value, Fraction):
        return fraction_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encoded(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_encoded(item) for item in value]
    return value


def _same(value: Any) -> Any:
    return value


@functools.cache
def _reader(kind: Any) -> Callable[[Any], Any]:
    """A function that reads a value of the type hint ``kind`` (a dataclass, ``X | None``,
    ``tuple[X, ...]``, Fraction, date or a plain JSON type) back, made once per type: pages
    read hundreds of documents at once."""
    origin, arguments = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = _reader(next(a for a in arguments if a is not type(None)))
        return _same if inner is _same else lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _reader(arguments[0])
        return tuple if item is _same else lambda value: tuple(map(item, value))
    if kind is Fraction:
        return fraction_of_text
    if kind is date:
        return date.fromisoformat
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = [(f.name, _reader(hints[f.name])) for f in dataclasses.fields(kind)]
        return lambda value: kind(*[read(value[name]) for name, read in fields])
    return _same


def score_document(score: AssessmentScore, *, scored_on: date) -> dict[str, Any]:
    """The breakdown scored on ``scored_on`` as plain JSON data. ``green_mine_ready`` is there
    for readers of the document alone; reading it back derives it again from the areas."""
    return {
        "rules_version": RULES_VERSION,
        "scored_on": scored_on.isoformat(),
        "green_mine_ready": green_mine_ready(score),
        **_encoded(score),
    }


def score_from_document(document: Mapping[str, Any]) -> AssessmentScore:
    """The breakdown a document holds (KeyError or ValueError when it is not one). Read from a
    summary (summary_document), its areas have no contributions and it has no band reasons and
    no gaps."""
    return _reader(AssessmentScore)(document)


def document_differences(stored: Any, live: Any, path: str = "") -> list[str]:
    """Where two documents differ, as ``path: stored != live`` lines (lists by index, objects
    by key), in document order."""
    if isinstance(stored, dict) and isinstance(live, dict):
        lines = []
        for key in list(stored) + [k for k in live if k not in stored]:
            lines += document_differences(stored.get(key), live.get(key), f"{path}.{key}")
        return lines
    if isinstance(stored, list) and isinstance(live, list) and len(stored) == len(live):
        lines = []
        for index, (a, b) in enumerate(zip(stored, live, strict=True)):
            lines += document_differences(a, b, f"{path}[{index}]")
        return lines
    return [] if stored == live else [f"{path.lstrip('.') or '.'}: {stored!r} != {live!r}"]


def summary_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """What pages of many sites read of a document, small enough to read two hundred at once:
    the document without the areas' contributions and the band's reasons, and each gap as
    [code, area, gate, priority] only (under ``gap_priorities``; ``gaps`` is empty)."""
    return {
        **document,
        "band_reasons": [],
        "areas": [{**area, "contributions": []} for area in document["areas"]],
        "gaps": [],
        "gap_priorities": [
            [gap["code"], gap["area"], gap["gate"], gap["priority_exact"]]
            for gap in document["gaps"]
        ],
    }


def summary_gap_keys(summary: Mapping[str, Any]) -> Iterator[GapKey]:
    """The gaps of a summary as top gaps count them (its ``gap_priorities`` rows as they are:
    no object and no fraction made per gap), in priority order."""
    return map(tuple, summary["gap_priorities"])


def summary_overall_and_green(summary: Mapping[str, Any]) -> tuple[Fraction | None, bool]:
    """The overall score and green-mine readiness a summary (or document) holds."""
    overall = summary["overall_exact"]
    return (None if overall is None else fraction_of_text(overall)), summary["green_mine_ready"]

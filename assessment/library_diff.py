"""What changed between two versions of a framework, criterion by criterion (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assessment.library import CRITERION_FIELDS


@dataclass
class LibraryDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # code -> changed fields


def _flatten(value: Any, prefix: str) -> dict[str, Any]:
    if isinstance(value, Mapping) and value:
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}.{key}"))
        return flat
    return {prefix: value}


def diff_libraries(old: Mapping[str, Any], new: Mapping[str, Any]) -> LibraryDiff:
    """Criteria added, removed and changed between two normalised libraries.

    Changed fields are named down to the language ("text.zh-hans") or parameter
    ("parameters.target"); the area change of a criterion shows as "area".
    """
    old_by_code = {c["code"]: c for c in old["criteria"]}
    new_by_code = {c["code"]: c for c in new["criteria"]}
    diff = LibraryDiff(
        added=[code for code in new_by_code if code not in old_by_code],
        removed=[code for code in old_by_code if code not in new_by_code],
    )
    for code, criterion in new_by_code.items():
        if code not in old_by_code:
            continue
        before = {}
        after = {}
        for key in CRITERION_FIELDS:
            before.update(_flatten(old_by_code[code][key], key))
            after.update(_flatten(criterion[key], key))
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        if changed:
            diff.changed[code] = changed
    return diff

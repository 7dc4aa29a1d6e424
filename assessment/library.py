"""Criteria library files: parse, validate and write (YAML; no ORM); library_diff compares them.

A library file holds one version of one framework (the format is in
fixtures/frameworks/README.md). `parse_library` returns a *normalised* plain dict in which every
optional key is present, `dump_library` writes that dict back in the same layout, so that
`parse_library(dump_library(parse_library(text)))` equals `parse_library(text)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from assessment.applicability import applicability_problems
from assessment.limits import LEGAL_ARTICLE_MAX_LENGTH, LEGAL_DOCUMENT_MAX_LENGTH
from assessment.scoring.criteria import force_problems, parameter_problems, weight_problems

# Bounds on what a library file may ask of the parser: its size (the bundled catalogue is about
# 115,000 characters) and how deep its values nest (the format needs 8 levels).
MAX_LIBRARY_CHARS = 4_000_000
MAX_NESTING = 20
LANGUAGES = ("en", "zh-hans")
STATUSES = ("draft", "published", "retired")
TRANSLATED_CRITERION_FIELDS = ("text", "guidance", "evidence", "remediation")
CRITERION_FIELDS = (
    "code", "revision", "area", "text", "guidance", "answer_type", "parameters", "weight", "force",
    "gate",
    "allows_na", "evidence_expected", "evidence", "deadline", "legal_reference", "applicability",
    "remediation",
)  # fmt: skip


@dataclass(frozen=True)
class LibraryProblem:
    criterion: str | None  # criterion code, or None for the file / an area
    field: str
    message: str

    def __str__(self) -> str:
        where = f"criterion {self.criterion}, " if self.criterion else ""
        return f"{where}field {self.field}: {self.message}"


class LibraryError(ValueError):
    """A library file that cannot be loaded; names the file, criterion and field of each problem."""

    def __init__(self, source: str, problems: list[LibraryProblem]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {source}: {problem}" for problem in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in the library file\n{lines}")


class _Collector:
    def __init__(self) -> None:
        self.problems: list[LibraryProblem] = []

    def add(self, criterion: str | None, field_name: str, message: str) -> None:
        self.problems.append(LibraryProblem(criterion, field_name, message))


def _text(
    value: Any, where: str, problems: _Collector, code: str | None, required: bool
) -> dict[str, str]:
    """A bilingual text: {en, zh-hans}; a plain string is taken as English."""
    if value is None:
        value = {}
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, Mapping):
        problems.add(code, where, "must map languages (en, zh-hans) to text")
        return dict.fromkeys(LANGUAGES, "")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        problems.add(code, where, f"unknown languages {unknown}; use en and zh-hans")
    result = {}
    for language in LANGUAGES:
        text = value.get(language) or ""
        if not isinstance(text, str):
            problems.add(code, f"{where}.{language}", "must be text")
            text = ""
        result[language] = text.strip()
    if required and not result["en"]:
        problems.add(code, f"{where}.en", "is required")
    return result


def _bounded_text(
    value: Any, where: str, limit: int, problems: _Collector, code: str | None
) -> dict[str, str]:
    text = _text(value, where, problems, code, required=False)
    for language, words in text.items():
        if len(words) > limit:
            problems.add(code, f"{where}.{language}", f"is longer than {limit} characters")
    return text


def _revision(value: Any, problems: _Collector, code: str) -> int:
    """The question's revision: raised when its meaning changes (answers are asked again)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add(code, "revision", "must be a whole number from 1")
        return 1
    return value


def _bool(value: Any, where: str, problems: _Collector, code: str | None) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.add(code, where, f"must be true or false (got {value!r})")
        return False
    return value


def _date(value: Any, where: str, problems: _Collector, code: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.add(code, where, f"must be a date YYYY-MM-DD (got {value!r})")
        return None


# libyaml's parser when PyYAML was built with it (the wheels are): about 5 times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_events(text: str) -> None:
    """Refuse anchors and aliases, and values nested deeper than MAX_NESTING, before composing.

    An alias repeats a node without repeating its text, so a few lines of aliases of aliases
    expand to billions of values ("billion laughs"); the format never needs them. Composing
    recurses once per level, so deep nesting would exhaust the stack instead of failing cleanly.
    """
    try:
        _check_each_event(text)
    except yaml.YAMLError as error:  # libyaml stops at 1,000 levels before our count does
        if "nesting depth" not in str(getattr(error, "problem", "")):
            raise
        raise _too_deep(error.problem_mark) from error


def _too_deep(mark: Any) -> yaml.YAMLError:
    return yaml.composer.ComposerError(
        None, None, f"values nest deeper than {MAX_NESTING} levels", mark
    )


def _check_each_event(text: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not allowed", event.start_mark
            )
        if isinstance(event, _OPENS):
            depth += 1
            if depth > MAX_NESTING:
                raise _too_deep(event.start_mark)
        elif isinstance(event, _CLOSES):
            depth -= 1


def parse_library(text: str, source: str = "<library>") -> dict[str, Any]:
    """Parse and validate a library file; raise LibraryError listing every problem."""
    if len(text) > MAX_LIBRARY_CHARS:
        problem = f"is larger than {MAX_LIBRARY_CHARS} characters"
        raise LibraryError(source, [LibraryProblem(None, "file", problem)])
    try:
        _check_events(text)
        raw = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise LibraryError(
            source, [LibraryProblem(None, "yaml", f"not valid YAML{at}: {error}")]
        ) from error
    except ValueError as error:  # a value YAML reads but Python refuses (a 5,000-digit number)
        problem = LibraryProblem(None, "yaml", f"a value cannot be read: {error}")
        raise LibraryError(source, [problem]) from error
    problems = _Collector()
    if not isinstance(raw, Mapping):
        raise LibraryError(source, [LibraryProblem(None, "file", "must be a YAML mapping")])

    library: dict[str, Any] = {}
    for key in ("framework", "version"):
        value = raw.get(key)
        if value is None or str(value).strip() == "":
            problems.add(None, key, "is required")
        library[key] = "" if value is None else str(value).strip()
    status = raw.get("status", "draft")
    if status not in STATUSES:
        problems.add(None, "status", f"must be one of {STATUSES} (got {status!r})")
    library["status"] = status
    library["name"] = _text(raw.get("name"), "name", problems, None, required=True)
    library["description"] = _text(raw.get("description"), "description", problems, None, False)

    library["areas"] = _parse_areas(raw.get("areas"), problems)
    area_codes = {area["code"] for area in library["areas"]}
    library["criteria"] = _parse_criteria(raw.get("criteria"), area_codes, problems)
    if problems.problems:
        raise LibraryError(source, problems.problems)
    return library


def _parse_areas(raw_areas: Any, problems: _Collector) -> list[dict[str, Any]]:
    if not isinstance(raw_areas, list) or not raw_areas:
        problems.add(None, "areas", "must be a non-empty list")
        return []
    areas = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_areas):
        where = f"areas[{index}]"
        if not isinstance(raw, Mapping) or not raw.get("code"):
            problems.add(None, where, "each area needs a code")
            continue
        code = str(raw["code"])
        if code in seen:
            problems.add(None, f"{where}.code", f"duplicate area code {code!r}")
        seen.add(code)
        areas.append(
            {
                "code": code,
                "name": _text(raw.get("name"), f"{where}.name", problems, None, required=True),
                "description": _text(
                    raw.get("description"), f"{where}.description", problems, None, False
                ),
            }
        )
    return areas


def _parse_criteria(
    raw_criteria: Any, area_codes: set[str], problems: _Collector
) -> list[dict[str, Any]]:
    if not isinstance(raw_criteria, list) or not raw_criteria:
        problems.add(None, "criteria", "must be a non-empty list")
        return []
    criteria = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_criteria):
        if not isinstance(raw, Mapping):
            problems.add(None, f"criteria[{index}]", "must be a mapping")
            continue
        code = str(raw.get("code") or "").strip()
        if not code:
            problems.add(f"#{index + 1}", "code", "is required")
            code = f"#{index + 1}"
        elif code in seen:
            problems.add(code, "code", "duplicate criterion code")
        seen.add(code)
        criteria.append(_parse_criterion(raw, code, area_codes, problems))
    return criteria


def _parse_criterion(
    raw: Mapping, code: str, area_codes: set[str], problems: _Collector
) -> dict[str, Any]:
    unknown = sorted(set(raw) - set(CRITERION_FIELDS))
    if unknown:
        problems.add(code, ", ".join(unknown), "unknown field(s)")
    for required in ("area", "text", "answer_type", "weight", "force"):
        if raw.get(required) in (None, ""):
            problems.add(code, required, "is required")
    area = str(raw.get("area") or "")
    if area and area not in area_codes:
        problems.add(code, "area", f"unknown area {area!r}; the file defines {sorted(area_codes)}")
    answer_type = raw.get("answer_type")
    parameters = raw.get("parameters") or {}
    if answer_type is not None:
        for where, message in parameter_problems(answer_type, parameters):
            problems.add(code, where, message)
    weight = raw.get("weight")
    if weight is not None:
        for where, message in weight_problems(weight):
            problems.add(code, where, message)
    force = raw.get("force")
    if force is not None:
        for where, message in force_problems(force):
            problems.add(code, where, message)
    applicability = raw.get("applicability") or {}
    for where, message in applicability_problems(applicability):
        problems.add(code, where, message)
    if not isinstance(applicability, Mapping):
        applicability = {}
    reference = raw.get("legal_reference") or {}
    if not isinstance(reference, Mapping):
        problems.add(code, "legal_reference", "must have a document and an article")
        reference = {}
    texts = {
        name: _text(raw.get(name), name, problems, code, required=name == "text")
        for name in TRANSLATED_CRITERION_FIELDS
    }
    return {
        "code": code,
        "revision": _revision(raw.get("revision", 1), problems, code),
        "area": area,
        "text": texts["text"],
        "guidance": texts["guidance"],
        "answer_type": answer_type,
        "parameters": dict(parameters) if isinstance(parameters, Mapping) else {},
        "weight": weight,
        "force": force,
        "gate": _bool(raw.get("gate"), "gate", problems, code),
        "allows_na": _bool(raw.get("allows_na"), "allows_na", problems, code),
        "evidence_expected": _bool(
            raw.get("evidence_expected"), "evidence_expected", problems, code
        ),
        "evidence": texts["evidence"],
        "deadline": _date(raw.get("deadline"), "deadline", problems, code),
        "legal_reference": {
            part: _bounded_text(
                reference.get(part), f"legal_reference.{part}", limit, problems, code
            )
            for part, limit in (
                ("document", LEGAL_DOCUMENT_MAX_LENGTH),
                ("article", LEGAL_ARTICLE_MAX_LENGTH),
            )
        },
        "applicability": {
            "stages": list(applicability.get("stages") or []),
            "scales": list(applicability.get("scales") or []),
            "methods": list(applicability.get("methods") or []),
            "minerals": list(applicability.get("minerals") or []),
            "strategic_only": bool(applicability.get("strategic_only", False)),
            "licensed_producing_only": bool(applicability.get("licensed_producing_only", False)),
        },
        "remediation": texts["remediation"],
    }


class _LibraryDumper(yaml.SafeDumper):
    """Block style for structure, but short bilingual texts and lists on one line."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a value used twice is written twice: the parser refuses aliases


def _represent_dict(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
    flow = set(data) <= set(LANGUAGES) and all(
        isinstance(v, str) and len(v) < 60 and "\n" not in v for v in data.values()
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(isinstance(item, str | int | float) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_LibraryDumper.add_representer(dict, _represent_dict)
_LibraryDumper.add_representer(list, _represent_list)


def _criterion_document(criterion: Mapping[str, Any]) -> dict[str, Any]:
    """A criterion's fields in file order; revision only once a question has been revised."""
    return {
        key: criterion[key]
        for key in CRITERION_FIELDS
        if not (key == "revision" and criterion[key] == 1)
    }


def dump_library(library: Mapping[str, Any]) -> str:
    """Write a normalised library dict as YAML in the documented layout."""
    document = {
        "framework": library["framework"],
        "version": library["version"],
        "status": library["status"],
        "name": dict(library["name"]),
        "description": dict(library["description"]),
        "areas": [dict(area) for area in library["areas"]],
        "criteria": [_criterion_document(criterion) for criterion in library["criteria"]],
    }  # fmt: skip
    return yaml.dump(
        document, Dumper=_LibraryDumper, allow_unicode=True, sort_keys=False, width=100
    )

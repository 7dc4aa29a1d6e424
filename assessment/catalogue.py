"""Writes to the criteria catalogue: import and export of library files, publish and clone.

Each function is one transaction. The file format and its validation live in
assessment/library.py; this module only moves normalised library dicts in and out of the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from simple_history.utils import bulk_create_with_history

from assessment.library import (
    TRANSLATED_CRITERION_FIELDS,
    LibraryError,
    LibraryProblem,
)
from assessment.library_diff import LibraryDiff, diff_libraries
from assessment.models import Area, Criterion, Framework, FrameworkVersion, FrozenVersionError

Status = FrameworkVersion.Status


def _translated(instance: Any, field: str) -> dict[str, str]:
    return {
        "en": getattr(instance, f"{field}_en") or "",
        "zh-hans": getattr(instance, f"{field}_zh_hans") or "",
    }


def _translated_kwargs(field: str, text: dict[str, str]) -> dict[str, str]:
    return {f"{field}_en": text["en"], f"{field}_zh_hans": text["zh-hans"]}


@dataclass(frozen=True)
class ImportResult:
    version: FrameworkVersion
    created: bool  # False: the same version with the same content was already there


def library_import(*, library: dict[str, Any], source: str = "<library>") -> ImportResult:
    """Load a normalised library dict as a framework version, in one transaction.

    Importing a version that exists with the same content changes nothing (the framework's name
    and description, which the newest import sets, aside). A draft with other content is
    replaced; a published or retired version is never overwritten.
    """
    with transaction.atomic():
        existing = (
            FrameworkVersion.objects.select_related("framework")
            .filter(framework__code=library["framework"], version=library["version"])
            .first()
        )
        if existing is not None:
            if _same_contents(library_export(version=existing), library):
                return ImportResult(existing, created=False)
            if existing.is_frozen:
                raise LibraryError(
                    source,
                    [
                        LibraryProblem(
                            None,
                            "version",
                            f"{library['framework']} {library['version']} is "
                            f"{existing.status} and is never overwritten; "
                            "give the file a new version",
                        )
                    ],
                )
            existing.criteria.all().delete()
            existing.areas.all().delete()
            version = existing
        else:
            framework, _created = Framework.objects.get_or_create(code=library["framework"])
            version = FrameworkVersion.objects.create(
                framework=framework, version=library["version"]
            )
        framework = version.framework
        for field in ("name", "description"):
            for key, value in _translated_kwargs(field, library[field]).items():
                setattr(framework, key, value)
        framework.save()
        _create_contents(version, library)
        if library["status"] != Status.DRAFT:
            version = version_publish(version=version)
        if library["status"] == Status.RETIRED:
            version = version_retire(version=version)
        return ImportResult(version, created=True)


# The framework's name and description are shared by its versions (the newest import sets
# them), so a version is the same when everything else is.
FRAMEWORK_FIELDS = ("name", "description")


def _same_contents(stored: dict[str, Any], library: dict[str, Any]) -> bool:
    return all(
        stored[key] == value for key, value in library.items() if key not in FRAMEWORK_FIELDS
    )


def _create_contents(version: FrameworkVersion, library: dict[str, Any]) -> None:
    areas = {}
    for order, area in enumerate(library["areas"], start=1):
        areas[area["code"]] = Area.objects.create(
            version=version,
            code=area["code"],
            order=order,
            **_translated_kwargs("name", area["name"]),
            **_translated_kwargs("description", area["description"]),
        )
    criteria = []
    order_in_area: dict[str, int] = {}
    for item in library["criteria"]:
        order_in_area[item["area"]] = order_in_area.get(item["area"], 0) + 1
        texts: dict[str, str] = {}
        for field in TRANSLATED_CRITERION_FIELDS:
            texts.update(_translated_kwargs(field, item[field]))
        texts.update(_translated_kwargs("legal_document", item["legal_reference"]["document"]))
        texts.update(_translated_kwargs("legal_article", item["legal_reference"]["article"]))
        applicability = item["applicability"]
        criteria.append(
            Criterion(
                version=version,
                area=areas[item["area"]],
                code=item["code"],
                revision=item["revision"],
                order=order_in_area[item["area"]],
                answer_type=item["answer_type"],
                parameters=item["parameters"],
                weight=item["weight"],
                force=item["force"],
                gate=item["gate"],
                allows_na=item["allows_na"],
                evidence_expected=item["evidence_expected"],
                deadline=item["deadline"],
                applies_to_stages=applicability["stages"],
                applies_to_scales=applicability["scales"],
                applies_to_methods=applicability["methods"],
                applies_to_minerals=applicability["minerals"],
                strategic_only=applicability["strategic_only"],
                licensed_producing_only=applicability["licensed_producing_only"],
                **texts,
            )
        )
    bulk_create_with_history(criteria, Criterion)  # with history rows


def library_export(*, version: FrameworkVersion) -> dict[str, Any]:
    """The normalised library dict of a version (what dump_library writes)."""
    version = (
        FrameworkVersion.objects.select_related("framework")
        .prefetch_related(
            Prefetch("areas", queryset=Area.objects.order_by("order", "code")),
            Prefetch("criteria", queryset=Criterion.objects.select_related("area")),
        )
        .get(pk=version.pk)
    )
    area_order = {area.pk: area.order for area in version.areas.all()}
    criteria = sorted(
        version.criteria.all(), key=lambda c: (area_order[c.area_id], c.order, c.code)
    )
    return {
        "framework": version.framework.code,
        "version": version.version,
        "status": version.status,
        "name": _translated(version.framework, "name"),
        "description": _translated(version.framework, "description"),
        "areas": [
            {
                "code": area.code,
                "name": _translated(area, "name"),
                "description": _translated(area, "description"),
            }
            for area in version.areas.all()
        ],
        "criteria": [_criterion_dict(criterion) for criterion in criteria],
    }


def _criterion_dict(criterion: Criterion) -> dict[str, Any]:
    return {
        "code": criterion.code,
        "revision": criterion.revision,
        "area": criterion.area.code,
        "text": _translated(criterion, "text"),
        "guidance": _translated(criterion, "guidance"),
        "answer_type": criterion.answer_type,
        "parameters": criterion.parameters or {},
        "weight": criterion.weight,
        "force": criterion.force,
        "gate": criterion.gate,
        "allows_na": criterion.allows_na,
        "evidence_expected": criterion.evidence_expected,
        "evidence": _translated(criterion, "evidence"),
        "deadline": criterion.deadline,
        "legal_reference": {
            "document": _translated(criterion, "legal_document"),
            "article": _translated(criterion, "legal_article"),
        },
        "applicability": criterion.applicability,
        "remediation": _translated(criterion, "remediation"),
    }


def version_publish(*, version: FrameworkVersion) -> FrameworkVersion:
    """Freeze a draft. Its criteria are validated first: a published version is final."""
    with transaction.atomic():
        version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_frozen:
            raise FrozenVersionError(version)
        for criterion in version.criteria.select_related("area"):
            # its version and area exist (they were read with it): no query each to check them
            criterion.full_clean(
                exclude={"version", "area"}, validate_unique=False, validate_constraints=False
            )
        version.status = Status.PUBLISHED
        version.save()
        return version


def version_base(version: FrameworkVersion) -> FrameworkVersion | None:
    """The version a draft is read against: the newest published one of its framework."""
    return (
        FrameworkVersion.objects.published()
        .filter(framework_id=version.framework_id)
        .exclude(pk=version.pk)
        .newest_first()
        .first()
    )


def newer_published(version: FrameworkVersion) -> FrameworkVersion | None:
    """The newest published version of the same framework published after this one."""
    if version.published_at is None:
        return None
    return (
        FrameworkVersion.objects.published()
        .filter(framework_id=version.framework_id, published_at__gt=version.published_at)
        .newest_first()
        .first()
    )


def version_diff(*, old: FrameworkVersion, new: FrameworkVersion) -> LibraryDiff:
    """Criteria added, removed and changed from one version to another (diff_framework's)."""
    return diff_libraries(library_export(version=old), library_export(version=new))


def version_retire(*, version: FrameworkVersion) -> FrameworkVersion:
    version.status = Status.RETIRED
    version.save(update_fields=["status"])
    return version


def version_clone(*, version: FrameworkVersion, new_label: str) -> FrameworkVersion:
    """Copy a version with every area and criterion into a new draft called `new_label`."""
    with transaction.atomic():
        clone = FrameworkVersion.objects.create(
            framework=version.framework, version=new_label, cloned_from=version
        )
        area_map = {}
        for area in version.areas.all():
            old_pk = area.pk
            area.pk = None
            area.id = None
            area.version = clone
            area._state.adding = True
            area.save()
            area_map[old_pk] = area
        copies = []
        for criterion in version.criteria.all():
            criterion.pk = None
            criterion.id = None
            criterion.version = clone
            criterion.area = area_map[criterion.area_id]
            criterion._state.adding = True
            copies.append(criterion)
        bulk_create_with_history(copies, Criterion)
        return clone


def next_version_label(version: FrameworkVersion) -> str:
    """A free label for a clone: "2026.1" -> "2026.1-draft", "2026.1-draft-2", ..."""
    taken = set(version.framework.versions.values_list("version", flat=True))
    label = f"{version.version}-draft"
    counter = 2
    while label in taken:
        label = f"{version.version}-draft-{counter}"
        counter += 1
    return label

"""Publishing freezes a version everywhere; cloning copies every field; diff lists changes."""

import pytest
from django.core.management import call_command

from assessment.catalogue import version_clone, version_publish
from assessment.models import Area, Criterion, FrameworkVersion, FrozenVersionError

pytestmark = pytest.mark.django_db


def test_publishing_a_draft_freezes_it(draft_version):
    version = version_publish(version=draft_version)
    assert version.status == "published"
    assert version.published_at is not None
    assert version.is_frozen


def test_publishing_refuses_a_draft_with_an_invalid_criterion(draft_version):
    Criterion.objects.filter(version=draft_version, code="GREEN-01").update(parameters={})
    with pytest.raises(Exception, match="needs a target"):
        version_publish(version=draft_version)
    draft_version.refresh_from_db()
    assert draft_version.status == "draft"


def test_a_published_criterion_cannot_be_saved_or_deleted(imported_version):
    criterion = Criterion.objects.get(version=imported_version, code="RIGHTS-01")
    criterion.weight = 1
    with pytest.raises(FrozenVersionError):
        criterion.save()
    with pytest.raises(FrozenVersionError):
        criterion.delete()
    criterion.refresh_from_db()
    assert criterion.weight == 3


def test_bulk_updates_and_deletes_of_a_published_version_are_refused(imported_version):
    with pytest.raises(FrozenVersionError):
        Criterion.objects.filter(version=imported_version).update(weight=1)
    with pytest.raises(FrozenVersionError):
        Area.objects.filter(version=imported_version).delete()
    assert set(Criterion.objects.values_list("weight", flat=True)) == {3, 5}


def test_a_published_area_and_version_cannot_be_changed(imported_version):
    area = imported_version.areas.first()
    area.name_en = "Renamed"
    with pytest.raises(FrozenVersionError):
        area.save()
    imported_version.version = "9.9"
    with pytest.raises(FrozenVersionError):
        imported_version.save()
    with pytest.raises(FrozenVersionError):
        FrameworkVersion.objects.get(pk=imported_version.pk).delete()


def test_a_published_version_can_only_be_retired(imported_version):
    imported_version.status = "retired"
    imported_version.save(update_fields=["status"])
    imported_version.refresh_from_db()
    assert imported_version.status == "retired"
    imported_version.status = "draft"
    with pytest.raises(FrozenVersionError):
        imported_version.save(update_fields=["status"])


def test_a_draft_stays_editable(draft_version):
    criterion = Criterion.objects.get(version=draft_version, code="RIGHTS-01")
    criterion.weight = 1
    criterion.save()
    criterion.refresh_from_db()
    assert criterion.weight == 1


def test_cloning_copies_every_area_and_criterion_field(imported_version):
    clone = version_clone(version=imported_version, new_label="1.1")
    assert clone.status == "draft"
    assert clone.cloned_from == imported_version
    skip = {"id", "version", "area"}
    fields = [f.attname for f in Criterion._meta.concrete_fields if f.name not in skip]
    assert {"text_zh_hans", "parameters", "applies_to_scales", "deadline"} <= set(fields)
    for original in imported_version.criteria.select_related("area"):
        copy = clone.criteria.select_related("area").get(code=original.code)
        assert copy.pk != original.pk
        assert copy.area.version == clone
        assert copy.area.code == original.area.code
        for field in fields:
            assert getattr(copy, field) == getattr(original, field), field
    area_fields = [f.attname for f in Area._meta.concrete_fields if f.name not in {"id", "version"}]
    for original in imported_version.areas.all():
        copy = clone.areas.get(code=original.code)
        for field in area_fields:
            assert getattr(copy, field) == getattr(original, field), field


def test_the_clone_is_editable_and_the_original_unchanged(imported_version):
    clone = version_clone(version=imported_version, new_label="1.1")
    criterion = clone.criteria.get(code="RIGHTS-01")
    criterion.weight = 5
    criterion.save()
    assert imported_version.criteria.get(code="RIGHTS-01").weight == 3


def test_diff_lists_added_removed_and_changed_criteria(imported_version, capsys):
    clone = version_clone(version=imported_version, new_label="1.1")
    clone.criteria.get(code="RIGHTS-02").delete()
    changed = clone.criteria.get(code="GREEN-01")
    changed.weight = 5
    changed.text_zh_hans = "新的要求"
    changed.parameters = {"target": 95, "direction": "at_least"}
    changed.save()
    Criterion.objects.create(
        version=clone,
        area=clone.areas.get(code="GREEN"),
        code="GREEN-03",
        text_en="New",
        answer_type="yes_no",
        weight=2,
        force="practice",
    )
    call_command("diff_framework", "test-fw", "1.0", "1.1")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "added GREEN-03",
        "removed RIGHTS-02",
        "changed GREEN-01: parameters.target, text.zh-hans, weight",
        "1 added, 1 removed, 1 changed",
    ]


def test_diff_of_a_version_with_itself_is_empty(imported_version, capsys):
    call_command("diff_framework", "test-fw", "1.0", "1.0")
    assert capsys.readouterr().out.splitlines() == ["0 added, 0 removed, 0 changed"]

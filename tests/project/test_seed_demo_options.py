"""seed_demo's options and refusals, each on a database of its own (tests/project/test_seed_demo.py
reads one seeded demo)."""

from __future__ import annotations

import pytest
from django.core.management import CommandError

from assessment.catalogue import library_import
from assessment.library import parse_library
from assessment.models import Assessment, Firm
from tests.helpers import library_data, write_library
from tests.project.test_seed_demo import seed


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_it_uses_the_newest_published_version_of_the_named_framework(
    media, db, imported_version, tmp_path
):
    newer = write_library(tmp_path / "newer.yaml", library_data(version="1.1"))
    newest = library_import(library=parse_library(newer.read_text(encoding="utf-8"))).version

    lines = seed(force=True, framework="test-fw").splitlines()

    moved = Assessment.objects.filter(site__name__startswith="Datong")
    assert set(moved.values_list("version", flat=True)) == {imported_version.pk, newest.pk}
    others = Assessment.objects.exclude(site__name__startswith="Datong")
    assert set(others.values_list("version", flat=True)) == {newest.pk}
    assert Assessment.objects.count() == 7
    assert "submitted" in lines[1]


def test_it_needs_the_framework_imported_first(media, db):
    with pytest.raises(CommandError, match="import it first"):
        seed(force=True)
    assert not Firm.objects.exists()


def test_it_does_nothing_when_debug_is_off_unless_forced(media, bundled_version, settings):
    settings.DEBUG = False

    out = seed()

    assert "skipped" in out
    assert not Firm.objects.exists()

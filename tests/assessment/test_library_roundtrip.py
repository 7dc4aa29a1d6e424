"""export_framework writes the format import_framework reads: export(import(file)) == file."""

import pytest
import yaml
from django.core.management import call_command

from assessment.catalogue import library_export
from assessment.library import dump_library, parse_library
from tests.helpers import BUNDLED_CATALOGUE, library_data

pytestmark = pytest.mark.django_db


def test_export_of_an_import_has_the_content_of_the_file(library_file, tmp_path):
    call_command("import_framework", str(library_file))
    out = tmp_path / "out.yaml"
    call_command("export_framework", "test-fw", "--version", "1.0", "-o", str(out))
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == yaml.safe_load(
        library_file.read_text(encoding="utf-8")
    )


def test_the_bundled_catalogue_round_trips(bundled_version):
    text = BUNDLED_CATALOGUE.read_text(encoding="utf-8")
    exported = dump_library(library_export(version=bundled_version))
    assert parse_library(exported) == parse_library(text)
    assert yaml.safe_load(exported) == yaml.safe_load(text)


def test_dump_then_parse_is_identity():
    library = parse_library(yaml.safe_dump(library_data(), allow_unicode=True))
    assert parse_library(dump_library(library)) == library


def test_export_without_a_version_takes_the_newest_published(library_file, capsys):
    call_command("import_framework", str(library_file))
    capsys.readouterr()
    call_command("export_framework", "test-fw")
    assert yaml.safe_load(capsys.readouterr().out)["version"] == "1.0"


def test_export_of_an_unknown_framework_fails_clearly():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no framework with code 'nope'"):
        call_command("export_framework", "nope")


def test_a_revision_is_written_only_once_a_question_is_revised():
    data = library_data()
    data["criteria"][1]["revision"] = 3
    library = parse_library(yaml.safe_dump(data, allow_unicode=True))
    written = yaml.safe_load(dump_library(library))
    assert [c.get("revision") for c in written["criteria"][:3]] == [None, 3, None]
    assert [c["revision"] for c in parse_library(dump_library(library))["criteria"][:2]] == [1, 3]

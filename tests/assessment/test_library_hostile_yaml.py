"""import_framework refuses hostile YAML with its normal error (the file named, nothing changed):
alias bombs ("billion laughs"), any anchor or alias, deep nesting, oversized files and values
Python cannot read; the bundled catalogue still imports."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command

from assessment.library import (
    MAX_LIBRARY_CHARS,
    MAX_NESTING,
    LibraryError,
    dump_library,
    parse_library,
)
from assessment.models import FrameworkVersion
from tests.assessment.test_library_import import import_fails
from tests.helpers import BUNDLED_CATALOGUE, library_data, write_library

pytestmark = pytest.mark.django_db

BILLION_LAUGHS = """\
framework: lol
version: "1"
name: {en: Laughs}
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
areas: *i
"""


def library_text(**overrides) -> str:
    return yaml.safe_dump(library_data(**overrides), allow_unicode=True, sort_keys=False)


def test_an_alias_bomb_is_refused_at_its_first_anchor(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    message = import_fails(path)
    assert "anchors and aliases (& and *) are not allowed" in message
    assert "line 4" in message


def test_even_a_harmless_alias_is_refused(tmp_path):
    text = library_text().replace("legal_reference:", "legal_reference: &law", 1)
    text = text.replace("legal_reference:\n", "legal_reference: *law\n", 1)
    assert "*law" in text
    path = tmp_path / "alias.yaml"
    path.write_text(text, encoding="utf-8")
    assert "anchors and aliases" in import_fails(path)


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 100_000])
def test_deep_flow_nesting_is_refused(tmp_path, levels):
    path = tmp_path / "deep.yaml"
    path.write_text(library_text() + "extra: " + "[" * levels + "]" * levels + "\n")
    assert f"values nest deeper than {MAX_NESTING} levels" in import_fails(path)


def test_deep_block_nesting_is_refused(tmp_path):
    lines = [f"{'  ' * level}k{level}:" for level in range(MAX_NESTING + 5)]
    path = tmp_path / "block.yaml"
    path.write_text(library_text() + "\n".join(lines) + " end\n", encoding="utf-8")
    assert "values nest deeper than" in import_fails(path)


def test_nesting_up_to_the_bound_is_read():
    # the root mapping is the first level, the key "extra" and its list the second
    levels = MAX_NESTING - 2
    text = library_text() + "extra: " + "[" * levels + "1" + "]" * levels + "\n"
    assert parse_library(text)["framework"] == "test-fw"


def test_a_file_larger_than_the_bound_is_refused_before_it_is_parsed(tmp_path):
    text = library_text()
    path = tmp_path / "large.yaml"
    path.write_text(text + "#" * (MAX_LIBRARY_CHARS - len(text)) + "\n", encoding="utf-8")
    assert f"field file: is larger than {MAX_LIBRARY_CHARS} characters" in import_fails(path)


def test_a_file_at_the_bound_is_read():
    text = library_text()
    padded = text + "#" * (MAX_LIBRARY_CHARS - len(text))
    assert parse_library(padded)["framework"] == "test-fw"
    with pytest.raises(LibraryError, match="is larger than"):
        parse_library(padded + "#")


@pytest.mark.parametrize(
    "line", ["weight_total: " + "9" * 5000, "deadline_all: 2028-13-45"], ids=["number", "date"]
)
def test_a_value_python_cannot_read_is_a_library_error(tmp_path, line):
    path = tmp_path / "value.yaml"
    path.write_text(library_text() + line + "\n", encoding="utf-8")
    assert "field yaml: a value cannot be read" in import_fails(path)


def test_the_bundled_catalogue_still_imports(capsys):
    call_command("import_framework", str(BUNDLED_CATALOGUE))
    version = FrameworkVersion.objects.get(framework__code="cn-mining-2026")
    plain = yaml.safe_load(BUNDLED_CATALOGUE.read_text(encoding="utf-8"))
    assert version.criteria.count() == len(plain["criteria"])
    assert "imported cn-mining-2026" in capsys.readouterr().out


def test_a_valid_library_still_imports(tmp_path):
    call_command("import_framework", str(write_library(tmp_path / "ok.yaml", library_data())))
    assert FrameworkVersion.objects.filter(framework__code="test-fw").count() == 1


def test_an_export_never_writes_aliases_even_for_shared_values():
    library = parse_library(library_text())
    shared = {"en": "Same", "zh-hans": "相同"}
    for criterion in library["criteria"]:
        criterion["remediation"] = shared  # one object in every criterion
    text = dump_library(library)
    assert "&id" not in text and "*id" not in text
    assert parse_library(text) == library

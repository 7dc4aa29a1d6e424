"""import_framework: one transaction, clear errors, no-op re-import, frozen versions kept."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from assessment.models import Area, Criterion, Framework, FrameworkVersion
from tests.helpers import criterion_data, library_data, write_library

pytestmark = pytest.mark.django_db


def database_state() -> tuple:
    return (
        Framework.objects.count(),
        FrameworkVersion.objects.count(),
        Area.objects.count(),
        sorted(Criterion.objects.values_list("version__version", "code", "weight", "text_en")),
    )


def import_fails(path: Path) -> str:
    before = database_state()
    with pytest.raises(CommandError) as caught:
        call_command("import_framework", str(path))
    assert database_state() == before
    message = str(caught.value)
    assert str(path) in message
    return message


def test_it_imports_a_library_file(library_file, capsys):
    call_command("import_framework", str(library_file))
    version = FrameworkVersion.objects.get(framework__code="test-fw", version="1.0")
    assert version.status == "published"
    assert version.published_at is not None
    assert list(version.areas.values_list("code", "order")) == [("RIGHTS", 1), ("GREEN", 2)]
    green = Criterion.objects.get(version=version, code="GREEN-01")
    assert green.area.code == "GREEN"
    assert green.parameters == {"target": 90, "direction": "at_least"}
    assert green.text_zh_hans == "Requirement GREEN-01（中文）"
    assert green.legal_article_zh_hans == "第二十二条"
    assert green.applies_to_scales == ["large", "medium"]
    assert green.licensed_producing_only is True
    assert str(green.deadline) == "2028-12-31"
    assert "imported test-fw 1.0 (published, 4 criteria)" in capsys.readouterr().out


def test_reimporting_the_same_version_is_a_no_op(library_file, capsys):
    call_command("import_framework", str(library_file))
    ids = list(Criterion.objects.order_by("pk").values_list("pk", flat=True))
    call_command("import_framework", str(library_file))
    assert list(Criterion.objects.order_by("pk").values_list("pk", flat=True)) == ids
    assert "unchanged test-fw 1.0" in capsys.readouterr().out


def test_an_older_version_imports_again_as_a_no_op_after_a_newer_one_renamed_the_framework(
    library_file, tmp_path, capsys
):
    call_command("import_framework", str(library_file))
    newer = library_data(version="1.1")
    newer["name"] = {"en": "Test framework, renamed", "zh-hans": "测试框架（新名称）"}
    call_command("import_framework", str(write_library(tmp_path / "newer.yaml", newer)))
    before = database_state()
    capsys.readouterr()

    call_command("import_framework", str(library_file))

    assert database_state() == before
    assert Framework.objects.get(code="test-fw").name_en == "Test framework, renamed"


def test_a_published_version_is_never_overwritten(library_file, tmp_path):
    call_command("import_framework", str(library_file))
    changed = library_data()
    changed["criteria"][0]["weight"] = 1
    message = import_fails(write_library(tmp_path / "changed.yaml", changed))
    assert "never overwritten" in message
    assert Criterion.objects.get(code="RIGHTS-01").weight == 3


def test_a_draft_is_replaced_by_a_new_import_of_its_version(tmp_path):
    call_command(
        "import_framework", str(write_library(tmp_path / "a.yaml", library_data(status="draft")))
    )
    changed = library_data(status="draft")
    changed["criteria"] = changed["criteria"][:2]
    call_command("import_framework", str(write_library(tmp_path / "b.yaml", changed)))
    assert sorted(Criterion.objects.values_list("code", flat=True)) == ["RIGHTS-01", "RIGHTS-02"]


def test_bad_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("framework: x\nareas: [\n  - code: A\n", encoding="utf-8")
    assert "not valid YAML" in import_fails(path)


def test_a_missing_field_names_the_criterion_and_field(tmp_path):
    data = library_data()
    del data["criteria"][1]["force"]
    message = import_fails(write_library(tmp_path / "missing.yaml", data))
    assert "criterion RIGHTS-02, field force: is required" in message


def test_an_unknown_answer_type_is_refused(tmp_path):
    data = library_data()
    data["criteria"][2]["answer_type"] = "stars"
    message = import_fails(write_library(tmp_path / "type.yaml", data))
    assert "criterion GREEN-01, field answer_type: unknown answer type 'stars'" in message


def test_a_legal_reference_longer_than_the_field_is_refused(tmp_path):
    data = library_data()
    data["criteria"][0]["legal_reference"]["article"] = {"en": "Art. 1" * 40, "zh-hans": "第一条"}
    message = import_fails(write_library(tmp_path / "long.yaml", data))
    assert (
        "criterion RIGHTS-01, field legal_reference.article.en: is longer than 200 characters"
        in message
    )


@pytest.mark.parametrize("revision", [0, "2", True])
def test_a_revision_must_be_a_whole_number_from_1(tmp_path, revision):
    data = library_data()
    data["criteria"][0]["revision"] = revision
    message = import_fails(write_library(tmp_path / "revision.yaml", data))
    assert "criterion RIGHTS-01, field revision: must be a whole number from 1" in message


def test_a_duplicate_code_is_refused(tmp_path):
    data = library_data()
    data["criteria"].append(criterion_data("GREEN-02", "GREEN"))
    message = import_fails(write_library(tmp_path / "dup.yaml", data))
    assert "criterion GREEN-02, field code: duplicate criterion code" in message


def test_an_unknown_area_is_refused(tmp_path):
    data = library_data()
    data["criteria"][3]["area"] = "SPACE"
    message = import_fails(write_library(tmp_path / "area.yaml", data))
    assert "criterion GREEN-02, field area: unknown area 'SPACE'" in message


def test_bad_parameters_are_refused_with_the_parameter_named(tmp_path):
    data = library_data()
    data["criteria"][2]["parameters"] = {"direction": "at_least"}
    message = import_fails(write_library(tmp_path / "params.yaml", data))
    assert "criterion GREEN-01, field parameters.target" in message


def test_every_problem_of_a_file_is_listed(tmp_path):
    data = library_data()
    data["criteria"][0]["weight"] = 9
    data["criteria"][1]["force"] = "rumour"
    message = import_fails(write_library(tmp_path / "two.yaml", data))
    assert "criterion RIGHTS-01, field weight" in message
    assert "criterion RIGHTS-02, field force" in message


def test_a_failure_late_in_the_import_rolls_back_everything(tmp_path, monkeypatch):
    from assessment import catalogue

    def explode(*, version):
        raise RuntimeError("disk full")

    monkeypatch.setattr(catalogue, "version_publish", explode)
    before = database_state()
    with pytest.raises(RuntimeError):
        call_command("import_framework", str(write_library(tmp_path / "x.yaml", library_data())))
    assert database_state() == before


def test_an_unreadable_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("import_framework", str(tmp_path / "nowhere.yaml"))

"""`export_questionnaire ID -o FILE` and `import_questionnaire ID FILE [--dry-run]`: the import
prints `N changed, M unchanged, K invalid`, then the invalid cells, and writes nothing while
any is invalid."""

import pytest
from django.core.management import CommandError, call_command

from exchange.sheet_format import headers
from tests.helpers import fill_questionnaire, questionnaire_book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


def export(assessment, tmp_path, *args) -> bytes:
    path = tmp_path / "q.xlsx"
    call_command("export_questionnaire", str(assessment.pk), "-o", str(path), *args)
    return path.read_bytes()


def run_import(assessment, tmp_path, data: bytes, *args, capsys) -> tuple[str, Exception | None]:
    capsys.readouterr()  # not the export's line
    path = tmp_path / "filled.xlsx"
    path.write_bytes(data)
    error = None
    try:
        call_command("import_questionnaire", str(assessment.pk), str(path), *args)
    except CommandError as raised:
        error = raised
    return capsys.readouterr().out, error


def test_export_writes_the_workbook_in_the_language_asked(assessment, tmp_path, capsys):
    data = export(assessment, tmp_path, "--lang", "zh-hans")
    assert "wrote" in capsys.readouterr().out
    assert [c.value for c in questionnaire_book(data)["GREEN"][2]] == headers("zh-hans")


def test_import_writes_the_changes_and_reports_them(assessment, owner, tmp_path, capsys):
    data = fill_questionnaire(export(assessment, tmp_path), {"RIGHTS-02": {"answer": "All"}})
    out, error = run_import(assessment, tmp_path, data, "--user", "owner", capsys=capsys)
    assert error is None
    assert out.splitlines()[0] == "1 changed, 3 unchanged, 0 invalid"
    answer = assessment.answers.get(criterion__code="RIGHTS-02")
    assert answer.value == "all"
    assert answer.history.first().history_user == owner


def test_dry_run_writes_nothing(assessment, tmp_path, capsys):
    data = fill_questionnaire(export(assessment, tmp_path), {"RIGHTS-02": {"answer": "All"}})
    out, error = run_import(assessment, tmp_path, data, "--dry-run", capsys=capsys)
    assert error is None and out.splitlines() == ["1 changed, 3 unchanged, 0 invalid"]
    assert assessment.answers.get(criterion__code="RIGHTS-02").value is None


def test_invalid_cells_are_listed_and_nothing_is_written(assessment, owner, tmp_path, capsys):
    data = fill_questionnaire(
        export(assessment, tmp_path),
        {"RIGHTS-02": {"answer": "All"}, "GREEN-01": {"answer": "lots"}},
    )
    out, error = run_import(assessment, tmp_path, data, "--user", "owner", capsys=capsys)
    assert error is not None
    assert out.splitlines() == [
        "1 changed, 2 unchanged, 1 invalid",
        "invalid GREEN row 3 GREEN-01: Answer: Enter a number.",
    ]
    assert assessment.answers.get(criterion__code="RIGHTS-02").value is None


def test_a_submitted_assessment_is_refused(submitted_assessment, tmp_path, capsys):
    data = export(submitted_assessment, tmp_path)
    _out, error = run_import(submitted_assessment, tmp_path, data, capsys=capsys)
    assert "locked" in str(error)


def test_an_unknown_assessment_is_refused(tmp_path, capsys, db):
    _out, error = run_import(type("A", (), {"pk": 999})(), tmp_path, b"x", capsys=capsys)
    assert str(error) == "no assessment with id 999"


def test_conflicts_are_listed_and_not_written(assessment, owner, tmp_path, capsys):
    from assessment.workflow import answer_save

    data = export(assessment, tmp_path)
    answer_save(answer=assessment.answers.get(criterion__code="RIGHTS-01"), user=owner, value="no")
    data = fill_questionnaire(
        data, {"RIGHTS-01": {"answer": "Yes"}, "RIGHTS-02": {"answer": "None"}}
    )
    out, error = run_import(assessment, tmp_path, data, "--user", "owner", capsys=capsys)
    assert str(error) == "1 answer not imported: changed online since the download"  # exit 1
    assert out.splitlines() == [
        "1 changed, 2 unchanged, 0 invalid",
        "conflict RIGHTS row 3 RIGHTS-01: Answer",
        "imported 1 change",
    ]
    assert assessment.answers.get(criterion__code="RIGHTS-01").value == "no"
    assert assessment.answers.get(criterion__code="RIGHTS-02").value == "none"


def test_a_real_import_names_a_writer_of_the_firm(assessment, viewer, outsider, tmp_path, capsys):
    data = fill_questionnaire(export(assessment, tmp_path), {"RIGHTS-02": {"answer": "All"}})
    out, error = run_import(assessment, tmp_path, data, capsys=capsys)
    assert "--user is required" in str(error) and out == ""
    for person in (viewer, outsider):
        _out, error = run_import(
            assessment, tmp_path, data, "--user", person.username, capsys=capsys
        )
        assert f"{person.username} may not change assessment" in str(error)
    assert assessment.answers.get(criterion__code="RIGHTS-02").version == 0
    assert (
        not assessment.answers.get(criterion__code="RIGHTS-02")
        .history.exclude(history_user__isnull=False)
        .exclude(history_type="+")
        .exists()
    )

"""The offline questionnaire filled in and saved by LibreOffice Calc imports as if typed.

`soffice --headless --convert-to xlsx` opens the file and writes it anew, as a person's Save
does: LibreOffice's own XML, number and string storage, hidden sheet and sheet protection."""

import subprocess
from pathlib import Path

import pytest

from tests.exchange.test_questionnaire_import import FILLED, answers
from tests.helpers import (
    fill_questionnaire,
    questionnaire_confirm,
    questionnaire_download,
    questionnaire_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]
COMMENT = "许可证有效至2030年；已核对原件"


def saved_by_libreoffice(data: bytes, folder: Path) -> bytes:
    source = folder / "questionnaire.xlsx"
    source.write_bytes(data)
    profile = f"-env:UserInstallation=file://{folder / 'profile'}"  # its own, beside other runs
    command = ["soffice", profile, "--headless", "--convert-to", "xlsx", "--outdir"]
    subprocess.run([*command, str(folder / "saved"), str(source)], check=True, timeout=120)
    return (folder / "saved" / "questionnaire.xlsx").read_bytes()


def test_a_file_saved_by_libreoffice_is_previewed_and_imported_as_typed(
    login, editor, assessment, tmp_path
):
    client = login(editor)
    cells = FILLED | {"RIGHTS-01": {"answer": "Yes", "comment": COMMENT}}
    filled = fill_questionnaire(questionnaire_download(client, assessment), cells)
    data = saved_by_libreoffice(filled, tmp_path)
    assert data != filled

    preview = questionnaire_upload(client, assessment, data)

    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert plan.problems == [] and plan.conflicts == []
    assert [change.code for change in plan.changes] == [
        "RIGHTS-01", "RIGHTS-02", "GREEN-01", "GREEN-02",
    ]  # fmt: skip
    assert questionnaire_confirm(client, assessment, preview).status_code == 302
    after = answers(assessment)
    assert after["RIGHTS-01"] == ("yes", False, "", COMMENT)
    assert after["RIGHTS-02"][0] == "some"
    assert after["GREEN-01"][0] == "87.5"
    assert after["GREEN-02"] == (None, True, "No processing plant on site", "")
    record = assessment.answers.get(criterion__code="RIGHTS-01").history.first()
    assert record.history_user == editor

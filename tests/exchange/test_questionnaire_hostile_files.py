"""Uploads that are not a questionnaire of this assessment, or that try to hurt: each is refused
with a message that says why, and nothing is written."""

import base64
import io
import os
import zipfile

import pytest
from openpyxl import Workbook

from exchange import questionnaire_file
from exchange.questionnaire_export import questionnaire_workbook
from exchange.questionnaire_file import RefusedFile, read_questionnaire
from exchange.sheet_format import HEADER_ROW, headers
from tests.helpers import (
    PDF,
    book_bytes,
    fill_questionnaire,
    questionnaire_book,
    questionnaire_download,
    questionnaire_upload,
)

pytestmark = pytest.mark.django_db


def refused(client, assessment, data: bytes, name: str = "questionnaire.xlsx") -> str:
    before = list(assessment.answers.values_list("version", flat=True))
    response = questionnaire_upload(client, assessment, data, name)
    assert response.status_code == 400
    assert response.context["plan"] is None
    assert list(assessment.answers.values_list("version", flat=True)) == before
    return " ".join(response.context["form"].errors["file"])


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def test_a_workbook_with_macros_is_refused(login, editor, assessment):
    client = login(editor)
    data = questionnaire_download(client, assessment)
    message = refused(client, assessment, data, "questionnaire.xlsm")
    assert "macros" in message
    message = refused(client, assessment, with_member(data, "xl/vbaProject.bin", b"\0" * 64))
    assert "macros" in message


def test_a_file_that_is_not_a_workbook_is_refused(login, editor, assessment):
    client = login(editor)
    assert "not a real .xlsx file" in refused(client, assessment, PDF)
    assert ".xlsx" in refused(client, assessment, PDF, "answers.pdf")


def test_a_zip_bomb_is_refused(login, editor, assessment):
    client = login(editor)
    data = with_member(
        questionnaire_download(client, assessment), "xl/media/big.bin", b"\0" * (30 * 1024 * 1024)
    )
    assert "expands to far more data" in refused(client, assessment, data)


def test_a_workbook_that_unpacks_past_the_bound_is_refused(login, editor, assessment, monkeypatch):
    client = login(editor)
    data = questionnaire_download(client, assessment)
    monkeypatch.setattr(questionnaire_file, "MAX_UNPACKED_BYTES", 1000)
    assert "expands to far more data" in refused(client, assessment, data)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    login, editor, assessment, monkeypatch
):
    client = login(editor)
    data = questionnaire_download(client, assessment)
    monkeypatch.setattr("exchange.forms.MAX_BYTES", 100)
    assert "larger than the limit" in refused(client, assessment, data)


def test_a_huge_sheet_is_refused(login, editor, assessment, monkeypatch):
    client = login(editor)
    book = questionnaire_book(questionnaire_download(client, assessment))
    monkeypatch.setattr(questionnaire_file, "MAX_ROWS", 50)
    book["RIGHTS"].cell(row=51, column=1, value="x")
    assert "more than 50 rows" in refused(client, assessment, book_bytes(book))


def test_a_sheet_declaring_a_million_rows_stops_at_the_bound():
    book = Workbook()
    for column, header in enumerate(headers("en"), start=1):
        book.active.cell(row=HEADER_ROW, column=column, value=header)
    book.active.cell(row=1_000_000, column=1, value="x")
    with pytest.raises(RefusedFile, match="more than 3,000 rows"):
        read_questionnaire("q.xlsx", book_bytes(book))


def test_too_many_sheets_are_refused(login, editor, assessment):
    book = Workbook()
    for index in range(60):
        book.create_sheet(f"S{index}")
    assert "more than 50 sheets" in refused(login(editor), assessment, book_bytes(book))


def test_a_plain_workbook_is_not_a_questionnaire(login, editor, assessment):
    book = Workbook()
    book.active.append(["Code", "Answer"])
    assert "not a questionnaire downloaded from MineReady" in refused(
        login(editor), assessment, book_bytes(book)
    )


def test_the_questionnaire_of_another_assessment_is_refused(login, editor, assessment, start, site):
    from tests.helpers import SiteFactory

    other = start(SiteFactory(firm=site.firm, name="Second mine"))
    data = questionnaire_workbook(other, "en")
    assert "another assessment" in refused(login(editor), assessment, data)


def test_a_forged_assessment_id_is_refused(login, editor, assessment):
    client = login(editor)
    book = questionnaire_book(questionnaire_download(client, assessment))
    book["MineReady"]["B2"] = assessment.pk + 1
    assert "another assessment" in refused(client, assessment, book_bytes(book))
    book["MineReady"]["B2"] = assessment.pk
    book["MineReady"]["B4"] = "0" * 20
    assert "not a questionnaire downloaded" in refused(client, assessment, book_bytes(book))


def test_formulas_are_never_evaluated_but_reported(login, editor, assessment):
    client = login(editor)
    data = fill_questionnaire(
        questionnaire_download(client, assessment), {"RIGHTS-01": {"answer": '=IF(1,"Yes","No")'}}
    )
    response = questionnaire_upload(client, assessment, data)
    [problem] = response.context["plan"].problems
    assert problem.message == "Answer holds a formula; type the value itself."
    assert assessment.answers.get(criterion__code="RIGHTS-01").value is None


def test_an_xml_entity_bomb_is_refused_unexpanded(login, editor, assessment):
    client = login(editor)
    data = questionnaire_download(client, assessment)
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = bomb
            target.writestr(item.filename, content, compress_type=zipfile.ZIP_DEFLATED)
    assert "could not be read as an Excel workbook" in refused(client, assessment, out.getvalue())


def with_sheet(data: bytes, sheet: bytes, padding: int = 200_000) -> bytes:
    """The workbook with its first area's sheet replaced, padded with incompressible bytes so
    that the ratio of unpacked to packed size looks like a real workbook's."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            name = item.filename
            content = sheet if name == "xl/worksheets/sheet1.xml" else source.read(name)
            target.writestr(name, content)
        noise = os.urandom(padding)
        target.writestr("xl/media/image1.png", noise, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


SHEET_START = (
    b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><sheetData><row r="3">'
)
SHEET_END = b"</row></sheetData></worksheet>"


def test_one_wide_row_of_empty_cells_is_refused_before_it_is_parsed(
    login, editor, assessment, monkeypatch
):
    # openpyxl would hold all 3,000,000 cells of the row (~900 MB) before cutting to 40 columns.
    client = login(editor)
    data = questionnaire_download(client, assessment)
    upload = with_sheet(data, SHEET_START + b"<c/>" * 3_000_000 + SHEET_END)
    assert len(upload) < questionnaire_file.MAX_BYTES
    parsed = []
    monkeypatch.setattr(questionnaire_file, "load_workbook", lambda *a, **k: parsed.append(1))
    assert "far more" in refused(client, assessment, upload)  # unpacks past the bound
    with pytest.raises(RefusedFile):
        read_questionnaire("q.xlsx", upload)
    assert parsed == []


def test_a_sheet_of_too_many_cells_is_refused_though_small(login, editor, assessment):
    data = questionnaire_download(login(editor), assessment)
    cells = b"<c/>" * (questionnaire_file.MAX_CELLS + 1)  # 800 KB, under every size bound
    with pytest.raises(RefusedFile, match="far more cells or text"):
        read_questionnaire("q.xlsx", with_sheet(data, SHEET_START + cells + SHEET_END))


def test_a_huge_shared_strings_part_is_refused(login, editor, assessment):
    data = questionnaire_download(login(editor), assessment)
    text = base64.b64encode(os.urandom(questionnaire_file.MAX_PART_BYTES * 3 // 4 + 3))
    strings = b"<sst><si><t>" + text + b"</t></si></sst>"  # random: the zip ratio looks real
    with pytest.raises(RefusedFile, match="far more cells or text"):
        read_questionnaire("q.xlsx", with_member(data, "xl/sharedStrings2.xml", strings))


def test_the_bounds_leave_room_for_a_large_questionnaire_with_long_comments(owner, site):
    """500 criteria, each with the longest comment and justification, in Chinese, still read."""
    from assessment import workflow
    from assessment.limits import COMMENT_MAX_LENGTH, JUSTIFICATION_MAX_LENGTH
    from tests.helpers import version_of_every_answer_type

    version = version_of_every_answer_type(500)
    assessment = workflow.assessment_start(site=site, version=version, user=owner)
    data = questionnaire_workbook(assessment, "zh-hans")
    longest = {
        "comment": "评" * COMMENT_MAX_LENGTH,
        "na_justification": "由" * JUSTIFICATION_MAX_LENGTH,
    }
    comments = {a.criterion.code: longest for a in assessment.answers.select_related("criterion")}
    filled = fill_questionnaire(data, comments)
    with zipfile.ZipFile(io.BytesIO(filled)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert unpacked < questionnaire_file.MAX_UNPACKED_BYTES * 0.75
    assert len(read_questionnaire("q.xlsx", filled).rows) == 500

"""An assessment's answers, results and gaps as .xlsx and CSV: the numbers of the results page,
the answers as the questionnaire reads them, in the person's language; CSV in UTF-8 with a byte
order mark; texts that look like formulas written as text; members only."""

import csv
import io

import pytest
from django.urls import reverse

from assessment.plan_export import csv_cell
from assessment.results import assessment_results
from assessment.workflow import answer_save
from tests.helpers import questionnaire_book, use_language

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


def csv_rows(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_workbook_has_the_results_pages_numbers(login, viewer, worked_assessment):
    response = login(viewer).get(reverse("exchange:results_xlsx", args=[worked_assessment.pk]))
    assert response.status_code == 200
    book = questionnaire_book(response.content)
    assert book.sheetnames == ["Answers", "Results", "Gaps"]
    results = assessment_results(worked_assessment)
    overall = [row for row in book["Results"].iter_rows(values_only=True) if row[1] == "Overall"]
    assert overall[0][2] == results.score.overall
    gaps = list(book["Gaps"].iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in gaps] == [gap.code for gap in results.score.gaps]
    answers = {row[1]: row for row in book["Answers"].iter_rows(min_row=2, values_only=True)}
    assert answers["RIGHTS-02"][3] == "Some"
    assert answers["GREEN-01"][3] == "45 %"


def test_csv_parts_in_chinese(login, owner, worked_assessment):
    client = login(owner)
    use_language(client, "zh-hans")
    url = reverse("exchange:results_csv", args=[worked_assessment.pk, "answers"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["RIGHTS-02"][3] == "部分"
    assert by_code["RIGHTS-01"][0] == "矿业权"
    for part in ("results", "gaps"):
        url = reverse("exchange:results_csv", args=[worked_assessment.pk, part])
        assert len(csv_rows(client.get(url))) > 1


def test_texts_that_look_like_formulas_are_written_as_text(login, owner, worked_assessment):
    answer = worked_assessment.answers.get(criterion__code="RIGHTS-01")
    answer_save(answer=answer, user=owner, comment="=cmd|' /C calc'!A0")
    client = login(owner)
    rows = csv_rows(
        client.get(reverse("exchange:results_csv", args=[worked_assessment.pk, "answers"]))
    )
    assert {row[1]: row for row in rows}["RIGHTS-01"][5] == "'=cmd|' /C calc'!A0"
    book = questionnaire_book(
        client.get(reverse("exchange:results_xlsx", args=[worked_assessment.pk])).content
    )
    cells = [
        c for row in book["Answers"].iter_rows() for c in row if c.value == "=cmd|' /C calc'!A0"
    ]
    assert [c.data_type for c in cells] == ["s"]


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "＝1+1", "＋1", "－1", "＠SUM(A1)", " =1", "\r\n＝1",
     "\u3000=1", " \t＋cmd"],
)  # fmt: skip
def test_every_formula_start_is_escaped_in_csv(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell(-1) == -1  # numbers stay numbers
    assert csv_cell("Ｐermit 1=1") == "Ｐermit 1=1"


def test_an_outsider_gets_404_and_an_unknown_part_is_404(login, outsider, owner, worked_assessment):
    client = login(outsider)
    assert (
        client.get(reverse("exchange:results_xlsx", args=[worked_assessment.pk])).status_code == 404
    )
    url = reverse("exchange:results_csv", args=[worked_assessment.pk, "answers"])
    assert client.get(url).status_code == 404
    url = reverse("exchange:results_csv", args=[worked_assessment.pk, "secrets"])
    assert login(owner).get(url).status_code == 404


def test_the_results_page_links_the_exports(login, viewer, worked_assessment):
    page = (
        login(viewer).get(reverse("reports:results", args=[worked_assessment.pk])).content.decode()
    )
    assert reverse("exchange:results_xlsx", args=[worked_assessment.pk]) in page
    assert reverse("exchange:results_csv", args=[worked_assessment.pk, "gaps"]) in page

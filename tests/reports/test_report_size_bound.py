"""A report's size is bounded whatever the answers hold: each comment, N/A justification and
file name shows at most its field's limit (rows stored before the limits existed may be
megabytes long), the whole report at most REPORT_FREE_TEXT_MAX_CHARS characters of such text,
and what is cut ends in "…" with a note saying where the full text is."""

import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from assessment.limits import COMMENT_MAX_LENGTH, JUSTIFICATION_MAX_LENGTH, NAME_MAX_LENGTH
from assessment.models import Answer, Evidence, Firm, Site
from assessment.submission import assessment_submit
from reports.models import IssuedReport
from reports.pdf import render_report
from reports.presentation import name_text, shortened
from reports.report_appendix import FreeTextBudget
from reports.report_content import report_content
from tests.helpers import pdf_text, squashed

pytestmark = pytest.mark.django_db

# What the issue's attacker stored: 2.4 MB of words in one comment (a 275-page, 104 s report).
HUGE = ("Pit wall inspection log, bench 7, no cracks seen today. " * 45_000)[:2_400_000]
ISSUED_NOTE = "the answers.json file attached to this PDF"
PREVIEW_NOTE = "The full texts are in the questionnaire."


def store_comment(assessment, code: str, text: str) -> None:
    """Written past the form, as rows from before the limit may hold it."""
    Answer.objects.filter(assessment=assessment, criterion__code=code).update(comment=text)


def appendix_row(content, code: str):
    return next(row for row in content.appendix if row.code == code)


def test_shortened_cuts_to_the_limit_and_marks_the_cut():
    assert shortened("abcdef", 6) == "abcdef"
    assert shortened("abcdef", 3) == "ab…"
    assert shortened("ab  cdef", 5) == "ab…"  # no space before the mark
    assert shortened("abc", 0) == "…"
    assert shortened("", 0) == ""
    assert name_text("x" * (NAME_MAX_LENGTH + 50)) == "x" * (NAME_MAX_LENGTH - 1) + "…"


def test_the_budget_gives_each_text_what_is_left_then_nothing():
    budget = FreeTextBudget(10)
    assert budget.take("123456", 100) == "123456"
    assert not budget.cut
    assert budget.take("abcdef", 100) == "abc…"
    assert budget.cut and budget.left == 0
    assert budget.take("more", 100) == "…"
    assert budget.names(["a.pdf", "b.pdf"], 255) == ((), 2)


def test_a_stored_megabyte_comment_leaves_the_pdf_as_short_as_without_it(worked_assessment):
    plain = render_report(worked_assessment, "en")
    store_comment(worked_assessment, "GREEN-02", HUGE)
    assert Answer.objects.get(assessment=worked_assessment, criterion__code="GREEN-02").comment == (
        HUGE
    )
    rendered = render_report(worked_assessment, "en")
    # The comment adds its 2,000 characters, less than a page: 275 pages before the bound.
    assert rendered.pages <= plain.pages + 1
    text = squashed(pdf_text(rendered.pdf))
    shown = squashed(HUGE[: COMMENT_MAX_LENGTH - 1].rstrip() + "…")
    assert shown in text
    assert squashed(HUGE[: COMMENT_MAX_LENGTH + 200]) not in text
    assert squashed(PREVIEW_NOTE) in text


def test_the_chinese_report_is_bounded_too(worked_assessment):
    plain = render_report(worked_assessment, "zh-hans")
    store_comment(worked_assessment, "GREEN-02", ("露天矿边坡巡检记录，今日无裂缝。" * 160_000))
    rendered = render_report(worked_assessment, "zh-hans")
    assert rendered.pages <= plain.pages + 2
    assert squashed("全文见问卷") in squashed(pdf_text(rendered.pdf))


def test_the_whole_report_shows_at_most_the_free_text_budget(worked_assessment, settings):
    settings.REPORT_FREE_TEXT_MAX_CHARS = 3000
    for code in ("RIGHTS-01", "RIGHTS-02", "GREEN-01", "GREEN-02"):
        store_comment(worked_assessment, code, code * 1000)  # 9 or 8 characters a time
    answer = Answer.objects.get(assessment=worked_assessment, criterion__code="GREEN-02")
    Evidence.objects.bulk_create(
        Evidence(
            answer=answer,
            file=f"evidence/{index}.pdf",
            original_name=f"scan-{index}.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
        )
        for index in range(500)
    )
    with translation.override("en"):
        content = report_content(worked_assessment)
    rows = [appendix_row(content, code) for code in ("RIGHTS-01", "RIGHTS-02", "GREEN-01")]
    # Questionnaire order: RIGHTS-01 gets its 2,000, RIGHTS-02 the 1,000 left, then nothing.
    assert rows[0].comment == "RIGHTS-01" * 222 + "R…"
    assert rows[1].comment == ("RIGHTS-02" * 112)[:999].rstrip() + "…"
    assert rows[2].comment == "…"
    last = appendix_row(content, "GREEN-02")
    assert last.comment == "…" and last.evidence == () and last.more_files == 500
    assert sum(len(row.comment) for row in content.appendix) <= 3000 + len(content.appendix)
    assert max(len(row.comment) for row in content.appendix) == COMMENT_MAX_LENGTH
    assert PREVIEW_NOTE in content.shortened_note

    # The PDF: one sentence for the 500 files, not 500 names.
    text = squashed(pdf_text(render_report(worked_assessment, "en").pdf))
    assert squashed("500 more files") in text
    assert "scan-0.pdf" not in text


def test_a_long_n_a_justification_is_cut_to_its_limit(worked_assessment):
    Answer.objects.filter(assessment=worked_assessment, criterion__code="GREEN-02").update(
        is_na=True, value=None, na_justification="n" * (JUSTIFICATION_MAX_LENGTH * 3)
    )
    with translation.override("en"):
        content = report_content(worked_assessment)
    row = appendix_row(content, "GREEN-02")
    assert row.na_justification == "n" * (JUSTIFICATION_MAX_LENGTH - 1) + "…"
    assert content.shortened_note


def test_nothing_cut_means_no_note(worked_assessment):
    store_comment(worked_assessment, "GREEN-02", "c" * COMMENT_MAX_LENGTH)
    with translation.override("en"):
        content = report_content(worked_assessment)
    assert appendix_row(content, "GREEN-02").comment == "c" * COMMENT_MAX_LENGTH
    assert content.shortened_note == ""


def skip_where_names_cannot_be_longer() -> None:
    if connection.vendor == "postgresql":  # its varchar(200) never held a longer name
        pytest.skip("only SQLite (no length check) can hold a name longer than its limit")


def test_names_from_before_the_limit_are_cut_on_every_page(worked_assessment):
    skip_where_names_cannot_be_longer()
    long_site = "Erlian " + "very " * 100 + "long mine"
    long_firm = "Huabei " + "Group " * 60
    Site.objects.filter(pk=worked_assessment.site_id).update(name=long_site)
    Firm.objects.filter(pk=worked_assessment.site.firm_id).update(name=long_firm)
    worked_assessment.site.refresh_from_db()
    worked_assessment.site.firm.refresh_from_db()
    rendered = render_report(worked_assessment, "en")
    text = squashed(pdf_text(rendered.pdf))
    assert squashed(name_text(long_site)) in text
    assert squashed(long_site) not in text
    assert squashed(long_firm) not in text
    assert squashed(PREVIEW_NOTE) in text


def test_the_html_preview_is_bounded_too(login, owner, worked_assessment):
    store_comment(worked_assessment, "GREEN-02", HUGE)
    url = reverse("reports:report_preview", args=[worked_assessment.pk, "en"])
    response = login(owner).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert len(page) < 200_000
    assert HUGE[: COMMENT_MAX_LENGTH - 1].rstrip() + "…" in page


def test_an_issued_report_is_bounded_and_carries_the_full_text_in_answers_json(
    worked_assessment, owner, immediate_tasks, django_capture_on_commit_callbacks
):
    store_comment(worked_assessment, "GREEN-02", HUGE)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=worked_assessment, user=owner)
    report = IssuedReport.objects.get(assessment=worked_assessment, language="en")
    assert report.status == IssuedReport.Status.READY
    assert report.pages <= 12
    reader = PdfReader(report.pdf.open("rb"))
    assert len(reader.pages) == report.pages
    text = squashed(pdf_text(report.pdf.open("rb").read()))
    assert squashed(ISSUED_NOTE) in text
    answers = json.loads(reader.attachments["answers.json"][0])
    comments = {row["code"]: row["comment"] for row in answers["answers"]}
    assert comments["GREEN-02"] == HUGE


def test_the_chinese_note_is_translated(worked_assessment):
    store_comment(worked_assessment, "GREEN-02", HUGE)
    with translation.override("zh-hans"):
        content = report_content(worked_assessment, report_id="A" * 16)
    assert "answers.json" in content.shortened_note
    assert "Texts ending" not in content.shortened_note


def test_an_issued_report_records_a_long_name_as_it_prints_it(
    worked_assessment, owner, immediate_tasks, django_capture_on_commit_callbacks
):
    skip_where_names_cannot_be_longer()
    long_site = "Erlian " + "very " * 100 + "long mine"
    Site.objects.filter(pk=worked_assessment.site_id).update(name=long_site)
    worked_assessment.site.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=worked_assessment, user=owner)
    report = IssuedReport.objects.get(assessment=worked_assessment, language="en")
    assert report.status == IssuedReport.Status.READY
    assert report.site_name == name_text(long_site)
    assert len(report.site_name) == NAME_MAX_LENGTH  # fits its column on PostgreSQL too
    assert squashed(report.site_name) in squashed(pdf_text(report.pdf.read()))

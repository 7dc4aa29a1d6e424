"""What the PDF report says, read back from the PDF (pypdf), in both languages: the cover, the
worked example's scores and band with its reasons, the gaps in priority order, the answers as
people read them, and the methodology.

The worked example (tests/reports/test_results.py explains the numbers): overall 58.92, partially
ready; gaps in priority order RIGHTS-01 (gate), GREEN-01, RIGHTS-02, GREEN-02.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.models import Answer
from assessment.workflow import answer_save, evidence_attach
from reports.pdf import render_report, render_report_html
from tests.helpers import pdf_text, squashed

pytestmark = pytest.mark.django_db

PRIORITY_ORDER = ["RIGHTS-01", "GREEN-01", "RIGHTS-02", "GREEN-02"]


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_english_report_states_scores_band_and_gaps_in_priority_order(worked_assessment):
    rendered = render_report(worked_assessment, "en")
    assert rendered.pdf.startswith(b"%PDF-")
    text = pdf_text(rendered.pdf)
    flat = squashed(text)
    # Cover: firm, site, framework and version, assessment, preview id, language.
    for fact in ("Huabei Mining", "Erlian open-pit coal mine", "Test framework", "1.0"):
        assert fact in text
    assert squashed("Report id none (preview)") in flat
    assert "English" in text
    # Executive summary: score, band, its reasons, completion, legal gaps, failed gates.
    assert "58.92" in text
    assert "partially ready" in text
    assert squashed("Gate criterion RIGHTS-01 (Rights) failed with a score of 0.5") in flat
    assert squashed("100 % complete (4 of 4 answered)") in flat
    assert squashed("2 legal gaps (force: law)") in flat
    assert squashed("1 failed gates") in flat
    # Areas with their scores.
    assert squashed("Score 50") in flat and squashed("Score 65.62") in flat
    # The action plan lists every gap in priority order.
    plan = section(text, "Action plan\n", "Deadlines")
    positions = [plan.index(code) for code in PRIORITY_ORDER]
    assert positions == sorted(positions)
    # Deadlines: GREEN-01's and the green-mine target, days counted from 2026-03-01.
    assert squashed("31 Dec 2028 1036 days") in flat
    # The appendix row of a gap points to it by its number, then gives the answer.
    appendix = squashed(section(text, "Appendix: every answer", "Methodology"))
    for rank, code in enumerate(PRIORITY_ORDER, 1):
        assert squashed(f"{code} → #{rank} · Answer:") in appendix
    # Footer on every page: page X of Y and the report id label.
    assert squashed(f"page 2 of {rendered.pages}") in flat
    assert text.count("Preview, not an issued report") >= rendered.pages - 1


def test_the_areas_show_each_gap_with_its_answer_reference_and_remediation(worked_assessment):
    html = render_report_html(worked_assessment, "en")
    areas = section(html, 'id="areas"', 'id="action-plan"')
    # Answers as people read them: a choice's label, a percentage, a maturity level's name.
    assert "Current answer: Some" in areas
    assert "Current answer: 45 %" in areas
    assert "Current answer: 3 — operating effectively" in areas
    assert "Current answer: Yes" in areas
    assert "Mineral Resources Law, Art. 22" in areas
    assert "Fix GREEN-01" in areas
    assert "2028" in areas
    # Each gap opens with its number and code, then (after badges and priority) its
    # requirement, in the same paragraph.
    for rank, code in enumerate(PRIORITY_ORDER, 1):
        head = areas[areas.index(f"#{rank} {code}") :]
        assert head.index(f"Requirement {code}") < head.index("</p>")


def test_the_appendix_lists_every_answer_comment_and_evidence_file(worked_assessment, owner):
    answers = {a.criterion.code: a for a in worked_assessment.answers.select_related("criterion")}
    answer_save(answer=answers["GREEN-02"], user=owner, comment="Checked on site in May.")
    evidence_attach(
        answer=answers["RIGHTS-01"],
        user=owner,
        upload=SimpleUploadedFile("licence-scan.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    text = pdf_text(render_report(worked_assessment, "en").pdf)
    appendix = section(text, "Appendix: every answer", "Methodology")
    for code in PRIORITY_ORDER:
        assert code in appendix
    assert "Checked on site in May." in appendix
    assert "licence-scan.pdf" in appendix


def test_the_chinese_report_is_in_chinese(worked_assessment):
    text = pdf_text(render_report(worked_assessment, "zh-hans").pdf)
    flat = squashed(text)
    assert "58.92" in text
    assert "部分就绪" in flat  # partially ready
    assert "简体中文" in flat  # the language on the cover
    for code in PRIORITY_ORDER:
        assert squashed(f"Requirement {code}（中文）") in flat
        assert squashed(f"Fix {code}（中文）") in flat
    plan_start = flat.index("整改行动计划")
    positions = [flat.index(code, plan_start) for code in PRIORITY_ORDER]
    assert positions == sorted(positions)
    assert "矿产资源法" in flat and "第二十二条" in flat
    assert "Actionplan" not in flat and "Executivesummary" not in flat


def test_a_draft_says_it_is_provisional_and_an_na_answer_shows_as_na(worked_assessment, owner):
    answer = Answer.objects.get(assessment=worked_assessment, criterion__code="GREEN-02")
    answer_save(answer=answer, user=owner, is_na=True, na_justification="No tailings here.")
    html = render_report_html(worked_assessment, "en")
    assert "Draft — provisional" in html
    appendix = section(html, 'id="appendix"', 'id="methodology"')
    assert "N/A because: No tailings here." in appendix

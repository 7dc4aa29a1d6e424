"""The Chinese report of the bundled catalogue: fonts embedded as subsets, and the text read
back from the PDF contains every criterion's Chinese requirement verbatim (Chromium's print
embeds Noto CJK as Type 3 fonts whose extracted text is wrong; ours must be right)."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from assessment.models import Site
from assessment.workflow import answer_save, assessment_start
from reports.pdf import render_report
from tests.helpers import pdf_text, squashed

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundled_assessment(bundled_version, firm, owner):
    site = Site.objects.create(
        firm=firm,
        name="准格尔露天煤矿",
        province="NM",
        minerals=["coal"],
        method=Site.Method.OPEN_PIT,
        annual_capacity=600,
        scale=Site.Scale.LARGE,
        licensed_producing=True,
    )
    assessment = assessment_start(site=site, version=bundled_version, user=owner)
    answers = assessment.answers.select_related("criterion").order_by("criterion__code")
    for index, answer in enumerate(answers[:10]):
        value = {"yes_no": "no", "yes_partial_no": "partial", "maturity": 2}.get(
            answer.criterion.answer_type
        )
        if value is not None:
            answer_save(answer=answer, user=owner, value=value, comment=f"备注 {index}")
    return assessment


def pdf_fonts(pdf: bytes) -> set[tuple[str, str]]:
    """(base font, subtype) of every font the pages use."""
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add((str(font["/BaseFont"]), str(font["/Subtype"])))
    return fonts


def test_every_chinese_requirement_is_in_the_text_of_the_chinese_pdf(bundled_assessment):
    rendered = render_report(bundled_assessment, "zh-hans")
    flat = squashed(pdf_text(rendered.pdf))
    criteria = [answer.criterion for answer in bundled_assessment.answers.all()]
    assert len(criteria) > 40
    missing = [c.code for c in criteria if squashed(c.text_zh_hans) not in flat]
    assert missing == []
    assert "准格尔露天煤矿" in flat
    with translation.override("zh-hans"):
        assert squashed(criteria[0].area.name) in flat

    fonts = pdf_fonts(rendered.pdf)
    assert all(subtype == "/Type0" for _name, subtype in fonts)  # CID fonts, not Type 3
    names = {name for name, _subtype in fonts}
    # The report font (reports/fonts.py, built by `make setup`) has every character used here:
    # the installed Noto Sans CJK it was cut from is not needed.
    assert {name.partition("+")[2] for name in names} == {"MineReady-Sans", "MineReady-Sans-Bold"}
    # Subsets: a six-letter tag before the name, and far smaller than the 19 MB font file.
    assert all(name[1:7].isupper() and name[7] == "+" for name in names)
    assert len(rendered.pdf) < 3_000_000


def test_a_character_the_report_font_lacks_comes_from_the_installed_font(worked_assessment):
    """A rare hanzi outside GB 2312 in a comment (U+4DAE 䶮, a name character) is still drawn
    and read back: Noto Sans CJK SC, named after the report font, serves it."""
    answer = worked_assessment.answers.select_related("criterion").order_by("criterion__code")[0]
    answer_save(answer=answer, user=worked_assessment.created_by, comment="矿长刘䶮已签字")
    rendered = render_report(worked_assessment, "zh-hans")
    assert "矿长刘䶮已签字" in squashed(pdf_text(rendered.pdf))

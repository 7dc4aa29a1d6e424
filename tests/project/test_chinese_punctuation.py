"""Chinese reads native: after a Chinese character comes full-width punctuation (等级：未就绪,
not "等级: 未就绪"), in the interface catalogue and in the Chinese PDF; and the words the issue
named are the ones used (上传附件, not 附加文件)."""

import re

import polib
import pytest

from reports.pdf import render_report
from tests.helpers import PO_FILE, pdf_text

HALF_WIDTH_AFTER_CJK = re.compile(r"[\u3400-\u9fff）》」][:;,?!]")


def test_the_chinese_catalogue_uses_full_width_punctuation_after_chinese():
    found = [
        (entry.msgid, text)
        for entry in polib.pofile(str(PO_FILE))
        if not entry.obsolete
        for text in (entry.msgstr, *entry.msgstr_plural.values())
        if text and HALF_WIDTH_AFTER_CJK.search(text)
    ]
    assert found == []


def test_uploading_reads_上传附件():
    texts = [entry.msgstr for entry in polib.pofile(str(PO_FILE)) if not entry.obsolete]
    assert not [text for text in texts if "附加文件" in text]


@pytest.mark.django_db
def test_the_chinese_pdf_uses_full_width_punctuation_after_chinese(worked_assessment):
    text = pdf_text(render_report(worked_assessment, "zh-hans").pdf)
    assert HALF_WIDTH_AFTER_CJK.findall(text) == []

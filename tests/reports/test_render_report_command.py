"""manage.py render_report ASSESSMENT_ID --lang en|zh-hans -o FILE [--html]: always a fresh
render, never the stored issued file."""

import pytest
from django.core.management import CommandError, call_command

from tests.helpers import pdf_text, store_issued

pytestmark = pytest.mark.django_db


def test_it_writes_the_pdf_afresh(submitted_assessment, tmp_path, capsys):
    store_issued(submitted_assessment, "zh-hans")
    target = tmp_path / "report.pdf"
    call_command("render_report", submitted_assessment.pk, "--lang", "zh-hans", "-o", target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"an issued report, as stored" not in data
    assert "合规差距报告" in pdf_text(data)  # "Compliance gap report"
    assert f"wrote {target} (PDF," in capsys.readouterr().out


def test_it_writes_the_html_with_its_stylesheet(submitted_assessment, tmp_path):
    target = tmp_path / "report.html"
    call_command("render_report", submitted_assessment.pk, "-o", str(target), "--html")
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or "<!DOCTYPE html>" in html[:200]
    assert 'href="file:///' in html and "report-print.css" in html
    assert "Executive summary" in html


def test_an_unknown_assessment_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="no assessment 424242"):
        call_command("render_report", 424242, "-o", str(tmp_path / "x.pdf"))


def test_only_en_and_zh_hans(submitted_assessment, tmp_path):
    with pytest.raises(CommandError):
        call_command("render_report", submitted_assessment.pk, "--lang", "fr", "-o", "x.pdf")

"""manage.py render_group_report FIRM_ID --lang en|zh-hans -o FILE [--html]: a firm's group
report rendered afresh."""

import pytest
from django.core.management import CommandError, call_command

from tests.helpers import bulk_sites, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(firm):
    bulk_sites(firm, 2, prefix="Mine")
    return firm


def test_the_command_writes_the_pdf(group, tmp_path, capsys, compiled_messages):
    target = tmp_path / "group.pdf"
    call_command("render_group_report", group.pk, "--lang", "zh-hans", "-o", str(target))
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and "集团报告" in pdf_text(data)
    assert f"wrote {target} (PDF," in capsys.readouterr().out


def test_the_command_writes_the_html(group, tmp_path):
    target = tmp_path / "group.html"
    call_command("render_group_report", group.pk, "-o", str(target), "--html")
    html = target.read_text(encoding="utf-8")
    assert "group-report-print.css" in html and "Mine 001" in html


def test_the_command_refuses_an_unknown_firm_or_language(db, group, tmp_path):
    with pytest.raises(CommandError, match="no firm 424242"):
        call_command("render_group_report", 424242, "-o", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError):
        call_command("render_group_report", group.pk, "--lang", "fr", "-o", "x.pdf")

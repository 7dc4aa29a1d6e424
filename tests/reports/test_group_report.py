"""The group report PDF of a firm, in English and Chinese: the matrix, the group over time,
top gaps, green-mine progress and overdue actions; members only."""

from datetime import timedelta

import pytest
from django.urls import reverse

from assessment import actions
from assessment.models import Criterion
from reports.group_report import group_report_html
from tests.helpers import (
    GREEN_NOT_READY,
    GREEN_READY,
    TODAY,
    bulk_sites,
    bulk_submitted,
    pdf_text,
    squashed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(firm, imported_version, owner, freeze_today):
    sites = bulk_sites(firm, 3)
    assessments = bulk_submitted(
        sites, imported_version, lambda s: GREEN_READY if s == sites[0] else GREEN_NOT_READY,
        store=True,
    )  # fmt: skip
    criterion = Criterion.objects.get(version=imported_version, code="GREEN-01")
    actions.action_create(
        assessment=assessments[1], criterion=criterion, user=owner, priority=3,
        title="Build the tailings dam", due_on=TODAY - timedelta(days=5),
    )  # fmt: skip
    return firm


def pdf_of(client, firm, language: str) -> str:
    response = client.get(reverse("reports:group_report_pdf", args=[firm.pk, language]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return squashed(pdf_text(b"".join(response.streaming_content)))


def test_the_english_report_has_every_part(login, owner, group):
    text = pdf_of(login(owner), group, "en")
    for part in (
        "Group report: Huabei Mining", "Sites and areas", "Site 000", "Group-wide top gaps",
        "RIGHTS-01", "Green-mine readiness", "Overdue actions", "Build the tailings dam",
    ):  # fmt: skip
        assert squashed(part) in text


def test_the_chinese_report_is_in_chinese(login, viewer, group):
    text = pdf_of(login(viewer), group, "zh-hans")
    for part in ("集团报告", "矿山与领域", "集团主要差距", "逾期整改事项"):
        assert part in text


def test_the_html_is_well_formed_and_lists_every_site(group):
    import xml.etree.ElementTree as ET

    html = group_report_html(group, "en")
    ET.fromstring(html)
    assert html.count("Site 00") >= 3


def test_an_outsider_or_another_language_gets_404(login, outsider, owner, group):
    url = reverse("reports:group_report_pdf", args=[group.pk, "en"])
    assert login(outsider).get(url).status_code == 404
    other = reverse("reports:group_report_pdf", args=[group.pk, "fr"])
    assert login(owner).get(other).status_code == 404

"""A user of another firm who pastes the first firm's URLs gets 404 pages, nothing else."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import Assessment
from assessment.workflow import evidence_attach

pytestmark = pytest.mark.browser


def first_firm_urls() -> list[str]:
    assessment = Assessment.objects.get(site__name="Zhungeer open-pit coal mine", state="submitted")
    evidence = assessment.answers.filter(evidence__isnull=False).first().evidence.first()
    draft = Assessment.objects.get(site__name="Zhaoyuan gold mine")
    answer = draft.answers.select_related("criterion").first()
    draft_evidence = evidence_attach(
        answer=answer, user=None, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    urls = [
        reverse("assessment:assessment", args=[assessment.pk]),
        reverse("assessment:questionnaire", args=[assessment.pk, "RIGHTS"]),
        reverse("assessment:review", args=[assessment.pk]),
        reverse("reports:results", args=[assessment.pk]),
        reverse("assessment:evidence_download", args=[evidence.pk]),
        reverse("assessment:evidence_download", args=[draft_evidence.pk]),
        reverse("assessment:site_detail", args=[assessment.site_id]),
        reverse("assessment:firm_detail", args=[assessment.site.firm_id]),
        reverse("reports:portfolio", args=[assessment.site.firm_id]),
    ]
    return urls


def test_an_outsider_gets_404_for_the_first_firms_urls(page, live_server, demo, sign_in):
    urls = first_firm_urls()
    sign_in(page, "demo-other")
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 404, url
        assert "Zhungeer" not in page.content()
        assert "Huabei" not in page.content()

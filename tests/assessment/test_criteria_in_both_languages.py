"""Criteria, areas, guidance and remediation are shown in the interface language; where the
Chinese text is missing, the English one is shown instead (never an empty field)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment.catalogue import library_import
from assessment.library import parse_library
from assessment.workflow import assessment_start
from tests.helpers import answer_all, bilingual, library_data, use_language, write_library

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_messages")]


@pytest.fixture
def half_translated(tmp_path, site, owner):
    """A draft assessment whose RIGHTS-02 and GREEN area have no Chinese; RIGHTS-02 is a gap."""
    data = library_data()
    data["areas"][1]["name"] = bilingual("Green mining", "")
    untranslated = data["criteria"][1]
    untranslated["text"] = bilingual("Royalties are paid on time", "")
    untranslated["guidance"] = bilingual("Check the payment records", "")
    untranslated["remediation"] = bilingual("Set up a payment calendar", "")
    path = write_library(tmp_path / "half.yaml", data)
    version = library_import(library=parse_library(path.read_text(encoding="utf-8"))).version
    assessment = assessment_start(site=site, version=version, user=owner)
    return answer_all(assessment, owner, {"RIGHTS-01": "no", "RIGHTS-02": "none"})


def page(client, owner, language: str, url: str) -> str:
    client.force_login(owner)
    use_language(client, language)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_questionnaire_shows_chinese_texts_and_english_where_chinese_is_missing(
    client,
    owner,
    half_translated,
):
    url = reverse("assessment:questionnaire", args=[half_translated.pk, "RIGHTS"])
    html = page(client, owner, "zh-hans", url)

    assert "Requirement RIGHTS-01（中文）" in html
    assert "Guidance for RIGHTS-01（中文）" in html
    assert "矿产资源法" in html and "第二十二条" in html  # the legal reference
    assert "Royalties are paid on time" in html  # no Chinese: the English text
    assert "Check the payment records" in html
    assert "矿业权" in html  # the area
    assert "Green mining" in html  # no Chinese: the English name, in the list of areas


def test_the_questionnaire_in_english_shows_no_chinese_criteria(client, owner, half_translated):
    url = reverse("assessment:questionnaire", args=[half_translated.pk, "RIGHTS"])
    html = page(client, owner, "en", url)

    assert "Requirement RIGHTS-01" in html and "Requirement RIGHTS-01（中文）" not in html
    assert "Royalties are paid on time" in html
    assert "Mineral Resources Law" in html and "矿产资源法" not in html
    assert "Rights" in html and "矿业权" not in html


def test_the_results_show_remediation_in_chinese_and_english_where_chinese_is_missing(
    client,
    owner,
    half_translated,
):
    html = page(client, owner, "zh-hans", reverse("reports:results", args=[half_translated.pk]))

    assert "Requirement RIGHTS-01（中文）" in html
    assert "Fix RIGHTS-01（中文）" in html  # remediation of a gap
    assert "Royalties are paid on time" in html
    assert "Set up a payment calendar" in html  # no Chinese remediation: the English one
    assert "矿业权" in html
    assert "Green mining" in html  # the area without a Chinese name, in the chart and tables


def test_the_results_in_english_show_english_remediation(client, owner, half_translated):
    html = page(client, owner, "en", reverse("reports:results", args=[half_translated.pk]))

    assert "Fix RIGHTS-01" in html and "Fix RIGHTS-01（中文）" not in html
    assert "Set up a payment calendar" in html
    assert "矿业权" not in html

"""The bundled catalogue cn-mining-2026: complete, bilingual, built from FACTS.md."""

import datetime as dt

import pytest
import yaml
from django.core.management import call_command

from assessment.library import LANGUAGES, parse_library
from tests.helpers import BUNDLED_CATALOGUE

LIBRARY = parse_library(BUNDLED_CATALOGUE.read_text(encoding="utf-8"), str(BUNDLED_CATALOGUE))
CRITERIA = LIBRARY["criteria"]
REQUIRED_TEXTS = ("text", "guidance", "remediation", "evidence")


def test_it_has_the_five_areas_in_order():
    assert [area["code"] for area in LIBRARY["areas"]] == [
        "RIGHTS",
        "RESERVES",
        "GREEN",
        "SMART",
        "SUPPLY",
    ]


def test_it_has_at_least_45_criteria_and_every_area_has_some():
    assert len(CRITERIA) >= 45
    for area in LIBRARY["areas"]:
        assert sum(c["area"] == area["code"] for c in CRITERIA) >= 5, area["code"]


@pytest.mark.parametrize("criterion", CRITERIA, ids=[c["code"] for c in CRITERIA])
def test_every_criterion_is_complete_in_both_languages(criterion):
    for field in REQUIRED_TEXTS:
        for language in LANGUAGES:
            assert criterion[field][language], f"{field}.{language}"
    for part in ("document", "article"):
        for language in LANGUAGES:
            assert criterion["legal_reference"][part][language], f"legal_reference.{part}"
    assert 1 <= criterion["weight"] <= 5
    assert criterion["force"] in ("law", "standard", "policy", "practice")


def test_every_answer_type_is_used():
    assert {c["answer_type"] for c in CRITERIA} == {
        "yes_no",
        "yes_partial_no",
        "maturity",
        "percent",
        "number",
        "choice",
    }


def test_the_green_mine_target_has_its_deadline():
    deadlines = {c["code"]: c["deadline"] for c in CRITERIA if c["deadline"]}
    assert dt.date(2028, 12, 31) in deadlines.values()


def test_thresholds_from_the_facts_use_numeric_answers():
    numeric = [c for c in CRITERIA if c["answer_type"] in ("number", "percent")]
    texts = " ".join(c["text"]["en"].lower() for c in numeric)
    assert "reserve" in texts  # remaining reserve life >= 3 years
    assert "recovery" in texts or "utilisation" in texts  # the three rates
    assert "restored" in texts or "reclaimed" in texts  # disturbed land restored
    reserve_life = next(c for c in numeric if "reserve" in c["text"]["en"].lower())
    assert reserve_life["parameters"]["target"] == 3


def test_unverified_facts_are_flagged_in_both_languages():
    flagged = [c for c in CRITERIA if "reference to be confirmed" in c["guidance"]["en"]]
    assert flagged
    for criterion in flagged:
        assert "依据待核实" in criterion["guidance"]["zh-hans"], criterion["code"]


@pytest.mark.django_db
def test_export_writes_every_criterion_in_both_languages(tmp_path):
    call_command("import_framework", str(BUNDLED_CATALOGUE))
    out = tmp_path / "out.yaml"
    call_command("export_framework", "cn-mining-2026", "-o", str(out))
    exported = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len(exported["criteria"]) >= 45
    assert len(exported["areas"]) == 5
    for criterion in exported["criteria"]:
        for field in REQUIRED_TEXTS:
            assert all(criterion[field][language] for language in LANGUAGES)

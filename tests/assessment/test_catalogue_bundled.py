"""The bundled catalogue cn-mining-2026: every version complete and bilingual; the newest with
the law's references, the site's stage and a sources table that covers every criterion (its
wording: test_catalogue_wording.py)."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command

from assessment.applicability import SiteProfile, not_applicable_reason
from assessment.library import LANGUAGES, parse_library
from tests.helpers import (
    BUNDLED_CATALOGUE,
    CATALOGUE_DIR,
    CATALOGUE_FILES,
    FIRST_CATALOGUE,
    PREVIOUS_CATALOGUE,
)

LIBRARIES = {
    path.name: parse_library(path.read_text(encoding="utf-8"), str(path))
    for path in CATALOGUE_FILES
}
LIBRARY = LIBRARIES[BUNDLED_CATALOGUE.name]  # the newest: 2026.3
CRITERIA = LIBRARY["criteria"]
ALL_CRITERIA = [
    (name, criterion) for name, library in LIBRARIES.items() for criterion in library["criteria"]
]
REQUIRED_TEXTS = ("text", "guidance", "remediation", "evidence")
SOURCES_TABLE = CATALOGUE_DIR / "cn-mining-2026.sources.md"
# Words of a catalogue's making, never of a user's reading.
INTERNAL_NOTES = (
    "fact sheet", "FACTS", "事实表", "the review", "to be confirmed by", "TODO", "copy read",
    "secondary copy", "查阅的文本",
)  # fmt: skip


@pytest.mark.parametrize(
    ("file", "criterion"), ALL_CRITERIA, ids=[f"{f[12:-5]}:{c['code']}" for f, c in ALL_CRITERIA]
)
def test_every_criterion_is_complete_in_both_languages(file, criterion):
    for field in REQUIRED_TEXTS:
        for language in LANGUAGES:
            assert criterion[field][language], f"{field}.{language}"
    for part in ("document", "article"):
        for language in LANGUAGES:
            assert criterion["legal_reference"][part][language], f"legal_reference.{part}"
    assert 1 <= criterion["weight"] <= 5
    assert criterion["force"] in ("law", "standard", "policy", "practice")


@pytest.mark.parametrize("file", LIBRARIES)
def test_every_answer_type_is_used(file):
    assert {c["answer_type"] for c in LIBRARIES[file]["criteria"]} == {
        "yes_no", "yes_partial_no", "maturity", "percent", "number", "choice",
    }  # fmt: skip


def test_2026_1_stays_as_published():
    library = LIBRARIES[FIRST_CATALOGUE.name]
    assert (library["version"], library["status"], len(library["criteria"])) == (
        "2026.1", "published", 56
    )  # fmt: skip
    assert [a["code"] for a in library["areas"]] == [
        "RIGHTS",
        "RESERVES",
        "GREEN",
        "SMART",
        "SUPPLY",
    ]


def test_2026_2_stays_as_published():
    library = LIBRARIES[PREVIOUS_CATALOGUE.name]
    assert (library["version"], library["status"], len(library["criteria"])) == (
        "2026.2", "published", 96
    )  # fmt: skip


def test_the_newest_has_the_seven_areas_in_order_and_80_to_110_criteria():
    assert (LIBRARY["version"], LIBRARY["status"]) == ("2026.3", "published")
    assert [area["code"] for area in LIBRARY["areas"]] == [
        "RIGHTS", "RESERVES", "GREEN", "SAFETY", "ENV", "SMART", "SUPPLY",
    ]  # fmt: skip
    assert 80 <= len(CRITERIA) <= 110
    for area in LIBRARY["areas"]:
        assert sum(c["area"] == area["code"] for c in CRITERIA) >= 5, area["code"]


@pytest.mark.parametrize("file", [path.name for path in CATALOGUE_FILES[:-1]])
def test_the_newest_keeps_every_code_of_every_earlier_version(file):
    old = {c["code"] for c in LIBRARIES[file]["criteria"]}
    assert old <= {c["code"] for c in CRITERIA}


@pytest.mark.parametrize("criterion", CRITERIA, ids=[c["code"] for c in CRITERIA])
def test_every_legal_reference_names_a_document_number_or_an_article(criterion):
    reference = criterion["legal_reference"]
    zh = reference["document"]["zh-hans"] + reference["article"]["zh-hans"]
    en = reference["document"]["en"] + reference["article"]["en"]
    assert re.search(r"第.+条|〔\d{4}〕|\d+号|GB|DZ/T|附件|令", zh), zh
    assert re.search(r"Art|No\.|\[\d{4}\]|GB|DZ/T|Annex|Order|\d", en), en


@pytest.mark.parametrize("criterion", CRITERIA, ids=[c["code"] for c in CRITERIA])
def test_no_internal_note_reaches_a_user(criterion):
    for field in REQUIRED_TEXTS:
        for language in LANGUAGES:
            for note in INTERNAL_NOTES:
                assert note not in criterion[field][language], (field, language, note)


def test_national_milestones_are_not_a_sites_deadline():
    by_code = {c["code"]: c for c in CRITERIA}
    for code in ("GREEN-01", "RESERVES-07", "SMART-03"):
        assert by_code[code]["deadline"] is None, code
    assert "2028" in by_code["GREEN-01"]["guidance"]["en"]


def test_benchmarks_of_the_product_are_labelled_as_such():
    labelled = [c for c in CRITERIA if "MineReady benchmark" in c["guidance"]["en"]]
    assert {"GREEN-03", "GREEN-08"} <= {c["code"] for c in labelled}
    for criterion in labelled:
        assert "MineReady" in criterion["guidance"]["zh-hans"], criterion["code"]


def test_protective_mining_asks_only_the_designated_minerals():
    by_code = {c["code"]: c for c in CRITERIA}
    assert not by_code["RESERVES-04"]["applicability"]["strategic_only"]
    assert set(by_code["RESERVES-04"]["applicability"]["minerals"]) <= {
        "tungsten", "antimony", "tin", "rare_earths",
    }  # fmt: skip
    assert by_code["RESERVES-11"]["applicability"]["minerals"] == ["rare_earths"]


EXPLORATION = SiteProfile(
    scale="", method="none", minerals=("copper",), licensed_producing=False, stage="exploration"
)
COAL_MINE = SiteProfile(
    scale="large",
    method="underground",
    minerals=("coal",),
    licensed_producing=True,
    stage="production",
)
CLOSING = SiteProfile(
    scale="medium", method="open_pit", minerals=("iron",), licensed_producing=False, stage="closure"
)


def applicable(profile: SiteProfile) -> set[str]:
    return {
        c["code"] for c in CRITERIA if not_applicable_reason(c["applicability"], profile) is None
    }


def test_an_exploration_project_is_asked_exploration_questions():
    codes = applicable(EXPLORATION)
    assert {"RIGHTS-01", "RIGHTS-04", "RIGHTS-10", "RIGHTS-15", "SMART-07"} <= codes
    production_only = {
        "GREEN-04", "GREEN-05", "GREEN-06", "GREEN-07", "GREEN-15", "RESERVES-02", "RESERVES-08",
        "SAFETY-01", "SAFETY-05", "SMART-02", "SMART-04", "ENV-02",
    }  # fmt: skip
    assert not codes & production_only
    # Its gates are duties the law puts on exploration too (registration, permit, area and term,
    # no eliminated equipment: Art 37(2) names exploration).
    gates = {c["code"] for c in CRITERIA if c["code"] in codes and c["gate"]}
    assert gates <= {"RIGHTS-01", "RIGHTS-02", "RIGHTS-03", "GREEN-17"}


def test_a_large_producing_coal_mine_is_asked_production_questions():
    codes = applicable(COAL_MINE)
    assert {
        "GREEN-01", "GREEN-04", "SAFETY-01", "SAFETY-02", "ENV-01", "ENV-02", "RESERVES-01",
        "RESERVES-07", "RESERVES-08", "SMART-02", "SMART-03", "SMART-04",
    } <= codes  # fmt: skip
    assert not codes & {"RIGHTS-04", "RIGHTS-15", "SMART-05", "RESERVES-11", "SUPPLY-10"}


def test_a_closing_mine_is_asked_about_closure_and_restoration():
    codes = applicable(CLOSING)
    assert {"GREEN-08", "GREEN-13", "GREEN-16"} <= codes
    assert not codes & {"GREEN-04", "SAFETY-01", "RESERVES-02"}


def test_the_sources_table_has_a_row_for_every_criterion():
    rows = SOURCES_TABLE.read_text(encoding="utf-8").splitlines()
    listed = {m.group(1) for row in rows if (m := re.match(r"\|\s*([A-Z]+-\d{2})\s*\|", row))}
    missing = [c["code"] for c in CRITERIA if c["code"] not in listed]
    assert not missing, f"no row in {SOURCES_TABLE.name} for {missing}"
    assert "## Seed article" in "\n".join(rows) and "## Mineral Resources Law" in "\n".join(rows)


@pytest.mark.django_db
def test_diff_framework_shows_what_2026_2_changes(bundled_versions):
    out = io.StringIO()
    call_command("diff_framework", "cn-mining-2026", "2026.1", "2026.2", stdout=out)
    lines = out.getvalue().splitlines()
    assert "added SAFETY-01" in lines and "added ENV-01" in lines
    assert any(line.startswith("changed SMART-09:") and "revision" in line for line in lines)
    added = len(LIBRARIES[PREVIOUS_CATALOGUE.name]["criteria"]) - 56
    assert lines[-1].startswith(f"{added} added, 0 removed, ")


@pytest.mark.django_db
def test_diff_framework_shows_that_2026_3_only_rewords(bundled_versions):
    out = io.StringIO()
    call_command("diff_framework", "cn-mining-2026", "2026.2", "2026.3", stdout=out)
    *changes, summary = out.getvalue().splitlines()
    assert summary == f"0 added, 0 removed, {len(changes)} changed"
    fields = {
        field.strip().split(".")[0] for line in changes for field in line.split(":")[1].split(",")
    }
    assert fields == {"text", "guidance", "parameters"}  # the options' labels
    assert "changed SAFETY-02: parameters.options, text.en, text.zh-hans" in changes


@pytest.mark.django_db
def test_export_writes_every_criterion_in_both_languages(bundled_versions, tmp_path):
    out = tmp_path / "out.yaml"
    call_command("export_framework", "cn-mining-2026", "-o", str(out))
    exported = parse_library(out.read_text(encoding="utf-8"))
    assert exported == LIBRARY


def test_the_old_green_mine_target_kept_its_deadline():
    old = LIBRARIES[FIRST_CATALOGUE.name]["criteria"]
    assert dt.date(2028, 12, 31) in {c["deadline"] for c in old}


def all_text(criterion, language: str) -> str:
    parts = [criterion[f][language] for f in REQUIRED_TEXTS]
    parts += [criterion["legal_reference"][p][language] for p in ("document", "article")]
    parts += [o["label"][language] for o in criterion["parameters"].get("options", [])]
    return " ".join(parts)


ZH = {c["code"]: all_text(c, "zh-hans") for c in CRITERIA}
# Terms of the old regime or misstatements that the review of 2026.1 found, and what replaces them.
WRONG_TERMS = (
    "矿业权延续", "采矿权延续", "探矿权延续", "自行灭失", "全国绿色矿山名录", "严重违法名单",
    "吊销矿业权", "矿产品供应应急状态", "暂扣", "储量动态核实", "尾矿设施",
)  # fmt: skip


@pytest.mark.parametrize("term", WRONG_TERMS)
def test_the_terms_the_review_found_wrong_are_gone(term):
    assert [code for code, text in ZH.items() if term in text] == []


@pytest.mark.parametrize(
    ("code", "statutory"),
    [
        ("RIGHTS-03", "矿业权消灭"),
        ("RIGHTS-03", "续期"),
        ("RIGHTS-07", "矿业权人勘查开采信息管理办法"),
        ("RIGHTS-08", "严重失信"),
        ("RIGHTS-09", "收回矿业权"),
        ("GREEN-03", "国家级绿色矿山建设评价指标"),
        ("GREEN-03", "绿色矿山评价通则"),
        ("GREEN-07", "尾矿库生态修复的专门措施"),
        ("GREEN-12", "牧草地"),
        ("GREEN-16", "不因采矿权消灭而免除"),
        ("SMART-04", "矿山智能机器人重点研发目录"),
        ("SUPPLY-07", "国家坚持平等互利、合作共赢的方针"),
    ],
)
def test_the_corrections_of_the_review_hold(code, statutory):
    assert statutory in ZH[code]


@pytest.mark.parametrize(
    ("code", "force"),
    [("SMART-01", "policy"), ("RESERVES-03", "practice"), ("RESERVES-06", "policy")],
)
def test_encouragement_and_policy_do_not_carry_the_force_of_law(code, force):
    assert next(c for c in CRITERIA if c["code"] == code)["force"] == force


def test_incidents_are_reported_within_the_hours_the_2025_measures_set():
    smart_09 = next(c for c in CRITERIA if c["code"] == "SMART-09")
    best = max(smart_09["parameters"]["options"], key=lambda o: o["score"])
    assert "1 hour" in best["label"]["en"] and "4 hours" in best["label"]["en"]
    assert "1小时" in best["label"]["zh-hans"] and "4小时" in best["label"]["zh-hans"]
    assert smart_09["revision"] == 2  # days in 2026.1: the old answer does not carry over


def test_a_count_of_penalties_is_a_whole_number_from_0():
    rights_12 = next(c for c in CRITERIA if c["code"] == "RIGHTS-12")
    assert (rights_12["parameters"]["min"], rights_12["parameters"]["whole"]) == (0, True)


@pytest.mark.django_db
def test_importing_every_bundled_file_again_changes_nothing(capsys):
    """What `make setup` does on every run: import fixtures/frameworks/*.yaml, oldest first."""
    for _run in range(2):
        call_command("import_framework", *map(str, CATALOGUE_FILES))
    out = capsys.readouterr().out
    assert out.count("unchanged cn-mining-2026") == len(CATALOGUE_FILES)

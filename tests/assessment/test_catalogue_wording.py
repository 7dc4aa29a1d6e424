"""The newest bundled catalogue's wording: every question asks so that "Yes" plainly means
compliant (no double negative in either language, in the question or its options), the guidance
names the maturity levels as the answers show them (answer_text.MATURITY_LABELS), never by their
former labels, and 2026.3 changes nothing of 2026.2 but its wording."""

import re

import pytest
from django.utils import translation

from assessment.answer_text import MATURITY_LABELS
from assessment.library import LANGUAGES, parse_library
from tests.helpers import BUNDLED_CATALOGUE, FIRST_CATALOGUE, PREVIOUS_CATALOGUE


def read(path) -> dict:
    return parse_library(path.read_text(encoding="utf-8"), str(path))


NEWEST, PREVIOUS, FIRST = read(BUNDLED_CATALOGUE), read(PREVIOUS_CATALOGUE), read(FIRST_CATALOGUE)
CRITERIA = NEWEST["criteria"]
WORDING = ("text", "guidance", "remediation", "evidence")

# A negation of a negative ("free of any unrectified hazard", 是否不存在未整改的隐患, 从未拒不执行)
# leaves a person working out which answer means compliant.
DOUBLE_NEGATIVES = {
    "en": (
        r"\bno un[a-z]+",
        r"\bnot un[a-z]+",
        r"\bfree of (any |all )?un[a-z]+",
        r"\b(never|without) refus",
        r"\b(not|never)\b(?:(?!, or\b)[^.?;:])*\bwithout\b",  # up to the next ", or"
    ),
    "zh-hans": ("无未", "不存在未", "是否不", "是否未", "从未拒", "未[^，。；：？或]{0,10}不"),
}
# The maturity labels answer_text.py used before the practitioners' words; the catalogue's
# Chinese guidance said 持续优化 for level 4.
FORMER_MATURITY_LABELS = {
    "en": ("absent", "initial", "defined", "implemented", "optimised"),
    "zh-hans": ("缺失", "初始", "已定义", "已实施", "已优化", "持续优化"),
}


def double_negatives(text: str, language: str) -> list[str]:
    """The double negatives in a question or an answer option, as written there."""
    return [
        match.group(0)
        for pattern in DOUBLE_NEGATIVES[language]
        for match in re.finditer(pattern, text, re.IGNORECASE)
    ]


def asked(criterion: dict, language: str) -> list[str]:
    """What a person reads to answer: the question and the options to pick from."""
    options = criterion["parameters"].get("options", [])
    return [criterion["text"][language]] + [option["label"][language] for option in options]


def former_levels(text: str, language: str) -> list[str]:
    """Maturity levels named by a former label: "2 defined", "3 已实施"."""
    words = "|".join(FORMER_MATURITY_LABELS[language])
    pattern = rf"\b[0-4] ({words})\b" if language == "en" else rf"(?<![0-9])[0-4]\s*({words})"
    return [match.group(0) for match in re.finditer(pattern, text)]


def by_code(library: dict) -> dict[str, dict]:
    return {criterion["code"]: criterion for criterion in library["criteria"]}


@pytest.mark.parametrize("criterion", CRITERIA, ids=[c["code"] for c in CRITERIA])
def test_no_question_asks_with_a_double_negative(criterion):
    found = {
        language: [
            hit for text in asked(criterion, language) for hit in double_negatives(text, language)
        ]
        for language in LANGUAGES
    }
    assert found == {language: [] for language in LANGUAGES}


@pytest.mark.parametrize(
    ("library", "code", "language", "double_negative"),
    [
        (PREVIOUS, "SAFETY-02", "en", "free of any unrectified"),
        (PREVIOUS, "SAFETY-02", "zh-hans", "不存在未"),
        (PREVIOUS, "SAFETY-02", "zh-hans", "无未"),  # its best option
        (PREVIOUS, "RESERVES-02", "en", "without refus"),
        (PREVIOUS, "RESERVES-02", "en", "Never refus"),
        (PREVIOUS, "RESERVES-02", "zh-hans", "从未拒"),
        (PREVIOUS, "GREEN-17", "zh-hans", "是否未"),
        (PREVIOUS, "GREEN-19", "zh-hans", "是否不"),
        (PREVIOUS, "SMART-14", "en", "never sent, carried or given abroad without"),
        (PREVIOUS, "SMART-14", "zh-hans", "未经批准不"),
        (FIRST, "GREEN-02", "en", "no unrectified"),
        (FIRST, "GREEN-02", "zh-hans", "无未"),
    ],
)
def test_the_check_finds_the_double_negatives_earlier_versions_asked(
    library, code, language, double_negative
):
    criterion = by_code(library)[code]
    assert double_negative in [
        hit for text in asked(criterion, language) for hit in double_negatives(text, language)
    ]


def test_the_reworded_questions_ask_for_compliance():
    criteria = by_code(NEWEST)
    assert criteria["SAFETY-02"]["text"]["zh-hans"].endswith("是否均已整改消除？")
    assert "been rectified and eliminated?" in criteria["SAFETY-02"]["text"]["en"]
    assert criteria["RESERVES-02"]["text"]["zh-hans"].endswith("且各项应急指令均已执行到位？")
    assert criteria["RESERVES-02"]["text"]["en"].endswith("carried out every instruction?")


@pytest.mark.parametrize("criterion", CRITERIA, ids=[c["code"] for c in CRITERIA])
def test_no_text_names_a_maturity_level_by_its_former_label(criterion):
    found = [
        (field, language, level)
        for field in WORDING
        for language in LANGUAGES
        for level in former_levels(criterion[field][language], language)
    ]
    assert found == []


def test_the_check_finds_the_former_labels_in_2026_2():
    guidance = by_code(PREVIOUS)["RIGHTS-05"]["guidance"]
    assert former_levels(guidance["en"], "en") == [
        "0 absent", "1 initial", "2 defined", "3 implemented", "4 optimised",
    ]  # fmt: skip
    assert former_levels(guidance["zh-hans"], "zh-hans") == [
        "0 缺失", "1 初始", "2 已定义", "3 已实施", "4 持续优化",
    ]  # fmt: skip


MATURITY = [c for c in CRITERIA if c["answer_type"] == "maturity"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("criterion", MATURITY, ids=[c["code"] for c in MATURITY])
def test_the_guidance_names_each_level_as_the_answers_show_it(criterion, language):
    with translation.override(language):
        labels = [str(label) for label in MATURITY_LABELS]
    guidance = criterion["guidance"][language]
    assert [
        f"{n} {label}" for n, label in enumerate(labels) if f"{n} {label}" not in guidance
    ] == []
    assert not set(FORMER_MATURITY_LABELS[language]) & set(labels)


def without_wording(criterion: dict) -> dict:
    """A criterion without what a person reads: what it requires, scores and cites."""
    kept = {key: value for key, value in criterion.items() if key not in WORDING}
    options = criterion["parameters"].get("options")
    if options:
        unlabelled = [{k: v for k, v in option.items() if k != "label"} for option in options]
        kept["parameters"] = criterion["parameters"] | {"options": unlabelled}
    return kept


def test_2026_3_changes_nothing_but_the_wording_of_2026_2():
    assert (NEWEST["version"], NEWEST["status"]) == ("2026.3", "published")
    assert NEWEST["areas"] == PREVIOUS["areas"]
    assert list(map(without_wording, CRITERIA)) == list(map(without_wording, PREVIOUS["criteria"]))
    changed = {c["code"] for c, p in zip(CRITERIA, PREVIOUS["criteria"], strict=True) if c != p}
    assert {"SAFETY-02", "RESERVES-02", "GREEN-17", "GREEN-19", "SMART-14"} <= changed
    assert {c["code"] for c in MATURITY} <= changed

    # the description is the framework's, shared by its versions: what changed is said in
    # cn-mining-2026.sources.md and the README, not there
    assert (NEWEST["name"], NEWEST["description"]) == (PREVIOUS["name"], PREVIOUS["description"])

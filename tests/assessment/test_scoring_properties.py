"""Property tests of the scoring rules (assessment/scoring/): what holds for every assessment."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assessment.scoring.answers import AnswerInput
from assessment.scoring.breakdown import AssessmentScore, score_assessment
from assessment.scoring.criteria import CriterionSpec
from assessment.scoring.gaps import gap_sort_key
from assessment.scoring.vocabulary import BANDS

AREAS = ("RIGHTS", "GREEN", "DATA")
ENUM_VALUES = {"yes_no": ("no", "yes"), "yes_partial_no": ("no", "partial", "yes")}

# Strategies are built once, here: building them inside every draw costs more than scoring.
todays = st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31))
answer_types = st.sampled_from(
    ("yes_no", "yes_partial_no", "maturity", "percent", "number", "choice")
)
areas = st.sampled_from(AREAS)
weights = st.integers(1, 5)
forces = st.sampled_from(("law", "standard", "policy", "practice"))
deadlines = st.none() | todays
orders = st.integers(0, 5)
directions = st.sampled_from(("at_least", "at_most"))
targets = {
    "percent": st.integers(0, 100) | st.decimals(0, 100, places=2),
    "number": st.integers(-1000, 1000) | st.decimals(-1000, 1000, places=2),
}
distances = st.none() | st.integers(0, 300)
option_scores = st.lists(st.integers(0, 100), min_size=2, max_size=4)
evidence_counts = st.integers(0, 2)
numbers = (
    st.integers(-1500, 1500)
    | st.decimals(-1500, 1500, places=3)
    | st.floats(-1500, 1500, allow_nan=False, allow_infinity=False)
    | st.integers(-1500, 1500).map(str)
)
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "yes_no": st.sampled_from(ENUM_VALUES["yes_no"]),
    "yes_partial_no": st.sampled_from(ENUM_VALUES["yes_partial_no"]),
    "maturity": st.integers(0, 4),
    "percent": numbers,
    "number": numbers,
}
# no answer row, an empty answer, N/A, or a value (drawn more often)
answer_kinds = st.sampled_from(("missing", "empty", "na", "value", "value"))


def draw_parameters(draw: st.DrawFn, answer_type: str) -> dict[str, Any]:
    if answer_type == "choice":
        return {
            "options": [
                {"value": f"option-{i}", "score": points / 100, "label": {"en": str(i)}}
                for i, points in enumerate(draw(option_scores))
            ]
        }
    if answer_type not in targets:
        return {}
    direction = draw(directions)
    target = draw(targets[answer_type])
    parameters: dict[str, Any] = {"target": target, "direction": direction}
    # zero_at beyond the target (or equal to it: the no-slope case); explicit whenever the
    # default (0 or 2 × target) would fall on the wrong side of a negative target
    distance = draw(distances)
    if distance is None and target < 0:
        distance = 50
    if distance is not None:
        parameters["zero_at"] = target - distance if direction == "at_least" else target + distance
    return parameters


def draw_criterion(draw: st.DrawFn, code: str) -> CriterionSpec:
    answer_type = draw(answer_types)
    return CriterionSpec(
        code=code,
        area=draw(areas),
        weight=draw(weights),
        force=draw(forces),
        gate=draw(st.booleans()),
        answer_type=answer_type,
        parameters=draw_parameters(draw, answer_type),
        evidence_expected=draw(st.booleans()),
        deadline=draw(deadlines),
        order=draw(orders),
    )


def values_for(spec: CriterionSpec) -> st.SearchStrategy[Any]:
    if spec.answer_type == "choice":
        return st.sampled_from([option["value"] for option in spec.parameters["options"]])
    return VALUES[spec.answer_type]


def draw_answer(draw: st.DrawFn, spec: CriterionSpec) -> AnswerInput | None:
    kind = draw(answer_kinds)
    if kind == "missing":
        return None
    if kind == "empty":
        return AnswerInput()
    if kind == "na":
        return AnswerInput(is_na=True)
    return AnswerInput(value=draw(values_for(spec)), evidence_count=draw(evidence_counts))


@st.composite
def assessments(draw: st.DrawFn) -> tuple[list[CriterionSpec], dict[str, AnswerInput]]:
    count = draw(st.integers(1, 10))
    criteria = [draw_criterion(draw, f"C-{index:02d}") for index in range(count)]
    answers = {}
    for spec in criteria:
        answer = draw_answer(draw, spec)
        if answer is not None:
            answers[spec.code] = answer
    return criteria, answers


def goodness(spec: CriterionSpec, value: object) -> Any:
    """How good a value is by the design's own words, independent of the scoring code: any
    answer is better than none; then by its place in the scale."""
    if value is None:
        return (0, 0)
    if spec.answer_type in ENUM_VALUES:
        return (1, ENUM_VALUES[spec.answer_type].index(value))
    if spec.answer_type == "maturity":
        return (1, value)
    if spec.answer_type == "choice":
        options = spec.parameters["options"]
        return (1, next(option["score"] for option in options if option["value"] == value))
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return (1, number if spec.parameters["direction"] == "at_least" else -number)


def all_scores(result: AssessmentScore) -> list[Any]:
    return [result.overall_exact] + [area.score_exact for area in result.areas]


@given(assessments(), todays)
def test_every_score_is_between_0_and_100(assessment: Any, today: date) -> None:
    criteria, answers = assessment
    result = score_assessment(criteria, answers, today=today)
    for value in all_scores(result):
        assert value is None or 0 <= value <= 100
    assert result.overall is None or 0 <= result.overall <= 100
    assert 0 <= result.completion_exact <= 1
    for gap in result.gaps:
        assert 0 <= gap.s_exact < 1
        assert gap.priority_exact > 0
    assert result.band in (*BANDS, None)


@given(assessments(), todays, st.data())
def test_a_better_answer_never_lowers_its_area_or_the_overall_score(
    assessment: Any, today: date, data: st.DataObject
) -> None:
    criteria, answers = assessment
    spec = data.draw(st.sampled_from(criteria))
    values = data.draw(st.lists(st.none() | values_for(spec), min_size=2, max_size=2))
    worse, better = sorted(values, key=lambda value: goodness(spec, value))
    evidence = data.draw(evidence_counts)
    results = []
    for value in (worse, better):
        changed = answers | {spec.code: AnswerInput(value=value, evidence_count=evidence)}
        results.append(score_assessment(criteria, changed, today=today, area_order=AREAS))
    before, after = results
    assert after.overall_exact >= before.overall_exact
    area = AREAS.index(spec.area)
    assert after.areas[area].score_exact >= before.areas[area].score_exact
    # the caps can only lift too, so the band never gets worse
    assert BANDS.index(after.band) <= BANDS.index(before.band)


@given(assessments(), todays, st.data())
def test_na_is_the_same_as_leaving_the_criterion_out(
    assessment: Any, today: date, data: st.DataObject
) -> None:
    criteria, answers = assessment
    spec = data.draw(st.sampled_from(criteria))
    with_na = score_assessment(
        criteria, answers | {spec.code: AnswerInput(is_na=True)}, today=today, area_order=AREAS
    )
    others = [c for c in criteria if c.code != spec.code]
    without = score_assessment(others, answers, today=today, area_order=AREAS)
    assert with_na.overall_exact == without.overall_exact
    assert [a.score_exact for a in with_na.areas] == [a.score_exact for a in without.areas]
    assert [a.weight_total for a in with_na.areas] == [a.weight_total for a in without.areas]
    assert with_na.band == without.band
    assert with_na.band_reasons == without.band_reasons
    assert with_na.gaps == without.gaps


@given(assessments(), todays, st.data())
def test_the_order_of_criteria_does_not_matter(
    assessment: Any, today: date, data: st.DataObject
) -> None:
    criteria, answers = assessment
    shuffled = data.draw(st.permutations(criteria))
    assert score_assessment(shuffled, answers, today=today) == score_assessment(
        criteria, answers, today=today
    )


@given(assessments(), todays, st.data())
def test_the_gap_order_is_total_and_stable(
    assessment: Any, today: date, data: st.DataObject
) -> None:
    criteria, answers = assessment
    gaps = score_assessment(criteria, answers, today=today).gaps
    shuffled = data.draw(st.permutations(gaps))
    assert tuple(sorted(shuffled, key=gap_sort_key)) == gaps
    keys = [gap_sort_key(gap) for gap in gaps]
    assert len(set(keys)) == len(keys)  # no two gaps compare equal
    priorities = [gap.priority_exact for gap in gaps]
    assert priorities == sorted(priorities, reverse=True)


@given(assessments(), todays)
def test_a_missing_evidence_file_never_raises_a_score(assessment: Any, today: date) -> None:
    criteria, answers = assessment
    with_evidence = {code: replace(a, evidence_count=1) for code, a in answers.items()}
    without = {code: replace(a, evidence_count=0) for code, a in answers.items()}
    supported = score_assessment(criteria, with_evidence, today=today, area_order=AREAS)
    unsupported = score_assessment(criteria, without, today=today, area_order=AREAS)
    for high, low in zip(all_scores(supported), all_scores(unsupported), strict=True):
        assert (high is None and low is None) or high >= low
    assert supported.counts.unsupported == 0

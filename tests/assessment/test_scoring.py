"""Unit tests of the scoring rules (assessment/scoring/): one rule of DESIGN.md "Scoring" per
test, with the numbers worked out by hand in a comment."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from assessment.scoring.answers import AnswerInput, InvalidAnswer, answer_score, validate_value
from assessment.scoring.breakdown import score_assessment
from assessment.scoring.criteria import CriterionSpec, InvalidCriterion
from assessment.scoring.gaps import deadline_urgency
from assessment.scoring.green_mine import SiteReadiness, green_mine_ready, portfolio_green_mine

TODAY = date(2026, 3, 1)


def criterion(code: str = "GREEN-01", **fields: Any) -> CriterionSpec:
    values: dict[str, Any] = {
        "area": code.split("-")[0],
        "weight": 1,
        "force": "practice",
        "gate": False,
        "answer_type": "yes_no",
        "parameters": {},
    }
    values.update(fields)
    return CriterionSpec(code=code, **values)


def percent(code: str = "GREEN-01", target: Any = 100, **fields: Any) -> CriterionSpec:
    parameters = {"target": target, **fields.pop("parameters", {})}
    return criterion(code, answer_type="percent", parameters=parameters, **fields)


def s_of(spec: CriterionSpec, value: object, **answer: Any) -> Fraction | None:
    return answer_score(spec, AnswerInput(value=value, **answer)).s_exact


def score(criteria: list[CriterionSpec], answers: dict[str, Any], **kwargs: Any):
    inputs = {
        code: answer if isinstance(answer, AnswerInput) else AnswerInput(answer)
        for code, answer in answers.items()
    }
    return score_assessment(criteria, inputs, today=kwargs.pop("today", TODAY), **kwargs)


# --- answer types ----------------------------------------------------------------------------


def test_it_scores_yes_no_as_one_or_zero() -> None:
    spec = criterion()
    assert s_of(spec, "yes") == 1
    assert s_of(spec, "no") == 0
    assert s_of(spec, " YES ") == 1  # forms may send case and spaces


def test_it_scores_partial_as_half() -> None:
    spec = criterion(answer_type="yes_partial_no")
    assert [s_of(spec, v) for v in ("no", "partial", "yes")] == [0, Fraction(1, 2), 1]


def test_it_scores_maturity_as_level_over_four() -> None:
    spec = criterion(answer_type="maturity")
    # 3 / 4 = 0.75; "3" and 3.0 are the same level
    assert s_of(spec, 3) == Fraction(3, 4)
    assert s_of(spec, "3") == Fraction(3, 4)
    assert s_of(spec, 3.0) == Fraction(3, 4)
    assert s_of(spec, 0) == 0
    assert s_of(spec, 4) == 1


def test_it_scores_an_at_least_percent_linearly_from_zero() -> None:
    spec = percent(target=80)
    # zero_at defaults to 0: (60 − 0) / (80 − 0) = 0.75
    assert s_of(spec, 60) == Fraction(3, 4)
    # beyond the target clamps to 1, below zero_at clamps to 0
    assert s_of(spec, 95) == 1
    assert s_of(spec, -5) == 0


def test_it_scores_from_an_explicit_zero_at() -> None:
    spec = percent(target=90, parameters={"zero_at": 50})
    # (70 − 50) / (90 − 50) = 20 / 40 = 0.5
    assert s_of(spec, 70) == Fraction(1, 2)
    assert s_of(spec, 50) == 0
    assert s_of(spec, 40) == 0


def test_it_scores_an_at_most_number_from_twice_the_target() -> None:
    spec = criterion(answer_type="number", parameters={"target": 10, "direction": "at_most"})
    # zero_at defaults to 2 × 10 = 20: (15 − 20) / (10 − 20) = −5 / −10 = 0.5
    assert s_of(spec, 15) == Fraction(1, 2)
    assert s_of(spec, 10) == 1
    assert s_of(spec, 4) == 1
    assert s_of(spec, 20) == 0
    assert s_of(spec, 30) == 0


def test_it_scores_all_or_nothing_when_target_equals_zero_at() -> None:
    at_most = criterion(answer_type="number", parameters={"target": 0, "direction": "at_most"})
    # zero_at = 2 × 0 = 0 = target: no slope, so 1 when v ≤ 0, else 0
    assert s_of(at_most, 0) == 1
    assert s_of(at_most, 1) == 0
    at_least = criterion(answer_type="number", parameters={"target": 5, "zero_at": 5})
    assert s_of(at_least, 5) == 1
    assert s_of(at_least, "4.99") == 0


def test_it_reads_numbers_exactly_from_int_float_decimal_and_text() -> None:
    spec = percent(target=80)
    # 0.1 / 80 = 1 / 800, read from the decimal the float stands for, not its binary value
    assert s_of(spec, 0.1) == Fraction(1, 800)
    assert s_of(spec, Decimal("0.1")) == Fraction(1, 800)
    assert s_of(spec, " 0.1 ") == Fraction(1, 800)


def test_it_scores_a_choice_by_the_option_score() -> None:
    spec = criterion(
        answer_type="choice",
        parameters={
            "options": [
                {"value": "none", "score": 0, "label": {"en": "None"}},
                {"value": "some", "score": 0.3, "label": {"en": "Some"}},
                {"value": "all", "score": 1, "label": {"en": "All"}},
            ]
        },
    )
    assert s_of(spec, "some") == Fraction(3, 10)
    assert s_of(spec, "all") == 1


@pytest.mark.parametrize(
    ("fields", "value", "reason"),
    [
        ({"answer_type": "yes_no"}, "partial", "unknown_value"),
        ({"answer_type": "yes_no"}, True, "unknown_value"),
        ({"answer_type": "yes_partial_no"}, "maybe", "unknown_value"),
        ({"answer_type": "maturity"}, 5, "out_of_range"),
        ({"answer_type": "maturity"}, -1, "out_of_range"),
        ({"answer_type": "maturity"}, 2.5, "not_an_integer"),
        ({"answer_type": "maturity"}, "two", "not_a_number"),
        ({"answer_type": "percent", "parameters": {"target": 80}}, "abc", "not_a_number"),
        ({"answer_type": "percent", "parameters": {"target": 80}}, float("nan"), "not_finite"),
        ({"answer_type": "percent", "parameters": {"target": 80}}, float("inf"), "not_finite"),
        ({"answer_type": "number", "parameters": {"target": 8}}, "NaN", "not_finite"),
        (
            {"answer_type": "number", "parameters": {"target": 8}},
            Decimal("-Infinity"),
            "not_finite",
        ),
        ({"answer_type": "number", "parameters": {"target": 8}}, True, "not_a_number"),
        ({"answer_type": "number", "parameters": {"target": 8}}, [1], "not_a_number"),
        ({"answer_type": "number", "parameters": {"target": 8}}, "1e999999999", "out_of_range"),
        (
            {"answer_type": "choice", "parameters": {"options": [{"value": "a", "score": 1}]}},
            "b",
            "unknown_option",
        ),
    ],
)
def test_it_rejects_a_value_the_answer_type_cannot_take(
    fields: dict[str, Any], value: object, reason: str
) -> None:
    spec = criterion(**fields)
    with pytest.raises(InvalidAnswer) as raised:
        validate_value(spec, value)
    assert raised.value.reason == reason
    assert raised.value.criterion == "GREEN-01"
    assert "GREEN-01" in str(raised.value)
    with pytest.raises(ValueError):
        answer_score(spec, AnswerInput(value))


def test_it_normalises_values_for_forms() -> None:
    assert validate_value(criterion(), " Yes ") == "yes"
    assert validate_value(criterion(answer_type="maturity"), "2") == 2
    assert validate_value(percent(), 12.5) == Decimal("12.5")
    assert validate_value(percent(), "1e-20") == 0  # at most 12 decimal places are kept
    assert validate_value(criterion(), None) is None
    assert validate_value(criterion(), "  ") is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"weight": 0}, "weight"),
        ({"force": "custom"}, "force"),
        ({"answer_type": "essay"}, "answer_type"),
        ({"answer_type": "percent", "parameters": {}}, "parameters.target"),
        (
            {"answer_type": "percent", "parameters": {"target": 80, "zero_at": 90}},
            "parameters.zero_at",
        ),
        ({"answer_type": "number", "parameters": {"target": -5}}, "parameters.zero_at"),
        (
            {"answer_type": "number", "parameters": {"target": 5, "direction": "up"}},
            "parameters.direction",
        ),
        (
            {"answer_type": "choice", "parameters": {"options": [{"value": "a", "score": 2}]}},
            "parameters.options[0].score",
        ),
    ],
)
def test_it_rejects_a_criterion_it_cannot_score(fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidCriterion) as raised:
        answer_score(criterion(**fields), None)
    assert raised.value.field == field


# --- unanswered, N/A, unsupported ------------------------------------------------------------


def test_it_counts_an_unanswered_criterion_as_zero_and_incomplete() -> None:
    a, b = criterion("GREEN-01", weight=3), criterion("GREEN-02", weight=1)
    assert answer_score(b, None).status == "unanswered"
    assert answer_score(b, None).s_exact is None
    result = score([a, b], {"GREEN-01": "yes"})
    # 100 × (3 × 1 + 1 × 0) / (3 + 1) = 75
    assert result.overall_exact == 75
    assert result.counts.unanswered == 1
    # 1 answered / 2 applicable
    assert result.completion_exact == Fraction(1, 2)
    assert result.areas[0].contributions[1].s_exact == 0


def test_it_drops_a_na_criterion_from_every_denominator() -> None:
    a, b = criterion("GREEN-01", weight=3), criterion("GREEN-02", weight=5)
    result = score([a, b], {"GREEN-01": "yes", "GREEN-02": AnswerInput("no", is_na=True)})
    # 100 × (3 × 1) / 3 = 100: the weight 5 of the N/A criterion is in no denominator
    assert result.overall_exact == 100
    assert result.areas[0].weight_total == 3
    assert result.areas[0].contributions[1].status == "na"
    assert result.areas[0].contributions[1].s_exact is None
    assert result.gaps == ()
    # N/A counts as answered: 2 / 2
    assert result.completion_exact == 1
    assert (result.counts.answered, result.counts.na) == (2, 1)


def test_it_has_no_overall_score_or_band_when_every_criterion_is_na() -> None:
    result = score([criterion()], {"GREEN-01": AnswerInput(is_na=True)})
    assert result.overall is None
    assert result.band is None
    assert [r.kind for r in result.band_reasons] == ["no_score"]
    assert result.areas[0].score is None


def test_it_caps_a_claim_without_expected_evidence_at_half() -> None:
    spec = criterion(evidence_expected=True)
    unsupported = answer_score(spec, AnswerInput("yes"))
    # raw 1, capped to min(1, 0.5) = 0.5
    assert (unsupported.raw_score_exact, unsupported.s_exact) == (1, Fraction(1, 2))
    assert unsupported.unsupported
    supported = answer_score(spec, AnswerInput("yes", evidence_count=1))
    assert (supported.s_exact, supported.unsupported) == (1, False)
    # "no" claims nothing, so nothing to support
    assert answer_score(spec, AnswerInput("no")).unsupported is False


def test_it_flags_a_low_claim_without_evidence_but_leaves_its_score() -> None:
    spec = criterion(answer_type="maturity", evidence_expected=True)
    result = answer_score(spec, AnswerInput(1))
    # 1 / 4 = 0.25, already ≤ 0.5
    assert result.s_exact == Fraction(1, 4)
    assert result.unsupported
    assessment = score([spec], {"GREEN-01": 1})
    assert assessment.counts.unsupported == 1


# --- area and overall ------------------------------------------------------------------------


def test_it_weighs_the_overall_score_over_criteria_not_areas() -> None:
    criteria = [
        criterion("GREEN-01", weight=5),
        criterion("GREEN-02", weight=1),
        criterion("DATA-01", weight=2),
    ]
    result = score(
        criteria,
        {"GREEN-01": "yes", "GREEN-02": "no", "DATA-01": "no"},
        area_order=["GREEN", "DATA"],
    )
    green, data = result.areas
    # GREEN: 100 × (5 × 1 + 1 × 0) / (5 + 1) = 500 / 6 = 83.33…
    assert green.score_exact == Fraction(250, 3)
    assert (green.weight_total, green.weighted_sum_exact) == (6, 5)
    assert green.score == 83.33
    # DATA: 100 × (2 × 0) / 2 = 0
    assert data.score_exact == 0
    # overall: 100 × 5 / (6 + 2) = 62.5, not the mean of the areas (83.33 + 0) / 2 = 41.67
    assert result.overall_exact == Fraction(125, 2)
    assert result.overall == 62.5


def test_it_lists_areas_in_the_given_order_including_empty_ones() -> None:
    result = score(
        [criterion("GREEN-01"), criterion("RIGHTS-01")], {}, area_order=["RIGHTS", "DATA"]
    )
    # areas not in area_order follow, by code
    assert [area.code for area in result.areas] == ["RIGHTS", "DATA", "GREEN"]
    assert result.areas[1].score is None
    assert result.areas[1].weight_total == 0


def test_it_rejects_duplicate_criterion_codes() -> None:
    with pytest.raises(ValueError, match="GREEN-01"):
        score([criterion(), criterion()], {})


def test_it_floors_displayed_scores_so_they_never_reach_a_threshold_early() -> None:
    result = score([percent(target=100)], {"GREEN-01": "84.9999"})
    # 100 × 84.9999 / 100 = 84.9999, shown as 84.99 (rounding would show 85.0 next to
    # "largely ready")
    assert result.overall == 84.99
    assert result.band == "largely_ready"


# --- band ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        ("100", "ready"),
        ("85", "ready"),
        ("84.999", "largely_ready"),
        ("70", "largely_ready"),
        ("69.999", "partially_ready"),
        ("60", "partially_ready"),
        ("50", "partially_ready"),
        ("49.999", "not_ready"),
        ("0", "not_ready"),
    ],
)
def test_it_bands_the_score_with_inclusive_lower_bounds(value: str, band: str) -> None:
    # one percent criterion with target 100: overall = 100 × (v / 100) / 1 = v exactly
    result = score([percent(target=100)], {"GREEN-01": value})
    assert result.overall_exact == Fraction(value)
    assert result.score_band == band
    assert result.band_reasons[0].kind == "score"
    assert result.band_reasons[0].band == band


def test_it_caps_band_when_a_gate_fails() -> None:
    criteria = [criterion(f"GREEN-0{i}", weight=5) for i in (1, 2, 3)]
    criteria.append(criterion("GREEN-04", gate=True, answer_type="yes_partial_no"))
    answers = {"GREEN-01": "yes", "GREEN-02": "yes", "GREEN-03": "yes", "GREEN-04": "partial"}
    result = score(criteria, answers)
    # 100 × (3 × 5 × 1 + 1 × 0.5) / 16 = 1550 / 16 = 96.875: ready by score
    assert result.overall_exact == Fraction(775, 8)
    assert result.score_band == "ready"
    assert result.band == "partially_ready"
    assert result.failed_gates == ("GREEN-04",)
    reason = result.band_reasons[1]
    assert (reason.kind, reason.code, reason.area) == ("failed_gate", "GREEN-04", "GREEN")
    assert (reason.band, reason.value_exact, reason.lowers_band) == (
        "partially_ready",
        Fraction(1, 2),
        True,
    )


def test_it_counts_an_unanswered_gate_as_failed_and_a_na_gate_as_not() -> None:
    criteria = [criterion("GREEN-01", weight=5), criterion("GREEN-02", gate=True)]
    unanswered = score(criteria, {"GREEN-01": "yes"})
    # 100 × 5 / 6 = 83.33: largely ready by score, capped by the unanswered gate
    assert unanswered.failed_gates == ("GREEN-02",)
    assert unanswered.band == "partially_ready"
    assert unanswered.band_reasons[1].status == "unanswered"
    na = score(criteria, {"GREEN-01": "yes", "GREEN-02": AnswerInput(is_na=True)})
    # 100 × 5 / 5 = 100
    assert na.failed_gates == ()
    assert na.band == "ready"


def test_it_caps_band_when_a_law_criterion_scores_zero() -> None:
    criteria = [
        criterion("GREEN-01", weight=5),
        criterion("GREEN-02", weight=5),
        criterion("GREEN-03", force="law"),
    ]
    result = score(criteria, {"GREEN-01": "yes", "GREEN-02": "yes", "GREEN-03": "no"})
    # 100 × 10 / 11 = 90.9: ready by score, but a law criterion has s = 0
    assert result.score_band == "ready"
    assert result.band == "partially_ready"
    assert result.law_zero == ("GREEN-03",)
    assert [r.kind for r in result.band_reasons] == ["score", "law_zero"]


def test_it_counts_an_unanswered_law_criterion_as_zero_but_not_a_partial_one() -> None:
    law = criterion("GREEN-02", force="law", answer_type="yes_partial_no")
    base = criterion("GREEN-01", weight=5)
    assert score([base, law], {"GREEN-01": "yes"}).law_zero == ("GREEN-02",)
    partial = score([base, law], {"GREEN-01": "yes", "GREEN-02": "partial"})
    # 100 × (5 + 0.5) / 6 = 91.67 and s = 0.5 > 0: no cap
    assert partial.law_zero == ()
    assert partial.band == "ready"


def test_it_caps_band_at_largely_ready_when_an_area_is_below_60() -> None:
    criteria = [criterion(f"GREEN-0{i}", weight=5) for i in (1, 2, 3, 4)]
    criteria.append(criterion("DATA-01"))
    answers = {f"GREEN-0{i}": "yes" for i in (1, 2, 3, 4)} | {"DATA-01": "no"}
    result = score(criteria, answers, area_order=["GREEN", "DATA"])
    # overall 100 × 20 / 21 = 95.24: ready by score; DATA 100 × 0 / 1 = 0 < 60
    assert result.overall == 95.23
    assert result.score_band == "ready"
    assert result.band == "largely_ready"
    reason = result.band_reasons[1]
    assert (reason.kind, reason.code, reason.value_exact, reason.threshold) == (
        "area_below_60",
        "DATA",
        0,
        60,
    )


def test_it_only_lowers_the_band_with_caps() -> None:
    criteria = [criterion("GREEN-01", gate=True, force="law"), criterion("GREEN-02")]
    result = score(criteria, {"GREEN-01": "no", "GREEN-02": "no"})
    # 0 / 2 = 0: not ready; the caps (partially ready, largely ready) cannot raise it
    assert result.band == "not_ready"
    assert [r.kind for r in result.band_reasons] == [
        "score",
        "failed_gate",
        "law_zero",
        "area_below_60",
    ]
    assert not any(r.lowers_band for r in result.band_reasons)


def test_it_applies_the_lowest_of_several_caps() -> None:
    criteria = [criterion(f"GREEN-0{i}", weight=5) for i in (1, 2, 3, 4)]
    criteria += [criterion("DATA-01"), criterion("GREEN-05", gate=True, answer_type="maturity")]
    answers = {f"GREEN-0{i}": "yes" for i in (1, 2, 3, 4)} | {"DATA-01": "no", "GREEN-05": 3}
    result = score(criteria, answers)
    # 100 × (20 + 0.75) / 22 = 94.3: ready; DATA 0 caps at largely, the gate at partially
    assert result.band == "partially_ready"
    assert {r.kind: r.lowers_band for r in result.band_reasons[1:]} == {
        "failed_gate": True,
        "area_below_60": True,
    }


# --- gaps ------------------------------------------------------------------------------------


def test_it_computes_gap_priority_from_weight_score_force_and_urgency() -> None:
    spec = criterion(
        weight=4, force="law", answer_type="maturity", deadline=TODAY - timedelta(days=1)
    )
    (gap,) = score([spec], {"GREEN-01": 1}).gaps
    # 4 × (1 − 1/4) × 3 (law) × 2 (deadline passed) = 18
    assert (gap.s_exact, gap.force_factor, gap.urgency_exact) == (Fraction(1, 4), 3, 2)
    assert gap.priority_exact == 18
    assert gap.priority == 18.0


@pytest.mark.parametrize(
    ("force", "factor"), [("law", 3), ("standard", 2), ("policy", 2), ("practice", 1)]
)
def test_it_weighs_gaps_by_legal_force(force: str, factor: int) -> None:
    (gap,) = score([criterion(weight=2, force=force)], {"GREEN-01": "no"}).gaps
    # 2 × (1 − 0) × factor × 1
    assert gap.priority_exact == 2 * factor


@pytest.mark.parametrize(
    ("days", "urgency"),
    [(-1, Fraction(2)), (0, Fraction(3, 2)), (365, Fraction(3, 2)), (366, Fraction(1))],
)
def test_it_makes_gaps_more_urgent_as_the_deadline_nears(days: int, urgency: Fraction) -> None:
    assert deadline_urgency(TODAY + timedelta(days=days), TODAY) == urgency
    assert deadline_urgency(None, TODAY) == 1


def test_it_lists_gaps_below_full_score_including_unanswered_ones() -> None:
    criteria = [criterion(f"GREEN-0{i}", weight=2) for i in (1, 2, 3, 4)]
    answers = {"GREEN-01": "yes", "GREEN-02": "no", "GREEN-04": AnswerInput(is_na=True)}
    gaps = score(criteria, answers).gaps
    # GREEN-01 scores 1 (no gap), GREEN-04 is N/A (no gap)
    assert [(g.code, g.status) for g in gaps] == [
        ("GREEN-02", "answered"),
        ("GREEN-03", "unanswered"),
    ]
    # both 2 × (1 − 0) × 1 × 1 = 2: equal priority, so by code


def test_it_orders_gaps_by_priority_then_gate_then_code() -> None:
    criteria = [
        criterion("GREEN-01", weight=1),
        criterion("GREEN-02", weight=1, gate=True),
        criterion("GREEN-03", weight=3),
        criterion("GREEN-04", weight=1),
    ]
    gaps = score(criteria, {}).gaps
    # priorities 1, 1, 3, 1: GREEN-03 first; then the gate; then by code
    assert [g.code for g in gaps] == ["GREEN-03", "GREEN-02", "GREEN-01", "GREEN-04"]


# --- green mines -----------------------------------------------------------------------------


def test_a_site_is_green_mine_ready_at_85_without_a_failed_gate() -> None:
    criteria = [percent("GREEN-01", target=100), criterion("RIGHTS-01", gate=True)]
    # GREEN: 100 × 0.85 = 85, exactly the bar; the failed gate is in another area
    ready = score(criteria, {"GREEN-01": "85"})
    assert ready.failed_gates == ("RIGHTS-01",)
    assert green_mine_ready(ready)
    assert not green_mine_ready(score(criteria, {"GREEN-01": "84.99"}))


def test_a_site_is_not_green_mine_ready_with_a_failed_gate_in_the_green_area() -> None:
    criteria = [criterion("GREEN-01", weight=5), criterion("GREEN-02", gate=True)]
    result = score(criteria, {"GREEN-01": "yes", "GREEN-02": AnswerInput("yes")})
    assert green_mine_ready(result)
    gated = score(
        criteria + [criterion("GREEN-03", weight=5), criterion("GREEN-04", weight=5)],
        {"GREEN-01": "yes", "GREEN-02": "no", "GREEN-03": "yes", "GREEN-04": "yes"},
    )
    # GREEN: 100 × 15 / 16 = 93.75 ≥ 85, but GREEN-02 is a failed gate
    assert gated.areas[0].score == 93.75
    assert not green_mine_ready(gated)


def test_a_site_without_a_scored_green_area_is_not_green_mine_ready() -> None:
    assert not green_mine_ready(score([criterion("RIGHTS-01")], {"RIGHTS-01": "yes"}))
    assert not green_mine_ready(score([criterion()], {"GREEN-01": AnswerInput(is_na=True)}))


def test_it_counts_how_many_more_sites_must_become_green_mines() -> None:
    sites = (
        [SiteReadiness("large", True, True)] * 7
        + [SiteReadiness("large", True, False)] * 2
        + [SiteReadiness("large", True, None)]  # not assessed: not ready
        + [SiteReadiness("large", False, False)] * 5  # not producing: not counted
        + [SiteReadiness("medium", True, True)] * 4
        + [SiteReadiness("medium", True, False)]
        + [SiteReadiness("small", True, False)] * 3  # small: not counted
    )
    result = portfolio_green_mine(sites, today=date(2027, 12, 31))
    large, medium = result.large, result.medium
    # large: 7 of 10 ready = 0.7 < 0.9; ceil(0.9 × 10) − 7 = 9 − 7 = 2 more
    assert (large.total, large.ready, large.share, large.more_needed) == (10, 7, 0.7, 2)
    assert not large.met
    # medium: 4 of 5 = 0.8 ≥ 0.8; ceil(0.8 × 5) − 4 = 4 − 4 = 0
    assert (medium.total, medium.ready, medium.share, medium.more_needed) == (5, 4, 0.8, 0)
    assert medium.met
    # 2027-12-31 to 2028-12-31: 366 days (2028 is a leap year)
    assert result.days_left == 366
    assert result.deadline == date(2028, 12, 31)


def test_it_rounds_the_sites_needed_up() -> None:
    sites = [SiteReadiness("large", True, False)] * 7
    # ceil(0.9 × 7) − 0 = ceil(6.3) = 7
    assert portfolio_green_mine(sites, today=TODAY).large.more_needed == 7


def test_an_exploration_project_without_a_scale_does_not_count() -> None:
    sites = [SiteReadiness("large", True, True), SiteReadiness("", False, None)]
    result = portfolio_green_mine(sites, today=TODAY)
    assert (result.large.total, result.medium.total) == (1, 0)


def test_an_unknown_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown site scale 'huge'"):
        portfolio_green_mine([SiteReadiness("huge", True, True)], today=TODAY)


def test_a_portfolio_without_sites_of_a_scale_needs_none_and_has_no_share() -> None:
    result = portfolio_green_mine([], today=date(2029, 1, 2))
    assert (result.large.total, result.large.share, result.large.more_needed) == (0, None, 0)
    # 2028-12-31 − 2029-01-02 = −2 days
    assert result.days_left == -2


# --- export ----------------------------------------------------------------------------------


def test_it_exports_a_json_ready_breakdown() -> None:
    criteria = [
        criterion("GREEN-01", weight=3, force="law", deadline=date(2028, 12, 31)),
        criterion("GREEN-02", answer_type="maturity"),
    ]
    data = score(criteria, {"GREEN-01": "no", "GREEN-02": 2}).to_dict()
    assert json.loads(json.dumps(data)) == data
    # 100 × (3 × 0 + 1 × 0.5) / 4 = 12.5
    assert data["overall"] == 12.5
    assert data["band"] == "not_ready"
    assert data["completion"] == 1.0
    assert data["counts"]["applicable"] == 2
    assert data["areas"][0]["code"] == "GREEN"
    assert data["areas"][0]["score"] == 12.5
    # GREEN-01: 3 × 1 × 3 × 1 = 9 (the deadline is more than 365 days away)
    assert data["gaps"][0] == {
        "code": "GREEN-01",
        "area": "GREEN",
        "score": 0.0,
        "weight": 3,
        "force": "law",
        "gate": False,
        "deadline": "2028-12-31",
        "force_factor": 3,
        "urgency": 1.0,
        "priority": 9.0,
        "status": "answered",
        "unsupported": False,
    }
    assert data["band_reasons"][0]["kind"] == "score"
    assert portfolio_green_mine([], today=TODAY).to_dict()["deadline"] == "2028-12-31"


def test_a_withdrawn_claim_is_not_called_now_supported():
    from assessment.scoring.comparison import CriterionChange

    withdrawn = CriterionChange("A-1", "A", "answered", "answered", 0.5, 0.0, True, False)
    proven = CriterionChange("A-1", "A", "answered", "answered", 0.5, 1.0, True, False)
    assert not withdrawn.became_supported and proven.became_supported
    assert CriterionChange(
        "A-1", "A", "answered", "answered", 1.0, 0.5, False, True
    ).became_unsupported

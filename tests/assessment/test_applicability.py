"""Which criteria apply to a site: stage, scale, method, minerals and the two flags."""

from __future__ import annotations

import pytest

from assessment.applicability import NotApplicable, SiteProfile, not_applicable_reason

NONE: dict = {}


def profile(**changes) -> SiteProfile:
    values = {
        "stage": "production",
        "scale": "large",
        "method": "open_pit",
        "minerals": ("coal",),
        "licensed_producing": True,
    }
    return SiteProfile(**{**values, **changes})


def test_a_criterion_without_restrictions_applies_to_every_site() -> None:
    assert (
        not_applicable_reason(NONE, profile(stage="exploration", scale="", method="none")) is None
    )


def test_a_production_criterion_does_not_reach_an_exploration_project() -> None:
    rule = {"stages": ["construction", "production"]}
    assert not_applicable_reason(rule, profile(stage="exploration")) == NotApplicable(
        "stage", ("construction", "production")
    )
    assert not_applicable_reason(rule, profile(stage="construction")) is None


def test_a_closure_criterion_reaches_only_a_closing_mine() -> None:
    rule = {"stages": ["closure"]}
    assert not_applicable_reason(rule, profile(stage="closure")) is None
    assert not_applicable_reason(rule, profile(stage="production")).reason == "stage"


def test_a_snapshot_from_before_stages_is_a_producing_site() -> None:
    site = SiteProfile(
        scale="large", method="open_pit", minerals=("coal",), licensed_producing=True
    )
    assert site.stage == "production"


@pytest.mark.parametrize(
    ("method", "applies"),
    [("both", True), ("underground", True), ("wells", False), ("brine", False), ("none", False)],
)
def test_a_site_mining_both_ways_matches_underground_criteria(method: str, applies: bool) -> None:
    reason = not_applicable_reason({"methods": ["underground"]}, profile(method=method))
    assert (reason is None) is applies


def test_wells_and_brine_are_methods_of_their_own() -> None:
    assert not_applicable_reason({"methods": ["wells"]}, profile(method="wells")) is None
    assert not_applicable_reason({"methods": ["brine"]}, profile(method="brine")) is None


def test_an_exploration_project_without_a_scale_is_outside_every_scale_rule() -> None:
    reason = not_applicable_reason({"scales": ["large"]}, profile(scale=""))
    assert reason == NotApplicable("scale", ("large",))


def test_the_stage_is_checked_before_the_other_rules() -> None:
    rule = {"stages": ["production"], "scales": ["small"]}
    assert not_applicable_reason(rule, profile(stage="closure")).reason == "stage"


def test_minerals_and_flags_still_apply() -> None:
    assert not_applicable_reason({"minerals": ["gold"]}, profile()).reason == "mineral"
    assert not_applicable_reason(
        {"strategic_only": True}, profile(minerals=("limestone",))
    ).reason == ("strategic_only")
    rule = {"licensed_producing_only": True}
    assert not_applicable_reason(rule, profile(licensed_producing=False)).reason == (
        "licensed_producing_only"
    )


def test_the_questionnaire_says_which_stages_a_criterion_is_for() -> None:
    from django.utils import translation

    from assessment.views.questionnaire import reason_text

    reason = NotApplicable("stage", ("construction", "production"))
    with translation.override("en"):
        assert reason_text(reason) == "Applies only to sites at the construction, production stage."
    with translation.override("zh-hans"):
        assert "生产" in reason_text(reason)

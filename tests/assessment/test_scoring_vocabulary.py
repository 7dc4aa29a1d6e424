"""Each list of words is written once: the models' choices hold the scoring vocabulary's values,
in its order (assessment/scoring/vocabulary.py)."""

from __future__ import annotations

from assessment.answer_text import YES_PARTIAL_NO_LABELS
from assessment.applicability import APPLICABILITY_METHODS
from assessment.models import Criterion, Site
from assessment.scoring.answers import YES_NO_SCORES, YES_PARTIAL_NO_SCORES
from assessment.scoring.gaps import FORCE_FACTORS
from assessment.scoring.green_mine import GREEN_MINE_TARGETS
from assessment.scoring.vocabulary import (
    ANSWER_TYPES,
    FORCES,
    SITE_SCALES,
    SITE_STAGES,
    YES_NO,
    YES_PARTIAL_NO,
)


def test_answer_types_are_the_models_choices() -> None:
    assert tuple(Criterion.AnswerType.values) == ANSWER_TYPES


def test_forces_are_the_models_choices_and_each_has_a_factor() -> None:
    assert tuple(Criterion.Force.values) == FORCES
    assert tuple(FORCE_FACTORS) == FORCES


def test_site_scales_are_the_models_choices() -> None:
    assert tuple(Site.Scale.values) == SITE_SCALES
    assert set(GREEN_MINE_TARGETS) < set(SITE_SCALES)


def test_site_stages_are_the_models_choices() -> None:
    assert tuple(Site.Stage.values) == SITE_STAGES


def test_applicability_methods_are_site_methods() -> None:
    assert set(APPLICABILITY_METHODS) < set(Site.Method.values)


def test_yes_no_values_have_a_score_and_a_label() -> None:
    assert tuple(YES_NO_SCORES) == YES_NO
    assert tuple(YES_PARTIAL_NO_SCORES) == YES_PARTIAL_NO
    assert set(YES_PARTIAL_NO_LABELS) == set(YES_PARTIAL_NO) >= set(YES_NO)

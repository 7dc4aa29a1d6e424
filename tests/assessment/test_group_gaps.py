"""Group-wide top gaps: the criteria failing at the most sites, weighted by priority."""

from datetime import date
from fractions import Fraction

import pytest

from assessment.models import Assessment
from assessment.portfolio import submitted_results
from assessment.results import assessment_results
from assessment.scoring.gaps import Gap
from assessment.scoring.group import group_top_gaps, top_gaps_of_keys


def gap(code: str, priority: int, *, gate: bool = False, area: str = "A") -> Gap:
    return Gap(
        code=code, area=area, weight=1, force="law", gate=gate, deadline=None,
        status="answered", unsupported=False, s_exact=Fraction(0), force_factor=3,
        urgency_exact=Fraction(1), priority_exact=Fraction(priority),
    )  # fmt: skip


def test_priorities_add_up_over_the_sites():
    top = group_top_gaps([[gap("A-01", 3), gap("A-02", 10)], [gap("A-01", 9)], [gap("A-01", 1)]])
    assert [(g.code, g.sites, g.priority) for g in top] == [("A-01", 3, 13), ("A-02", 1, 10)]


def test_a_gap_at_more_sites_wins_a_tie_then_gates_then_code():
    top = group_top_gaps(
        [
            [gap("C-01", 4), gap("B-01", 2), gap("A-09", 4), gap("A-08", 4, gate=True)],
            [gap("B-01", 2)],
        ]
    )
    assert [g.code for g in top] == ["B-01", "A-08", "A-09", "C-01"]


def test_a_gate_anywhere_marks_the_criterion_a_gate():
    top = group_top_gaps([[gap("A-01", 1)], [gap("A-01", 1, gate=True)], [gap("A-01", 1)]])
    assert top[0].gate and top[0].sites == 3


def test_it_keeps_the_first_few():
    top = group_top_gaps([[gap(f"A-{i:02d}", i) for i in range(20)]], limit=3)
    assert [g.code for g in top] == ["A-19", "A-18", "A-17"]


def test_no_sites_no_gaps():
    assert group_top_gaps([]) == [] == group_top_gaps([[], []])


def test_gaps_keep_their_dates_out_of_it():
    dated = Gap(**{**gap("A-01", 2).__dict__, "deadline": date(2027, 1, 1)})
    assert group_top_gaps([[dated]])[0].priority == 2


def test_sums_are_exact_so_ties_go_to_the_gap_at_more_sites():
    # Ten priorities of 1/10 make exactly 1 (as floats, 0.9999999999999999 < 1).
    tenth = [[("A-01", "A", False, "1/10")]] * 10
    top = top_gaps_of_keys([*tenth, [("B-01", "A", False, "1/1")]])
    assert [(g.code, g.sites, g.priority_exact) for g in top] == [
        ("A-01", 10, Fraction(1)),
        ("B-01", 1, Fraction(1)),
    ]


def test_a_criterion_keeps_the_area_it_was_first_met_in():
    top = top_gaps_of_keys([[("A-01", "OLD", False, "2/1")], [("A-01", "NEW", True, "1/1")]])
    assert [(g.area, g.sites, g.priority, g.gate) for g in top] == [("OLD", 2, 3, True)]


@pytest.mark.django_db
def test_stored_summaries_rank_the_gaps_as_the_answers_scored_again(submitted_assessment):
    stored = submitted_results(Assessment.objects.filter(pk=submitted_assessment.pk))
    summary = stored[submitted_assessment.pk]
    live = assessment_results(submitted_assessment, live=True)
    assert summary.summary is not None and not live.stored
    assert list(summary.gap_keys()) == list(live.gap_keys())
    assert top_gaps_of_keys([list(summary.gap_keys())] * 3) == group_top_gaps([live.score.gaps] * 3)

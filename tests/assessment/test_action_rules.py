"""The statuses of an action and the moves between them; overdue and due soon."""

from datetime import date

import pytest

from assessment.action_rules import (
    STATUSES,
    MoveRefused,
    check_move,
    is_due_within,
    is_overdue,
    priority_value,
)
from assessment.models import Action

TODAY = date(2026, 12, 7)


def test_the_models_statuses_are_the_rules_statuses():
    assert [value for value, _label in Action.State.choices] == list(STATUSES)


@pytest.mark.parametrize(
    ("current", "new"),
    [
        ("open", "in_progress"),
        ("open", "done"),
        ("in_progress", "done"),
        ("done", "in_progress"),  # the check of the proof failed
        ("dropped", "open"),
        ("open", "open"),
    ],
)
def test_anyone_who_writes_may_make_these_moves(current, new):
    check_move(current, new, is_owner=False)


@pytest.mark.parametrize(("current", "new"), [("done", "verified"), ("verified", "in_progress")])
def test_only_an_owner_verifies_or_reopens_a_verified_action(current, new):
    with pytest.raises(MoveRefused) as refused:
        check_move(current, new, is_owner=False)
    assert refused.value.code == "owner_only"
    check_move(current, new, is_owner=True)


@pytest.mark.parametrize(("current", "new"), [("open", "verified"), ("dropped", "done")])
def test_a_skipped_step_is_refused(current, new):
    with pytest.raises(MoveRefused) as refused:
        check_move(current, new, is_owner=True)
    assert refused.value.code == "not_allowed"


def test_dropping_needs_a_reason():
    with pytest.raises(MoveRefused) as refused:
        check_move("open", "dropped", is_owner=True, reason="  ")
    assert refused.value.code == "reason_needed"
    check_move("open", "dropped", is_owner=False, reason="Site sold.")


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("open", date(2026, 12, 6), True),
        ("in_progress", date(2026, 12, 6), True),
        ("open", TODAY, False),  # due today is not late yet
        ("done", date(2026, 1, 1), False),
        ("dropped", date(2026, 1, 1), False),
        ("open", None, False),
    ],
)
def test_overdue_is_work_still_to_do_past_its_due_date(status, due, overdue):
    assert is_overdue(status, due, TODAY) is overdue


def test_due_within_counts_from_today_to_the_last_day():
    assert is_due_within("open", date(2027, 1, 6), TODAY, 30)
    assert not is_due_within("open", date(2027, 1, 7), TODAY, 30)
    assert not is_due_within("open", date(2026, 12, 6), TODAY, 30)  # overdue, not "due soon"
    assert not is_due_within("done", TODAY, TODAY, 30)


def test_an_actions_priority_is_the_gaps_floored_to_two_decimals():
    assert str(priority_value(4.5)) == "4.50"
    assert str(priority_value(2.999)) == "2.99"

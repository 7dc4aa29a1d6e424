"""The rules of actions (no Django): their statuses and the moves between them, when one is
overdue or due soon, and how an action's priority comes from its gap's.

An action is open, in progress, done (by whoever did the work), verified (an owner checked the
proof) or dropped (with a reason). Done can go back to in progress when the check fails; a
dropped action can be opened again.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum


class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    VERIFIED = "verified"
    DROPPED = "dropped"


STATUSES = tuple(Status)
# The work still to do: what overdue and due-soon lists count.
ACTIVE = (Status.OPEN, Status.IN_PROGRESS)
MOVES: dict[Status, tuple[Status, ...]] = {
    Status.OPEN: (Status.IN_PROGRESS, Status.DONE, Status.DROPPED),
    Status.IN_PROGRESS: (Status.OPEN, Status.DONE, Status.DROPPED),
    Status.DONE: (Status.VERIFIED, Status.IN_PROGRESS),
    Status.VERIFIED: (Status.IN_PROGRESS,),
    Status.DROPPED: (Status.OPEN,),
}
# Moves only an owner of the firm may make: checking the proof, and reopening a checked action.
OWNER_MOVES = {(Status.DONE, Status.VERIFIED), (Status.VERIFIED, Status.IN_PROGRESS)}
DUE_SOON_CHOICES = (7, 30, 90)


class MoveRefused(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # not_allowed | owner_only | reason_needed


def check_move(current: str, new: str, *, is_owner: bool, reason: str = "") -> None:
    """Raise MoveRefused unless an action may go from `current` to `new`."""
    current, new = Status(current), Status(new)
    if new == current:
        return
    if new not in MOVES[current]:
        raise MoveRefused("not_allowed")
    if (current, new) in OWNER_MOVES and not is_owner:
        raise MoveRefused("owner_only")
    if new == Status.DROPPED and not reason.strip():
        raise MoveRefused("reason_needed")


def is_overdue(status: str, due: date | None, today: date) -> bool:
    return due is not None and Status(status) in ACTIVE and due < today


def is_due_within(status: str, due: date | None, today: date, days: int) -> bool:
    """Still to do and due from today to `days` days ahead (overdue ones are not "due soon")."""
    return due is not None and Status(status) in ACTIVE and today <= due <= today + timedelta(days)


def priority_value(priority: float) -> Decimal:
    """A gap's priority as an action keeps it (two decimals, floored like every score)."""
    return Decimal(str(priority)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)

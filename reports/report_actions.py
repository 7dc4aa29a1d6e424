"""The actions a gap report lists under each gap: the plan as it stood when the assessment was
submitted (a draft's: as it is now)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model

from assessment.models import Action, Assessment


@dataclass(frozen=True)
class ActionLine:
    """An action on a gap as the report lists it."""

    title: str
    owner: str
    due: date | None
    status: str


def action_lines(assessment: Assessment, codes: Sequence[str]) -> dict[str, list[ActionLine]]:
    """The site's actions on these criteria (not dropped), by code: for a submitted assessment as
    they were when it was submitted (its issued reports keep the plan of that day), for a draft as
    they are now. Two queries."""
    if assessment.state != Assessment.State.DRAFT and assessment.submitted_at is not None:
        source = Action.history.as_of(assessment.submitted_at)
    else:
        source = Action.objects.all()
    actions = list(
        source.filter(site_id=assessment.site_id, criterion_code__in=codes)
        .exclude(status=Action.State.DROPPED)
        .order_by("criterion_code", "due_on", "pk")
    )
    owners = {
        user.pk: user.get_full_name() or user.username
        for user in get_user_model().objects.filter(pk__in={a.owner_id for a in actions})
    }
    labels = dict(Action.State.choices)
    lines: dict[str, list[ActionLine]] = defaultdict(list)
    for action in actions:
        lines[action.criterion_code].append(
            ActionLine(
                title=action.title,
                owner=owners.get(action.owner_id, ""),
                due=action.due_on,
                status=str(labels.get(action.status, action.status)),
            )
        )
    return lines

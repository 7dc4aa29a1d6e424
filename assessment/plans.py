"""Action plans as lists people work from: a site's or a firm's actions, filtered by owner,
status, area and due date, sorted by due date or priority (one query per page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet

from assessment.action_rules import ACTIVE, Status
from assessment.models import Action
from assessment.results import AssessmentResults, GapRow


def filtered(actions: QuerySet[Action], values: dict, user, today: date) -> QuerySet[Action]:
    """`values`: PlanFilterForm's (owner, status, area, due, sort), empty ones ignored."""
    actions = actions.select_related("owner", "site", "criterion__area")
    owner = values.get("owner") or ""
    if owner == "me":
        actions = actions.filter(owner=user)
    elif owner == "none":
        actions = actions.filter(owner__isnull=True)
    elif owner.isdigit():
        actions = actions.filter(owner_id=int(owner))
    status = values.get("status") or ""
    if status == "":
        actions = actions.filter(status__in=ACTIVE)
    elif status != "all":
        actions = actions.filter(status=status)
    if values.get("area"):
        actions = actions.filter(criterion__area__code=values["area"])
    due = values.get("due") or ""
    if due == "overdue":
        actions = actions.filter(status__in=ACTIVE, due_on__lt=today)
    elif due.isdigit():
        actions = actions.filter(
            status__in=ACTIVE, due_on__gte=today, due_on__lte=today + timedelta(int(due))
        )
    if values.get("sort") == "priority":
        return actions.order_by("-priority", F("due_on").asc(nulls_last=True), "pk")
    return actions.order_by(F("due_on").asc(nulls_last=True), "-priority", "pk")


def mine(user, today: date) -> QuerySet[Action]:
    """The person's actions still to do, overdue and soonest first."""
    return filtered(
        Action.objects.filter(site__firm__memberships__user=user), {"owner": "me"}, user, today
    )


@dataclass(frozen=True)
class GapPlan:
    """An assessment's gaps with the site's actions for them: every action on a gap's criterion
    (newest first) and the gaps no action (but a dropped one) covers."""

    actions: tuple[tuple[GapRow, Action], ...]
    uncovered: tuple[GapRow, ...]


def gap_plan(results: AssessmentResults) -> GapPlan:
    """One query for the actions of the assessment's site."""
    rows = results.gap_rows()
    codes = {row.gap.code for row in rows}
    by_code: dict[str, list[Action]] = {}
    for action in (
        Action.objects.filter(site_id=results.assessment.site_id, criterion_code__in=codes)
        .select_related("owner")
        .order_by("-created_at", "-pk")
    ):
        by_code.setdefault(action.criterion_code, []).append(action)
    pairs = tuple((row, action) for row in rows for action in by_code.get(row.gap.code, ()))
    uncovered = tuple(
        row
        for row in rows
        if not any(a.status != Status.DROPPED for a in by_code.get(row.gap.code, ()))
    )
    return GapPlan(actions=pairs, uncovered=uncovered)


@dataclass(frozen=True)
class PlanCounts:
    to_do: int
    overdue: int
    done: int  # done or verified


def _counts_by(actions: QuerySet[Action], key: str, today: date) -> dict[int, PlanCounts]:
    rows = (
        actions.values(key)
        .annotate(
            to_do=Count("pk", filter=Q(status__in=ACTIVE)),
            overdue=Count("pk", filter=Q(status__in=ACTIVE, due_on__lt=today)),
            done=Count("pk", filter=Q(status__in=(Status.DONE, Status.VERIFIED))),
        )
        .order_by()
    )
    return {row[key]: PlanCounts(row["to_do"], row["overdue"], row["done"]) for row in rows}


def counts_by_firm(firm_ids: list[int], today: date) -> dict[int, PlanCounts]:
    """Each firm's actions to do, overdue, and done or verified (one query)."""
    return _counts_by(Action.objects.filter(site__firm_id__in=firm_ids), "site__firm_id", today)


def counts_by_site(firm_id: int, today: date) -> dict[int, PlanCounts]:
    """Each site's (of one firm) actions to do, overdue, and done or verified (one query)."""
    return _counts_by(Action.objects.filter(site__firm_id=firm_id), "site_id", today)


def by_criterion(actions: QuerySet[Action]) -> dict[str, list[Action]]:
    """The site's actions not dropped, by criterion code, soonest due first (one query; the
    caller adds what it shows, e.g. the proof documents)."""
    found: dict[str, list[Action]] = {}
    for action in (
        actions.exclude(status=Status.DROPPED).select_related("owner").order_by("due_on", "pk")
    ):
        found.setdefault(action.criterion_code, []).append(action)
    return found

"""`manage.py actions ASSESSMENT_ID [--json]`: the site's actions for that assessment's gaps
(code, title, owner, due date, status, priority) and the gaps without an action."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from assessment.models import Assessment
from assessment.plans import GapPlan, gap_plan
from assessment.results import assessment_results


class Command(BaseCommand):
    help = "Print the site's actions for an assessment's gaps, and the gaps without one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        pk = options["assessment_id"]
        assessment = Assessment.objects.select_related("site").filter(pk=pk).first()
        if assessment is None:
            raise CommandError(_("no assessment with id %(id)s") % {"id": pk})
        plan = gap_plan(assessment_results(assessment))
        data = plan_data(assessment, plan)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for item in data["actions"]:
            self.stdout.write(
                f"{item['code']}\t{item['status']}\t{item['due'] or '-'}\t"
                f"{item['owner'] or '-'}\t{item['title']}"
            )
        for gap in data["gaps_without_action"]:
            self.stdout.write(f"{gap['code']}\t{_('no action')}\t{gap['priority']}")


def plan_data(assessment: Assessment, plan: GapPlan) -> dict[str, Any]:
    return {
        "assessment_id": assessment.pk,
        "site": {"id": assessment.site_id, "name": assessment.site.name},
        "actions": [
            {
                "id": action.pk,
                "code": action.criterion_code,
                "title": action.title,
                "owner": action.owner.username if action.owner else None,
                "due": action.due_on.isoformat() if action.due_on else None,
                "status": action.status,
                "priority": float(action.priority),
                "gap_priority": row.gap.priority,
            }
            for row, action in plan.actions
        ],
        "gaps_without_action": [
            {"code": row.gap.code, "priority": row.gap.priority} for row in plan.uncovered
        ],
    }

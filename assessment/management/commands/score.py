"""`manage.py score ASSESSMENT_ID [--json]`: the score breakdown of one assessment.

The numbers come from reports/results.py, like the results page, so both always agree. The JSON
schema is in the README ("`manage.py score` JSON").
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessment.models import Assessment
from reports.presentation import band_label, band_reason_text, number_text, percent_text
from reports.results import AssessmentResults, assessment_results


class Command(BaseCommand):
    help = "Print the score breakdown of an assessment (overall, band, areas, gaps)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment_id", type=int)
        parser.add_argument("--json", action="store_true", help="print JSON (schema in the README)")

    def handle(self, *args: Any, **options: Any) -> None:
        pk = options["assessment_id"]
        assessment = (
            Assessment.objects.select_related("site__firm", "version__framework")
            .filter(pk=pk)
            .first()
        )
        if assessment is None:
            raise CommandError(f"no assessment with id {pk}")
        results = assessment_results(assessment)
        if options["json"]:
            self.stdout.write(json.dumps(breakdown(results), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary(results))


def breakdown(results: AssessmentResults) -> dict[str, Any]:
    """Which assessment was scored and on what date, then ``AssessmentScore.to_dict()``."""
    assessment = results.assessment
    return {
        "assessment_id": assessment.pk,
        "site": {"id": assessment.site_id, "name": assessment.site.name},
        "firm": {"id": assessment.site.firm_id, "name": assessment.site.firm.name},
        "framework": assessment.version.framework.code,
        "version": assessment.version.version,
        "state": assessment.state,
        "submitted_at": assessment.submitted_at.isoformat() if assessment.submitted_at else None,
        "scored_on": results.scored_on.isoformat(),
        **results.score.to_dict(),
    }


def summary(results: AssessmentResults) -> str:
    """The breakdown for people: one line per fact, areas and gaps as aligned columns."""
    assessment, score = results.assessment, results.score
    names = results.area_names
    lines = [
        f"Assessment {assessment.pk}: {assessment.site.name} ({assessment.site.firm.name}), "
        f"{assessment.version.framework.code} {assessment.version.version}, {assessment.state}, "
        f"scored on {results.scored_on.isoformat()}",
        f"Overall: {number_text(score.overall)} ({band_label(score.band)})",
        f"Completion: {percent_text(score.completion)} % ({score.counts.answered} of "
        f"{score.counts.applicable} answered, {score.counts.na} N/A, "
        f"{score.counts.unsupported} unsupported)",
        "Band reasons:",
        *(f"  - {band_reason_text(reason, names)}" for reason in score.band_reasons),
        "Areas:",
        *(
            f"  {area.code:<12} {number_text(area.score):>7}  {names.get(area.code, '')}"
            for area in score.areas
        ),
        f"Gaps in priority order ({len(score.gaps)}):",
    ]
    for gap in score.gaps:
        deadline = gap.deadline.isoformat() if gap.deadline else "-"
        flags = " gate" if gap.gate else ""
        flags += " unanswered" if gap.status == "unanswered" else ""
        flags += " unsupported" if gap.unsupported else ""
        lines.append(
            f"  {gap.code:<12} priority {number_text(gap.priority):>6}  s {number_text(gap.s):<6} "
            f"weight {gap.weight}  {gap.force:<8} deadline {deadline}{flags}"
        )
    return "\n".join(lines)

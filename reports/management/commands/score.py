"""`manage.py score ASSESSMENT_ID [--json]`: the score breakdown of one assessment.

The numbers come from assessment/results.py, like the results page, so both always agree. The JSON
schema is in the README ("`manage.py score` JSON").
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from assessment.models import Assessment, Criterion
from assessment.results import AssessmentResults, assessment_results
from reports.presentation import band_label, band_reason_text, number_text, percent_text, score_text


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
            raise CommandError(_("no assessment with id %(id)s") % {"id": pk})
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
    """The breakdown for people, in the active language: one line per fact, areas and gaps as
    aligned columns."""
    assessment, score = results.assessment, results.score
    names = results.area_names
    counts = score.counts
    lines = [
        _(
            "Assessment %(id)s: %(site)s (%(firm)s), %(framework)s %(version)s, %(state)s, "
            "scored on %(date)s"
        )
        % {
            "id": assessment.pk,
            "site": assessment.site.name,
            "firm": assessment.site.firm.name,
            "framework": assessment.version.framework.code,
            "version": assessment.version.version,
            "state": assessment.get_state_display(),
            "date": results.scored_on.isoformat(),
        },
        _("Overall: %(score)s (%(band)s)")
        % {"score": score_text(score.overall), "band": band_label(score.band)},
        _(
            "Completion: %(percent)s %% (%(answered)s of %(applicable)s answered, %(na)s N/A, "
            "%(unsupported)s unsupported)"
        )
        % {
            "percent": percent_text(score.completion),
            "answered": counts.answered,
            "applicable": counts.applicable,
            "na": counts.na,
            "unsupported": counts.unsupported,
        },
        _("Band reasons:"),
        *(f"  - {band_reason_text(reason, names)}" for reason in score.band_reasons),
        _("Areas:"),
        *(
            f"  {area.code:<12} {score_text(area.score):>7}  {names.get(area.code, '')}"
            for area in score.areas
        ),
        _("Gaps in priority order (%(count)s):") % {"count": len(score.gaps)},
    ]
    for gap in score.gaps:
        flags = [_("gate")] if gap.gate else []
        flags += [_("unanswered")] if gap.status == "unanswered" else []
        flags += [_("unsupported")] if gap.unsupported else []
        values = {
            "code": f"{gap.code:<12}",
            "priority": f"{number_text(gap.priority):>6}",
            "s": f"{score_text(gap.s):<6}",
            "weight": gap.weight,
            "force": f"{Criterion.Force(gap.force).label:<8}",
            "deadline": gap.deadline.isoformat() if gap.deadline else "-",
        }
        line = _(
            "%(code)s priority %(priority)s  s %(s)s weight %(weight)s  %(force)s "
            "deadline %(deadline)s"
        )
        lines.append("  " + line % values + "".join(f" {flag}" for flag in flags))
    return "\n".join(lines)

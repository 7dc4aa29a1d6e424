"""One assessment's answers, results and gaps as tables, in the active language: as one Excel
workbook (a sheet each, plus a summary) or as CSV files (UTF-8 with a byte order mark, so that
Excel on Chinese Windows reads the Chinese). The numbers are those of the results page
(assessment/results.py), the answers read as the questionnaire says them (answer_text.py), the
bands and statuses as the report names them (reports/presentation.py).

A text that starts as a formula would (= + - @, or a tab or carriage return before one) is
written as text: in the workbook as a string cell, in CSV behind an apostrophe, so that opening
the file never runs what someone typed into a comment.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from assessment.answer_text import answer_text
from assessment.plan_export import csv_bytes, workbook_of_tables
from assessment.results import AssessmentResults, assessment_results
from reports.presentation import band_label, status_label

Table = tuple[list[str], list[list[object]]]
PARTS = ("answers", "results", "gaps")


def _yes(flag: bool) -> str:
    return _("yes") if flag else ""


def answers_table(results: AssessmentResults) -> Table:
    headers = [
        _("Area"), _("Code"), _("Question"), _("Answer"), _("Why it does not apply"),
        _("Comment"), _("Status"), _("Weight"), _("Score (0–1)"), _("Weighted"), _("Unsupported"),
    ]  # fmt: skip
    rows = []
    for row in results.area_rows():
        for item in row.contributions:
            contribution, criterion = item.contribution, item.criterion
            answer = results.answers[criterion.code]
            rows.append(
                [
                    row.area.name,
                    criterion.code,
                    criterion.text,
                    answer_text(criterion, answer.value, is_na=answer.is_na),
                    answer.na_justification,
                    answer.comment,
                    status_label(contribution.status),
                    contribution.weight,
                    contribution.s,
                    contribution.weighted,
                    _yes(contribution.unsupported),
                ]
            )
    return headers, rows


def results_table(results: AssessmentResults) -> Table:
    """Each area's score, then the overall one with its band and completion."""
    score = results.score
    headers = [_("Code"), _("Area"), _("Score"), _("Total weight"), _("Weighted sum"), _("Band")]
    rows: list[list[object]] = [
        [
            row.area.code,
            row.area.name,
            row.score.score,
            row.score.weight_total,
            row.score.weighted_sum,
            "",
        ]
        for row in results.area_rows()
    ]
    rows.append(
        ["", _("Overall"), score.overall, results.weight_total, results.weighted_sum,
         band_label(score.band)]
    )  # fmt: skip
    rows.append(["", _("Completion"), round(score.completion * 100, 2), "", "", ""])
    return headers, rows


def gaps_table(results: AssessmentResults) -> Table:
    headers = [
        _("Rank"), _("Code"), _("Area"), _("Question"), _("Score (0–1)"), _("Weight"),
        _("Legal force"), _("Gate"), _("Deadline"), _("Priority"), _("Remediation advice"),
    ]  # fmt: skip
    rows = [
        [
            rank,
            row.gap.code,
            row.area.name,
            row.criterion.text,
            row.gap.s,
            row.gap.weight,
            row.criterion.get_force_display(),
            _yes(row.gap.gate),
            row.gap.deadline,
            row.gap.priority,
            row.criterion.remediation,
        ]
        for rank, row in enumerate(results.gap_rows(), start=1)
    ]
    return headers, rows


TABLES: dict[str, Callable[[AssessmentResults], Table]] = {
    "answers": answers_table,
    "results": results_table,
    "gaps": gaps_table,
}


def _titles() -> dict[str, str]:
    return {"answers": _("Answers"), "results": _("Results"), "gaps": _("Gaps")}


def results_workbook(assessment) -> bytes:
    results = assessment_results(assessment)
    titles = _titles()
    return workbook_of_tables(
        [(titles[part], *TABLES[part](results)) for part in PARTS],
    )


def results_csv(assessment, part: str) -> bytes:
    return csv_bytes(*TABLES[part](assessment_results(assessment)))

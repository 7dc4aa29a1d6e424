"""The gap report's appendix: every answer with what supports it, typed text bounded by a budget
of characters so that no assessment makes a report long."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

from assessment.answer_text import answer_text
from assessment.limits import COMMENT_MAX_LENGTH, JUSTIFICATION_MAX_LENGTH
from assessment.models import Answer, Assessment, Criterion, DocumentLink, Evidence
from assessment.results import AssessmentResults, scoring_date
from assessment.scoring.breakdown import Contribution
from assessment.support import document_counts
from reports import presentation


@dataclass(frozen=True)
class AppendixRow:
    code: str
    criterion: Criterion
    answer: Answer
    answer_text: str
    contribution: Contribution
    evidence: tuple[str, ...]  # file names as shown (FreeTextBudget)
    gap_rank: int | None  # the gap's number where its requirement is printed in full
    comment: str = ""  # as shown
    na_justification: str = ""  # as shown; only for an answer that is N/A
    more_files: int = 0  # evidence files not named, the report's free text being used up


FILE_NAME_MAX_LENGTH = Evidence._meta.get_field("original_name").max_length


@dataclass
class FreeTextBudget:
    """The characters of typed text a report may still show, and whether it has cut any."""

    left: int
    cut: bool = False

    def take(self, text: str, limit: int) -> str:
        """``text`` as the report shows it: at most ``limit`` characters and what is left."""
        room = max(min(limit, self.left), 0)
        if len(text) > room:
            self.cut = True
        self.left -= min(len(text), room)
        return presentation.shortened(text, room)

    def names(self, names: Sequence[str], limit: int) -> tuple[tuple[str, ...], int]:
        """The names shown, and how many are not (once the budget is used up)."""
        shown = []
        for name in names:
            if self.left <= 0:
                self.cut = True
                break
            shown.append(self.take(name, limit))
        return tuple(shown), len(names) - len(shown)


def appendix_rows(
    results: AssessmentResults,
    evidence: Mapping[int, Sequence[str]],
    gap_ranks: Mapping[str, int],
    budget: FreeTextBudget,
) -> list[AppendixRow]:
    """Every answer in questionnaire order; a gap's row points to its area's section."""
    rows = []
    for area in results.score.areas:
        for contribution in area.contributions:
            answer = results.answers[contribution.code]
            justification = answer.na_justification if answer.is_na else ""
            justification = budget.take(justification, JUSTIFICATION_MAX_LENGTH)
            comment = budget.take(answer.comment, COMMENT_MAX_LENGTH)
            names, more_files = budget.names(evidence.get(answer.pk, ()), FILE_NAME_MAX_LENGTH)
            rows.append(
                AppendixRow(
                    code=contribution.code,
                    criterion=results.criteria[contribution.code],
                    answer=answer,
                    answer_text=answer_text(answer.criterion, answer.value, is_na=answer.is_na),
                    contribution=contribution,
                    evidence=names,
                    gap_rank=gap_ranks.get(contribution.code),
                    comment=comment,
                    na_justification=justification,
                    more_files=more_files,
                )
            )
    return rows


def shortened_note(*, issued: bool) -> str:
    """What the appendix says when the report shortened a text: the limits and where the full
    texts are (an issued report also in its answers.json attachment)."""
    values = {
        name: number_format(limit, force_grouping=True)
        for name, limit in (
            ("comment", COMMENT_MAX_LENGTH),
            ("justification", JUSTIFICATION_MAX_LENGTH),
            ("total", settings.REPORT_FREE_TEXT_MAX_CHARS),
        )
    }
    if issued:
        return (
            gettext(
                "Texts ending in “…” are shortened: this report shows at most %(comment)s "
                "characters of a comment, %(justification)s of an N/A justification and "
                "%(total)s of such texts in all. The full texts are in the questionnaire and "
                "in the answers.json file attached to this PDF."
            )
            % values
        )
    return (
        gettext(
            "Texts ending in “…” are shortened: this report shows at most %(comment)s "
            "characters of a comment, %(justification)s of an N/A justification and %(total)s "
            "of such texts in all. The full texts are in the questionnaire."
        )
        % values
    )


def evidence_names(assessment: Assessment) -> dict[int, list[str]]:
    """What supports each answer: its register documents that count on the scoring date, then
    its files in upload order (two queries)."""
    names: dict[int, list[str]] = defaultdict(list)
    counting = document_counts(scoring_date(assessment))
    for link in (
        DocumentLink.objects.filter(counting, answer__assessment=assessment)
        .select_related("document")
        .order_by("linked_at", "pk")
    ):
        names[link.answer_id].append(str(link.document))
    for answer_id, name in (
        Evidence.objects.filter(answer__assessment=assessment)
        .order_by("uploaded_at", "pk")
        .values_list("answer_id", "original_name")
    ):
        names[answer_id].append(name)
    return names

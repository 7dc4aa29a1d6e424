"""A filled-in offline questionnaire against the assessment as it stands: what it would change,
which cells are invalid, and which answers were changed online since the file was downloaded
(conflicts); then, once the person confirms, the changes written in one transaction.

Every row is checked as the questionnaire checks an answer: the labels of the file (in either
language) become the values the answer form takes, and the form (assessment/forms/answers.py)
validates them. Changes and conflicts are found as the autosave finds them
(workflow.merge_answer_parts, from the answer's version written in the file), and written by
workflow.answer_save with that version, so an answer changed online between the preview and the
confirmation stops the whole import instead of being overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from assessment import workflow
from assessment.answer_text import NO_VALUE, value_text
from assessment.forms.answers import AnswerForm
from assessment.models import Answer, Assessment
from exchange import answer_cells
from exchange.questionnaire_export import questionnaire_answers
from exchange.questionnaire_file import QuestionnaireFile, RefusedFile
from exchange.sheet_format import (
    FORMAT,
    checksum_matches,
    column_label,
    file_signature,
    row_checksum,
)

EDITABLE = ("answer", "is_na", "na_justification", "comment")
PART_COLUMN = {"value": "answer", "is_na": "is_na", "na_justification": "na_justification",
               "comment": "comment"}  # fmt: skip


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row} {self.code or '?'}: {self.message}"


@dataclass(frozen=True)
class PartChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    answer_id: int
    code: str
    question: str
    sheet: str
    row: int
    version: int
    parts: dict[str, object]  # the answer's parts to write (answer_save's arguments)
    shown: tuple[PartChange, ...]  # old -> new as the person reads them


@dataclass(frozen=True)
class RowConflict:
    code: str
    question: str
    sheet: str
    row: int
    shown: tuple[PartChange, ...]  # old: as changed online since the download, new: the file's


@dataclass
class ImportPlan:
    changes: list[RowChange] = field(default_factory=list)
    conflicts: list[RowConflict] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    unchanged: int = 0

    @property
    def summary(self) -> str:
        """The import command's line (a contract)."""
        changed, invalid = len(self.changes), len(self.problems)
        return f"{changed} changed, {self.unchanged} unchanged, {invalid} invalid"

    def stored_changes(self) -> list[dict]:
        """The changes as plain data (JSON), to keep between the preview and the confirmation."""
        return [
            {"answer": c.answer_id, "version": c.version, "parts": c.parts} for c in self.changes
        ]


def check_file_of(assessment: Assessment, file: QuestionnaireFile) -> None:
    """RefusedFile unless the file is a questionnaire downloaded for this assessment."""
    meta = file.meta
    if meta.get("format") != FORMAT:
        raise RefusedFile(_("This is not a questionnaire downloaded from MineReady."))
    if str(meta.get("assessment")) != str(assessment.pk):
        raise RefusedFile(
            _("This file is the questionnaire of another assessment; download this one's.")
        )
    if not checksum_matches(file_signature(assessment.pk), meta.get("signature")):
        raise RefusedFile(_("This is not a questionnaire downloaded from MineReady."))


def import_plan(assessment: Assessment, file: QuestionnaireFile) -> ImportPlan:
    check_file_of(assessment, file)
    answers = {answer.criterion_id: answer for answer in questionnaire_answers(assessment)}
    inputs = answer_cells.Inputs()
    plan = ImportPlan()
    seen: set[int] = set()
    for row in file.rows:
        code = answer_cells.cell_text(row.cells.get("code")).strip()
        answer, version = _answer_of(assessment, answers, row.cells)
        problems = []
        if answer is None:
            problems.append(
                _(
                    "The hidden identifiers of this row were changed, or the row was not in the "
                    "downloaded file; type the answers in the rows of a downloaded questionnaire."
                )
            )
        elif answer.criterion_id in seen:
            problems.append(_("This criterion appears twice in the file."))
        problems += [
            _("%(column)s holds a formula; type the value itself.") % {"column": column_label(key)}
            for key in row.formulas
            if key in EDITABLE
        ]
        if answer is not None and not problems:
            seen.add(answer.criterion_id)
            code = answer.criterion.code
            problems = _plan_row(plan, answer, version, row, inputs)
        plan.problems += [CellProblem(row.sheet, row.row, code, text) for text in problems]
    return plan


def _answer_of(
    assessment: Assessment, answers: dict[int, Answer], cells
) -> tuple[Answer | None, int]:
    """The answer a row stands for and its version when downloaded, if its checksum holds."""
    try:
        criterion_id, version = int(cells.get("criterion")), int(cells.get("version"))
    except (TypeError, ValueError):
        return None, 0
    answer = answers.get(criterion_id)
    expected = row_checksum(assessment.pk, criterion_id, version)
    if answer is None or not checksum_matches(expected, cells.get("checksum")):
        return None, 0
    return answer, version


def _plan_row(
    plan: ImportPlan, answer: Answer, version: int, row, inputs: answer_cells.Inputs
) -> list[str]:
    """Add the row's change or conflict to `plan` (or count it unchanged); its problems."""
    criterion = answer.criterion
    cells = row.cells
    is_na = inputs.is_na(cells.get("is_na"))
    if criterion.allows_na and is_na is None:
        return [_("%(column)s: choose Yes or No.") % {"column": column_label("is_na")}]
    if not criterion.allows_na and is_na:
        return [_("This criterion cannot be marked N/A.")]
    form = AnswerForm(
        {
            f"c{criterion.pk}-value": inputs.value(
                criterion, cells.get("answer"), row.answer_format
            ),
            f"c{criterion.pk}-is_na": "on" if is_na else "",
            f"c{criterion.pk}-na_justification": answer_cells.cell_text(
                cells.get("na_justification")
            ),
            f"c{criterion.pk}-comment": answer_cells.cell_text(cells.get("comment")),
        },
        answer=answer,
    )
    if not form.is_valid():
        return [
            f"{column_label(PART_COLUMN.get(name, 'answer'))}: {message}"
            for name, messages in form.errors.items()
            for message in messages
        ]
    mine = form.changes()
    stored = workflow.answer_parts(answer)
    # The answer as downloaded: the autosave's base for telling the person's changes apart.
    base = stored if version == answer.version else workflow.answer_as_loaded(answer, version)
    if criterion.answer_type in answer_cells.NUMERIC and "value" in mine:
        # The file holds numbers as Excel does: 90.0 typed online comes back as 90, no change.
        earlier = (stored["value"], base["value"]) if base else (stored["value"],)
        mine["value"] = answer_cells.same_number(mine["value"], *earlier)
    changes, conflicts = workflow.merge_answer_parts(base, stored, mine)
    merged = {**stored, **changes}  # what the confirmation would write, checked as it would be
    if changes and merged["is_na"] and not str(merged["na_justification"] or "").strip():
        message = _("Say why this criterion does not apply.")
        return [f"{column_label('na_justification')}: {message}"]
    if conflicts:
        shown = tuple(_part_change(answer, name, stored[name], mine[name]) for name in conflicts)
        plan.conflicts.append(
            RowConflict(criterion.code, criterion.text, row.sheet, row.row, shown)
        )
    elif changes:
        shown = tuple(_part_change(answer, name, stored[name], changes[name]) for name in changes)
        plan.changes.append(
            RowChange(
                answer.pk,
                criterion.code,
                criterion.text,
                row.sheet,
                row.row,
                version,
                changes,
                shown,
            )
        )
    else:
        plan.unchanged += 1
    return []


def _part_change(answer: Answer, name: str, old: object, new: object) -> PartChange:
    return PartChange(column_label(PART_COLUMN[name]), _part_text(answer, name, old),
                      _part_text(answer, name, new))  # fmt: skip


def _part_text(answer: Answer, name: str, value: object) -> str:
    if name == "value":
        return value_text(answer.criterion, value)
    if name == "is_na":
        return answer_cells.na_labels()[0 if value else 1]
    return str(value) if value not in (None, "") else NO_VALUE


def import_apply(*, assessment: Assessment, user, changes: list[dict]) -> int:
    """Write the changes of a preview (ImportPlan.stored_changes) in one transaction, each as the
    person's save of the answer (its history row names them); how many were written. An answer
    that already holds its change is left alone (the same confirmation sent twice writes no
    empty saves); one changed otherwise since the preview raises workflow.AnswerConflict and
    nothing is written."""
    written = 0
    with transaction.atomic():
        answers = assessment.answers.select_related("criterion").in_bulk(
            [change["answer"] for change in changes]
        )
        for change in changes:
            answer = answers[change["answer"]]
            stored = workflow.answer_parts(answer)
            if all(stored[name] == part for name, part in change["parts"].items()):
                continue
            answer._history_user = user
            workflow.answer_save(
                answer=answer, user=user, loaded_version=change["version"], **change["parts"]
            )
            written += 1
    return written

"""The history of one answer for the firm's owners: who changed it, when, and old → new.

Built from the history tables (django-simple-history) of answers and evidence: each stored
version of the answer is compared with the one before it. Saves that changed nothing a person
can see (an autosave of the same value) are left out of the list, not out of the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from assessment.access import get_answer_for
from assessment.answer_text import value_text
from assessment.models import Answer, Criterion, Evidence

# The parts of an answer a person sees, in the order the history lists them.
SHOWN_FIELDS = {
    "value": gettext_lazy("Answer"),
    "is_na": gettext_lazy("Not applicable"),
    "na_justification": gettext_lazy("Why it does not apply"),
    "comment": gettext_lazy("Comment"),
    "carried_over": gettext_lazy("Carried over"),
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object  # the user, or None when unknown (a command, a deleted account)
    summary: str
    changes: list[Change] = field(default_factory=list)


def _shown(criterion: Criterion, name: str, value: object) -> str:
    if name == "value":
        return value_text(criterion, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value) if value else "—"


def answer_entries(criterion: Criterion, records: list) -> list[HistoryEntry]:
    """One entry per stored version of the answer (oldest first) that changed what is shown."""
    entries = []
    previous = None
    for record in records:
        changes = []
        for name, label in SHOWN_FIELDS.items():
            after = getattr(record, name)
            before = getattr(previous, name) if previous is not None else None
            if previous is None and not after:
                continue  # a first version lists only what it starts with
            if before != after:
                changes.append(
                    Change(
                        str(label), _shown(criterion, name, before), _shown(criterion, name, after)
                    )
                )
        if record.history_type == "+":
            summary = _("Started")
        elif record.history_type == "-":
            summary = _("Removed")
        else:
            summary = _("Changed")
        if changes or record.history_type != "~":
            entries.append(HistoryEntry(record.history_date, record.history_user, summary, changes))
        previous = record
    return entries


def evidence_entries(records: list) -> list[HistoryEntry]:
    summaries = {"+": _("File attached: %(name)s"), "-": _("File removed: %(name)s")}
    return [
        HistoryEntry(
            record.history_date,
            record.history_user,
            summaries[record.history_type] % {"name": record.original_name},
        )
        for record in records
        if record.history_type in summaries
    ]


@login_required
@require_GET
def answer_history(request: HttpRequest, assessment_id: int, criterion_id: int) -> HttpResponse:
    answer = get_answer_for(request.user, assessment_id, criterion_id, owner=True)
    assessment = answer.assessment
    records = Answer.history.filter(id=answer.pk).select_related("history_user")
    files = Evidence.history.filter(answer_id=answer.pk).select_related("history_user")
    order = ("history_date", "history_id")
    entries = answer_entries(answer.criterion, list(records.order_by(*order)))
    entries += evidence_entries(list(files.order_by(*order)))
    entries.sort(key=lambda entry: entry.when, reverse=True)  # newest first
    context = {
        "assessment": assessment,
        "site": assessment.site,
        "answer": answer,
        "criterion": answer.criterion,
        "entries": entries,
    }
    template = "assessment/answer_history.html"
    if request.htmx:
        template += "#history"
    return render(request, template, context)

"""The questionnaire of an assessment, area by area, and the autosave of one answer (with the
conflict of two people changing the same part of it)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from assessment import answer_rows, catalogue, plans, submission, workflow
from assessment.access import get_answer_for, get_assessment_for
from assessment.applicability import NotApplicable, mineral_names
from assessment.forms.answers import AnswerForm, counter_texts
from assessment.language import current_language
from assessment.models import Action, Answer, Area, Assessment, Criterion, Site
from assessment.models.assessments import LOCKED_MESSAGE
from assessment.overview import answer_done
from assessment.results import stored_answer_score
from assessment.scoring.breakdown import completion_percent
from assessment.workflow import AnswerConflict


@dataclass
class AreaProgress:
    area: Area
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return completion_percent(self.answered, self.total)


def progress_counts(assessment: Assessment) -> dict[int, tuple[int, int]]:
    """(answered, applicable) per area id, in one query."""
    rows = assessment.answers.values("criterion__area_id").annotate(
        total=Count("pk"), answered=Count("pk", filter=answer_done())
    )
    return {row["criterion__area_id"]: (row["answered"], row["total"]) for row in rows}


def area_progress(assessment: Assessment, areas: list[Area]) -> list[AreaProgress]:
    counts = progress_counts(assessment)
    return [AreaProgress(area, *counts.get(area.pk, (0, 0))) for area in areas]


def overall_progress(progress: list[AreaProgress]) -> AreaProgress:
    return AreaProgress(
        None,  # type: ignore[arg-type]
        sum(p.answered for p in progress),
        sum(p.total for p in progress),
    )


def is_unsupported(answer: Answer) -> bool:
    if answer.is_na or answer.value is None:
        return False
    return stored_answer_score(answer).unsupported


# The questionnaire's "show only" filter: which questions each choice keeps.
SHOW_ONLY = {
    "unanswered": lambda item: not item["answer"].is_na and item["answer"].value is None,
    "unsupported": lambda item: item["unsupported"],
    "to_confirm": lambda item: item["answer"].carried_over,
}


def can_write(assessment: Assessment) -> bool:
    """Whether the user may change the assessment (`assessment` as the access helpers give it)."""
    return assessment.membership.can_write and not assessment.is_locked


@login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    first = assessment.version.areas.order_by("order").first()
    return redirect("assessment:questionnaire", assessment.pk, first.code)


def _questionnaire_page(
    request: HttpRequest,
    assessment: Assessment,
    area_code: str,
    bound: AnswerForm | None = None,
    status: int = 200,
    conflict: dict | None = None,
) -> HttpResponse:
    areas = list(assessment.version.areas.order_by("order"))
    area = next((a for a in areas if a.code == area_code), None)
    if area is None:
        raise Http404
    writable = can_write(assessment)
    answers = list(answer_rows.answers_with_files(assessment).filter(criterion__area=area))
    register = answer_rows.site_register(assessment.site_id) if writable else []
    planned = plans.by_criterion(
        Action.objects.filter(
            site_id=assessment.site_id, criterion_code__in=[a.criterion.code for a in answers]
        ).prefetch_related("documents")
    )
    answered_ids = {answer.criterion_id for answer in answers}
    others = list(
        Criterion.objects.filter(area=area).exclude(pk__in=answered_ids).select_related("area")
    )
    _applicable, not_applicable = workflow.split_by_applicability(others, assessment.site_profile())
    items = []
    for answer in answers:
        form = bound if bound is not None and bound.answer.pk == answer.pk else None
        items.append(
            {
                "answer": answer,
                "criterion": answer.criterion,
                "form": form or AnswerForm(answer=answer, read_only=not writable),
                "unsupported": is_unsupported(answer),
                "conflict": conflict if form is not None else None,
                "actions": planned.get(answer.criterion.code, ()),
            }
        )
    shown = request.GET.get("show", "")
    if shown in SHOW_ONLY:
        items = [item for item in items if SHOW_ONLY[shown](item)]
    progress = area_progress(assessment, areas)
    index = [a.pk for a in areas].index(area.pk)
    return render(
        request,
        "assessment/questionnaire.html",
        {
            "assessment": assessment,
            "site": assessment.site,
            "area": area,
            "areas": areas,
            "items": items,
            "not_applicable": [
                {"criterion": criterion, "reason": reason_text(reason)}
                for criterion, reason in not_applicable
            ],
            "progress": progress,
            "overall": overall_progress(progress),
            "writable": writable,
            "to_confirm": sum(answer.carried_over for answer in answers),
            "newer_version": (
                None if assessment.is_locked else catalogue.newer_published(assessment.version)
            ),
            "previous_area": areas[index - 1] if index > 0 else None,
            "next_area": areas[index + 1] if index + 1 < len(areas) else None,
            "counter_texts": counter_texts(),
            "register": register,
            "shown": shown if shown in SHOW_ONLY else "",
        },
        status=status,
    )


def reason_text(reason: NotApplicable) -> str:
    """Why a criterion does not apply to the site, in the active language."""
    separator = pgettext("list separator", ", ")
    if reason.reason == "stage":
        names = dict(Site.Stage.choices)
        return _("Applies only to sites at the %(stages)s stage.") % {
            "stages": separator.join(str(names.get(s, s)) for s in reason.allowed)
        }
    if reason.reason == "scale":
        names = dict(Site.Scale.choices)
        return _("Applies only to %(scales)s mines.") % {
            "scales": separator.join(str(names.get(s, s)) for s in reason.allowed)
        }
    if reason.reason == "method":
        names = dict(Site.Method.choices)
        return _("Applies only to %(methods)s mining.") % {
            "methods": separator.join(str(names.get(m, m)) for m in reason.allowed)
        }
    if reason.reason == "mineral":
        return _("Applies only to sites mining %(minerals)s.") % {
            "minerals": separator.join(mineral_names(reason.allowed, current_language()))
        }
    if reason.reason == "strategic_only":
        return _("Applies only to sites mining a strategic mineral.")
    return _("Applies only to licensed-and-producing mines.")


@login_required
def questionnaire(request: HttpRequest, assessment_id: int, area_code: str) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    return _questionnaire_page(request, assessment, area_code)


def _as_sent(answer: Answer) -> dict[str, str]:
    """The stored answer's parts as its form sends them."""
    return {
        "value": "" if answer.value is None else str(answer.value),
        "is_na": "on" if answer.is_na else "",
        "na_justification": answer.na_justification,
        "comment": answer.comment,
    }


def form_values(form: AnswerForm, answer: Answer) -> dict[str, str]:
    """The stored answer as the form's fields hold it, by field name (for the page's script)."""
    parts = _as_sent(answer).items()
    return {form.add_prefix(name): value for name, value in parts if name in form.fields}


def _shown(form: AnswerForm, name: str, value: object) -> str:
    """One part of an answer as the person reads it: the option's label, yes / no, the text."""
    if name == "is_na":
        return str(_("Yes") if value else _("No"))
    if value is None or value == "":
        return pgettext("an empty part of an answer", "(empty)")
    choices = dict(getattr(form.fields["value"], "choices", ())) if name == "value" else {}
    return str(choices.get(str(value), value))


def _conflict_context(form: AnswerForm, conflict: AnswerConflict) -> dict:
    """Both sides of each conflicting part, and what the page's buttons need to settle it."""
    stored = conflict.answer
    return {
        "message": " ".join(conflict.messages),
        "answer": stored,
        "parts": [
            {
                "label": form.fields[name].label,
                "mine": _shown(form, name, conflict.mine[name]),
                "stored": _shown(form, name, getattr(stored, name)),
            }
            for name in conflict.parts
        ],
        "stored_json": json.dumps(form_values(form, stored), ensure_ascii=False),
        "changed_json": json.dumps([form.add_prefix(name) for name in conflict.changed]),
    }


def _conflicting_form(request: HttpRequest, form: AnswerForm, conflict: AnswerConflict):
    """The form shown again: the person's changes, and the stored answer for the rest, so that
    "Keep mine" (which sends the stored version) writes only what the person changed."""
    data = request.POST.copy()
    for part, value in _as_sent(conflict.answer).items():
        if part in form.fields and part not in conflict.changed:
            # The N/A box is sent as its hidden companion, then "on" when ticked.
            values = ["", value] if part == "is_na" and value else [value]
            data.setlist(form.add_prefix(part), values)
    return AnswerForm(data, answer=conflict.answer)


def _save_state(
    request: HttpRequest,
    assessment: Assessment,
    answer: Answer,
    form: AnswerForm,
    saved: bool,
    status: int,
    conflict: dict | None = None,
) -> HttpResponse:
    """The saved / error / conflict state of one answer (htmx). When saved, the progress bars
    out of band and the stored answer for the page's script; the conflict panel out of band."""
    context = {
        "answer": answer,
        "form": form,
        "saved": saved,
        "unsupported": False,
        "conflict": conflict,
        "oob_conflict": saved or conflict is not None,
    }
    if saved:
        counts = progress_counts(assessment)
        area = answer.criterion.area
        context["progress"] = AreaProgress(area, *counts.get(area.pk, (0, 0)))
        context["overall"] = AreaProgress(
            None,  # type: ignore[arg-type]
            sum(answered for answered, _total in counts.values()),
            sum(total for _answered, total in counts.values()),
        )
        context["unsupported"] = is_unsupported(answer)
        context["stored_json"] = json.dumps(form_values(form, answer), ensure_ascii=False)
    return render(request, "assessment/questionnaire.html#save-state", context, status=status)


@login_required
@require_POST
def answer_save(request: HttpRequest, assessment_id: int, criterion_id: int) -> HttpResponse:
    """Save the parts of the answer the form sent. A part someone else changed since the form
    was loaded, and the person too, is not saved: both are shown (409) for the person to choose."""
    # One query for the answer and its assessment.
    answer = get_answer_for(request.user, assessment_id, criterion_id, write=True)
    assessment = answer.assessment
    form = AnswerForm(request.POST, answer=answer)
    error = None
    if assessment.is_locked:
        error = str(LOCKED_MESSAGE)
    elif form.is_valid():
        try:
            workflow.answer_save(
                answer=answer,
                user=request.user,
                **form.changes(),
                confirm="confirm" in request.POST,
                loaded_version=form.cleaned_data.get("version"),
            )
        except AnswerConflict as conflict:
            return _conflict_response(request, assessment, form, conflict)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(m for errors in form.errors.values() for m in errors)
    if request.htmx:
        if error is None:
            return _save_state(request, assessment, answer, form, True, 200)
        if not form.errors:
            form.add_error(None, error)
        return _save_state(request, assessment, answer, form, False, 400)
    if error is None:
        messages.success(request, _("Saved %(code)s.") % {"code": answer.criterion.code})
        url = reverse("assessment:questionnaire", args=[assessment.pk, answer.criterion.area.code])
        return redirect(f"{url}#c{criterion_id}")
    if assessment.is_locked:
        messages.error(request, error)
        return redirect("assessment:review", assessment.pk)
    return _questionnaire_page(
        request, assessment, answer.criterion.area.code, bound=form, status=400
    )


def _conflict_response(
    request: HttpRequest, assessment: Assessment, form: AnswerForm, conflict: AnswerConflict
) -> HttpResponse:
    context = _conflict_context(form, conflict)
    if request.htmx:
        return _save_state(request, assessment, conflict.answer, form, False, 409, context)
    shown = _conflicting_form(request, form, conflict)
    area_code = conflict.answer.criterion.area.code
    return _questionnaire_page(
        request, assessment, area_code, bound=shown, status=409, conflict=context
    )


@login_required
@require_POST
def confirm_area(request: HttpRequest, assessment_id: int, area_code: str) -> HttpResponse:
    """Confirm every carried-over answer of an area as it stands, after reading them."""
    assessment = get_assessment_for(request.user, assessment_id, write=True)
    area = assessment.version.areas.filter(code=area_code).first()
    if area is None:
        raise Http404
    try:
        confirmed = submission.answers_confirm(assessment=assessment, area=area, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "Confirmed %(n)d carried-over answer.",
                "Confirmed %(n)d carried-over answers.",
                confirmed,
            )
            % {"n": confirmed},
        )
    return redirect("assessment:questionnaire", assessment.pk, area.code)

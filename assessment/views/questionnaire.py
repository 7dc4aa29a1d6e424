"""The questionnaire of an assessment, area by area, and the autosave of one answer."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import scoring
from assessment.access import get_answer_for, get_assessment_for
from assessment.applicability import NotApplicable, mineral_names
from assessment.forms.answers import AnswerForm
from assessment.models import Answer, Area, Assessment, Criterion, Site
from assessment.models.assessments import LOCKED_MESSAGE
from assessment.workflow import (
    answer_input,
    answers_with_files,
    criterion_spec,
    split_by_applicability,
)
from assessment.workflow import (
    answer_save as save,
)


@dataclass
class AreaProgress:
    area: Area
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def progress_counts(assessment: Assessment) -> dict[int, tuple[int, int]]:
    """(answered, applicable) per area id, in one query."""
    rows = assessment.answers.values("criterion__area_id").annotate(
        total=Count("pk"), answered=Count("pk", filter=Q(value__isnull=False) | Q(is_na=True))
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
    score = scoring.answer_score(
        criterion_spec(answer.criterion), answer_input(answer, answer.evidence_count)
    )
    return score.unsupported


def can_write(assessment: Assessment) -> bool:
    return assessment.role in ("owner", "editor") and not assessment.is_locked


@login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    first = assessment.version.areas.order_by("order").first()
    return redirect("questionnaire", assessment.pk, first.code)


def _questionnaire_page(
    request: HttpRequest,
    assessment: Assessment,
    area_code: str,
    bound: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    areas = list(assessment.version.areas.order_by("order"))
    area = next((a for a in areas if a.code == area_code), None)
    if area is None:
        raise Http404
    writable = can_write(assessment)
    answers = list(answers_with_files(assessment).filter(criterion__area=area))
    answered_ids = {answer.criterion_id for answer in answers}
    others = list(
        Criterion.objects.filter(area=area).exclude(pk__in=answered_ids).select_related("area")
    )
    _applicable, not_applicable = split_by_applicability(others, assessment.site_profile())
    items = []
    for answer in answers:
        form = bound if bound is not None and bound.answer.pk == answer.pk else None
        items.append(
            {
                "answer": answer,
                "criterion": answer.criterion,
                "form": form or AnswerForm(answer=answer, read_only=not writable),
                "unsupported": is_unsupported(answer),
            }
        )
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
            "previous_area": areas[index - 1] if index > 0 else None,
            "next_area": areas[index + 1] if index + 1 < len(areas) else None,
        },
        status=status,
    )


def reason_text(reason: NotApplicable) -> str:
    """Why a criterion does not apply to the site, in the active language."""
    separator = pgettext("list separator", ", ")
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
            "minerals": separator.join(mineral_names(reason.allowed, get_language() or "en"))
        }
    if reason.reason == "strategic_only":
        return _("Applies only to sites mining a strategic mineral.")
    return _("Applies only to licensed-and-producing mines.")


@login_required
def questionnaire(request: HttpRequest, assessment_id: int, area_code: str) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    return _questionnaire_page(request, assessment, area_code)


def _save_state(
    request: HttpRequest,
    assessment: Assessment,
    answer: Answer,
    form: AnswerForm,
    saved: bool,
    status: int,
) -> HttpResponse:
    """The saved / error state of one answer; when saved, the progress bars out of band."""
    context = {"answer": answer, "form": form, "saved": saved, "unsupported": False}
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
    return render(request, "assessment/questionnaire.html#save-state", context, status=status)


@login_required
@require_POST
def answer_save(request: HttpRequest, assessment_id: int, criterion_id: int) -> HttpResponse:
    # One query for the answer and its assessment (an autosave runs at most 8 queries).
    answer = get_answer_for(request.user, assessment_id, criterion_id, write=True)
    assessment = answer.assessment
    form = AnswerForm(request.POST, answer=answer)
    error = None
    if assessment.is_locked:
        error = str(LOCKED_MESSAGE)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            save(
                answer=answer,
                user=request.user,
                value=data["value"],
                is_na=data.get("is_na", False),
                na_justification=data.get("na_justification", ""),
                comment=data["comment"],
                confirm="confirm" in request.POST,
            )
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
        url = reverse("questionnaire", args=[assessment.pk, answer.criterion.area.code])
        return redirect(f"{url}#c{criterion_id}")
    if assessment.is_locked:
        messages.error(request, error)
        return redirect("review", assessment.pk)
    return _questionnaire_page(
        request, assessment, answer.criterion.area.code, bound=form, status=400
    )

"""Actions: create one from a gap (or a plan for every gap above a priority), read and change
one with its notes and history, and the site's and the firm's plans."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from assessment import actions, plan_export
from assessment.access import (
    get_action_for,
    get_answer_for,
    get_assessment_for,
    get_firm_for,
    get_site_for,
)
from assessment.forms.actions import ActionEditForm, ActionForm, NoteForm, PlanFilterForm
from assessment.models import Action
from assessment.plans import filtered
from assessment.results import assessment_results

PLAN_PAGE_SIZE = 50


def _gap_of(assessment, code: str):
    return next(
        (row for row in assessment_results(assessment).gap_rows() if row.gap.code == code), None
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, assessment_id: int, criterion_id: int) -> HttpResponse:
    """A new action for a question, prefilled from its criterion's advice and deadline, with the
    priority of its gap (0 when the question is not a gap: work to keep it met)."""
    answer = get_answer_for(request.user, assessment_id, criterion_id, write=True)
    assessment, criterion = answer.assessment, answer.criterion
    row = _gap_of(assessment, criterion.code)
    initial = {
        "title": actions.default_title(criterion),
        "description": criterion.remediation,
        "owner": request.user.pk,
        "due_on": criterion.deadline,
    }
    form = ActionForm(request.POST or None, initial=initial, site=assessment.site)
    if request.method == "POST" and form.is_valid():
        try:
            action = actions.action_create(
                assessment=assessment,
                criterion=criterion,
                user=request.user,
                priority=row.gap.priority if row else 0,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Action created: %(title)s") % {"title": action.title})
            return redirect("assessment:action_detail", action.pk)
    return render(
        request,
        "assessment/action_new.html",
        {
            "form": form,
            "assessment": assessment,
            "site": assessment.site,
            "gap": row,
            "criterion": criterion,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def actions_from_gaps(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """One action per gap of at least the priority asked, for gaps without one yet."""
    assessment = get_assessment_for(request.user, assessment_id, write=True)
    try:
        minimum = float(request.POST.get("min_priority", ""))
    except ValueError:
        minimum = -1.0
    if not math.isfinite(minimum) or minimum < 0:
        messages.error(request, _("Enter a priority, such as 3."))
        return redirect("reports:results", assessment.pk)
    created = actions.actions_for_gaps(
        assessment=assessment,
        results=assessment_results(assessment),
        user=request.user,
        min_priority=minimum,
        owner=request.user,
    )
    messages.success(
        request,
        ngettext(
            "Created %(n)d action for the gaps of priority %(min)s or more.",
            "Created %(n)d actions for the gaps of priority %(min)s or more.",
            len(created),
        )
        % {"n": len(created), "min": f"{minimum:g}"},
    )
    return redirect("assessment:site_plan", assessment.site_id)


@login_required
@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = get_action_for(request.user, action_id, write=request.method == "POST")
    membership = action.membership
    form = ActionEditForm(instance=action, site=action.site)
    note_form = NoteForm()
    status = 200
    if request.method == "POST" and "note" in request.POST:
        note_form = NoteForm(request.POST)
        if note_form.is_valid():
            actions.note_add(action=action, user=request.user, text=note_form.cleaned_data["text"])
            messages.success(request, _("Note added."))
            return redirect("assessment:action_detail", action.pk)
        status = 400
    elif request.method == "POST":
        stored = Action.objects.get(pk=action.pk)
        form = ActionEditForm(request.POST, instance=stored, site=action.site)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            documents = fields.pop("documents")
            try:
                actions.action_update(
                    action=action,
                    user=request.user,
                    is_owner=membership.is_owner,
                    documents=documents,
                    **fields,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("assessment:action_detail", action.pk)
        status = 400
    return render(
        request,
        "assessment/action_detail.html",
        {
            "action": action,
            "site": action.site,
            "form": form,
            "note_form": note_form,
            "notes": action.notes.select_related("author"),
            "documents": action.documents.all(),
            "history": action.history.select_related("history_user", "owner"),
            "can_write": membership.can_write,
        },
        status=status,
    )


def _plan_rows(request, base, firm):
    members = list(actions.members_of(firm.pk))
    areas = base.order_by().values_list("criterion__area__code", "criterion__area__name").distinct()
    filters = PlanFilterForm(request.GET or None, members=members, areas=sorted(set(areas)))
    return filters, filtered(base, filters.values(), request.user, timezone.localdate())


def _plan_page(request, base, *, firm, site=None) -> HttpResponse:
    if request.GET.get("format") == "xlsx":
        return _plan_xlsx(request, base, firm=firm, site=site)
    filters, rows = _plan_rows(request, base, firm)
    page = Paginator(rows, PLAN_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessment/plan.html",
        {"firm": firm, "site": site, "filters": filters, "page": page, "query": query.urlencode()},
    )


def _plan_xlsx(request, base, *, firm, site=None) -> HttpResponse:
    """The plan as filtered on the page, every row (not one page), as an Excel file."""
    _filters, rows = _plan_rows(request, base, firm)
    headers = [
        _("Code"), _("Action"), _("Site"), _("Area"), _("Owner"), _("Due"), _("Status"),
        _("Priority"), _("Overdue"),
    ]  # fmt: skip
    data = plan_export.workbook(
        headers,
        (
            [
                action.criterion_code,
                action.title,
                action.site.name,
                action.criterion.area.name,
                (action.owner.get_full_name() or action.owner.username) if action.owner else "",
                action.due_on,
                action.get_status_display(),
                float(action.priority),
                _("yes") if action.overdue else "",
            ]
            for action in rows.iterator(chunk_size=500)
        ),
        title=str(_("Action plan")),
    )
    name = slugify(site.name if site else firm.name, allow_unicode=False) or "plan"
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"action-plan-{name}-{timezone.localdate()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def site_plan(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_site_for(request.user, site_id)
    return _plan_page(request, site.actions.all(), firm=site.firm, site=site)


@login_required
def firm_plan(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = get_firm_for(request.user, firm_id)
    return _plan_page(request, Action.objects.filter(site__firm=firm), firm=firm)

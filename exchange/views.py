"""The offline questionnaire's download and upload (preview, then confirm) and the exports of an
assessment's answers, results and gaps. Thin: the work is in the modules they call."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from assessment.access import get_assessment_for
from assessment.language import current_language
from assessment.models import Assessment
from assessment.models.assessments import LOCKED_MESSAGE
from assessment.request_size import takes_upload
from assessment.workflow import AnswerConflict
from exchange import results_export
from exchange.forms import QuestionnaireUploadForm
from exchange.questionnaire_export import questionnaire_workbook
from exchange.questionnaire_file import RefusedFile, read_questionnaire
from exchange.questionnaire_import import import_apply, import_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, content_type: str, assessment: Assessment, kind: str, ext: str):
    name = slugify(assessment.site.name) or "site"
    filename = f"{kind}-{name}-{assessment.pk}-{timezone.localdate()}-{current_language()}.{ext}"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def questionnaire_download(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    data = questionnaire_workbook(assessment, current_language())
    return _download(data, XLSX, assessment, "questionnaire", "xlsx")


def _pending_key(assessment: Assessment) -> str:
    return f"exchange-import-{assessment.pk}"


@takes_upload
@login_required
def questionnaire_import(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The upload form; after an upload, what the file would change (nothing written yet)."""
    assessment = get_assessment_for(request.user, assessment_id, write=True)
    context = {"assessment": assessment, "site": assessment.site, "plan": None}
    if assessment.is_locked:
        context["locked"] = LOCKED_MESSAGE
        return render(request, "exchange/questionnaire_import.html", context, status=400)
    form = QuestionnaireUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        request.session.pop(_pending_key(assessment), None)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                file = read_questionnaire(upload.name, form.data_read)
                plan = import_plan(assessment, file)
            except RefusedFile as refused:
                form.add_error("file", refused.message)
            else:
                context.update(plan=plan, token=file.sha256)
                if plan.changes and not plan.problems:
                    request.session[_pending_key(assessment)] = {
                        "token": file.sha256,
                        "changes": plan.stored_changes(),
                    }
        status = 400 if form.errors or (context["plan"] and context["plan"].problems) else 200
    context["form"] = form
    return render(request, "exchange/questionnaire_import.html", context, status=status)


@login_required
@require_POST
def questionnaire_import_confirm(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Write the changes the preview showed, in one transaction, or nothing."""
    assessment = get_assessment_for(request.user, assessment_id, write=True)
    # Taken out first: a second confirmation of the same preview finds nothing to import.
    pending = request.session.pop(_pending_key(assessment), None)
    if assessment.is_locked:
        messages.error(request, LOCKED_MESSAGE)
        return redirect("assessment:review", assessment.pk)
    if not pending or pending["token"] != request.POST.get("token"):
        messages.error(request, _("There is nothing to import any more: upload the file again."))
        return redirect("exchange:questionnaire_import", assessment.pk)
    try:
        count = import_apply(assessment=assessment, user=request.user, changes=pending["changes"])
    except AnswerConflict:
        messages.error(
            request,
            _(
                "Someone changed some of these answers after the preview; nothing was imported. "
                "Upload the file again to see the changes."
            ),
        )
        return redirect("exchange:questionnaire_import", assessment.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("exchange:questionnaire_import", assessment.pk)
    if not count:  # the same confirmation sent twice at once: the first wrote everything
        messages.info(request, _("These changes were imported already; nothing more was changed."))
        return redirect("assessment:assessment", assessment.pk)
    messages.success(
        request,
        ngettext(
            "Imported %(n)d changed answer from the file.",
            "Imported %(n)d changed answers from the file.",
            count,
        )
        % {"n": count},
    )
    return redirect("assessment:assessment", assessment.pk)


@login_required
def results_xlsx(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    data = results_export.results_workbook(assessment)
    return _download(data, XLSX, assessment, "results", "xlsx")


@login_required
def results_csv(request: HttpRequest, assessment_id: int, part: str) -> HttpResponse:
    assessment = get_assessment_for(request.user, assessment_id)
    if part not in results_export.PARTS:
        raise Http404
    data = results_export.results_csv(assessment, part)
    return _download(data, "text/csv; charset=utf-8", assessment, part, "csv")

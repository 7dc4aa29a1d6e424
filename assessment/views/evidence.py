"""Evidence files: upload to an answer, download through a membership check, remove."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import workflow
from assessment.access import get_answer_for, get_evidence_for
from assessment.forms.evidence import EvidenceUploadForm
from assessment.models import Answer
from assessment.models.assessments import LOCKED_MESSAGE
from assessment.request_size import takes_upload


def _back(answer: Answer) -> str:
    url = reverse(
        "assessment:questionnaire", args=[answer.assessment_id, answer.criterion.area.code]
    )
    return f"{url}#c{answer.criterion_id}"


def _evidence_list(request: HttpRequest, answer: Answer, error: str | None, status: int):
    answer.files = list(answer.evidence.order_by("uploaded_at", "pk"))
    return render(
        request,
        "assessment/questionnaire.html#evidence-list",
        {"answer": answer, "criterion": answer.criterion, "writable": True, "upload_error": error},
        status=status,
    )


def _evidence_response(
    request: HttpRequest, answer: Answer, error: str | None, done: str | None
) -> HttpResponse:
    """htmx: the answer's evidence list (400 with the error); else a message and a redirect."""
    if request.htmx:
        return _evidence_list(request, answer, error, 400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(_back(answer))


@takes_upload
@login_required
@require_POST
def evidence_upload(request: HttpRequest, assessment_id: int, criterion_id: int) -> HttpResponse:
    answer = get_answer_for(request.user, assessment_id, criterion_id, write=True)
    form = EvidenceUploadForm(request.POST, request.FILES)
    error = None
    if answer.assessment.is_locked:  # before the file is read and checked
        error = str(LOCKED_MESSAGE)
    elif not form.is_valid():
        error = " ".join(form.errors["file"])
    else:
        try:
            evidence = workflow.evidence_attach(
                answer=answer,
                user=request.user,
                upload=form.cleaned_data["file"],
                checked=form.checked,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    done = None if error else _("Attached %(name)s.") % {"name": evidence.original_name}
    return _evidence_response(request, answer, error, done)


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    evidence = get_evidence_for(request.user, evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = get_evidence_for(request.user, evidence_id, write=True)
    answer = get_answer_for(
        request.user, evidence.answer.assessment_id, evidence.answer.criterion_id, write=True
    )
    error = None
    try:
        workflow.evidence_remove(evidence=evidence)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    done = None if error else _("Removed %(name)s.") % {"name": evidence.original_name}
    return _evidence_response(request, answer, error, done)

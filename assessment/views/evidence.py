"""An answer's evidence: files uploaded to it (download through a membership check, remove)
and documents of the site's register linked to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import answer_rows, register, workflow
from assessment.access import get_answer_for, get_document_link_for, get_evidence_for
from assessment.forms.documents import LinkForm
from assessment.forms.evidence import EvidenceUploadForm
from assessment.models import Answer
from assessment.models.assessments import LOCKED_MESSAGE
from assessment.request_size import takes_upload
from assessment.views.questionnaire import is_unsupported


def _back(answer: Answer) -> str:
    url = reverse(
        "assessment:questionnaire", args=[answer.assessment_id, answer.criterion.area.code]
    )
    return f"{url}#c{answer.criterion_id}"


def _evidence_list(request: HttpRequest, answer: Answer, error: str | None, status: int):
    """The answer's evidence panel as stored now, and its "unsupported" badge out of band."""
    answer = answer_rows.answers_with_files(answer.assessment).get(pk=answer.pk)
    return render(
        request,
        "assessment/questionnaire.html#evidence-list",
        {
            "answer": answer,
            "criterion": answer.criterion,
            "writable": True,
            "upload_error": error,
            "register": answer_rows.site_register(answer.assessment.site_id),
            "unsupported": is_unsupported(answer),
            "oob_support": True,
        },
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


@login_required
@require_POST
def document_link(request: HttpRequest, assessment_id: int, criterion_id: int) -> HttpResponse:
    """Link a document of the site's register to the answer."""
    answer = get_answer_for(request.user, assessment_id, criterion_id, write=True)
    form = LinkForm(request.POST, site_id=answer.assessment.site_id)
    error = done = None
    if answer.assessment.is_locked:
        error = str(LOCKED_MESSAGE)
    elif not form.is_valid():
        error = " ".join(form.errors["document"])
    else:
        document = form.cleaned_data["document"]
        try:
            register.document_link(answer=answer, document=document, user=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            done = _("Linked %(document)s.") % {"document": document}
    return _evidence_response(request, answer, error, done)


@login_required
@require_POST
def document_unlink(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_document_link_for(request.user, link_id, write=True)
    answer = get_answer_for(
        request.user, link.answer.assessment_id, link.answer.criterion_id, write=True
    )
    error = done = None
    try:
        register.document_unlink(link=link, user=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        done = _("Unlinked %(document)s.") % {"document": link.document}
    return _evidence_response(request, answer, error, done)

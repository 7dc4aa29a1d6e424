"""Evidence files: upload to an answer, download through a membership check, remove."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.access import get_assessment_for, get_evidence_for
from assessment.models import Answer
from assessment.models.assessments import LOCKED_MESSAGE
from assessment.request_size import takes_upload
from assessment.uploads import UploadRefusal
from assessment.workflow import evidence_attach, evidence_remove


def refusal_message(refusal: UploadRefusal, max_bytes: int) -> str:
    return {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than the limit of %(mb)d MB.")
        % {"mb": max_bytes // (1024 * 1024)},
        "extension": _(
            "Files of this type are not accepted. Upload PDF, images (PNG, JPEG, GIF, WebP), "
            "Word, Excel or PowerPoint documents, CSV or TXT."
        ),
        "content": _("The file's content does not match its name (%(ext)s); it was refused.")
        % {"ext": refusal.detail},
        "zip_bomb": _("The document expands to far more data than it holds; it was refused."),
        "zip_members": _("The document holds more than %(count)s files; it was refused.")
        % {"count": refusal.detail},
        "zip_nested": _(
            "The document contains another archive (%(name)s); archives inside documents "
            "are refused."
        )
        % {"name": refusal.detail},
        "zip_sizes": _(
            "The document's archive states sizes that differ from its content (%(name)s); "
            "it was refused."
        )
        % {"name": refusal.detail},
        "bad_name": _("The file has no usable name."),
    }.get(refusal.code, _("The file was refused."))


def _back(answer: Answer) -> str:
    url = reverse("questionnaire", args=[answer.assessment_id, answer.criterion.area.code])
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
    assessment = get_assessment_for(request.user, assessment_id, write=True)
    answer = (
        Answer.objects.select_related("criterion__area")
        .filter(assessment=assessment, criterion_id=criterion_id)
        .first()
    )
    if answer is None:
        raise Http404(_("This criterion is not part of this assessment."))
    upload = request.FILES.get("file")
    error = None
    if assessment.is_locked:
        error = str(LOCKED_MESSAGE)
    elif upload is None:
        error = _("Choose a file to upload.")
    else:
        try:
            evidence = evidence_attach(answer=answer, user=request.user, upload=upload)
        except UploadRefusal as refusal:
            error = refusal_message(refusal, settings.EVIDENCE_MAX_BYTES)
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
    answer = (
        Answer.objects.select_related("criterion__area")
        .annotate(evidence_count=Count("evidence"))
        .get(pk=evidence.answer_id)
    )
    error = None
    try:
        evidence_remove(evidence=evidence)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    done = None if error else _("Removed %(name)s.") % {"name": evidence.original_name}
    return _evidence_response(request, answer, error, done)

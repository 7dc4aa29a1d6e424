"""A site's evidence register: the list with its expiring documents, adding a document with its
files, a document's page (files, where it is linked, history), editing and deleting it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment import register
from assessment.access import get_document_file_for, get_document_for, get_site_for
from assessment.forms.documents import DocumentAddForm, DocumentForm, FilesForm
from assessment.models import Document, DocumentFile, DocumentLink, Site
from assessment.request_size import takes_upload


def _form_errors(form) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]


@takes_upload
@login_required
@require_http_methods(["GET", "POST"])
def document_register(request: HttpRequest, site_id: int) -> HttpResponse:
    site = get_site_for(request.user, site_id, write=request.method == "POST")
    form = DocumentAddForm(prefix="new")
    if request.method == "POST":
        form = DocumentAddForm(request.POST, request.FILES, prefix="new")
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in DocumentForm.Meta.fields}
            try:
                document = register.document_add(
                    site=site, user=request.user, uploads=form.cleaned_data["files"], **fields
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Added %(document)s.") % {"document": document})
                return redirect("assessment:document_detail", document.pk)
    today = timezone.localdate()
    documents = list(
        site.documents.annotate(
            file_count=Count("files", distinct=True), link_count=Count("links", distinct=True)
        )
    )
    return render(
        request,
        "assessment/document_register.html",
        {
            "site": site,
            "documents": [(document, document.validity(today)) for document in documents],
            "expiring": list(register.expiring(Site.objects.filter(pk=site.pk), today)),
            "form": form,
            "can_write": site.membership.can_write,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_document_for(request.user, document_id)
    return _detail_page(request, document, FilesForm())


def _detail_page(request, document: Document, files_form: FilesForm, status: int = 200):
    links = (
        DocumentLink.objects.filter(document=document)
        .select_related("answer__criterion__area", "answer__assessment__version")
        .order_by("-answer__assessment__created_at", "answer__criterion__code")
    )
    history = history_entries(document)
    return render(
        request,
        "assessment/document_detail.html",
        {
            "document": document,
            "site": document.site,
            "validity": document.validity(timezone.localdate()),
            "files": list(document.files.all()),
            "links": list(links),
            "history": history,
            "files_form": files_form,
            "can_write": document.membership.can_write,
            "relied_on": document.relied_on(),
        },
        status=status,
    )


def history_entries(document: Document) -> list[dict]:
    """What happened to the document and its files, newest first: when, who, what."""
    entries = []
    records = list(document.history.select_related("history_user").order_by("history_date"))
    for previous, record in zip([None, *records], records, strict=False):
        if record.history_type == "+":
            text = _("Document added")
        elif previous is not None:
            changed = record.diff_against(previous).changed_fields
            names = [str(Document._meta.get_field(name).verbose_name) for name in changed]
            text = _("Changed: %(fields)s") % {"fields": ", ".join(names) or "—"}
        else:
            text = _("Changed")
        entries.append({"when": record.history_date, "who": record.history_user, "text": text})
    for record in DocumentFile.history.filter(document_id=document.pk).select_related(
        "history_user"
    ):
        template = _("File added: %(name)s") if record.history_type == "+" else None
        if record.history_type == "-":
            template = _("File removed: %(name)s")
        if template:
            entries.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "text": template % {"name": record.original_name},
                }
            )
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_document_for(request.user, document_id, write=True)
    if document.relied_on():
        messages.error(request, str(register.RELIED_ON))
        return redirect("assessment:document_detail", document.pk)
    title = str(document)  # the form changes the instance while it validates
    form = DocumentForm(instance=Document.objects.get(pk=document.pk))
    if request.method == "POST":
        form = DocumentForm(request.POST, instance=Document.objects.get(pk=document.pk))
        if form.is_valid():
            try:
                register.document_update(document=document, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Saved %(document)s.") % {"document": document})
            return redirect("assessment:document_detail", document.pk)
    return render(
        request,
        "assessment/document_form.html",
        {"form": form, "document": document, "site": document.site, "title": title},
        status=400 if form.is_bound else 200,
    )


@takes_upload
@login_required
@require_POST
def document_files_add(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_document_for(request.user, document_id, write=True)
    form = FilesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, document, form, status=400)
    try:
        stored = register.files_add(
            document=document, user=request.user, uploads=form.cleaned_data["files"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessment:document_detail", document.pk)
    messages.success(
        request,
        _("Added %(names)s.") % {"names": ", ".join(item.original_name for item in stored)},
    )
    return redirect("assessment:document_detail", document.pk)


@login_required
def document_file_download(request: HttpRequest, file_id: int) -> FileResponse:
    item = get_document_file_for(request.user, file_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def document_file_remove(request: HttpRequest, file_id: int) -> HttpResponse:
    item = get_document_file_for(request.user, file_id, write=True)
    try:
        register.file_remove(file=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed %(name)s.") % {"name": item.original_name})
    return redirect("assessment:document_detail", item.document_id)


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_document_for(request.user, document_id, write=True)
    if request.method == "POST":
        try:
            register.document_delete(document=document, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessment:document_detail", document.pk)
        messages.success(request, _("Deleted %(document)s.") % {"document": document})
        return redirect("assessment:document_register", document.site_id)
    return render(
        request,
        "assessment/document_delete.html",
        {
            "document": document,
            "site": document.site,
            "relied_on": document.relied_on(),
            "files": document.files.count(),
            "drafts": document.links.count(),
        },
    )

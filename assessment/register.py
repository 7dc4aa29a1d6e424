"""Writes to a site's evidence register: add a document with its files, change what it says,
add or remove files, delete it, link it to answers and unlink it; and what links count.

Each function is keyword-only and does its whole write in one transaction. A document that a
submitted assessment names as support stays, with its files (`Document.relied_on`); links are
locked with their assessment by the model layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from assessment.document_validity import expiring_limit
from assessment.models import Answer, Assessment, Document, DocumentFile, DocumentLink, Site
from assessment.models.assessments import lock_assessment
from assessment.stored_files import save_with_file
from assessment.support import document_in_force
from assessment.uploads import CheckedUpload

RELIED_ON = _(
    "A submitted assessment names this document as support: it and its files are kept as they "
    "were. Add a renewed or corrected document as a new one."
)
OTHER_SITE = _("This document belongs to another site's register.")

Upload = tuple[UploadedFile, CheckedUpload | None]


def _delete_stored(names: Sequence[str]) -> None:
    """Delete stored files once the transaction that removed their rows commits."""
    storage = DocumentFile._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def document_add(*, site: Site, user, uploads: Sequence[Upload] = (), **fields) -> Document:
    """A new register document with its files (all stored, or none)."""
    with transaction.atomic():
        document = Document(site=site, created_by=user, **fields)
        document.full_clean()
        document._history_user = user
        document.save()
        files_add(document=document, user=user, uploads=uploads)
    return document


def _refuse_if_relied_on(document: Document) -> None:
    """Refuse a change to a document a submitted assessment names, after locking the
    assessments that link it (a submit then waits, or has already made it relied on)."""
    linked = Assessment.objects.filter(answers__document_links__document=document)
    list(linked.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))
    if document.relied_on():
        raise ValidationError(RELIED_ON, code="relied_on")


def document_update(*, document: Document, user, **fields) -> Document:
    with transaction.atomic():
        _refuse_if_relied_on(document)
        for name, value in fields.items():
            setattr(document, name, value)
        document.full_clean()
        document._history_user = user
        document.save()
    return document


def files_add(*, document: Document, user, uploads: Sequence[Upload]) -> list[DocumentFile]:
    """Store the files of a document: all of them, or (on an error) none."""
    stored: list[DocumentFile] = []
    try:
        with transaction.atomic():
            _refuse_if_relied_on(document)
            for upload, checked in uploads:
                row = DocumentFile(document=document, uploaded_by=user)
                stored.append(save_with_file(row, upload, checked))
    except Exception:
        storage = DocumentFile._meta.get_field("file").storage
        for row in stored:
            storage.delete(row.file.name)
        raise
    return stored


def file_remove(*, file: DocumentFile, user) -> None:
    with transaction.atomic():
        _refuse_if_relied_on(file.document)
        file._history_user = user
        file.delete()
        _delete_stored([file.file.name])


def document_delete(*, document: Document, user) -> None:
    """Delete a document with its files and its links from drafts (history kept)."""
    with transaction.atomic():
        _refuse_if_relied_on(document)
        files = list(document.files.all())
        for row in [*document.links.select_related("answer"), *files, document]:
            row._history_user = user
            row.delete()
        _delete_stored([item.file.name for item in files])


def document_link(*, answer: Answer, document: Document, user) -> DocumentLink:
    """Link a document of the answer's site to the answer (once: linking again changes nothing)."""
    if document.site_id != answer.assessment.site_id:
        raise ValidationError(OTHER_SITE, code="other_site")
    with transaction.atomic():
        lock_assessment(answer.assessment_id)  # two quick clicks link once
        link = DocumentLink.objects.filter(answer=answer, document=document).first()
        if link is None:
            link = DocumentLink(answer=answer, document=document, linked_by=user)
            link._history_user = user
            link.save()
    return link


def document_unlink(*, link: DocumentLink, user) -> None:
    with transaction.atomic():
        link._history_user = user
        link.delete()


def links_carry(previous_answers: dict[int, Answer], user, today: date) -> None:
    """Link each new answer (by the previous answer's id) to the previous answer's documents
    that are still in force `today`: carried-over support."""
    links = [
        DocumentLink(
            answer=previous_answers[link.answer_id], document=link.document, linked_by=user
        )
        for link in DocumentLink.objects.filter(
            document_in_force(today), answer_id__in=previous_answers
        ).select_related("document")
    ]
    bulk_create_with_history(links, DocumentLink, default_user=user)


def links_freeze(*, assessment_id: int, day: date) -> None:
    """On submission: keep, on each link, whether its document counts on `day`."""
    links = DocumentLink.objects.filter(answer__assessment_id=assessment_id)
    counting = set(links.filter(document_in_force(day)).values_list("pk", flat=True))
    counted = {pk: pk in counting for pk in links.values_list("pk", flat=True)}
    for value in (True, False):
        pks = [pk for pk, counts in counted.items() if counts is value]
        if pks:
            DocumentLink.objects.filter(pk__in=pks).update(counted=value)


def expiring(sites: QuerySet[Site], today: date) -> QuerySet[Document]:
    """Documents of these sites whose last valid day is within EXPIRING_WITHIN_DAYS of today
    (today included), soonest first."""
    return (
        Document.objects.filter(
            site__in=sites, valid_until__gte=today, valid_until__lte=expiring_limit(today)
        )
        .select_related("site")
        .order_by("valid_until", "title", "pk")
    )

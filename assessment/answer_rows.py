"""What the questionnaire's cards read beside each answer: its files and linked register
documents, and the site's register to link from."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from assessment.models import Answer, Assessment, Document, DocumentLink, Evidence
from assessment.results import answers_with_evidence


def answers_with_files(assessment: Assessment) -> QuerySet[Answer]:
    """answers_with_evidence with each answer's files and linked register documents."""
    return answers_with_evidence(assessment).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")),
        Prefetch(
            "document_links",
            queryset=DocumentLink.objects.select_related("document")
            .annotate(file_count=Count("document__files"))
            .order_by("linked_at", "pk"),
        ),
    )


def site_register(site_id: int) -> list[Document]:
    """The documents of a site's register, to link to answers."""
    return list(Document.objects.filter(site_id=site_id).order_by("kind", "title", "pk"))

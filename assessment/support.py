"""What supports an answer, as a query: its attached evidence files, and the register documents
linked to it that count on the scoring date (see assessment/models/documents.py)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from assessment.models import DocumentFile


def document_in_force(day: date, prefix: str = "") -> Q:
    """Links (from `prefix`, e.g. "document_links__") whose document, as it is now, counts on
    `day`: in force then, with at least one file."""
    in_force = (
        Q(**{f"{prefix}document__valid_from__isnull": True})
        | Q(**{f"{prefix}document__valid_from__lte": day})
    ) & (
        Q(**{f"{prefix}document__valid_until__isnull": True})
        | Q(**{f"{prefix}document__valid_until__gte": day})
    )
    has_file = Exists(DocumentFile.objects.filter(document_id=OuterRef(f"{prefix}document_id")))
    return in_force & Q(has_file)


def document_counts(day: date, prefix: str = "") -> Q:
    """Links whose document counts on `day`: as kept at submission, or, in a draft, as the
    document is now (document_in_force)."""
    return Q(**{f"{prefix}counted": True}) | (
        Q(**{f"{prefix}counted__isnull": True}) & document_in_force(day, prefix)
    )


def support_count(day: date):
    """An Answer annotation: its evidence files plus its linked documents that count on `day`."""
    return Count("evidence", distinct=True) + Count(
        "document_links", filter=document_counts(day, "document_links__"), distinct=True
    )

"""Storing a submitted assessment's results (DESIGN.md "Stored results"), and checking stored
results against the answers scored live again (``manage.py rescore_stored``).

Readers never come here: assessment/results.py reads what is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assessment.models import Assessment, StoredResults
from assessment.results import assessment_results
from assessment.scoring.document import (
    RULES_VERSION,
    document_differences,
    score_document,
    summary_document,
)


def live_document(assessment: Assessment) -> dict:
    """The assessment's results scored from its answers now, as a document."""
    results = assessment_results(assessment, live=True)
    return score_document(results.score, scored_on=results.scored_on)


def results_store(*, assessment: Assessment) -> StoredResults:
    """Store the results of a submitted assessment (inside the transaction that submits it, so
    an assessment is never submitted without them). Storing again replaces them."""
    if assessment.state == Assessment.State.DRAFT:
        raise ValueError(f"assessment {assessment.pk} is a draft: its results are scored live")
    document = live_document(assessment)
    stored, _created = StoredResults.objects.update_or_create(
        assessment=assessment,
        defaults={
            "rules_version": RULES_VERSION,
            "document": document,
            "summary": summary_document(document),
        },
    )
    return stored


@dataclass(frozen=True)
class Rescored:
    """One submitted assessment scored again: ``stored`` None when nothing is stored."""

    assessment: Assessment
    stored: StoredResults | None
    differences: tuple[str, ...]


def rescore_submitted() -> Iterator[Rescored]:
    """Every submitted (or archived) assessment scored live, compared with its stored results."""
    assessments = (
        Assessment.objects.exclude(state=Assessment.State.DRAFT)
        .select_related("site", "stored_results")
        .order_by("pk")
    )
    for assessment in assessments.iterator(chunk_size=100):
        try:
            stored = assessment.stored_results
        except StoredResults.DoesNotExist:
            yield Rescored(assessment, None, ())
            continue
        live = {**live_document(assessment), "rules_version": RULES_VERSION}
        stored_document = {**stored.document, "rules_version": stored.rules_version}
        differences = document_differences(stored_document, live)
        differences += [
            f"summary {line}"
            for line in document_differences(stored.summary, summary_document(live))
        ]
        yield Rescored(assessment, stored, tuple(differences))

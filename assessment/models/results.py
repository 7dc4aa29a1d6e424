"""The results of a submitted assessment, stored when it is submitted (DESIGN.md "Stored
results"): a submitted assessment is scored on its submission date and never changes, so its
breakdown is kept once and read from here (assessment/results.py); drafts are scored live."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from assessment.models.assessments import Assessment


class StoredResults(models.Model):
    """One submitted assessment's score breakdown as a JSON document
    (assessment/scoring/document.py), with the version of the scoring rules that made it."""

    assessment = models.OneToOneField(
        Assessment,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="stored_results",
        verbose_name=_("assessment"),
    )
    rules_version = models.PositiveSmallIntegerField(_("scoring rules version"))
    document = models.JSONField(_("results"))
    # The document without contributions and with gaps cut to their ranking: what pages of
    # many sites read (assessment/scoring/document.py summary_document).
    summary = models.JSONField(_("summary"))
    stored_at = models.DateTimeField(_("stored at"), auto_now_add=True)

    class Meta:
        verbose_name = _("stored results")
        verbose_name_plural = _("stored results")

    def __str__(self) -> str:
        return f"results of assessment #{self.assessment_id}"

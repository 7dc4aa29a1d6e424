"""A site's evidence register: documents (a permit, a licence, a report...) uploaded once with
what they are and how long they are valid, and the answers they support.

A link belongs to its answer's assessment and is locked with it. On submission each link keeps
whether its document counted then (`counted`), so a submitted result never changes when a
document's dates are corrected later; a draft's links follow the document as it is now.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessment.document_validity import Validity, in_force, validity
from assessment.limits import NAME_MAX_LENGTH
from assessment.models.assessments import (
    Answer,
    Assessment,
    LockedQuerySet,
    LockedWithAssessment,
)
from assessment.models.fields import person_field
from assessment.models.firms import Site
from assessment.models.stored_files import StoredFile

DOCUMENT_NUMBER_MAX_LENGTH = 100


class Document(models.Model):
    class Kind(models.TextChoices):
        PERMIT = "permit", _("permit")
        LICENCE = "licence", _("licence")
        REPORT = "report", _("report")
        CERTIFICATE = "certificate", _("certificate")
        PLAN = "plan", _("plan")
        RECORD = "record", _("record")
        OTHER = "other", _("other")

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="documents", verbose_name=_("site")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    number = models.CharField(_("number"), max_length=DOCUMENT_NUMBER_MAX_LENGTH, blank=True)
    issuer = models.CharField(_("issuer"), max_length=NAME_MAX_LENGTH, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Its last valid day: from the day after, it no longer counts as support."),
    )
    created_by = person_field(_("added by"))
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "title", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.title} ({self.number})" if self.number else self.title

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("The end of validity comes before its start.")},
                code="dates",
            )

    def in_force(self, day) -> bool:
        return in_force(self.valid_from, self.valid_until, day)

    def validity(self, today) -> Validity:
        return validity(self.valid_from, self.valid_until, today)

    @property
    def validity_now(self) -> Validity:
        return self.validity(timezone.localdate())

    def relied_on(self) -> bool:
        """Whether a submitted assessment names it as support (it and its files then stay)."""
        return self.links.exclude(answer__assessment__state=Assessment.State.DRAFT).exists()


def document_path(instance: DocumentFile, filename: str) -> str:
    """A generated name under the private media root; the user's file name is kept apart."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"documents/{instance.document.site_id}/{uuid.uuid4().hex}{suffix}"


class DocumentFile(StoredFile):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)

    history = HistoricalRecords()

    class Meta(StoredFile.Meta):
        verbose_name = _("document file")
        verbose_name_plural = _("document files")


class DocumentLinkQuerySet(LockedQuerySet):
    assessment_path = "answer__assessment"


class DocumentLink(LockedWithAssessment):
    """A register document supporting one answer."""

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="document_links", verbose_name=_("answer")
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="links", verbose_name=_("document")
    )
    linked_by = person_field(_("linked by"))
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    # Set on submission: whether the document counted as support on the submission date.
    counted = models.BooleanField(_("counted at submission"), null=True, editable=False)

    objects = DocumentLinkQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "document"], name="unique_document_link")
        ]
        verbose_name = _("document link")
        verbose_name_plural = _("document links")

    def __str__(self) -> str:
        return f"{self.document} → {self.answer}"

    def assessment_pk(self) -> int:
        return self.answer.assessment_id

    @classmethod
    def draft_condition(cls) -> models.Exists:
        return models.Exists(
            Answer.objects.filter(
                pk=models.OuterRef("answer_id"), assessment__state=Assessment.State.DRAFT
            )
        )

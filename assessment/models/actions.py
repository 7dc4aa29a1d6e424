"""Actions: the work that closes a gap, owned by a member of the firm, due on a date, with a
status, progress notes and register documents as proof. They belong to the site and outlive
the assessment they were created from; `criterion_code` ties them to the same question in the
next assessments."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessment.action_rules import Status, is_overdue
from assessment.limits import ACTION_TEXT_MAX_LENGTH, NAME_MAX_LENGTH
from assessment.models.assessments import Assessment
from assessment.models.criteria import Criterion
from assessment.models.documents import Document
from assessment.models.fields import person_field
from assessment.models.firms import Site


class Action(models.Model):
    class State(models.TextChoices):
        OPEN = Status.OPEN, _("open")
        IN_PROGRESS = Status.IN_PROGRESS, _("in progress")
        DONE = Status.DONE, _("done")
        VERIFIED = Status.VERIFIED, _("verified")
        DROPPED = Status.DROPPED, _("dropped")

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="actions", verbose_name=_("site")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    criterion_code = models.CharField(_("criterion code"), max_length=50, db_index=True)
    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("created from assessment"),
    )
    title = models.CharField(_("title"), max_length=NAME_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=ACTION_TEXT_MAX_LENGTH, blank=True)
    owner = person_field(_("owner"), blank=True, related_name="actions")
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    drop_reason = models.TextField(
        _("reason for dropping"), max_length=ACTION_TEXT_MAX_LENGTH, blank=True
    )
    priority = models.DecimalField(_("priority"), max_digits=8, decimal_places=2, default=0)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="actions", verbose_name=_("proof documents")
    )
    created_by = person_field(_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_on", "-priority", "pk"]
        indexes = [models.Index(fields=["site", "status", "due_on"])]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.criterion_code}: {self.title}"

    @property
    def overdue(self) -> bool:
        return is_overdue(self.status, self.due_on, timezone.localdate())


class ActionNote(models.Model):
    """A line of progress on an action: who wrote what, when."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, related_name="notes", verbose_name=_("action")
    )
    text = models.TextField(_("note"), max_length=ACTION_TEXT_MAX_LENGTH)
    author = person_field(_("author"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")

    def __str__(self) -> str:
        return self.text[:50]

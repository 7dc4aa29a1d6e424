"""Assessments of a site against a published framework version, their answers and evidence.

A submitted assessment is locked: every write to it, its answers or its evidence is refused
here in the model layer (views and admin go through the same save/delete), so a submitted
assessment never changes. Every such write first takes the assessment's row lock
(`lock_assessment`), as submitting does: a write and a submit of the same assessment run one
after the other, so no write lands after `submitted_at`.

Every change to an assessment, answer or evidence file is kept in its history table
(django-simple-history: who, when, the whole row). History rows are plain copies with no lock
guard of their own: they are only ever added, by the saves the guards allowed.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessment.applicability import SiteProfile
from assessment.limits import COMMENT_MAX_LENGTH, JUSTIFICATION_MAX_LENGTH
from assessment.models.criteria import Criterion, FrameworkVersion
from assessment.models.fields import person_field
from assessment.models.firms import Site
from assessment.models.stored_files import StoredFile

LOCKED_MESSAGE = _("This assessment has been submitted and is locked; it can no longer be changed.")
CHANGED_MESSAGE = _("Someone else changed this answer since it was loaded; load it again.")


class AssessmentLockedError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            LOCKED_MESSAGE,
            code="locked",
        )


class AnswerChangedError(ValidationError):
    """The stored answer is no longer the version this save started from: nothing was written."""

    def __init__(self) -> None:
        super().__init__(CHANGED_MESSAGE, code="changed")


def lock_assessment(pk: int | None) -> str | None:
    """Take the assessment's row lock until the transaction ends; its state, or None if gone.

    Submitting and every write to an assessment, its answers or evidence take it first, so on
    PostgreSQL they run one after the other and each sees the state the other committed. On
    SQLite the lock clause is dropped: IMMEDIATE transactions already run writes one at a time.
    Call inside a transaction.
    """
    if pk is None:
        return None
    return (
        Assessment.objects.select_for_update(no_key=True)
        .filter(pk=pk)
        .values_list("state", flat=True)
        .first()
    )


class Assessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        ARCHIVED = "archived", _("archived")

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("site")
    )
    version = models.ForeignKey(
        FrameworkVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("framework version"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    # The site profile when the assessment started: what decides which criteria apply, kept so
    # that a later change to the site never changes a submitted assessment.
    profile = models.JSONField(_("site profile"), default=dict)
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("answers carried over from"),
    )
    created_by = person_field(_("started by"))
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_by = person_field(_("submitted by"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Sign-off: an editor sends the complete draft for approval; an owner approves (submits) or
    # returns it with a comment, and it stays a draft.
    approval_requested_by = person_field(_("sent for approval by"), blank=True)
    approval_requested_at = models.DateTimeField(_("sent for approval at"), null=True, blank=True)
    returned_by = person_field(_("returned by"), blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_comment = models.TextField(_("comment on return"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.site} — {self.version.version} ({self.get_state_display()})"

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic(using=kwargs.get("using")):
            stored = lock_assessment(self.pk)
            if stored and stored != self.State.DRAFT:
                archiving = stored == self.State.SUBMITTED and self.state == self.State.ARCHIVED
                if not archiving or kwargs.get("update_fields") not in (["state"], ("state",)):
                    raise AssessmentLockedError()
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            if lock_assessment(self.pk) not in (None, self.State.DRAFT):
                raise AssessmentLockedError()
            return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.state != self.State.DRAFT

    @property
    def awaits_approval(self) -> bool:
        return self.state == self.State.DRAFT and self.approval_requested_at is not None

    def site_profile(self) -> SiteProfile:
        return SiteProfile(
            scale=self.profile["scale"],
            method=self.profile["method"],
            minerals=tuple(self.profile["minerals"]),
            licensed_producing=self.profile["licensed_producing"],
            stage=self.profile.get("stage", "production"),  # snapshots from before stages
        )


class LockedWithAssessment(models.Model):
    """Answers and evidence: writable only while their assessment is a draft.

    Every save and delete takes the assessment's row lock first and checks its state, in the
    transaction of the write (with the history row). A change to a stored row also carries the
    check in its UPDATE (``WHERE ... AND EXISTS (the assessment is a draft)``), so the write
    itself cannot touch a submitted assessment whatever happened before it.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic(using=kwargs.get("using")):
            self.refuse_if_locked()
            super().save(*args, **kwargs)

    def _do_update(self, base_qs, *args, **kwargs):
        updated = super()._do_update(base_qs.filter(self.draft_condition()), *args, **kwargs)
        if not updated:
            # Locked (refused here, and the transaction above rolls back), or the row is gone
            # (Django then inserts it, as for any model).
            self.refuse_if_locked()
        return updated

    def delete(self, *args, **kwargs):
        with transaction.atomic(using=kwargs.get("using")):
            self.refuse_if_locked()
            return super().delete(*args, **kwargs)

    def assessment_pk(self) -> int:
        raise NotImplementedError

    @classmethod
    def draft_condition(cls) -> models.Exists:
        """A filter on this model's rows: their assessment is a draft."""
        raise NotImplementedError

    def refuse_if_locked(self) -> None:
        """Lock the assessment (see lock_assessment) and refuse if it is no longer a draft."""
        state = lock_assessment(self.assessment_pk())
        if state is not None and state != Assessment.State.DRAFT:
            raise AssessmentLockedError()


class LockedQuerySet(models.QuerySet):
    """Bulk writes lock the assessments they touch and are refused when one is not a draft."""

    assessment_path = "assessment"

    def _lock_and_refuse_if_locked(self) -> None:
        touched = self.values(self.assessment_path)
        states = (
            Assessment.objects.select_for_update(no_key=True)
            .filter(pk__in=touched)
            .order_by("pk")  # one order for every locker, so two bulk writes cannot deadlock
            .values_list("state", flat=True)
        )
        if any(state != Assessment.State.DRAFT for state in states):
            raise AssessmentLockedError()

    def update(self, **kwargs) -> int:
        with transaction.atomic(using=self.db):
            self._lock_and_refuse_if_locked()
            return super().update(**kwargs)

    def delete(self):
        with transaction.atomic(using=self.db):
            self._lock_and_refuse_if_locked()
            return super().delete()


class AnswerQuerySet(LockedQuerySet):
    def update(self, **kwargs) -> int:
        kwargs.setdefault("version", models.F("version") + 1)  # as every save does
        return super().update(**kwargs)


class Answer(LockedWithAssessment):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    # None = not answered; otherwise the normalised value of the criterion's answer type.
    value = models.JSONField(_("value"), null=True, blank=True)
    is_na = models.BooleanField(_("not applicable"), default=False)
    na_justification = models.TextField(
        _("N/A justification"), blank=True, max_length=JUSTIFICATION_MAX_LENGTH
    )
    comment = models.TextField(_("comment"), blank=True, max_length=COMMENT_MAX_LENGTH)
    carried_over = models.BooleanField(_("carried over"), default=False)
    # The criterion's question or answer type changed since the answer this one was carried
    # from: only the comment came over, and a person answers again.
    question_changed = models.BooleanField(_("question changed"), default=False)
    updated_by = person_field(_("updated by"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Raised by every save: an autosave sent from an older version is a conflict, not a win.
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = AnswerQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "criterion__area__order", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_answer")
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.value!r}"

    def save(self, *args, **kwargs) -> None:
        """Save as the next version; refused (AnswerChangedError) when the stored row is no
        longer the version this instance was loaded as, so no save silently undoes another."""
        self._saving_from = self.version
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = self._saving_from
            raise

    def _do_update(self, base_qs, *args, **kwargs):
        updated = super()._do_update(base_qs.filter(version=self._saving_from), *args, **kwargs)
        if not updated and base_qs.filter(pk=self.pk).exists():
            raise AnswerChangedError()
        return updated

    def assessment_pk(self) -> int:
        return self.assessment_id

    @classmethod
    def draft_condition(cls) -> models.Exists:
        return models.Exists(
            Assessment.objects.filter(
                pk=models.OuterRef("assessment_id"), state=Assessment.State.DRAFT
            )
        )

    @property
    def is_answered(self) -> bool:
        return self.is_na or self.value is not None


def evidence_path(instance: Evidence, filename: str) -> str:
    """A generated name under the private media root; the user's file name is kept apart."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{instance.answer.assessment_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceQuerySet(LockedQuerySet):
    assessment_path = "answer__assessment"


class Evidence(LockedWithAssessment, StoredFile):  # noqa: DJ008 (__str__ from StoredFile)
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("answer")
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(StoredFile.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def assessment_pk(self) -> int:
        return self.answer.assessment_id

    @classmethod
    def draft_condition(cls) -> models.Exists:
        return models.Exists(
            Answer.objects.filter(
                pk=models.OuterRef("answer_id"), assessment__state=Assessment.State.DRAFT
            )
        )

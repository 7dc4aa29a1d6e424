"""Submitting an assessment: what stands in the way (review findings), confirming carried-over
answers, and the submit that locks it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Answer, Area, Assessment
from assessment.results import answers_with_evidence, stored_answer_score
from assessment.signals import assessment_submitted


@dataclass
class ReviewFindings:
    incomplete: list[Answer] = field(default_factory=list)
    to_confirm: list[Answer] = field(default_factory=list)  # carried over, not yet confirmed
    unsupported: list[Answer] = field(default_factory=list)
    na_without_justification: list[Answer] = field(default_factory=list)
    total: int = 0

    @property
    def can_submit(self) -> bool:
        return self.total > 0 and not (
            self.incomplete or self.to_confirm or self.na_without_justification
        )


def review_findings(answers: list[Answer]) -> ReviewFindings:
    """What stands between an assessment and its submission, from annotated answers."""
    findings = ReviewFindings(total=len(answers))
    for answer in answers:
        if not answer.is_answered:
            findings.incomplete.append(answer)
            continue
        if answer.carried_over:
            findings.to_confirm.append(answer)
        if answer.is_na and not answer.na_justification:
            findings.na_without_justification.append(answer)
        elif not answer.is_na and stored_answer_score(answer).unsupported:
            findings.unsupported.append(answer)
    return findings


def answers_confirm(*, assessment: Assessment, area: Area, user) -> int:
    """Confirm every carried-over answer of an area as it stands (a person read them); returns
    how many. Each save is one history row, like a confirmation of a single answer."""
    confirmed = 0
    with transaction.atomic():
        for answer in assessment.answers.filter(criterion__area=area, carried_over=True):
            answer.carried_over = False
            answer._history_user = user
            answer.updated_by = user
            answer.save()
            confirmed += 1
    return confirmed


def assessment_submit(*, assessment: Assessment, user) -> Assessment:
    """Lock a complete draft. A second submit (double click, second tab) is refused clearly."""
    with transaction.atomic():
        # The lock every write to the assessment takes first (lock_assessment): a write either
        # waits for this submit and is then refused, or ends before the answers are read here.
        current = Assessment.objects.select_for_update(no_key=True).get(pk=assessment.pk)
        if current.state != Assessment.State.DRAFT:
            raise ValidationError(_("This assessment has already been submitted."), code="locked")
        findings = review_findings(list(answers_with_evidence(current)))
        if findings.to_confirm and not findings.incomplete:
            raise ValidationError(
                _("Confirm or change every carried-over answer before submitting."),
                code="to_confirm",
            )
        if not findings.can_submit:
            raise ValidationError(
                _("Answer every criterion (and justify every N/A) before submitting."),
                code="incomplete",
            )
        current.state = Assessment.State.SUBMITTED
        current.submitted_by = user
        current.submitted_at = timezone.now()
        current.save()
        transaction.on_commit(
            lambda: assessment_submitted.send(Assessment, assessment=current, user=user)
        )
    return current

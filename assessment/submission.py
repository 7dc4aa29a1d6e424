"""Submitting an assessment: what stands in the way (review findings), confirming carried-over
answers, the sign-off (an editor sends it for approval; an owner approves, which submits, or
returns it with a comment) and the submit that locks it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment import register
from assessment.limits import JUSTIFICATION_MAX_LENGTH
from assessment.models import Answer, Area, Assessment, Membership
from assessment.results import answers_with_evidence, stored_answer_score
from assessment.signals import assessment_submitted
from assessment.stored_results import results_store

logger = logging.getLogger(__name__)


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


def _complete_draft(assessment: Assessment) -> Assessment:
    """The assessment's row, locked, when it is a draft ready to submit; else ValidationError."""
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
    return current


def approval_request(
    *, assessment: Assessment, user, build_url: Callable[[str], str]
) -> Assessment:
    """An editor sends a complete draft to the firm's owners for approval (they are emailed)."""
    with transaction.atomic():
        current = _complete_draft(assessment)
        current.approval_requested_by = user
        current.approval_requested_at = timezone.now()
        current._history_user = user
        current.save()
    _tell(
        current,
        Membership.Role.OWNER,
        user,
        build_url,
        _("Assessment #%(number)s of %(site)s awaits your approval"),
        _(
            "%(who)s sent assessment #%(number)s of %(site)s for approval. Read it, then approve "
            "it (which submits and locks it) or return it with a comment:\n%(link)s\n"
        ),
    )
    return current


def approval_return(
    *, assessment: Assessment, user, comment: str, build_url: Callable[[str], str]
) -> Assessment:
    """An owner returns a draft sent for approval, with a comment; the editors are emailed."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say what should change before it is sent again."), code="comment")
    if len(comment) > JUSTIFICATION_MAX_LENGTH:
        raise ValidationError(
            _("The comment is longer than %(limit)d characters.")
            % {"limit": JUSTIFICATION_MAX_LENGTH},
            code="comment",
        )
    with transaction.atomic():
        current = Assessment.objects.select_for_update(no_key=True).get(pk=assessment.pk)
        if not current.awaits_approval:
            raise ValidationError(_("This assessment is not waiting for approval."), code="state")
        current.approval_requested_by = current.approval_requested_at = None
        current.returned_by, current.returned_at = user, timezone.now()
        current.return_comment = comment
        current._history_user = user
        current.save()
    _tell(
        current,
        Membership.Role.EDITOR,
        user,
        build_url,
        _("Assessment #%(number)s of %(site)s was returned"),
        _(
            "%(who)s returned assessment #%(number)s of %(site)s with this comment:\n\n"
            "%(comment)s\n\nIt is a draft again: change what is asked, then send it for "
            "approval again:\n%(link)s\n"
        ),
        comment=comment,
    )
    return current


def _tell(
    assessment: Assessment,
    role: str,
    user,
    build_url: Callable[[str], str],
    subject: str,
    body: str,
    **extra: str,
) -> None:
    """Email the firm's members of one role about a step of the sign-off (a failure is logged:
    the step stands, and the review page says the same)."""
    members = Membership.objects.filter(firm_id=assessment.site.firm_id, role=role)
    addresses = [m.user.email for m in members.select_related("user") if m.user.email]
    values = {
        "site": assessment.site.name,
        "number": assessment.pk,
        "who": user.get_full_name() or user.get_username(),
        "link": build_url(reverse("assessment:review", args=[assessment.pk])),
        **extra,
    }
    if not addresses:
        return
    try:
        send_mail(subject % values, body % values, None, addresses)
    except Exception:
        logger.exception("could not email the sign-off of assessment %s", assessment.pk)


def assessment_submit(*, assessment: Assessment, user) -> Assessment:
    """Lock a complete draft (an owner's submit, or approval of a draft sent for approval) and
    store its results, in one transaction. A second submit (double click, second tab) is
    refused clearly."""
    with transaction.atomic():
        # The lock every write to the assessment takes first (lock_assessment): a write either
        # waits for this submit and is then refused, or ends before the answers are read here.
        current = _complete_draft(assessment)
        current.state = Assessment.State.SUBMITTED
        current.submitted_by = user
        current.submitted_at = timezone.now()
        register.links_freeze(
            assessment_id=current.pk, day=timezone.localdate(current.submitted_at)
        )
        current.save()
        results_store(assessment=current)
        transaction.on_commit(
            lambda: assessment_submitted.send(Assessment, assessment=current, user=user)
        )
    return current
